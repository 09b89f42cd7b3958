// ProductionAuroraCluster: an Aurora PostgreSQL or Aurora MySQL cluster that passes the whole
// pre-production checklist with its defaults: a writer and readers in different Availability Zones,
// private networking and its own security group, encryption with a rotating customer managed key,
// TLS forced and an audit trail in the cluster parameter group, managed master credentials and
// least-privilege app users, exported logs, backups that are copied out of the region and
// restore-tested, alarms on the cluster and on each instance, event notifications for both, a
// health check of the writer endpoint, and a runbook. Every opt-out is a named argument (args.ts),
// and the policy pack still flags it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { restoreTestingResourceTypes } from "../../aws-facts/backup";
import { recommendedCaCertificate } from "../../aws-facts/certificates";
import { componentTypes } from "../../contract";
import { alarmName, instanceDimensions, metricAlarms } from "../shared/alarms";
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
import { operationalTags } from "../shared/runbook";
import { databaseNetworkAndKey, databaseProtectionAndUsers, protectionAlarmNames } from "../shared/setup";
import { auroraAlarmDefinitions, clusterDimensions } from "./alarms";
import { ProductionAuroraClusterArgs, ResolvedAuroraArgs, resolveAuroraArgs } from "./args";
import { engineLabels, instanceIdentifier } from "./engines";
import { auroraParameterGroups } from "./parameters";
import { renderAuroraRunbook } from "./runbook";

export { ProductionAuroraClusterArgumentError } from "./args";
export type { ProductionAuroraClusterArgs } from "./args";
export type { AuroraAlarmChoices } from "./alarms";

export const productionAuroraClusterType = componentTypes.productionAuroraCluster;

/** The dimension and policy type Aurora Auto Scaling uses to add and remove readers. */
export const readerScaling = {
    serviceNamespace: "rds",
    scalableDimension: "rds:cluster:ReadReplicaCount",
    predefinedMetricType: "RDSReaderAverageCPUUtilization",
} as const;

/** The distinct zones, in the order first seen. */
function distinct(zones: readonly (string | undefined)[]): string[] {
    return [...new Set(zones.filter((z): z is string => typeof z === "string" && z !== ""))];
}

export class ProductionAuroraCluster extends pulumi.ComponentResource {
    public readonly cluster: aws.rds.Cluster;
    /** The writer first (as created; failovers swap roles), then the readers. */
    public readonly instances: aws.rds.ClusterInstance[];
    public readonly network: DatabaseNetwork;
    public readonly subnetGroup: aws.rds.SubnetGroup;
    public readonly securityGroup: aws.ec2.SecurityGroup;
    /** The customer managed key, unless `encryption.kmsKeyArn` was given. */
    public readonly key?: aws.kms.Key;
    public readonly clusterParameterGroup: aws.rds.ClusterParameterGroup;
    public readonly instanceParameterGroup: aws.rds.ParameterGroup;
    public readonly logGroups: aws.cloudwatch.LogGroup[];
    public readonly monitoringRole?: aws.iam.Role;
    public readonly alerts: AlertTopic;
    /** The cluster's alarms, then each instance's. */
    public readonly alarms: aws.cloudwatch.MetricAlarm[];
    public readonly clusterEvents: aws.rds.EventSubscription;
    public readonly instanceEvents: aws.rds.EventSubscription;
    public readonly readerScalingTarget?: aws.appautoscaling.Target;
    public readonly readerScalingPolicy?: aws.appautoscaling.Policy;
    public readonly backup?: BackupProtection;
    /** The restored copies' security group (the validator's only) and the validator's. */
    public readonly restoreTestNetwork?: RestoreTestNetwork;
    /** The Lambda that validates each restore test on the restored copy, its triggers and alarms. */
    public readonly restoreValidation?: RestoreValidation;
    public readonly healthCheck?: HealthCheck;
    public readonly appUsers?: AppUsers;

    public readonly clusterIdentifier: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    /** The writer endpoint (host name); it follows the writer through failovers. */
    public readonly endpoint: pulumi.Output<string>;
    /** The reader endpoint: connections spread over the readers. */
    public readonly readerEndpoint: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    public readonly instanceIdentifiers: pulumi.Output<string[]>;
    public readonly securityGroupId: pulumi.Output<string>;
    /** The RDS-managed secret holding the master username and password. */
    public readonly masterSecretArn: pulumi.Output<string>;
    /** App user name -> the secret its login is in. */
    public readonly appUserSecretArns: pulumi.Output<Record<string, string>>;
    public readonly alarmTopicArn: pulumi.Output<string>;
    /** The runbook, as Markdown, with this cluster's names filled in. */
    public readonly runbook: pulumi.Output<string>;

    constructor(name: string, args: ProductionAuroraClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        // Checked before anything is registered: a bad argument never leaves half a cluster.
        const r = resolveAuroraArgs(name, args, resolveOptionsOf(opts));
        // Whether the engine version was defaulted is the component's own business.
        super(productionAuroraClusterType, name, componentInputs(r, ["defaultEngineVersion"]), opts);

        const label = `${engineLabels[r.engine]} ${r.identifier}`;
        const tags = r.tags;
        const parent = this;

        const { network, encryption } = databaseNetworkAndKey(name, r, label, parent);
        this.network = network;
        this.subnetGroup = network.subnetGroup;
        this.securityGroup = network.securityGroup;
        this.key = encryption.key;
        const keyArn = encryption.keyArn;

        const groups = auroraParameterGroups(
            name,
            {
                identifier: r.identifier,
                engine: r.engine,
                engineVersion: r.engineVersion,
                choices: { maxConnections: r.connections.maxConnections, slowQueryMs: r.logs.slowQueryMs },
                description: label,
                tags,
            },
            parent,
        );
        this.clusterParameterGroup = groups.cluster;
        this.instanceParameterGroup = groups.instance;

        this.logGroups = databaseLogGroups(name, { kind: "cluster", identifier: r.identifier, logTypes: r.logs.exports, retentionDays: r.logs.retentionDays, tags }, parent);

        const monitoringRole = enhancedMonitoringRole(name, { identifier: r.identifier, interval: r.monitoring.enhancedMonitoringInterval, tags }, parent);
        this.monitoringRole = monitoringRole?.role;

        this.alerts = alertTopic(name, { identifier: r.identifier, alarmTopicArn: r.monitoring.alarmTopicArn, emails: r.monitoring.alarmEmails, tags }, parent);
        const topicArn = this.alerts.topicArn;

        const insights = r.monitoring.performanceInsights;
        const insightsSettings = insights ? { performanceInsightsKmsKeyId: keyArn, performanceInsightsRetentionPeriod: 7 } : {};
        const dbTags = operationalTags(r);

        this.cluster = new aws.rds.Cluster(
            name,
            {
                clusterIdentifier: r.identifier,
                engine: r.engine,
                engineVersion: r.engineVersion,
                engineMode: "provisioned",
                databaseName: r.databaseName,
                port: r.port,
                ...(r.serverless ? { serverlessv2ScalingConfiguration: { minCapacity: r.serverless.minCapacity, maxCapacity: r.serverless.maxCapacity } } : {}),

                storageEncrypted: true,
                kmsKeyId: keyArn,

                masterUsername: r.masterUsername,
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: keyArn,
                iamDatabaseAuthenticationEnabled: true,

                dbSubnetGroupName: this.subnetGroup.name,
                vpcSecurityGroupIds: [this.securityGroup.id],
                dbClusterParameterGroupName: this.clusterParameterGroup.name,

                backupRetentionPeriod: r.backup.retentionDays,
                preferredBackupWindow: r.backup.window,
                preferredMaintenanceWindow: r.maintenanceWindow,
                ...(r.backup.backtrackWindowHours !== undefined ? { backtrackWindow: r.backup.backtrackWindowHours * 3600 } : {}),
                allowMajorVersionUpgrade: false,
                copyTagsToSnapshot: true,
                deletionProtection: r.deletionProtection,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: `${r.identifier}-final`,
                deleteAutomatedBackups: false,

                enabledCloudwatchLogsExports: r.logs.exports,
                // On the cluster too, so that readers Aurora Auto Scaling adds have it.
                performanceInsightsEnabled: insights,
                ...insightsSettings,

                tags: dbTags,
            },
            {
                parent,
                protect: r.protect,
                // RDS would create the log groups itself, with no retention.
                dependsOn: this.logGroups,
                // A defaulted version is the version at creation: AWS's minor upgrades and newer defaults never roll it back or forward.
                ...(r.defaultEngineVersion ? { ignoreChanges: ["engineVersion"] } : {}),
            },
        );

        // The writer goes to the first zone, each reader to the next: a lost zone leaves a reader to promote.
        const zones: pulumi.Output<string[]> =
            r.network.availabilityZones !== undefined
                ? pulumi.output(r.network.availabilityZones).apply(distinct)
                : pulumi
                      .output(r.network.subnetIds)
                      .apply((ids) => Promise.all(ids.map((id) => aws.ec2.getSubnet({ id }, { parent }))))
                      .apply((subnets) => distinct(subnets.map((s) => s.availabilityZone)));

        this.instances = [];
        for (let n = 1; n <= r.instances; n++) {
            const writer = this.instances[0];
            this.instances.push(
                new aws.rds.ClusterInstance(
                    `${name}-${n}`,
                    {
                        identifier: instanceIdentifier(r.identifier, n),
                        clusterIdentifier: this.cluster.id,
                        engine: r.engine,
                        instanceClass: r.instanceClass,
                        availabilityZone: zones.apply((z) => (z.length > 0 ? z[(n - 1) % z.length] : undefined)) as pulumi.Output<string>,
                        // Failover prefers the lowest tier: the first instance takes the writer role back.
                        promotionTier: n === 1 ? 0 : 1,
                        dbSubnetGroupName: this.subnetGroup.name,
                        dbParameterGroupName: this.instanceParameterGroup.name,
                        publiclyAccessible: false,
                        caCertIdentifier: recommendedCaCertificate,
                        autoMinorVersionUpgrade: true,
                        preferredMaintenanceWindow: r.maintenanceWindow,
                        copyTagsToSnapshot: true,
                        monitoringInterval: r.monitoring.enhancedMonitoringInterval,
                        ...(monitoringRole ? { monitoringRoleArn: monitoringRole.role.arn } : {}),
                        performanceInsightsEnabled: insights,
                        ...insightsSettings,
                        tags: dbTags,
                    },
                    {
                        parent,
                        // Readers after the writer, so the first instance is the writer; RDS checks the monitoring role.
                        dependsOn: [...(writer ? [writer] : []), ...(monitoringRole?.attachments ?? [])],
                    },
                ),
            );
        }
        const writer = this.instances[0];
        /** A cluster output, available once the writer is: what probes and the provisioner connect to. */
        const onceWritable = <T>(value: pulumi.Output<T>) => pulumi.all([value, writer.id]).apply(([v]) => v);

        this.clusterIdentifier = this.cluster.clusterIdentifier;
        this.arn = this.cluster.arn;
        this.endpoint = this.cluster.endpoint;
        this.readerEndpoint = this.cluster.readerEndpoint;
        this.port = this.cluster.port;
        this.instanceIdentifiers = pulumi.all(this.instances.map((i) => i.identifier));
        this.securityGroupId = this.securityGroup.id;
        this.masterSecretArn = this.cluster.masterUserSecrets.apply((secrets) => secrets[0].secretArn);
        this.alarmTopicArn = topicArn;

        if (r.readerAutoScaling) {
            const scaling = r.readerAutoScaling;
            this.readerScalingTarget = new aws.appautoscaling.Target(
                `${name}-readers`,
                {
                    serviceNamespace: readerScaling.serviceNamespace,
                    scalableDimension: readerScaling.scalableDimension,
                    resourceId: pulumi.interpolate`cluster:${this.cluster.clusterIdentifier}`,
                    minCapacity: scaling.minReaders,
                    maxCapacity: scaling.maxReaders,
                    tags,
                },
                // Aurora Auto Scaling needs the cluster's readers to exist.
                { parent, dependsOn: this.instances },
            );
            this.readerScalingPolicy = new aws.appautoscaling.Policy(
                `${name}-readers-cpu`,
                {
                    name: `${r.identifier}-readers-cpu`,
                    policyType: "TargetTrackingScaling",
                    serviceNamespace: this.readerScalingTarget.serviceNamespace,
                    scalableDimension: this.readerScalingTarget.scalableDimension,
                    resourceId: this.readerScalingTarget.resourceId,
                    targetTrackingScalingPolicyConfiguration: {
                        predefinedMetricSpecification: { predefinedMetricType: readerScaling.predefinedMetricType },
                        targetValue: scaling.targetCpuPercent,
                        scaleInCooldown: scaling.scaleInCooldownSeconds,
                        scaleOutCooldown: scaling.scaleOutCooldownSeconds,
                    },
                },
                { parent },
            );
        }

        const definitions = auroraAlarmDefinitions(
            { maxConnections: r.connections.maxConnections, memoryBytes: r.monitoring.memoryBytes, localStorageMemoryBytes: r.monitoring.localStorageMemoryBytes },
            r.monitoring.alarms,
        );
        const alarmArgs = { topicArn, runbookUrl: r.runbook.url, tags };
        this.alarms = [
            ...metricAlarms(name, definitions.cluster, { ...alarmArgs, identifier: r.identifier, dimensions: clusterDimensions(this.cluster.clusterIdentifier) }, parent),
            ...this.instances.flatMap((instance, i) =>
                metricAlarms(
                    `${name}-${i + 1}`,
                    definitions.instance,
                    { ...alarmArgs, identifier: instanceIdentifier(r.identifier, i + 1), dimensions: instanceDimensions(instance.identifier) },
                    parent,
                ),
            ),
        ];
        const alarmNames = [
            ...definitions.cluster.map((d) => alarmName(r.identifier, d.key)),
            ...this.instances.flatMap((_, i) => definitions.instance.map((d) => alarmName(instanceIdentifier(r.identifier, i + 1), d.key))),
        ];

        this.clusterEvents = eventSubscription(`${name}-cluster`, { sourceType: "db-cluster", sourceIds: [this.cluster.clusterIdentifier], topicArn, tags }, parent);
        this.instanceEvents = eventSubscription(`${name}-instances`, { sourceType: "db-instance", sourceIds: this.instances.map((i) => i.identifier), topicArn, tags }, parent);

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
                protectedResourceType: restoreTestingResourceTypes.cluster,
                resourceArn: this.cluster.arn,
                // The probe, its alarm and the provisioner start once the writer exists: a cluster without one answers nothing.
                address: onceWritable(this.cluster.endpoint),
                port: this.cluster.port,
                databaseIdentifier: onceWritable(this.cluster.clusterIdentifier),
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

        this.runbook = this.renderRunbook(r, keyArn, [...alarmNames, ...protectionAlarmNames(r.identifier, this)]);

        this.registerOutputs({
            clusterIdentifier: this.clusterIdentifier,
            arn: this.arn,
            endpoint: this.endpoint,
            readerEndpoint: this.readerEndpoint,
            port: this.port,
            instanceIdentifiers: this.instanceIdentifiers,
            securityGroupId: this.securityGroupId,
            masterSecretArn: this.masterSecretArn,
            appUserSecretArns: this.appUserSecretArns,
            alarmTopicArn: this.alarmTopicArn,
            runbook: this.runbook,
        });
    }

    private renderRunbook(r: ResolvedAuroraArgs, keyArn: pulumi.Output<string>, alarmNames: string[]): pulumi.Output<string> {
        const backup = this.backup;
        return pulumi
            .output({
                arn: this.cluster.arn,
                endpoint: this.cluster.endpoint,
                readerEndpoint: this.cluster.readerEndpoint,
                port: this.cluster.port,
                instances: this.instanceIdentifiers,
                masterSecretArn: this.masterSecretArn,
                subnetGroupName: this.subnetGroup.name,
                securityGroupId: this.securityGroup.id,
                clusterParameterGroupName: this.clusterParameterGroup.name,
                instanceParameterGroupName: this.instanceParameterGroup.name,
                kmsKeyArn: keyArn,
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
            .apply((o) =>
                renderAuroraRunbook({
                    identifier: r.identifier,
                    engineLabel: `${engineLabels[r.engine]} ${r.engineVersion}`,
                    engine: r.engine,
                    region: regionOf(o.arn),
                    endpoint: o.endpoint,
                    readerEndpoint: o.readerEndpoint,
                    port: o.port,
                    databaseName: r.databaseName,
                    masterUsername: r.masterUsername,
                    masterSecretArn: o.masterSecretArn,
                    clusterArn: o.arn,
                    instances: o.instances,
                    instanceClass: r.instanceClass,
                    ...(r.serverless ? { serverless: r.serverless } : {}),
                    ...(r.readerAutoScaling ? { readerAutoScaling: r.readerAutoScaling } : {}),
                    backupRetentionDays: r.backup.retentionDays,
                    backupWindow: r.backup.window,
                    maintenanceWindow: r.maintenanceWindow,
                    ...(r.backup.backtrackWindowHours !== undefined ? { backtrackWindowHours: r.backup.backtrackWindowHours } : {}),
                    subnetGroupName: o.subnetGroupName,
                    securityGroupId: o.securityGroupId,
                    clusterParameterGroupName: o.clusterParameterGroupName,
                    instanceParameterGroupName: o.instanceParameterGroupName,
                    kmsKeyArn: o.kmsKeyArn,
                    ...(o.vaultName
                        ? {
                              backup: {
                                  vaultName: o.vaultName,
                                  ...(o.copyVaultName && o.copyVaultArn ? { copy: { vaultName: o.copyVaultName, region: regionOf(o.copyVaultArn) } } : {}),
                                  restoreTesting: r.backup.restoreTesting,
                                  ...restoreTestsFacts(r.backup.restoreValidation, o.restoreTestingPlanArn, o.restoreValidationFunction),
                              },
                          }
                        : {}),
                    alarmTopicArn: o.topicArn,
                    alarmNames,
                    logExports: r.logs.exports,
                    logGroups: o.logGroups,
                    ...(o.healthCheckFunction ? { healthCheckFunction: o.healthCheckFunction } : {}),
                    appUsers: r.appUsers.map((u) => ({ name: u.name, privilege: u.privilege, secretArn: o.appUserSecretArns[u.name] })),
                    ...(o.appUsersFunction ? { appUsersFunction: o.appUsersFunction } : {}),
                    owner: r.ownership.owner,
                    onCall: r.ownership.onCall,
                    runbookUrl: r.runbook.url,
                }),
            );
    }
}
