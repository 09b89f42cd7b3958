// What both database components are besides the database itself, with the same child names. Before
// the database: the private network (a subnet group and a security group of its own), the
// encryption key (or the key the caller brings), the log groups RDS exports to, the Enhanced
// Monitoring role and the alert topic. Once the database exists: its backups with restore tests, the
// health check and the app users. Each component creates its database in between, and its alarms,
// events and runbook.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RuntimeEngine } from "../runtime/database";
import { AppUsers, appUsers } from "./app-users";
import { ResolvedDatabaseArgsCommon } from "./args";
import { AlertTopic, alertTopic } from "./alerts";
import { enhancedMonitoringRole, regionOf } from "./iam";
import { databaseLogGroups } from "./logs";
import { RunbookBackup, DatabaseRunbookFacts } from "./runbook";
import { BackupProtection, BackupProtectionArgs, backupProtection } from "./backup";
import { encryptionKey } from "./encryption";
import { alarmName } from "./alarms";
import { HealthCheck, healthCheck, healthCheckAlarmDefinition } from "./health-check";
import { DatabaseNetwork } from "./network";
import type { DatabaseReach } from "./lambda";
import { RestoreTestNetwork, RestoreValidation, restoreTestNetwork, restoreTestsFacts, restoreValidation, restoreValidationAlarmNames } from "./restore-validation";

/** Where the database is, as the blocks that protect and use it need to reach it. */
interface DatabaseHandles {
    engine: RuntimeEngine;
    protectedResourceType: BackupProtectionArgs["protectedResourceType"];
    resourceArn: pulumi.Input<string>;
    address: pulumi.Input<string>;
    port: pulumi.Input<number>;
    databaseIdentifier: pulumi.Input<string>;
    masterSecretArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    network: DatabaseNetwork;
    topicArn: pulumi.Input<string>;
    /** "PostgreSQL orders": names the restore-test security groups. */
    description: string;
}

/**
 * What both components add once the database exists, each unless opted out: AWS Backup with
 * restore testing (each restore test validated on the restored copy, which only the validator can
 * reach), the scheduled health check, and the app users with their provisioner.
 */
function databaseProtectionAndUsers(
    name: string,
    r: Pick<ResolvedDatabaseArgsCommon<unknown>, "identifier" | "databaseName" | "network" | "backup" | "healthCheck" | "appUsers" | "appUserRotationDays" | "runbook" | "logs" | "tags">,
    db: DatabaseHandles,
    parent: pulumi.Resource,
): { backup?: BackupProtection; restoreTestNetwork?: RestoreTestNetwork; restoreValidation?: RestoreValidation; healthCheck?: HealthCheck; appUsers?: AppUsers } {
    const { tags } = r;
    // Restored copies go into a group of their own that admits only the validator (not the database's, which admits the applications).
    const restoreNetwork =
        r.backup.plan && r.backup.restoreTesting ? restoreTestNetwork(name, { identifier: r.identifier, description: db.description, vpcId: r.network.vpcId, port: db.port, tags }, parent) : undefined;
    const reach: DatabaseReach = {
        identifier: r.identifier,
        engine: db.engine,
        address: db.address,
        port: db.port,
        databaseName: r.databaseName,
        masterSecretArn: db.masterSecretArn,
        kmsKeyArn: db.keyArn,
        network: db.network,
        subnetIds: r.network.subnetIds,
        logRetentionDays: r.logs.retentionDays,
        tags,
    };
    const backup = r.backup.plan
        ? backupProtection(
              name,
              {
                  identifier: r.identifier,
                  protectedResourceType: db.protectedResourceType,
                  resourceArn: db.resourceArn,
                  kmsKeyArn: db.keyArn,
                  schedule: r.backup.planSchedule,
                  retentionDays: r.backup.planRetentionDays,
                  copyToRegion: r.backup.copyToRegion,
                  copyProvider: r.backup.copyProvider,
                  restoreTesting: r.backup.restoreTesting,
                  restoreInto: {
                      subnetGroupName: db.network.subnetGroup.name,
                      securityGroupIds: [restoreNetwork ? restoreNetwork.copySecurityGroup.id : db.network.securityGroup.id],
                  },
                  topicArn: db.topicArn,
                  tags,
              },
              parent,
          )
        : undefined;
    const plan = backup?.restoreTestingPlan;
    const validation = r.backup.restoreValidation;
    return {
        ...(backup && { backup }),
        ...(restoreNetwork && { restoreTestNetwork: restoreNetwork }),
        ...(restoreNetwork &&
            plan &&
            validation !== false && {
                restoreValidation: restoreValidation(
                    name,
                    {
                        ...reach,
                        databaseArn: db.resourceArn,
                        databaseIdentifier: db.databaseIdentifier,
                        planArn: plan.arn,
                        planName: plan.name,
                        restoreNetwork,
                        queries: validation.queries,
                        timeoutMs: validation.timeoutMs,
                        topicArn: db.topicArn,
                        runbookUrl: r.runbook.url,
                    },
                    parent,
                ),
            }),
        ...(r.healthCheck !== false && {
            healthCheck: healthCheck(
                name,
                {
                    ...reach,
                    databaseIdentifier: db.databaseIdentifier,
                    schedule: r.healthCheck.schedule,
                    probeTimeoutMs: r.healthCheck.probeTimeoutMs,
                    slowQueryMs: r.healthCheck.slowQueryMs,
                    topicArn: db.topicArn,
                    runbookUrl: r.runbook.url,
                },
                parent,
            ),
        }),
        ...(r.appUsers.length > 0 && {
            appUsers: appUsers(name, { ...reach, users: r.appUsers, rotationDays: r.appUserRotationDays }, parent),
        }),
    };
}

/** The database a component created, as its protection, health check and app users reach it. */
export type CreatedDatabase = Omit<DatabaseHandles, "keyArn" | "network" | "topicArn" | "description">;

/**
 * The part of a database component that is the same for an RDS instance and an Aurora cluster. The
 * constructor registers the component and creates what comes before the database; the component
 * then creates its database and calls `protectAndServe`, then renders its runbook from
 * `runbookFacts` and calls `registerDatabaseOutputs`.
 */
export abstract class DatabaseComponent extends pulumi.ComponentResource {
    public readonly network: DatabaseNetwork;
    public readonly subnetGroup: aws.rds.SubnetGroup;
    public readonly securityGroup: aws.ec2.SecurityGroup;
    /** The customer managed key, unless `encryption.kmsKeyArn` was given. */
    public readonly key?: aws.kms.Key;
    public readonly logGroups: aws.cloudwatch.LogGroup[];
    public readonly monitoringRole?: aws.iam.Role;
    public readonly alerts: AlertTopic;
    public readonly backup?: BackupProtection;
    /** The restored copies' security group (the validator's only) and the validator's. */
    public readonly restoreTestNetwork?: RestoreTestNetwork;
    /** The Lambda that validates each restore test on the restored copy, its triggers and alarms. */
    public readonly restoreValidation?: RestoreValidation;
    public readonly healthCheck?: HealthCheck;
    public readonly appUsers?: AppUsers;

    public readonly securityGroupId: pulumi.Output<string>;
    /** The RDS-managed secret holding the master username and password. */
    public readonly masterSecretArn!: pulumi.Output<string>;
    /** App user name -> the secret its login is in. */
    public readonly appUserSecretArns!: pulumi.Output<Record<string, string>>;
    public readonly alarmTopicArn: pulumi.Output<string>;

    /** The key the database, its secrets and its backups are encrypted with. */
    protected readonly keyArn: pulumi.Output<string>;
    /** What RDS checks before it uses the Enhanced Monitoring role: the database depends on them. */
    protected readonly monitoringRoleAttachments: pulumi.Resource[];
    /** "PostgreSQL orders": also names the restore-test security groups. */
    readonly #description: string;
    /**
     * `inputs` are what the component registers (componentInputs of its resolved arguments `r`);
     * `description` names the database in the groups' and the key's descriptions, e.g. "PostgreSQL orders".
     */
    protected constructor(
        type: string,
        name: string,
        r: ResolvedDatabaseArgsCommon<unknown>,
        inputs: pulumi.Inputs,
        setup: { description: string; logKind: "instance" | "cluster" },
        opts: pulumi.ComponentResourceOptions,
    ) {
        super(type, name, inputs, opts);
        this.#description = setup.description;
        const { identifier, tags } = r;
        const parent = this;

        this.network = new DatabaseNetwork(
            name,
            {
                identifier,
                description: setup.description,
                vpcId: r.network.vpcId,
                subnetIds: r.network.subnetIds,
                port: r.port,
                allowedSecurityGroupIds: r.network.allowedSecurityGroupIds,
                allowedCidrs: r.network.allowedCidrs,
                tags,
            },
            parent,
        );
        this.subnetGroup = this.network.subnetGroup;
        this.securityGroup = this.network.securityGroup;
        this.securityGroupId = this.securityGroup.id;
        const encryption = encryptionKey(name, { identifier, description: setup.description, kmsKeyArn: r.encryption.kmsKeyArn, protect: r.protect, tags }, parent);
        this.key = encryption.key;
        this.keyArn = encryption.keyArn;

        this.logGroups = databaseLogGroups(name, { kind: setup.logKind, identifier, logTypes: r.logs.exports, retentionDays: r.logs.retentionDays, tags }, parent);
        const monitoring = enhancedMonitoringRole(name, { identifier, interval: r.monitoring.enhancedMonitoringInterval, tags }, parent);
        this.monitoringRole = monitoring?.role;
        this.monitoringRoleAttachments = monitoring?.attachments ?? [];

        this.alerts = alertTopic(name, { identifier, alarmTopicArn: r.monitoring.alarmTopicArn, emails: r.monitoring.alarmEmails, tags }, parent);
        this.alarmTopicArn = this.alerts.topicArn;
    }

    /**
     * Once the database exists: its backups, restore tests, health check and app users, each unless
     * opted out. Called once, from the component's constructor.
     */
    protected protectAndServe(name: string, r: ResolvedDatabaseArgsCommon<unknown>, db: CreatedDatabase): void {
        const created = databaseProtectionAndUsers(name, r, { ...db, keyArn: this.keyArn, network: this.network, topicArn: this.alarmTopicArn, description: this.#description }, this);
        const userSecrets = Object.entries(created.appUsers?.secrets ?? {});
        // TypeScript lets only the declaring constructor assign a readonly field; these are set here
        // once, before the component's constructor returns, as the database they protect exists.
        const self = this as { -readonly [Field in keyof DatabaseComponent]: DatabaseComponent[Field] };
        self.masterSecretArn = pulumi.output(db.masterSecretArn);
        self.backup = created.backup;
        self.restoreTestNetwork = created.restoreTestNetwork;
        self.restoreValidation = created.restoreValidation;
        self.healthCheck = created.healthCheck;
        self.appUsers = created.appUsers;
        self.appUserSecretArns = pulumi.all(Object.fromEntries(userSecrets.map(([user, secret]) => [user, secret.arn])));
    }

    /**
     * What both runbooks say, from the resolved arguments and what the component created:
     * `arn` is the database's; `alarmNames` are the component's own (the health check's and the
     * restore validation's follow).
     */
    protected runbookFacts(r: ResolvedDatabaseArgsCommon<unknown>, database: { arn: pulumi.Input<string>; port: pulumi.Input<number> }, alarmNames: string[]): pulumi.Output<DatabaseRunbookFacts> {
        const backup = this.backup;
        return pulumi
            .output({
                arn: database.arn,
                port: database.port,
                masterSecretArn: this.masterSecretArn,
                subnetGroupName: this.subnetGroup.name,
                securityGroupId: this.securityGroupId,
                vaultName: backup?.vault.name,
                copyVaultName: backup?.copyVault?.name,
                copyVaultArn: backup?.copyVault?.arn,
                restoreTestingPlanArn: backup?.restoreTestingPlan?.arn,
                restoreValidationFunction: this.restoreValidation?.function.name,
                alarmTopicArn: this.alarmTopicArn,
                healthCheckFunction: this.healthCheck?.function.name,
                appUsersFunction: this.appUsers?.provisioner.function.name,
                appUserSecretArns: this.appUserSecretArns,
                logGroups: this.logGroups.map((g) => g.name),
            })
            .apply((o) => {
                const awsBackup: RunbookBackup | undefined = o.vaultName
                    ? {
                          vaultName: o.vaultName,
                          ...(o.copyVaultName && o.copyVaultArn ? { copy: { vaultName: o.copyVaultName, region: regionOf(o.copyVaultArn) } } : {}),
                          restoreTesting: r.backup.restoreTesting,
                          ...restoreTestsFacts(r.backup.restoreValidation, o.restoreTestingPlanArn, o.restoreValidationFunction),
                      }
                    : undefined;
                return {
                    identifier: r.identifier,
                    arn: o.arn,
                    region: regionOf(o.arn),
                    port: o.port,
                    databaseName: r.databaseName,
                    masterUsername: r.masterUsername,
                    masterSecretArn: o.masterSecretArn,
                    backupRetentionDays: r.backup.retentionDays,
                    backupWindow: r.backup.window,
                    maintenanceWindow: r.maintenanceWindow,
                    subnetGroupName: o.subnetGroupName,
                    securityGroupId: o.securityGroupId,
                    ...(awsBackup ? { backup: awsBackup } : {}),
                    alarmTopicArn: o.alarmTopicArn,
                    alarmNames: [...alarmNames, ...protectionAlarmNames(r.identifier, this)],
                    logGroups: o.logGroups,
                    ...(o.healthCheckFunction ? { healthCheckFunction: o.healthCheckFunction } : {}),
                    appUsers: r.appUsers.map((u) => ({ name: u.name, privilege: u.privilege, secretArn: o.appUserSecretArns[u.name] })),
                    ...(o.appUsersFunction ? { appUsersFunction: o.appUsersFunction } : {}),
                    owner: r.ownership.owner,
                    onCall: r.ownership.onCall,
                    runbookUrl: r.runbook.url,
                };
            });
    }

    /** Registers the component's own outputs with those every database component has. */
    protected registerDatabaseOutputs(own: Record<string, pulumi.Input<unknown>>): void {
        this.registerOutputs({
            ...own,
            securityGroupId: this.securityGroupId,
            masterSecretArn: this.masterSecretArn,
            appUserSecretArns: this.appUserSecretArns,
            alarmTopicArn: this.alarmTopicArn,
        });
    }
}

/**
 * What keeps a deleted database recoverable, the same on an instance and a cluster: deletion
 * protection, a final snapshot, and the automated backups and tags kept with the snapshots.
 */
export function recoverableWhenDeleted(r: Pick<ResolvedDatabaseArgsCommon<unknown>, "identifier" | "deletionProtection">) {
    return {
        copyTagsToSnapshot: true,
        deletionProtection: r.deletionProtection,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${r.identifier}-final`,
        deleteAutomatedBackups: false,
    };
}

/** The names of the alarms databaseProtectionAndUsers created (the health check's, then the restore validation's), as both runbooks list them. */
function protectionAlarmNames(identifier: string, created: { healthCheck?: HealthCheck; restoreValidation?: RestoreValidation }): string[] {
    return [...(created.healthCheck ? [alarmName(identifier, healthCheckAlarmDefinition().key)] : []), ...restoreValidationAlarmNames(identifier, created.restoreValidation)];
}
