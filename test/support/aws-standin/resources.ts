// What the real aws provider (pulumi-aws 7.x, the Terraform AWS provider underneath) does per
// resource type, where a test of the policy pack or the components depends on it: the schema
// defaults it writes into the checked inputs, the property it auto-names, what forces a
// replacement, what the provider or the AWS API refuses, and the computed outputs. Types not listed
// get the generic behaviour (see provider.ts), so a new resource type in a component needs no
// change here.
import { Account, apiError, arn } from "./account";
import { PropertyMap, knownBoolean, knownNumber, knownString, randomChars, randomHex, randomUpper, randomUuid, reveal } from "./values";

export interface CheckFailure {
    property: string;
    reason: string;
}

export interface Autoname {
    /** The property filled with `<resource name>-<7 random hex>` when neither it nor its prefix is set. */
    property: string;
    prefix?: string;
    lowercase?: boolean;
    maxLength?: number;
    /** Added in front of the generated name (kms aliases must start with "alias/"). */
    lead?: string;
}

export interface TypeRules {
    autoname?: Autoname;
    /**
     * Schema defaults (Terraform `Default:`) the real provider writes into the checked inputs when
     * the property is unset. The policy pack sees these, as it sees the real provider's.
     */
    defaults?: PropertyMap;
    /** Properties whose change forces a replacement (Terraform `ForceNew`). `*` means every input. */
    replaceOnChange?: readonly string[];
    /** Optional+Computed inputs: unset keeps what AWS chose, so removing one is not a change. */
    computedInputs?: readonly string[];
    /** Plan-time validation (the provider schema's validators), reported by preview and up. */
    validate?(inputs: PropertyMap): CheckFailure[];
    /** What AWS refuses on create or update (the provider's error at `pulumi up`). */
    reject?(state: PropertyMap, id: string, doing: "creating" | "updating"): Error | undefined;
    /** A new resource's ID when AWS makes it up before anything else (sg-..., subnet-...). */
    newId?(): string;
    /** Fills the computed outputs still missing from `state` (never overwrites what is set). */
    computed?(state: PropertyMap, account: Account, id: string | undefined): void;
    /** The resource ID the real provider uses, from the completed state. */
    id?(state: PropertyMap): string;
    /** What AWS or the provider refuses on delete. */
    refuseDelete?(state: PropertyMap, id: string): Error | undefined;
}

// ---- helpers ---------------------------------------------------------------------------------

function fill(state: PropertyMap, key: string, value: () => unknown): void {
    if (state[key] === undefined || state[key] === null) state[key] = value();
}

function str(state: PropertyMap, key: string): string | undefined {
    return knownString(state[key]);
}

/** Terraform's validation.IntBetween message. */
function intBetween(inputs: PropertyMap, key: string, tfName: string, min: number, max: number): CheckFailure[] {
    const v = knownNumber(inputs[key]);
    if (v === undefined || (v >= min && v <= max)) return [];
    return [{ property: key, reason: `expected ${tfName} to be in the range (${min} - ${max}), got ${v}` }];
}

/** Terraform's validation.StringInSlice message. */
function oneOf(inputs: PropertyMap, key: string, tfName: string, allowed: readonly string[]): CheckFailure[] {
    const v = knownString(inputs[key]);
    if (v === undefined || allowed.includes(v)) return [];
    return [{ property: key, reason: `expected ${tfName} to be one of [${allowed.map((a) => `"${a}"`).join(" ")}], got ${v}` }];
}

/** Terraform's ConflictsWith message. */
function conflicts(inputs: PropertyMap, a: [string, string], b: [string, string]): CheckFailure[] {
    const set = (k: string) => inputs[k] !== undefined && inputs[k] !== null && reveal(inputs[k]) !== false;
    if (!set(a[0]) || !set(b[0])) return [];
    return [{ property: a[0], reason: `Conflicting configuration arguments: "${a[1]}": conflicts with ${b[1]}` }];
}

/** RDS identifiers: letters, digits and hyphens, start with a letter, no "--", no trailing "-". */
function rdsIdentifier(inputs: PropertyMap, key: string, tfName: string): CheckFailure[] {
    const v = knownString(inputs[key]);
    if (v === undefined) return [];
    const reasons: string[] = [];
    if (!/^[a-z]/.test(v)) reasons.push('first character of "' + tfName + '" must be a letter');
    if (!/^[0-9a-z-]+$/.test(v)) reasons.push('only lowercase alphanumeric characters and hyphens allowed in "' + tfName + '"');
    if (/--/.test(v)) reasons.push('"' + tfName + '" cannot contain two consecutive hyphens');
    if (/-$/.test(v)) reasons.push('"' + tfName + '" cannot end with a hyphen');
    if (v.length > 63) reasons.push('"' + tfName + '" cannot be greater than 63 characters');
    return reasons.map((reason) => ({ property: key, reason }));
}

function snapshotIdentifier(inputs: PropertyMap, key: string, tfName: string): CheckFailure[] {
    const v = knownString(inputs[key]);
    if (v === undefined) return [];
    if (/^[A-Za-z][0-9A-Za-z-]*$/.test(v) && !/--/.test(v) && !/-$/.test(v)) return [];
    return [
        {
            property: key,
            reason: `invalid value for ${tfName} (must begin with alphabetic character, contain only alphanumeric characters and hyphens, and not end in or contain two consecutive hyphens)`,
        },
    ];
}

// ---- RDS ------------------------------------------------------------------------------------

/** Engines CreateDBInstance accepts. */
export const instanceEngines = [
    "aurora-mysql",
    "aurora-postgresql",
    "custom-oracle-ee",
    "custom-oracle-ee-cdb",
    "custom-oracle-se2",
    "custom-oracle-se2-cdb",
    "custom-sqlserver-dev",
    "custom-sqlserver-ee",
    "custom-sqlserver-se",
    "custom-sqlserver-web",
    "db2-ae",
    "db2-se",
    "mariadb",
    "mysql",
    "oracle-ee",
    "oracle-ee-cdb",
    "oracle-se2",
    "oracle-se2-cdb",
    "postgres",
    "sqlserver-ee",
    "sqlserver-ex",
    "sqlserver-se",
    "sqlserver-web",
] as const;

/** Engines CreateDBCluster accepts: Aurora, and MySQL / PostgreSQL for Multi-AZ DB clusters. */
export const clusterEngines = ["aurora-mysql", "aurora-postgresql", "mysql", "postgres"] as const;
/** Engines an Aurora cluster instance (aws.rds.ClusterInstance) accepts. */
export const clusterInstanceEngines = ["aurora-mysql", "aurora-postgresql"] as const;

function enginePort(engine: string | undefined): number | undefined {
    if (!engine) return undefined;
    if (/postgres/.test(engine)) return 5432;
    if (/mysql|mariadb/.test(engine)) return 3306;
    if (/sqlserver/.test(engine)) return 1433;
    if (/oracle/.test(engine)) return 1521;
    if (/db2/.test(engine)) return 50000;
    return undefined;
}

/** The version RDS picks when engineVersion is unset (the engine's default minor version). */
function defaultEngineVersion(engine: string | undefined): string | undefined {
    switch (engine) {
        case "postgres":
            return "17.4";
        case "mysql":
            return "8.0.41";
        case "mariadb":
            return "11.4.5";
        case "aurora-postgresql":
            return "16.6";
        case "aurora-mysql":
            return "8.0.mysql_aurora.3.08.2";
        default:
            return undefined;
    }
}

function parameterGroupFamily(engine: string | undefined, version: string | undefined): string | undefined {
    if (!engine || !version) return undefined;
    const major = version.split(".")[0];
    if (engine === "postgres") return `postgres${major}`;
    if (engine === "aurora-postgresql") return `aurora-postgresql${major}`;
    if (engine === "mysql") return `mysql${version.split(".").slice(0, 2).join(".")}`;
    if (engine === "mariadb") return `mariadb${version.split(".").slice(0, 2).join(".")}`;
    if (engine === "aurora-mysql") return "aurora-mysql8.0";
    return undefined;
}

/** The managed master-user secret RDS creates for manageMasterUserPassword. */
function masterUserSecrets(state: PropertyMap, account: Account, kind: "db" | "cluster"): PropertyMap[] | undefined {
    if (knownBoolean(state.manageMasterUserPassword) !== true) return undefined;
    const kmsKeyId = str(state, "masterUserSecretKmsKeyId") ?? arn(account, "kms", `key/${randomUuid()}`);
    return [
        {
            secretArn: arn(account, "secretsmanager", `secret:rds!${kind}-${randomUuid()}-${randomChars(6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}`),
            secretStatus: "active",
            kmsKeyId,
        },
    ];
}

function rdsDeleteRefusal(state: PropertyMap, resourceId: string, what: "DB Instance" | "Cluster"): Error | undefined {
    // The provider names the database by its identifier in errors, not by its resource ID.
    const id = str(state, "identifier") ?? str(state, "clusterIdentifier") ?? resourceId;
    if (knownBoolean(state.deletionProtection) === true) {
        return apiError(
            "deleting",
            what === "DB Instance" ? "RDS DB Instance" : "RDS Cluster",
            id,
            what === "DB Instance" ? "RDS:DeleteDBInstance" : "RDS:DeleteDBCluster",
            "InvalidParameterCombination",
            `Cannot delete protected ${what}, please disable deletion protection and try again.`,
        );
    }
    if (knownBoolean(state.skipFinalSnapshot) !== true && !str(state, "finalSnapshotIdentifier") && !str(state, "replicateSourceDb")) {
        return new Error(
            what === "DB Instance"
                ? `deleting RDS DB Instance (${id}): final_snapshot_identifier is required when skip_final_snapshot is false`
                : `deleting RDS Cluster (${id}): RDS Cluster final_snapshot_identifier is required when skip_final_snapshot is false`,
        );
    }
    return undefined;
}

const rdsInstance: TypeRules = {
    autoname: { property: "identifier", prefix: "identifierPrefix", lowercase: true, maxLength: 63 },
    // terraform-provider-aws internal/service/rds/instance.go schema `Default:` values.
    defaults: {
        autoMinorVersionUpgrade: true,
        copyTagsToSnapshot: false,
        deleteAutomatedBackups: true,
        monitoringInterval: 0,
        performanceInsightsEnabled: false,
        publiclyAccessible: false,
        skipFinalSnapshot: false,
    },
    // dbSubnetGroupName is not here: the real provider moves an instance to another subnet group in
    // place (ModifyDBInstance); on aws.rds.Cluster it does force a replacement.
    replaceOnChange: [
        "identifier",
        "identifierPrefix",
        "engine",
        "storageEncrypted",
        "kmsKeyId",
        "availabilityZone",
        "characterSetName",
        "dbName",
        "username",
        "snapshotIdentifier",
        "timezone",
        "ncharCharacterSetName",
        "restoreToPointInTime",
        "customIamInstanceProfile",
    ],
    computedInputs: [
        "identifier",
        "allocatedStorage",
        "availabilityZone",
        "backupRetentionPeriod",
        "backupWindow",
        "caCertIdentifier",
        "dbName",
        "dbSubnetGroupName",
        "engine",
        "engineVersion",
        "kmsKeyId",
        "licenseModel",
        "maintenanceWindow",
        "multiAz",
        "monitoringRoleArn",
        "networkType",
        "optionGroupName",
        "parameterGroupName",
        "port",
        "storageType",
        "username",
        "vpcSecurityGroupIds",
        "applyImmediately",
        "storageThroughput",
        "iops",
    ],
    validate(inputs) {
        return [
            ...rdsIdentifier(inputs, "identifier", "identifier"),
            ...snapshotIdentifier(inputs, "finalSnapshotIdentifier", "final_snapshot_identifier"),
            ...intBetween(inputs, "backupRetentionPeriod", "backup_retention_period", 0, 35),
            ...conflicts(inputs, ["manageMasterUserPassword", "manage_master_user_password"], ["password", "password"]),
        ];
    },
    reject(state, id, doing) {
        const fail = (code: string, message: string) => apiError(doing, "RDS DB Instance", id, doing === "creating" ? "RDS:CreateDBInstance" : "RDS:ModifyDBInstance", code, message);
        const replica = str(state, "replicateSourceDb") !== undefined || str(state, "snapshotIdentifier") !== undefined;
        const engine = str(state, "engine");
        if (!replica && state.engine === undefined) return new Error(`${doing} RDS DB Instance (${id}): "engine": required field is not set`);
        if (engine !== undefined && !(instanceEngines as readonly string[]).includes(engine.toLowerCase())) {
            return fail("InvalidParameterValue", `Invalid DB engine: ${engine}`);
        }
        if (engine?.startsWith("aurora")) {
            return fail("InvalidParameterCombination", `Aurora engine ${engine} instances belong to a DB cluster: use aws.rds.Cluster and aws.rds.ClusterInstance`);
        }
        const retention = knownNumber(state.backupRetentionPeriod);
        if (retention !== undefined && (retention < 0 || retention > 35)) {
            return fail("InvalidParameterValue", `Invalid backup retention period: ${retention}. Valid values are 0 to 35 days.`);
        }
        const interval = knownNumber(state.monitoringInterval);
        if (interval !== undefined && ![0, 1, 5, 10, 15, 30, 60].includes(interval)) {
            return fail("InvalidParameterValue", "Invalid MonitoringInterval. Valid values are 0, 1, 5, 10, 15, 30, 60.");
        }
        if (interval !== undefined && interval > 0 && state.monitoringRoleArn === undefined) {
            return fail("InvalidParameterCombination", "A MonitoringRoleARN value is required if you specify a MonitoringInterval value other than 0.");
        }
        if (!replica && doing === "creating") {
            if (state.username === undefined) return fail("InvalidParameterValue", "The parameter MasterUsername must be provided and must not be blank.");
            if (state.password === undefined && state.passwordWo === undefined && knownBoolean(state.manageMasterUserPassword) !== true) {
                return fail("InvalidParameterValue", "The parameter MasterUserPassword must be provided and must not be blank.");
            }
        }
        return undefined;
    },
    computed(state, account) {
        const identifier = str(state, "identifier") ?? `db-${randomHex(8)}`;
        const engine = str(state, "engine")?.toLowerCase();
        const replica = str(state, "replicateSourceDb") !== undefined;
        fill(state, "engineVersion", () => defaultEngineVersion(engine));
        const version = str(state, "engineVersion");
        fill(state, "engineVersionActual", () => version);
        fill(state, "port", () => enginePort(engine));
        fill(state, "address", () => `${identifier}.${randomChars(12)}.${account.region}.rds.amazonaws.com`);
        const port = knownNumber(state.port);
        fill(state, "endpoint", () => (port === undefined ? state.address : `${state.address}:${port}`));
        fill(state, "resourceId", () => `db-${randomUpper(26)}`);
        fill(state, "arn", () => arn(account, "rds", `db:${identifier}`));
        fill(state, "hostedZoneId", () => "Z2R2ITUGPM61AM");
        fill(state, "status", () => "available");
        fill(state, "backupRetentionPeriod", () => (replica ? 0 : 1)); // the API's default, not the console's 7
        fill(state, "backupWindow", () => "03:00-03:30");
        fill(state, "maintenanceWindow", () => "sun:04:00-sun:04:30");
        fill(state, "caCertIdentifier", () => "rds-ca-rsa2048-g1");
        fill(state, "multiAz", () => false);
        fill(state, "storageEncrypted", () => false);
        fill(state, "deletionProtection", () => false);
        fill(state, "iamDatabaseAuthenticationEnabled", () => false);
        fill(state, "storageType", () => (state.iops !== undefined ? "io1" : "gp2"));
        fill(state, "availabilityZone", () => `${account.region}a`);
        fill(state, "dbSubnetGroupName", () => ""); // unset: the default VPC's subnets
        fill(state, "vpcSecurityGroupIds", () => [`sg-${randomHex(17)}`]);
        fill(state, "parameterGroupName", () => {
            const family = parameterGroupFamily(engine, version);
            return family ? `default.${family}` : undefined;
        });
        fill(state, "networkType", () => "IPV4");
        fill(state, "replicas", () => []);
        fill(state, "listenerEndpoints", () => []);
        fill(state, "latestRestorableTime", () => new Date().toISOString());
        if (knownBoolean(state.storageEncrypted) === true) {
            fill(state, "kmsKeyId", () => arn(account, "kms", `key/${randomUuid()}`)); // the account's aws/rds key
        }
        fill(state, "masterUserSecrets", () => masterUserSecrets(state, account, "db"));
    },
    // Since v6 (Terraform provider v5) an instance's ID is its DbiResourceId.
    id: (state) => String(state.resourceId),
    refuseDelete: (state, id) => rdsDeleteRefusal(state, id, "DB Instance"),
};

const rdsCluster: TypeRules = {
    autoname: { property: "clusterIdentifier", prefix: "clusterIdentifierPrefix", lowercase: true, maxLength: 63 },
    // terraform-provider-aws internal/service/rds/cluster.go schema `Default:` values.
    defaults: {
        backupRetentionPeriod: 1,
        copyTagsToSnapshot: false,
        deleteAutomatedBackups: true,
        engineMode: "provisioned",
        skipFinalSnapshot: false,
    },
    replaceOnChange: [
        "clusterIdentifier",
        "clusterIdentifierPrefix",
        "engine",
        "engineMode",
        "storageEncrypted",
        "kmsKeyId",
        "dbSubnetGroupName",
        "availabilityZones",
        "databaseName",
        "masterUsername",
        "snapshotIdentifier",
        "restoreToPointInTime",
        "s3Import",
        "sourceRegion",
    ],
    computedInputs: [
        "clusterIdentifier",
        "availabilityZones",
        "databaseName",
        "dbClusterParameterGroupName",
        "dbSubnetGroupName",
        "engineVersion",
        "kmsKeyId",
        "masterUsername",
        "port",
        "preferredBackupWindow",
        "preferredMaintenanceWindow",
        "storageEncrypted",
        "vpcSecurityGroupIds",
        "networkType",
        "storageType",
        "applyImmediately",
        "iops",
    ],
    validate(inputs) {
        return [
            ...rdsIdentifier(inputs, "clusterIdentifier", "cluster_identifier"),
            ...snapshotIdentifier(inputs, "finalSnapshotIdentifier", "final_snapshot_identifier"),
            ...oneOf(inputs, "engine", "engine", clusterEngines),
            ...intBetween(inputs, "backupRetentionPeriod", "backup_retention_period", 0, 35),
            ...conflicts(inputs, ["manageMasterUserPassword", "manage_master_user_password"], ["masterPassword", "master_password"]),
        ];
    },
    reject(state, id, doing) {
        const fail = (code: string, message: string) => apiError(doing, "RDS Cluster", id, doing === "creating" ? "RDS:CreateDBCluster" : "RDS:ModifyDBCluster", code, message);
        const engine = str(state, "engine");
        const multiAzDbCluster = engine === "mysql" || engine === "postgres";
        if (multiAzDbCluster && state.dbClusterInstanceClass === undefined) {
            return fail(
                "InvalidParameterCombination",
                "DBClusterInstanceClass is required for Multi-AZ DB clusters (engine mysql or postgres); for Aurora use engine aurora-mysql or aurora-postgresql.",
            );
        }
        const restored = state.snapshotIdentifier !== undefined || state.globalClusterIdentifier !== undefined || state.replicationSourceIdentifier !== undefined;
        if (!restored && doing === "creating") {
            if (state.masterUsername === undefined) return fail("InvalidParameterValue", "The parameter MasterUsername must be provided and must not be blank.");
            if (state.masterPassword === undefined && state.masterPasswordWo === undefined && knownBoolean(state.manageMasterUserPassword) !== true) {
                return fail("InvalidParameterValue", "The parameter MasterUserPassword must be provided and must not be blank.");
            }
        }
        return undefined;
    },
    computed(state, account) {
        const id = str(state, "clusterIdentifier") ?? `cluster-${randomHex(8)}`;
        const engine = str(state, "engine");
        const suffix = randomChars(12);
        fill(state, "engineVersion", () => defaultEngineVersion(engine));
        fill(state, "engineVersionActual", () => state.engineVersion);
        fill(state, "port", () => enginePort(engine));
        fill(state, "endpoint", () => `${id}.cluster-${suffix}.${account.region}.rds.amazonaws.com`);
        fill(state, "readerEndpoint", () => `${id}.cluster-ro-${suffix}.${account.region}.rds.amazonaws.com`);
        fill(state, "clusterResourceId", () => `cluster-${randomUpper(26)}`);
        fill(state, "arn", () => arn(account, "rds", `cluster:${id}`));
        fill(state, "hostedZoneId", () => "Z2R2ITUGPM61AM");
        fill(state, "preferredBackupWindow", () => "03:00-03:30");
        fill(state, "preferredMaintenanceWindow", () => "sun:04:00-sun:04:30");
        fill(state, "storageEncrypted", () => false);
        fill(state, "deletionProtection", () => false);
        fill(state, "iamDatabaseAuthenticationEnabled", () => false);
        fill(state, "availabilityZones", () => [`${account.region}a`, `${account.region}b`, `${account.region}c`]);
        fill(state, "dbSubnetGroupName", () => "default");
        fill(state, "vpcSecurityGroupIds", () => [`sg-${randomHex(17)}`]);
        fill(state, "dbClusterParameterGroupName", () => {
            const family = parameterGroupFamily(engine, str(state, "engineVersion"));
            return family ? `default.${family}` : undefined;
        });
        fill(state, "clusterMembers", () => []);
        fill(state, "networkType", () => "IPV4");
        if (knownBoolean(state.storageEncrypted) === true) {
            fill(state, "kmsKeyId", () => arn(account, "kms", `key/${randomUuid()}`));
        }
        fill(state, "masterUserSecrets", () => masterUserSecrets(state, account, "cluster"));
    },
    id: (state) => String(state.clusterIdentifier),
    refuseDelete: (state, id) => rdsDeleteRefusal(state, id, "Cluster"),
};

const rdsClusterInstance: TypeRules = {
    autoname: { property: "identifier", prefix: "identifierPrefix", lowercase: true, maxLength: 63 },
    // terraform-provider-aws internal/service/rds/cluster_instance.go schema `Default:` values.
    // publiclyAccessible has none there: the API decides from the cluster's subnet group.
    defaults: { autoMinorVersionUpgrade: true, copyTagsToSnapshot: false, monitoringInterval: 0, promotionTier: 0 },
    replaceOnChange: ["identifier", "identifierPrefix", "clusterIdentifier", "engine", "availabilityZone", "dbSubnetGroupName"],
    computedInputs: [
        "identifier",
        "availabilityZone",
        "caCertIdentifier",
        "dbParameterGroupName",
        "dbSubnetGroupName",
        "engineVersion",
        "monitoringRoleArn",
        "performanceInsightsEnabled",
        "performanceInsightsKmsKeyId",
        "preferredBackupWindow",
        "preferredMaintenanceWindow",
        "publiclyAccessible",
        "applyImmediately",
    ],
    validate(inputs) {
        return [...rdsIdentifier(inputs, "identifier", "identifier"), ...oneOf(inputs, "engine", "engine", clusterInstanceEngines)];
    },
    computed(state, account) {
        const id = str(state, "identifier") ?? `instance-${randomHex(8)}`;
        fill(state, "engineVersion", () => defaultEngineVersion(str(state, "engine")));
        fill(state, "port", () => enginePort(str(state, "engine")));
        fill(state, "endpoint", () => `${id}.${randomChars(12)}.${account.region}.rds.amazonaws.com`);
        fill(state, "dbiResourceId", () => `db-${randomUpper(26)}`);
        fill(state, "arn", () => arn(account, "rds", `db:${id}`));
        fill(state, "availabilityZone", () => `${account.region}a`);
        fill(state, "caCertIdentifier", () => "rds-ca-rsa2048-g1");
        fill(state, "publiclyAccessible", () => false);
        fill(state, "writer", () => true);
        fill(state, "storageEncrypted", () => false);
        fill(state, "networkType", () => "IPV4");
    },
    id: (state) => String(state.identifier),
};

const rdsNamedGroup = (arnKind: string, descriptionKey = "description"): TypeRules => ({
    autoname: { property: "name", prefix: "namePrefix", lowercase: true, maxLength: 255 },
    defaults: { [descriptionKey]: "Managed by Pulumi" },
    replaceOnChange: ["name", "namePrefix", "family", descriptionKey, "engineName", "majorEngineVersion"],
    computed(state, account) {
        fill(state, "arn", () => arn(account, "rds", `${arnKind}:${str(state, "name")}`));
        if (arnKind === "subgrp") {
            fill(state, "vpcId", () => `vpc-${randomHex(17)}`);
            fill(state, "supportedNetworkTypes", () => ["IPV4"]);
        }
    },
    id: (state) => String(state.name),
});

// ---- the rest of what a production database stack uses --------------------------------------

const securityGroup: TypeRules = {
    autoname: { property: "name", prefix: "namePrefix", maxLength: 255 },
    defaults: { description: "Managed by Pulumi", revokeRulesOnDelete: false },
    replaceOnChange: ["name", "namePrefix", "description", "vpcId"],
    computedInputs: ["ingress", "egress", "vpcId"],
    newId: () => `sg-${randomHex(17)}`,
    computed(state, account, id) {
        fill(state, "arn", () => arn(account, "ec2", `security-group/${id}`));
        fill(state, "ownerId", () => account.accountId);
        fill(state, "vpcId", () => `vpc-${randomHex(17)}`);
        fill(state, "ingress", () => []);
        fill(state, "egress", () => []);
    },
};

const securityGroupRuleV2: TypeRules = {
    replaceOnChange: ["securityGroupId"],
    computed(state, account) {
        fill(state, "securityGroupRuleId", () => `sgr-${randomHex(17)}`);
        fill(state, "arn", () => arn(account, "ec2", `security-group-rule/${state.securityGroupRuleId}`));
    },
    id: (state) => String(state.securityGroupRuleId),
};

const ec2Resource = (prefix: string, arnKind: string, extra: Partial<TypeRules> = {}): TypeRules => ({
    ...extra,
    newId: () => `${prefix}-${randomHex(17)}`,
    computed(state, account, id) {
        fill(state, "arn", () => arn(account, "ec2", `${arnKind}/${id}`));
        fill(state, "ownerId", () => account.accountId);
        extra.computed?.(state, account, id);
    },
});

const kmsKey: TypeRules = {
    // terraform-provider-aws internal/service/kms/key.go schema `Default:` values.
    defaults: {
        bypassPolicyLockoutSafetyCheck: false,
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: false,
        isEnabled: true,
        keyUsage: "ENCRYPT_DECRYPT",
    },
    replaceOnChange: ["customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"],
    computedInputs: ["deletionWindowInDays", "description", "multiRegion", "policy", "rotationPeriodInDays"],
    validate: (inputs) => intBetween(inputs, "deletionWindowInDays", "deletion_window_in_days", 7, 30),
    computed(state, account) {
        fill(state, "keyId", () => randomUuid());
        fill(state, "arn", () => arn(account, "kms", `key/${state.keyId}`));
    },
    id: (state) => String(state.keyId),
};

const kmsAlias: TypeRules = {
    autoname: { property: "name", prefix: "namePrefix", lead: "alias/", maxLength: 256 },
    replaceOnChange: ["name", "namePrefix"],
    computed(state, account) {
        fill(state, "arn", () => arn(account, "kms", String(state.name)));
        fill(state, "targetKeyArn", () => (str(state, "targetKeyId")?.startsWith("arn:") ? state.targetKeyId : arn(account, "kms", `key/${str(state, "targetKeyId") ?? randomUuid()}`)));
    },
    id: (state) => String(state.name),
};

const iamRole: TypeRules = {
    autoname: { property: "name", prefix: "namePrefix", maxLength: 64 },
    defaults: { forceDetachPolicies: false, maxSessionDuration: 3600, path: "/" },
    replaceOnChange: ["name", "namePrefix", "path"],
    computedInputs: ["inlinePolicies", "managedPolicyArns"],
    computed(state, account) {
        fill(state, "arn", () => arn(account, "iam", `role${str(state, "path") ?? "/"}${state.name}`, { global: true }));
        fill(state, "uniqueId", () => `AROA${randomUpper(17)}`);
        fill(state, "createDate", () => new Date().toISOString());
    },
    id: (state) => String(state.name),
};

const iamPolicy: TypeRules = {
    autoname: { property: "name", prefix: "namePrefix", maxLength: 128 },
    defaults: { path: "/" },
    replaceOnChange: ["name", "namePrefix", "path", "description"],
    computed(state, account) {
        fill(state, "arn", () => arn(account, "iam", `policy${str(state, "path") ?? "/"}${state.name}`, { global: true }));
        fill(state, "policyId", () => `ANPA${randomUpper(17)}`);
        fill(state, "attachmentCount", () => 0);
    },
    id: (state) => String(state.arn),
};

const lambdaFunction: TypeRules = {
    autoname: { property: "name", maxLength: 64 },
    // terraform-provider-aws internal/service/lambda/function.go schema `Default:` values.
    defaults: { memorySize: 128, packageType: "Zip", publish: false, skipDestroy: false, timeout: 3 },
    replaceOnChange: ["name", "packageType"],
    computedInputs: ["architectures", "codeSha256", "sourceCodeHash", "layers", "kmsKeyArn"],
    computed(state, account) {
        const functionArn = arn(account, "lambda", `function:${state.name}`);
        fill(state, "arn", () => functionArn);
        fill(state, "invokeArn", () => `arn:${account.partition}:apigateway:${account.region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`);
        fill(state, "qualifiedArn", () => `${functionArn}:$LATEST`);
        fill(state, "qualifiedInvokeArn", () => `arn:${account.partition}:apigateway:${account.region}:lambda:path/2015-03-31/functions/${functionArn}:$LATEST/invocations`);
        fill(state, "version", () => "$LATEST");
        fill(state, "lastModified", () => new Date().toISOString());
        fill(state, "architectures", () => ["x86_64"]);
        fill(state, "sourceCodeHash", () => randomHex(64));
        fill(state, "codeSha256", () => randomHex(64));
        fill(state, "sourceCodeSize", () => 1024);
    },
    id: (state) => String(state.name),
};

/**
 * A Lambda invocation: the stand-in runs no code, so `result` is a fixed JSON document that says
 * so. Components that parse the result must accept it (it is what a health check that "could not
 * run" would return in a test).
 */
const lambdaInvocation: TypeRules = {
    defaults: { qualifier: "$LATEST" },
    replaceOnChange: ["functionName", "qualifier", "input", "triggers"],
    computed(state) {
        fill(state, "result", () => JSON.stringify({ standIn: true, functionName: reveal(state.functionName), message: "aws-standin does not run Lambda code" }));
    },
    id: (state) => `${reveal(state.functionName)}_${reveal(state.qualifier)}_${randomHex(32)}`,
};

const snsTopic: TypeRules = {
    autoname: { property: "name", prefix: "namePrefix", maxLength: 256 },
    defaults: { contentBasedDeduplication: false, fifoTopic: false },
    replaceOnChange: ["name", "namePrefix", "fifoTopic"],
    computed(state, account) {
        fill(state, "arn", () => arn(account, "sns", String(state.name)));
        fill(state, "owner", () => account.accountId);
    },
    id: (state) => String(state.arn),
};

const secretsManagerSecret: TypeRules = {
    autoname: { property: "name", prefix: "namePrefix", maxLength: 512 },
    defaults: { forceOverwriteReplicaSecret: false, recoveryWindowInDays: 30 },
    replaceOnChange: ["name", "namePrefix"],
    validate(inputs) {
        const days = knownNumber(inputs.recoveryWindowInDays);
        if (days === undefined || days === 0 || (days >= 7 && days <= 30)) return [];
        return [{ property: "recoveryWindowInDays", reason: `expected recovery_window_in_days to be in the range (7 - 30) or 0, got ${days}` }];
    },
    computed(state, account) {
        fill(state, "arn", () => arn(account, "secretsmanager", `secret:${state.name}-${randomChars(6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}`));
    },
    id: (state) => String(state.arn),
};

const logRetentionDays = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const logGroup: TypeRules = {
    autoname: { property: "name", prefix: "namePrefix", maxLength: 512 },
    defaults: { logGroupClass: "STANDARD", retentionInDays: 0, skipDestroy: false },
    replaceOnChange: ["name", "namePrefix", "logGroupClass"],
    validate(inputs) {
        const days = knownNumber(inputs.retentionInDays);
        if (days === undefined || logRetentionDays.includes(days)) return [];
        return [{ property: "retentionInDays", reason: `expected retention_in_days to be one of [${logRetentionDays.join(" ")}], got ${days}` }];
    },
    computed(state, account) {
        fill(state, "arn", () => arn(account, "logs", `log-group:${state.name}`));
    },
    id: (state) => String(state.name),
};

const metricAlarm: TypeRules = {
    autoname: { property: "name", maxLength: 255 },
    defaults: { actionsEnabled: true, treatMissingData: "missing" },
    replaceOnChange: ["name"],
    computed(state, account) {
        fill(state, "arn", () => arn(account, "cloudwatch", `alarm:${state.name}`));
    },
    id: (state) => String(state.name),
};

const eventRule: TypeRules = {
    autoname: { property: "name", prefix: "namePrefix", maxLength: 64 },
    defaults: { eventBusName: "default", state: "ENABLED" },
    replaceOnChange: ["name", "namePrefix", "eventBusName"],
    computed(state, account) {
        const bus = str(state, "eventBusName") ?? "default";
        fill(state, "arn", () => arn(account, "events", bus === "default" ? `rule/${state.name}` : `rule/${bus}/${state.name}`));
    },
    id: (state) => ((str(state, "eventBusName") ?? "default") === "default" ? String(state.name) : `${state.eventBusName}/${state.name}`),
};

const eventTarget: TypeRules = {
    defaults: { eventBusName: "default" },
    replaceOnChange: ["rule", "targetId", "eventBusName"],
    computedInputs: ["targetId"],
    computed(state) {
        fill(state, "targetId", () => `pulumi-${randomHex(20)}`);
    },
    id: (state) => `${reveal(state.rule)}-${state.targetId}`,
};

const backupVault: TypeRules = {
    autoname: { property: "name", maxLength: 50 },
    defaults: { forceDestroy: false },
    replaceOnChange: ["name", "kmsKeyArn"],
    computedInputs: ["kmsKeyArn"],
    computed(state, account) {
        fill(state, "arn", () => arn(account, "backup", `backup-vault:${state.name}`));
        fill(state, "kmsKeyArn", () => arn(account, "kms", `key/${randomUuid()}`));
        fill(state, "recoveryPoints", () => 0);
    },
    id: (state) => String(state.name),
};

const backupPlan: TypeRules = {
    autoname: { property: "name", maxLength: 50 },
    replaceOnChange: ["name"],
    computed(state, account) {
        fill(state, "planId", () => randomUuid());
        fill(state, "arn", () => arn(account, "backup", `backup-plan:${state.planId}`));
        fill(state, "version", () => randomChars(48));
    },
    id: (state) => String(state.planId),
};

const backupSelection: TypeRules = {
    autoname: { property: "name", maxLength: 50 },
    replaceOnChange: ["*"],
    id: () => randomUuid(),
};

const schedule: TypeRules = {
    autoname: { property: "name", prefix: "namePrefix", maxLength: 64 },
    defaults: { groupName: "default", state: "ENABLED" },
    replaceOnChange: ["name", "namePrefix", "groupName"],
    computed(state, account) {
        fill(state, "arn", () => arn(account, "scheduler", `schedule/${str(state, "groupName") ?? "default"}/${state.name}`));
    },
    id: (state) => `${str(state, "groupName") ?? "default"}/${state.name}`,
};

const syntheticsCanary: TypeRules = {
    replaceOnChange: ["name"],
    computed(state, account) {
        fill(state, "arn", () => arn(account, "synthetics", `canary:${state.name}`));
        fill(state, "engineArn", () => arn(account, "lambda", `function:cwsyn-${state.name}-${randomUuid()}`));
        fill(state, "sourceLocationArn", () => `${state.engineArn}:1`);
        fill(state, "status", () => "READY");
    },
    id: (state) => String(state.name),
};

/** Per-type rules, by Pulumi type token. */
export const typeRules: Record<string, TypeRules> = {
    "aws:rds/instance:Instance": rdsInstance,
    "aws:rds/cluster:Cluster": rdsCluster,
    "aws:rds/clusterInstance:ClusterInstance": rdsClusterInstance,
    "aws:rds/parameterGroup:ParameterGroup": rdsNamedGroup("pg"),
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": rdsNamedGroup("cluster-pg"),
    "aws:rds/subnetGroup:SubnetGroup": rdsNamedGroup("subgrp"),
    "aws:rds/optionGroup:OptionGroup": rdsNamedGroup("og", "optionGroupDescription"),
    "aws:rds/eventSubscription:EventSubscription": {
        autoname: { property: "name", prefix: "namePrefix", lowercase: true, maxLength: 255 },
        defaults: { enabled: true },
        replaceOnChange: ["name", "namePrefix", "sourceType"],
        computed(state, account) {
            fill(state, "arn", () => arn(account, "rds", `es:${state.name}`));
            fill(state, "customerAwsId", () => account.accountId);
        },
        id: (state) => String(state.name),
    },
    "aws:ec2/securityGroup:SecurityGroup": securityGroup,
    "aws:ec2/securityGroupRule:SecurityGroupRule": {
        replaceOnChange: ["*"],
        computed(state) {
            fill(state, "securityGroupRuleId", () => `sgr-${randomHex(17)}`);
        },
        id: () => `sgrule-${randomChars(10, "0123456789")}`,
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": securityGroupRuleV2,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": securityGroupRuleV2,
    "aws:ec2/vpc:Vpc": ec2Resource("vpc", "vpc", {
        defaults: { enableDnsSupport: true, instanceTenancy: "default" },
        replaceOnChange: ["cidrBlock", "instanceTenancy"],
        computed(state) {
            fill(state, "defaultSecurityGroupId", () => `sg-${randomHex(17)}`);
            fill(state, "mainRouteTableId", () => `rtb-${randomHex(17)}`);
        },
    }),
    "aws:ec2/subnet:Subnet": ec2Resource("subnet", "subnet", {
        defaults: { mapPublicIpOnLaunch: false },
        replaceOnChange: ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
    }),
    "aws:ec2/routeTable:RouteTable": ec2Resource("rtb", "route-table", { replaceOnChange: ["vpcId"] }),
    "aws:ec2/internetGateway:InternetGateway": ec2Resource("igw", "internet-gateway"),
    "aws:ec2/natGateway:NatGateway": ec2Resource("nat", "natgateway", { replaceOnChange: ["subnetId", "allocationId", "connectivityType"] }),
    "aws:ec2/eip:Eip": ec2Resource("eipalloc", "elastic-ip"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        replaceOnChange: ["subnetId", "gatewayId"],
        id: () => `rtbassoc-${randomHex(17)}`,
    },
    "aws:kms/key:Key": kmsKey,
    "aws:kms/alias:Alias": kmsAlias,
    "aws:iam/role:Role": iamRole,
    "aws:iam/policy:Policy": iamPolicy,
    "aws:iam/rolePolicy:RolePolicy": {
        autoname: { property: "name", prefix: "namePrefix", maxLength: 128 },
        replaceOnChange: ["name", "namePrefix", "role"],
        id: (state) => `${reveal(state.role)}:${state.name}`,
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        replaceOnChange: ["role", "policyArn"],
        id: (state) => `${reveal(state.role)}-${randomChars(26, "0123456789")}`,
    },
    "aws:lambda/function:Function": lambdaFunction,
    "aws:lambda/invocation:Invocation": lambdaInvocation,
    "aws:lambda/permission:Permission": {
        replaceOnChange: ["*"],
        computedInputs: ["statementId"],
        computed(state) {
            fill(state, "statementId", () => `pulumi-${randomHex(20)}`);
        },
        id: (state) => String(state.statementId),
    },
    "aws:sns/topic:Topic": snsTopic,
    "aws:sns/topicSubscription:TopicSubscription": {
        defaults: { confirmationTimeoutInMinutes: 1, endpointAutoConfirms: false, rawMessageDelivery: false },
        replaceOnChange: ["topic", "protocol", "endpoint"],
        computed(state, account) {
            const topic = str(state, "topic") ?? arn(account, "sns", "topic");
            fill(state, "arn", () => `${topic}:${randomUuid()}`);
            fill(state, "ownerId", () => account.accountId);
            fill(state, "pendingConfirmation", () => false);
        },
        id: (state) => String(state.arn),
    },
    "aws:secretsmanager/secret:Secret": secretsManagerSecret,
    "aws:secretsmanager/secretVersion:SecretVersion": {
        replaceOnChange: ["secretId", "secretString", "secretBinary"],
        computedInputs: ["versionStages"],
        computed(state) {
            fill(state, "versionId", () => randomUuid());
            fill(state, "arn", () => state.secretId);
            fill(state, "versionStages", () => ["AWSCURRENT"]);
        },
        id: (state) => `${reveal(state.secretId)}|${state.versionId}`,
    },
    "aws:cloudwatch/logGroup:LogGroup": logGroup,
    "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
    "aws:cloudwatch/eventRule:EventRule": eventRule,
    "aws:cloudwatch/eventTarget:EventTarget": eventTarget,
    "aws:backup/vault:Vault": backupVault,
    "aws:backup/plan:Plan": backupPlan,
    "aws:backup/selection:Selection": backupSelection,
    "aws:scheduler/schedule:Schedule": schedule,
    "aws:synthetics/canary:Canary": syntheticsCanary,
};

/** True when a property of the given rules forces replacement. */
export function forcesReplacement(rules: TypeRules | undefined, property: string): boolean {
    const list = rules?.replaceOnChange ?? ["name", "namePrefix"];
    return list.includes("*") || list.includes(property);
}
