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
import { componentInputs, resolveOptionsOf } from "../shared/args";
import { DatabaseComponent, recoverableWhenDeleted } from "../shared/database-component";
import { eventSubscription } from "../shared/events";
import { operationalTags } from "../shared/runbook";
import { auroraAlarmDefinitions, clusterDimensions } from "./alarms";
import { ProductionAuroraClusterArgs, resolveAuroraArgs } from "./args";
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

export class ProductionAuroraCluster extends DatabaseComponent {
    public readonly cluster: aws.rds.Cluster;
    /** The writer first (as created; failovers swap roles), then the readers. */
    public readonly instances: aws.rds.ClusterInstance[];
    public readonly clusterParameterGroup: aws.rds.ClusterParameterGroup;
    public readonly instanceParameterGroup: aws.rds.ParameterGroup;
    /** The cluster's alarms, then each instance's. */
    public readonly alarms: aws.cloudwatch.MetricAlarm[];
    public readonly clusterEvents: aws.rds.EventSubscription;
    public readonly instanceEvents: aws.rds.EventSubscription;
    public readonly readerScalingTarget?: aws.appautoscaling.Target;
    public readonly readerScalingPolicy?: aws.appautoscaling.Policy;

    public readonly clusterIdentifier: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    /** The writer endpoint (host name); it follows the writer through failovers. */
    public readonly endpoint: pulumi.Output<string>;
    /** The reader endpoint: connections spread over the readers. */
    public readonly readerEndpoint: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    public readonly instanceIdentifiers: pulumi.Output<string[]>;
    /** The runbook, as Markdown, with this cluster's names filled in. */
    public readonly runbook: pulumi.Output<string>;

    constructor(name: string, args: ProductionAuroraClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        // Checked before anything is registered: a bad argument never leaves half a cluster.
        const r = resolveAuroraArgs(name, args, resolveOptionsOf(opts));
        const label = `${engineLabels[r.engine]} ${r.identifier}`;
        // Whether the engine version was defaulted is the component's own business.
        super(productionAuroraClusterType, name, r, componentInputs(r, ["defaultEngineVersion"]), { description: label, logKind: "cluster" }, opts);

        const tags = r.tags;
        const parent = this;
        const keyArn = this.keyArn;

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

        const topicArn = this.alarmTopicArn;
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
                ...recoverableWhenDeleted(r),

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
                        ...(this.monitoringRole ? { monitoringRoleArn: this.monitoringRole.arn } : {}),
                        performanceInsightsEnabled: insights,
                        ...insightsSettings,
                        tags: dbTags,
                    },
                    {
                        parent,
                        // Readers after the writer, so the first instance is the writer; RDS checks the monitoring role.
                        dependsOn: [...(writer ? [writer] : []), ...this.monitoringRoleAttachments],
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

        this.protectAndServe(name, r, {
            engine: r.engine,
            protectedResourceType: restoreTestingResourceTypes.cluster,
            resourceArn: this.cluster.arn,
            // The probe, its alarm and the provisioner start once the writer exists: a cluster without one answers nothing.
            address: onceWritable(this.cluster.endpoint),
            port: this.cluster.port,
            databaseIdentifier: onceWritable(this.cluster.clusterIdentifier),
            masterSecretArn: this.cluster.masterUserSecrets.apply((secrets) => secrets[0].secretArn),
        });

        this.runbook = pulumi
            .all([
                this.runbookFacts(r, this.cluster, alarmNames),
                pulumi.output({
                    endpoint: this.cluster.endpoint,
                    readerEndpoint: this.cluster.readerEndpoint,
                    instances: this.instanceIdentifiers,
                    clusterParameterGroupName: this.clusterParameterGroup.name,
                    instanceParameterGroupName: this.instanceParameterGroup.name,
                    kmsKeyArn: keyArn,
                }),
            ])
            .apply(([facts, o]) =>
                renderAuroraRunbook({
                    ...facts,
                    ...o,
                    engineLabel: `${engineLabels[r.engine]} ${r.engineVersion}`,
                    engine: r.engine,
                    instanceClass: r.instanceClass,
                    ...(r.serverless ? { serverless: r.serverless } : {}),
                    ...(r.readerAutoScaling ? { readerAutoScaling: r.readerAutoScaling } : {}),
                    ...(r.backup.backtrackWindowHours !== undefined ? { backtrackWindowHours: r.backup.backtrackWindowHours } : {}),
                    logExports: r.logs.exports,
                }),
            );

        this.registerDatabaseOutputs({
            clusterIdentifier: this.clusterIdentifier,
            arn: this.arn,
            endpoint: this.endpoint,
            readerEndpoint: this.readerEndpoint,
            port: this.port,
            instanceIdentifiers: this.instanceIdentifiers,
            runbook: this.runbook,
        });
    }
}
