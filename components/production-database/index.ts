// ProductionDatabase: an RDS PostgreSQL, MySQL or MariaDB instance that passes the whole
// pre-production checklist with its defaults: private networking and its own security group,
// encryption with a rotating customer managed key, TLS forced, managed master credentials and
// least-privilege app users, tuned parameters and exported logs, backups that are copied out of
// the region and restore-tested, alarms, event notifications, a health check, and a runbook.
// Every opt-out is a named argument (args.ts), and the policy pack still flags it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { recommendedCaCertificate } from "../../aws-facts/certificates";
import { componentTypes, operationalTagKeys } from "../../contract";
import { restoreTestingResourceTypes } from "../../aws-facts/backup";
import { alarmName, instanceAlarmDefinitions, instanceDimensions, metricAlarms } from "../shared/alarms";
import { AlertTopic, alertTopic } from "../shared/alerts";
import { AppUsers } from "../shared/app-users";
import { componentInputs, resolveOptionsOf } from "../shared/args";
import { BackupProtection } from "../shared/backup";
import { RestoreTestNetwork, RestoreValidation, restoreTestsFacts } from "../shared/restore-validation";
import { eventSubscription } from "../shared/events";
import { HealthCheck } from "../shared/health-check";
import { enhancedMonitoringRole, regionOf } from "../shared/iam";
import { databaseLogGroups } from "../shared/logs";
import { DatabaseNetwork } from "../shared/network";
import { auditOptionGroup, databaseParameters, parameterGroup } from "../shared/parameters";
import { operationalTags, renderRunbook } from "../shared/runbook";
import { databaseNetworkAndKey, databaseProtectionAndUsers, protectionAlarmNames } from "../shared/setup";
import { ProductionDatabaseArgs, ResolvedArgs, resolveArgs } from "./args";
import { engineLabels } from "./engines";

export { ProductionDatabaseArgumentError } from "./args";
export type { ProductionDatabaseArgs, AppUser } from "./args";
export type { ConnectionPool } from "../shared/capacity";

export const productionDatabaseType = componentTypes.productionDatabase;

export { operationalTagKeys };

export class ProductionDatabase extends pulumi.ComponentResource {
    public readonly instance: aws.rds.Instance;
    public readonly network: DatabaseNetwork;
    public readonly subnetGroup: aws.rds.SubnetGroup;
    public readonly securityGroup: aws.ec2.SecurityGroup;
    /** The customer managed key, unless `encryption.kmsKeyArn` was given. */
    public readonly key?: aws.kms.Key;
    public readonly parameterGroup: aws.rds.ParameterGroup;
    /** MySQL and MariaDB: the audit plugin. */
    public readonly optionGroup?: aws.rds.OptionGroup;
    public readonly logGroups: aws.cloudwatch.LogGroup[];
    public readonly monitoringRole?: aws.iam.Role;
    public readonly alerts: AlertTopic;
    public readonly alarms: aws.cloudwatch.MetricAlarm[];
    public readonly eventSubscription: aws.rds.EventSubscription;
    public readonly backup?: BackupProtection;
    /** The restored copies' security group (the validator's only) and the validator's. */
    public readonly restoreTestNetwork?: RestoreTestNetwork;
    /** The Lambda that validates each restore test on the restored copy, its triggers and alarms. */
    public readonly restoreValidation?: RestoreValidation;
    public readonly healthCheck?: HealthCheck;
    public readonly appUsers?: AppUsers;

    public readonly identifier: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    /** "host:port" */
    public readonly endpoint: pulumi.Output<string>;
    public readonly address: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    public readonly securityGroupId: pulumi.Output<string>;
    /** The RDS-managed secret holding the master username and password. */
    public readonly masterSecretArn: pulumi.Output<string>;
    /** App user name -> the secret its login is in. */
    public readonly appUserSecretArns: pulumi.Output<Record<string, string>>;
    public readonly alarmTopicArn: pulumi.Output<string>;
    /** The runbook, as Markdown, with this database's names filled in. */
    public readonly runbook: pulumi.Output<string>;

    constructor(name: string, args: ProductionDatabaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
        // Checked before anything is registered: a bad argument never leaves half a database.
        const r = resolveArgs(name, args, resolveOptionsOf(opts));
        // The port is not registered (the cluster component registers it).
        super(productionDatabaseType, name, componentInputs(r, ["port"]), opts);

        const label = `${engineLabels[r.engine]} ${r.identifier}`;
        const tags = r.tags;
        const parent = this;

        const { network, encryption } = databaseNetworkAndKey(name, r, label, parent);
        this.network = network;
        this.subnetGroup = network.subnetGroup;
        this.securityGroup = network.securityGroup;
        this.key = encryption.key;
        const keyArn = encryption.keyArn;

        this.parameterGroup = parameterGroup(
            name,
            {
                identifier: r.identifier,
                engine: r.engine,
                engineVersion: r.engineVersion,
                parameters: databaseParameters(r.engine, { maxConnections: r.connections.maxConnections, slowQueryMs: r.logs.slowQueryMs }),
                description: label,
                tags,
            },
            parent,
        );
        if (r.engine !== "postgres") {
            this.optionGroup = auditOptionGroup(name, { identifier: r.identifier, engine: r.engine, engineVersion: r.engineVersion, description: label, tags }, parent);
        }

        this.logGroups = databaseLogGroups(name, { kind: "instance", identifier: r.identifier, logTypes: r.logs.exports, retentionDays: r.logs.retentionDays, tags }, parent);

        const monitoringRole = enhancedMonitoringRole(name, { identifier: r.identifier, interval: r.monitoring.enhancedMonitoringInterval, tags }, parent);
        this.monitoringRole = monitoringRole?.role;

        this.alerts = alertTopic(name, { identifier: r.identifier, alarmTopicArn: r.monitoring.alarmTopicArn, emails: r.monitoring.alarmEmails, tags }, parent);
        const topicArn = this.alerts.topicArn;

        const insights = r.monitoring.performanceInsights;
        this.instance = new aws.rds.Instance(
            name,
            {
                identifier: r.identifier,
                engine: r.engine,
                engineVersion: r.engineVersion,
                instanceClass: r.instanceClass,
                dbName: r.databaseName,
                port: r.port,

                allocatedStorage: r.storage.allocatedGiB,
                ...(r.storage.maxAllocatedGiB !== undefined ? { maxAllocatedStorage: r.storage.maxAllocatedGiB } : {}),
                storageType: "gp3",
                storageEncrypted: true,
                kmsKeyId: keyArn,

                username: r.masterUsername,
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: keyArn,
                iamDatabaseAuthenticationEnabled: true,

                dbSubnetGroupName: this.subnetGroup.name,
                vpcSecurityGroupIds: [this.securityGroup.id],
                publiclyAccessible: false,
                multiAz: r.multiAz,

                parameterGroupName: this.parameterGroup.name,
                ...(this.optionGroup ? { optionGroupName: this.optionGroup.name } : {}),
                caCertIdentifier: recommendedCaCertificate,

                backupRetentionPeriod: r.backup.retentionDays,
                backupWindow: r.backup.window,
                maintenanceWindow: r.maintenanceWindow,
                autoMinorVersionUpgrade: true,
                allowMajorVersionUpgrade: false,
                copyTagsToSnapshot: true,
                deletionProtection: r.deletionProtection,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: `${r.identifier}-final`,
                deleteAutomatedBackups: false,

                enabledCloudwatchLogsExports: r.logs.exports,
                monitoringInterval: r.monitoring.enhancedMonitoringInterval,
                ...(monitoringRole ? { monitoringRoleArn: monitoringRole.role.arn } : {}),
                performanceInsightsEnabled: insights,
                ...(insights ? { performanceInsightsKmsKeyId: keyArn, performanceInsightsRetentionPeriod: 7 } : {}),

                tags: operationalTags(r),
            },
            {
                parent,
                protect: r.protect,
                // RDS would create the log groups itself, with no retention, and check the monitoring role.
                dependsOn: [...this.logGroups, ...(monitoringRole?.attachments ?? [])],
            },
        );

        this.identifier = this.instance.identifier;
        this.arn = this.instance.arn;
        this.endpoint = this.instance.endpoint;
        this.address = this.instance.address;
        this.port = this.instance.port;
        this.securityGroupId = this.securityGroup.id;
        this.masterSecretArn = this.instance.masterUserSecrets.apply((secrets) => secrets[0].secretArn);
        this.alarmTopicArn = topicArn;

        const alarmDefinitions = instanceAlarmDefinitions(
            { maxConnections: r.connections.maxConnections, allocatedGiB: r.storage.allocatedGiB, memoryBytes: r.monitoring.memoryBytes },
            r.monitoring.alarms,
        );
        this.alarms = metricAlarms(name, alarmDefinitions, { identifier: r.identifier, dimensions: instanceDimensions(this.instance.identifier), topicArn, runbookUrl: r.runbook.url, tags }, parent);
        this.eventSubscription = eventSubscription(name, { sourceType: "db-instance", sourceIds: [this.instance.identifier], topicArn, tags }, parent);

        ({
            backup: this.backup,
            restoreTestNetwork: this.restoreTestNetwork,
            restoreValidation: this.restoreValidation,
            healthCheck: this.healthCheck,
            appUsers: this.appUsers,
        } = databaseProtectionAndUsers(
            name,
            r,
            {
                engine: r.engine,
                protectedResourceType: restoreTestingResourceTypes.instance,
                resourceArn: this.instance.arn,
                address: this.instance.address,
                port: this.instance.port,
                databaseIdentifier: this.instance.identifier,
                masterSecretArn: this.masterSecretArn,
                keyArn,
                network: this.network,
                topicArn,
                description: label,
            },
            parent,
        ));
        const userSecrets = Object.entries(this.appUsers?.secrets ?? {});
        this.appUserSecretArns = pulumi.all(Object.fromEntries(userSecrets.map(([user, secret]) => [user, secret.arn])));

        this.runbook = this.renderRunbook(r, [...alarmDefinitions.map((d) => alarmName(r.identifier, d.key)), ...protectionAlarmNames(r.identifier, this)]);

        this.registerOutputs({
            identifier: this.identifier,
            arn: this.arn,
            endpoint: this.endpoint,
            address: this.address,
            port: this.port,
            securityGroupId: this.securityGroupId,
            masterSecretArn: this.masterSecretArn,
            appUserSecretArns: this.appUserSecretArns,
            alarmTopicArn: this.alarmTopicArn,
            runbook: this.runbook,
        });
    }

    private renderRunbook(r: ResolvedArgs, alarmNames: string[]): pulumi.Output<string> {
        const backup = this.backup;
        return pulumi
            .output({
                arn: this.instance.arn,
                address: this.instance.address,
                port: this.instance.port,
                masterSecretArn: this.masterSecretArn,
                subnetGroupName: this.subnetGroup.name,
                securityGroupId: this.securityGroup.id,
                parameterGroupName: this.parameterGroup.name,
                optionGroupName: this.optionGroup?.name,
                vaultName: backup?.vault.name,
                copyVaultName: backup?.copyVault?.name,
                copyVaultArn: backup?.copyVault?.arn,
                restoreTestingPlanArn: backup?.restoreTestingPlan?.arn,
                restoreValidationFunction: this.restoreValidation?.function.name,
                topicArn: this.alarmTopicArn,
                healthCheckFunction: this.healthCheck?.function.name,
                appUsersFunction: this.appUsers?.provisioner.function.name,
                appUserSecretArns: this.appUserSecretArns,
                logGroups: this.logGroups.map((g) => g.name),
            })
            .apply(
                ({
                    arn,
                    address,
                    port,
                    masterSecretArn,
                    subnetGroupName,
                    securityGroupId,
                    parameterGroupName,
                    optionGroupName,
                    vaultName,
                    copyVaultName,
                    copyVaultArn,
                    restoreTestingPlanArn,
                    restoreValidationFunction,
                    topicArn,
                    healthCheckFunction,
                    appUsersFunction,
                    appUserSecretArns,
                    logGroups,
                }) =>
                    renderRunbook({
                        identifier: r.identifier,
                        engine: `${engineLabels[r.engine]} ${r.engineVersion}`,
                        region: regionOf(arn),
                        endpoint: address,
                        port,
                        databaseName: r.databaseName,
                        masterUsername: r.masterUsername,
                        masterSecretArn,
                        instanceArn: arn,
                        multiAz: r.multiAz,
                        backupRetentionDays: r.backup.retentionDays,
                        backupWindow: r.backup.window,
                        maintenanceWindow: r.maintenanceWindow,
                        subnetGroupName,
                        securityGroupId,
                        parameterGroupName,
                        ...(optionGroupName ? { optionGroupName } : {}),
                        ...(vaultName
                            ? {
                                  backup: {
                                      vaultName,
                                      ...(copyVaultName && copyVaultArn ? { copy: { vaultName: copyVaultName, region: regionOf(copyVaultArn) } } : {}),
                                      restoreTesting: r.backup.restoreTesting,
                                      ...restoreTestsFacts(r.backup.restoreValidation, restoreTestingPlanArn, restoreValidationFunction),
                                  },
                              }
                            : {}),
                        alarmTopicArn: topicArn,
                        alarmNames,
                        logGroups,
                        ...(healthCheckFunction ? { healthCheckFunction } : {}),
                        appUsers: r.appUsers.map((u) => ({ name: u.name, privilege: u.privilege, secretArn: appUserSecretArns[u.name] })),
                        ...(appUsersFunction ? { appUsersFunction } : {}),
                        owner: r.ownership.owner,
                        onCall: r.ownership.onCall,
                        runbookUrl: r.runbook.url,
                    }),
            );
    }
}
