// AWS knowledge the pack and the components share, written down once: what RDS does when a
// property is unset (the API's defaults, not wishful ones), per-engine parameter names, log types
// and ports, which settings live on an Aurora cluster, instance class memory and the
// max_connections it supports. Components import this module; policies never guess elsewhere.

export type EngineFamily =
    | "postgres"
    | "mysql"
    | "mariadb"
    | "aurora-postgresql"
    | "aurora-mysql"
    | "sqlserver"
    | "oracle"
    | "db2";

/** The engine family of an RDS `engine` value, or undefined for a value RDS does not know. */
export function engineFamily(engine: string | undefined): EngineFamily | undefined {
    if (engine === undefined) return undefined;
    const e = engine.toLowerCase();
    if (e === "postgres" || e === "custom-postgres") return "postgres";
    if (e === "mysql") return "mysql";
    if (e === "mariadb") return "mariadb";
    if (e === "aurora-postgresql") return "aurora-postgresql";
    // "aurora" is the legacy name of Aurora MySQL 5.6.
    if (e === "aurora-mysql" || e === "aurora") return "aurora-mysql";
    if (e.startsWith("sqlserver-") || e.startsWith("custom-sqlserver-")) return "sqlserver";
    if (e.startsWith("oracle-") || e.startsWith("custom-oracle-")) return "oracle";
    if (e.startsWith("db2-")) return "db2";
    return undefined;
}

/**
 * The parameter that forces TLS for client connections, and the values that mean "on".
 * PostgreSQL's `ssl=1` only allows TLS; `rds.force_ssl=1` forces it. On Aurora it is a cluster
 * parameter. Oracle and Db2 force TLS through option groups / SSL ports instead: undefined here.
 */
export function tlsParameter(family: EngineFamily): { name: string; onValues: readonly string[] } | undefined {
    switch (family) {
        case "postgres":
        case "aurora-postgresql":
        case "sqlserver":
            return { name: "rds.force_ssl", onValues: ["1"] };
        case "mysql":
        case "mariadb":
        case "aurora-mysql":
            return { name: "require_secure_transport", onValues: ["1", "ON"] };
        default:
            return undefined;
    }
}

/** True when a parameter value means "on" for the TLS switch (RDS accepts 1/ON, case-insensitive). */
export function isTlsOn(family: EngineFamily, value: string): boolean {
    const p = tlsParameter(family);
    return p !== undefined && p.onValues.includes(value.trim().toUpperCase());
}

/**
 * CloudWatch log exports that carry the audit trail, per engine. Aurora PostgreSQL supports only
 * `postgresql` (plus `iam-db-auth-error` on recent versions); MySQL-family `audit` needs the
 * audit plugin / server_audit_logging enabled too. Policies take these as configurable defaults.
 */
export const auditLogExports: Record<EngineFamily, readonly string[]> = {
    postgres: ["postgresql", "upgrade"],
    mysql: ["audit", "error", "slowquery"],
    mariadb: ["audit", "error", "slowquery"],
    "aurora-postgresql": ["postgresql"],
    "aurora-mysql": ["audit", "error", "slowquery"],
    sqlserver: ["agent", "error"],
    oracle: ["alert", "audit", "listener", "trace"],
    db2: ["diag.log", "notify.log"],
};

export const defaultPorts: Record<EngineFamily, number> = {
    postgres: 5432,
    "aurora-postgresql": 5432,
    mysql: 3306,
    mariadb: 3306,
    "aurora-mysql": 3306,
    sqlserver: 1433,
    oracle: 1521,
    db2: 50000,
};

/**
 * What RDS does when a property is not set (CreateDBInstance / CreateDBCluster API defaults).
 * A policy that passes on "unset" must be right about these.
 */
export const apiDefaults = {
    /** Instances and clusters: 1 day through the API (the console shows 7; the API gives 1). */
    backupRetentionPeriod: 1,
    storageEncrypted: false,
    deletionProtection: false,
    copyTagsToSnapshot: false,
    multiAz: false,
    iamDatabaseAuthenticationEnabled: false,
    autoMinorVersionUpgrade: true,
    monitoringInterval: 0,
    performanceInsightsEnabled: false,
    /** The provider's default; skipping the final snapshot must be asked for. */
    skipFinalSnapshot: false,
    /** DeleteDBInstance: automated backups are deleted with the instance unless told otherwise. */
    deleteAutomatedBackups: true,
    /**
     * PubliclyAccessible: with no DB subnet group the instance lands in the default VPC, whose
     * subnets are public, and the API default is then true; with a subnet group it is false.
     */
    publiclyAccessibleWithoutSubnetGroup: true,
    publiclyAccessibleWithSubnetGroup: false,
} as const;

/** Backup retention RDS accepts, in days. */
export const backupRetentionRange = { min: 0, max: 35 } as const;

/** Current RDS CA certificates; rds-ca-2019 expired in August 2024. */
export const currentCaCertificates = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"] as const;
export const expiredCaCertificates = ["rds-ca-2019", "rds-ca-2015"] as const;
export const recommendedCaCertificate = "rds-ca-rsa2048-g1";

/** Master usernames attackers try first, and the engines' built-in admins. */
export const defaultAdminUsernames = [
    "admin",
    "administrator",
    "root",
    "postgres",
    "sa",
    "master",
    "mysql",
    "rdsadmin",
    "awsuser",
    "user",
    "test",
    "dbadmin",
] as const;

/** Database names and identifiers that betray a test or throwaway database. */
export const testDatabaseNames = ["test", "demo", "example", "sample", "tmp", "mydb"] as const;

/** RDS event categories a production subscription should carry (db-instance source type). */
export const criticalEventCategories = ["failure", "failover", "low storage", "maintenance"] as const;
/** RDS event categories that announce a failed backup. */
export const backupEventCategories = ["backup", "failure"] as const;

// ---- Instance class memory and connection limits -------------------------------------------

const GiB = 1024 ** 3;

/** Memory (GiB) of burstable classes by size. */
const burstableMemory: Record<string, number> = {
    micro: 1,
    small: 2,
    medium: 4,
    large: 8,
    xlarge: 16,
    "2xlarge": 32,
};

/** vCPUs by size for the fixed-performance classes. */
const sizeVcpus: Record<string, number> = {
    large: 2,
    xlarge: 4,
    "2xlarge": 8,
    "4xlarge": 16,
    "8xlarge": 32,
    "12xlarge": 48,
    "16xlarge": 64,
    "24xlarge": 96,
    "32xlarge": 128,
    "48xlarge": 192,
};

/** GiB of memory per vCPU by class family letter(s): m = general, r = memory, x = extra memory. */
function memoryPerVcpu(family: string): number | undefined {
    if (/^x2/.test(family)) return 16;
    if (/^z1d/.test(family)) return 8;
    if (/^x/.test(family)) return 16;
    if (/^r/.test(family)) return 8;
    if (/^m/.test(family)) return 4;
    if (/^c/.test(family)) return 2;
    return undefined;
}

/** True for burstable classes (db.t2, db.t3, db.t4g): CPU credits run out under sustained load. */
export function isBurstableClass(instanceClass: string): boolean {
    return /^db\.t\d/.test(instanceClass);
}

/** Nominal memory of an instance class in bytes, or undefined for a class this table does not know. */
export function instanceClassMemoryBytes(instanceClass: string): number | undefined {
    const match = /^db\.([a-z0-9-]+)\.([a-z0-9]+)$/.exec(instanceClass);
    if (!match) return undefined;
    const [, family, size] = match;
    if (/^t\d/.test(family)) {
        const gib = burstableMemory[size];
        return gib === undefined ? undefined : gib * GiB;
    }
    const vcpus = sizeVcpus[size];
    const perVcpu = memoryPerVcpu(family);
    if (vcpus === undefined || perVcpu === undefined) return undefined;
    return vcpus * perVcpu * GiB;
}

/**
 * The max_connections RDS itself would set for this class (its parameter-group formula), used as
 * the ceiling an explicit value should not exceed: every connection costs memory.
 *   PostgreSQL / Aurora PostgreSQL: LEAST({DBInstanceClassMemory/9531392}, 5000)
 *   MySQL / MariaDB:                {DBInstanceClassMemory/12582880}
 *   Aurora MySQL:                   GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})
 * DBInstanceClassMemory is the class memory less what the OS and RDS reserve; the nominal
 * memory used here makes this a slightly generous ceiling.
 */
export function maxConnectionsFor(family: EngineFamily, instanceClass: string): number | undefined {
    const memory = instanceClassMemoryBytes(instanceClass);
    return memory === undefined ? undefined : maxConnectionsForMemory(family, memory);
}

/** The same formulas for a memory size in bytes (see maxConnectionsFor). */
export function maxConnectionsForMemory(family: EngineFamily, memory: number): number | undefined {
    switch (family) {
        case "postgres":
        case "aurora-postgresql":
            return Math.min(Math.floor(memory / 9531392), 5000);
        case "mysql":
        case "mariadb":
            return Math.floor(memory / 12582880);
        case "aurora-mysql":
            return Math.max(
                Math.round(Math.log2(memory / 805306368) * 45),
                Math.round(Math.log2(memory / 8187281408) * 1000),
                45,
            );
        default:
            return undefined;
    }
}

/**
 * Aurora Serverless v2 instances (class "db.serverless") have no fixed memory: each Aurora capacity
 * unit (ACU) is about 2 GiB, and Aurora derives max_connections from the memory at the cluster's
 * maximum capacity (serverlessv2ScalingConfiguration.maxCapacity).
 */
export const serverlessV2InstanceClass = "db.serverless";
export function serverlessV2MemoryBytes(maxCapacityAcu: number): number {
    return maxCapacityAcu * 2 * GiB;
}

/** Parameter-group family for an engine and version, e.g. ("postgres", "16.4") -> "postgres16". */
export function parameterGroupFamily(engine: string, engineVersion: string): string {
    const major = engineVersion.split(".");
    switch (engineFamily(engine)) {
        case "postgres":
            return `postgres${major[0]}`;
        case "aurora-postgresql":
            return `aurora-postgresql${major[0]}`;
        case "mysql":
            return `mysql${major[0]}.${major[1] ?? "0"}`;
        case "mariadb":
            return `mariadb${major[0]}.${major[1] ?? "0"}`;
        case "aurora-mysql":
            // Aurora MySQL 3.x is MySQL 8.0-compatible; versions read "8.0.mysql_aurora.3.05.2".
            return major[0] === "5" ? "aurora-mysql5.7" : "aurora-mysql8.0";
        default:
            throw new Error(`no parameter group family known for engine ${JSON.stringify(engine)}`);
    }
}

/** Names that mark a parameter group as AWS's default (not editable, so no TLS switch). */
export function isDefaultParameterGroupName(name: string): boolean {
    return name.startsWith("default.") || name.startsWith("default:");
}
