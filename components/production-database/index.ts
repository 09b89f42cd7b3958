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
import { componentInputs, resolveOptionsOf } from "../shared/args";
import { DatabaseComponent, recoverableWhenDeleted } from "../shared/database-component";
import { eventSubscription } from "../shared/events";
import { auditOptionGroup, databaseParameters, parameterGroup } from "../shared/parameters";
import { operationalTags, renderRunbook } from "../shared/runbook";
import { ProductionDatabaseArgs, resolveArgs } from "./args";
import { engineLabels } from "./engines";

export { ProductionDatabaseArgumentError } from "./args";
export type { ProductionDatabaseArgs, AppUser } from "./args";
export type { ConnectionPool } from "../shared/capacity";

export const productionDatabaseType = componentTypes.productionDatabase;

export { operationalTagKeys };

export class ProductionDatabase extends DatabaseComponent {
    public readonly instance: aws.rds.Instance;
    public readonly parameterGroup: aws.rds.ParameterGroup;
    /** MySQL and MariaDB: the audit plugin. */
    public readonly optionGroup?: aws.rds.OptionGroup;
    public readonly alarms: aws.cloudwatch.MetricAlarm[];
    public readonly eventSubscription: aws.rds.EventSubscription;

    public readonly identifier: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    /** "host:port" */
    public readonly endpoint: pulumi.Output<string>;
    public readonly address: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    /** The runbook, as Markdown, with this database's names filled in. */
    public readonly runbook: pulumi.Output<string>;

    constructor(name: string, args: ProductionDatabaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
        // Checked before anything is registered: a bad argument never leaves half a database.
        const r = resolveArgs(name, args, resolveOptionsOf(opts));
        const label = `${engineLabels[r.engine]} ${r.identifier}`;
        // The port is not registered (the cluster component registers it).
        super(productionDatabaseType, name, r, componentInputs(r, ["port"]), { description: label, logKind: "instance" }, opts);

        const tags = r.tags;
        const parent = this;
        const keyArn = this.keyArn;

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
                ...recoverableWhenDeleted(r),

                enabledCloudwatchLogsExports: r.logs.exports,
                monitoringInterval: r.monitoring.enhancedMonitoringInterval,
                ...(this.monitoringRole ? { monitoringRoleArn: this.monitoringRole.arn } : {}),
                performanceInsightsEnabled: insights,
                ...(insights ? { performanceInsightsKmsKeyId: keyArn, performanceInsightsRetentionPeriod: 7 } : {}),

                tags: operationalTags(r),
            },
            {
                parent,
                protect: r.protect,
                // RDS would create the log groups itself, with no retention, and check the monitoring role.
                dependsOn: [...this.logGroups, ...this.monitoringRoleAttachments],
            },
        );

        this.identifier = this.instance.identifier;
        this.arn = this.instance.arn;
        this.endpoint = this.instance.endpoint;
        this.address = this.instance.address;
        this.port = this.instance.port;
        const topicArn = this.alarmTopicArn;

        const alarmDefinitions = instanceAlarmDefinitions(
            { maxConnections: r.connections.maxConnections, allocatedGiB: r.storage.allocatedGiB, memoryBytes: r.monitoring.memoryBytes },
            r.monitoring.alarms,
        );
        this.alarms = metricAlarms(name, alarmDefinitions, { identifier: r.identifier, dimensions: instanceDimensions(this.instance.identifier), topicArn, runbookUrl: r.runbook.url, tags }, parent);
        this.eventSubscription = eventSubscription(name, { sourceType: "db-instance", sourceIds: [this.instance.identifier], topicArn, tags }, parent);

        this.protectAndServe(name, r, {
            engine: r.engine,
            protectedResourceType: restoreTestingResourceTypes.instance,
            resourceArn: this.instance.arn,
            address: this.instance.address,
            port: this.instance.port,
            databaseIdentifier: this.instance.identifier,
            masterSecretArn: this.instance.masterUserSecrets.apply((secrets) => secrets[0].secretArn),
        });

        const alarmNames = alarmDefinitions.map((d) => alarmName(r.identifier, d.key));
        this.runbook = pulumi
            .all([this.runbookFacts(r, this.instance, alarmNames), this.instance.address, this.parameterGroup.name, this.optionGroup?.name])
            .apply(([facts, address, parameterGroupName, optionGroupName]) =>
                renderRunbook({
                    ...facts,
                    engine: `${engineLabels[r.engine]} ${r.engineVersion}`,
                    endpoint: address,
                    multiAz: r.multiAz,
                    parameterGroupName,
                    ...(optionGroupName ? { optionGroupName } : {}),
                }),
            );

        this.registerDatabaseOutputs({
            identifier: this.identifier,
            arn: this.arn,
            endpoint: this.endpoint,
            address: this.address,
            port: this.port,
            runbook: this.runbook,
        });
    }
}
