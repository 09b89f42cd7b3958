// Shared by the verify tests: the state of a stack built by the real components (captured under
// the Pulumi mocks, as `pulumi stack export` would hold it), and an AWS account stood in by
// aws-sdk-client-mock that answers like a healthy production database, with response shapes from
// the AWS API references (RDS DescribeDBInstances, AWS Backup ListBackupJobs/ListCopyJobs/
// ListRestoreJobsByProtectedResource, Secrets Manager DescribeSecret, CloudWatch DescribeAlarms/
// GetMetricStatistics, SNS GetTopicAttributes, RDS DescribeEventSubscriptions). Each test breaks one thing.
import { BackupClient, ListBackupJobsCommand, ListCopyJobsCommand, ListRecoveryPointsByResourceCommand, ListRestoreJobsByProtectedResourceCommand } from "@aws-sdk/client-backup";
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import {
    CreateDBInstanceCommand,
    DBCluster,
    DBInstance,
    DeleteDBClusterCommand,
    DeleteDBInstanceCommand,
    DescribeDBClustersCommand,
    ModifyDBClusterCommand,
    RestoreDBClusterFromSnapshotCommand,
    DescribeDBInstancesCommand,
    DescribeEventSubscriptionsCommand,
    RDSClient,
    RestoreDBInstanceFromDBSnapshotCommand,
} from "@aws-sdk/client-rds";
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetTopicAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import type { ProductionDatabaseArgs } from "../../../components/production-database";
import { CapturedResource, captureResources } from "../../support/capture";
import { productionArgs } from "../../components/production-database/fixtures";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The clock of every verify test: a Sunday evening, so the daily plan (21:00 UTC) and the weekly restore test have run. */
export const now = Date.parse("2026-12-06T23:30:00Z");
export const ago = (ms: number) => new Date(now - ms);
export const isoDay = (ms: number) => ago(ms).toISOString().slice(0, 10);

/** A ProductionDatabase "orders" (postgres) with an app user, as its stack's export holds it. */
export async function componentResources(overrides: Partial<ProductionDatabaseArgs> = {}): Promise<CapturedResource[]> {
    const { ProductionDatabase } = await import("../../../components/production-database");
    const { resources } = await captureResources(
        () =>
            new ProductionDatabase(
                "orders",
                productionArgs({
                    appUsers: [{ name: "orders_app", privilege: "readwrite", databases: ["orders"] }],
                    monitoring: { alarmEmails: ["dba@example.com"] },
                    drills: { restoreTestedAt: isoDay(10 * DAY), failoverTestedAt: isoDay(20 * DAY) },
                    ...overrides,
                }),
            ),
    );
    return resources;
}

/** `pulumi stack export` of captured resources: inputs and outputs kept apart, links as URNs. */
export function exportOf(resources: readonly CapturedResource[]): object {
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-12-01T00:00:00Z", magic: "", version: "v3.259.0" },
            resources: resources.map((r) => ({
                urn: r.urn,
                custom: r.custom,
                type: r.type,
                inputs: r.inputs,
                outputs: r.outputs,
                ...(r.parent ? { parent: r.parent } : {}),
                dependencies: r.dependencies,
                propertyDependencies: r.propertyDependencies,
            })),
        },
    };
}

export interface Account {
    rds: AwsClientStub<RDSClient>;
    backup: AwsClientStub<BackupClient>;
    cloudwatch: AwsClientStub<CloudWatchClient>;
    sns: AwsClientStub<SNSClient>;
    secrets: AwsClientStub<SecretsManagerClient>;
    restore(): void;
}

const byType = (resources: readonly CapturedResource[], type: string) => resources.filter((r) => r.type === type);
const out = (r: CapturedResource, key: string) => r.outputs[key] as string;

/** What the account holds for the stack's database, in the shapes AWS returns. */
export function healthyDatabase(resources: readonly CapturedResource[]): DBInstance {
    const db = byType(resources, "aws:rds/instance:Instance")[0];
    const secret = (db.outputs.masterUserSecrets as Array<{ secretArn: string }>)[0];
    const tags = db.outputs.tags as Record<string, string>;
    return {
        DBInstanceIdentifier: out(db, "identifier"),
        DBInstanceArn: out(db, "arn"),
        DBInstanceClass: out(db, "instanceClass"),
        Engine: "postgres",
        DBInstanceStatus: "available",
        DBName: "orders",
        Endpoint: { Address: out(db, "address"), Port: 5432 },
        MultiAZ: true,
        PubliclyAccessible: false,
        StorageEncrypted: true,
        KmsKeyId: out(db, "kmsKeyId"),
        BackupRetentionPeriod: 14,
        LatestRestorableTime: ago(4 * 60_000),
        DBParameterGroups: [{ DBParameterGroupName: out(db, "parameterGroupName"), ParameterApplyStatus: "in-sync" }],
        DBSubnetGroup: { DBSubnetGroupName: out(db, "dbSubnetGroupName"), VpcId: "vpc-0a1b2c3d4e5f60718" },
        VpcSecurityGroups: (db.outputs.vpcSecurityGroupIds as string[]).map((id) => ({ VpcSecurityGroupId: id, Status: "active" })),
        MasterUserSecret: { SecretArn: secret.secretArn, SecretStatus: "active", KmsKeyId: out(db, "kmsKeyId") },
        TagList: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    };
}

/** An account where everything about the stack's database is as it should be at `now`. */
export function healthyAccount(resources: readonly CapturedResource[]): Account {
    const account: Account = {
        rds: mockClient(RDSClient),
        backup: mockClient(BackupClient),
        cloudwatch: mockClient(CloudWatchClient),
        sns: mockClient(SNSClient),
        secrets: mockClient(SecretsManagerClient),
        restore() {
            for (const c of [this.rds, this.backup, this.cloudwatch, this.sns, this.secrets]) c.restore();
        },
    };
    account.cloudwatch.on(GetMetricStatisticsCommand).resolves({
        Label: "HealthCheckSucceeded",
        Datapoints: Array.from({ length: 15 }, (_, i) => ({ Timestamp: ago((i + 1) * 60_000), Minimum: 1, Unit: "Count" })),
    });
    account.sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: "1", SubscriptionsPending: "0", SubscriptionsDeleted: "0" } });
    if (byType(resources, "aws:rds/instance:Instance").length > 0) addHealthyInstance(account, resources);
    return account;
}

/** Adds to `account` the healthy RDS instance of the captured resources, with its backups, secrets, alarms and events. */
export function addHealthyInstance(account: Account, resources: readonly CapturedResource[]): void {
    const db = healthyDatabase(resources);
    const alarms = byType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
    const topicArn = out(byType(resources, "aws:sns/topic:Topic")[0], "arn");
    const copyVault = byType(resources, "aws:backup/vault:Vault").find((v) => v.name.endsWith("copy-vault"))!;
    const restorePlan = byType(resources, "aws:backup/restoreTestingPlan:RestoreTestingPlan")[0];

    account.rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: db.DBInstanceIdentifier }).resolves({ DBInstances: [db] });
    account.rds.on(DescribeEventSubscriptionsCommand).resolves({
        EventSubscriptionsList: [
            {
                CustSubscriptionId: out(byType(resources, "aws:rds/eventSubscription:EventSubscription")[0], "name"),
                SnsTopicArn: topicArn,
                Status: "active",
                SourceType: "db-instance",
                SourceIdsList: [db.DBInstanceIdentifier!],
                EventCategoriesList: ["failure", "failover", "low storage", "maintenance"],
                Enabled: true,
            },
        ],
    });
    account.backup.on(ListBackupJobsCommand).resolves({
        BackupJobs: [
            { BackupJobId: "job-today", State: "COMPLETED", ResourceArn: db.DBInstanceArn, CreationDate: ago(2.5 * HOUR), CompletionDate: ago(2 * HOUR), ResourceType: "RDS" },
            { BackupJobId: "job-yesterday", State: "COMPLETED", ResourceArn: db.DBInstanceArn, CreationDate: ago(26.5 * HOUR), CompletionDate: ago(26 * HOUR), ResourceType: "RDS" },
        ],
    });
    account.backup.on(ListCopyJobsCommand).resolves({
        CopyJobs: [
            {
                CopyJobId: "copy-today",
                State: "COMPLETED",
                ResourceArn: db.DBInstanceArn,
                DestinationBackupVaultArn: out(copyVault, "arn"),
                CreationDate: ago(1.9 * HOUR),
                CompletionDate: ago(1.5 * HOUR),
            },
        ],
    });
    account.backup.on(ListRestoreJobsByProtectedResourceCommand).resolves({
        RestoreJobs: [
            {
                RestoreJobId: "restore-test-sunday",
                Status: "COMPLETED",
                CreationDate: ago(17 * HOUR),
                CompletionDate: ago(16 * HOUR),
                ValidationStatus: "SUCCESSFUL",
                ValidationStatusMessage: "SELECT 1 answered",
                ResourceType: "RDS",
                CreatedBy: { RestoreTestingPlanArn: out(restorePlan, "arn") },
            },
        ],
    });
    account.secrets.on(DescribeSecretCommand, { SecretId: db.MasterUserSecret!.SecretArn }).resolves({
        ARN: db.MasterUserSecret!.SecretArn,
        RotationEnabled: true,
        RotationRules: { AutomaticallyAfterDays: 7 },
        LastRotatedDate: ago(3 * DAY),
        CreatedDate: ago(40 * DAY),
        VersionIdsToStages: { "v-3": ["AWSCURRENT"], "v-2": ["AWSPREVIOUS"] },
    });
    for (const s of byType(resources, "aws:secretsmanager/secret:Secret")) {
        account.secrets
            .on(DescribeSecretCommand, { SecretId: out(s, "arn") })
            .resolves({ ARN: out(s, "arn"), Name: out(s, "name"), VersionIdsToStages: { "v-1": ["AWSCURRENT"] }, RotationEnabled: true });
    }
    const liveAlarms: MetricAlarm[] = alarms.map((a) => ({
        AlarmName: out(a, "name"),
        AlarmArn: out(a, "arn"),
        ActionsEnabled: true,
        AlarmActions: [topicArn],
        OKActions: [topicArn],
        StateValue: "OK",
        StateReason: "Threshold Crossed: 3 datapoints were not less than the threshold",
        MetricName: out(a, "metricName"),
        Namespace: out(a, "namespace"),
    }));
    account.cloudwatch.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
        MetricAlarms: liveAlarms.filter((a) => input.AlarmNames?.includes(a.AlarmName!)),
    }));
}

export const commands = {
    CreateDBInstanceCommand,
    DeleteDBClusterCommand,
    ModifyDBClusterCommand,
    RestoreDBClusterFromSnapshotCommand,
    DescribeDBInstancesCommand,
    DescribeDBClustersCommand,
    DescribeEventSubscriptionsCommand,
    RestoreDBInstanceFromDBSnapshotCommand,
    DeleteDBInstanceCommand,
    ListBackupJobsCommand,
    ListCopyJobsCommand,
    ListRestoreJobsByProtectedResourceCommand,
    ListRecoveryPointsByResourceCommand,
    DescribeSecretCommand,
    GetSecretValueCommand,
    DescribeAlarmsCommand,
    GetMetricStatisticsCommand,
    GetTopicAttributesCommand,
};

/** A ProductionAuroraCluster "ledger" (aurora-postgresql, a writer and a reader), as its stack's export holds it. */
export async function auroraResources(): Promise<CapturedResource[]> {
    const { ProductionAuroraCluster } = await import("../../../components/production-aurora-cluster");
    const { auroraArgs, auroraMocks } = await import("../../components/production-aurora-cluster/fixtures");
    const { resources } = await captureResources(
        () =>
            new ProductionAuroraCluster("ledger", auroraArgs({ monitoring: { alarmEmails: ["dba@example.com"] }, drills: { restoreTestedAt: isoDay(10 * DAY), failoverTestedAt: isoDay(20 * DAY) } })),
        { mocks: auroraMocks() },
    );
    return resources;
}

/** The captured Aurora cluster as DescribeDBClusters returns it when healthy. */
export function healthyCluster(resources: readonly CapturedResource[]): DBCluster {
    const cluster = byType(resources, "aws:rds/cluster:Cluster")[0];
    const members = byType(resources, "aws:rds/clusterInstance:ClusterInstance");
    const id = out(cluster, "clusterIdentifier");
    const tags = cluster.outputs.tags as Record<string, string>;
    const secretArn = (cluster.outputs.masterUserSecrets as Array<{ secretArn: string }>)[0].secretArn;
    return {
        DBClusterIdentifier: id,
        DBClusterArn: out(cluster, "arn"),
        Engine: "aurora-postgresql",
        EngineVersion: String(cluster.outputs.engineVersion ?? "16.4"),
        Status: "available",
        DatabaseName: String(cluster.outputs.databaseName ?? "ledger"),
        Port: 5432,
        DBSubnetGroup: out(cluster, "dbSubnetGroupName"),
        VpcSecurityGroups: ((cluster.outputs.vpcSecurityGroupIds as string[]) ?? []).map((id) => ({ VpcSecurityGroupId: id, Status: "active" })),
        StorageEncrypted: true,
        KmsKeyId: out(cluster, "kmsKeyId"),
        BackupRetentionPeriod: 14,
        LatestRestorableTime: ago(2 * 60_000),
        DBClusterParameterGroup: out(cluster, "dbClusterParameterGroupName"),
        DBClusterMembers: members.map((m, i) => ({ DBInstanceIdentifier: out(m, "identifier"), IsClusterWriter: i === 0, DBClusterParameterGroupStatus: "in-sync" })),
        MasterUserSecret: { SecretArn: secretArn, SecretStatus: "active" },
        TagList: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    };
}

/** Adds to `account` a healthy Aurora cluster for the captured resources (its instances in-sync, private). */
export function addHealthyCluster(account: Account, resources: readonly CapturedResource[]): void {
    const cluster = byType(resources, "aws:rds/cluster:Cluster")[0];
    const members = byType(resources, "aws:rds/clusterInstance:ClusterInstance");
    const id = out(cluster, "clusterIdentifier");
    const secretArn = (cluster.outputs.masterUserSecrets as Array<{ secretArn: string }>)[0].secretArn;
    account.rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: id }).resolves({ DBClusters: [healthyCluster(resources)] });
    account.rds.on(DescribeDBInstancesCommand, { Filters: [{ Name: "db-cluster-id", Values: [id] }] }).resolves({
        DBInstances: members.map((m) => ({
            DBInstanceIdentifier: out(m, "identifier"),
            DBClusterIdentifier: id,
            DBInstanceClass: out(m, "instanceClass"),
            PubliclyAccessible: false,
            DBParameterGroups: [{ DBParameterGroupName: out(m, "dbParameterGroupName"), ParameterApplyStatus: "in-sync" }],
        })),
    });
    account.secrets.on(DescribeSecretCommand, { SecretId: secretArn }).resolves({ ARN: secretArn, RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 7 }, LastRotatedDate: ago(2 * DAY) });
    const topicArn = out(byType(resources, "aws:sns/topic:Topic")[0], "arn");
    const copyVault = byType(resources, "aws:backup/vault:Vault").find((v) => v.name.endsWith("copy-vault"))!;
    const restorePlan = byType(resources, "aws:backup/restoreTestingPlan:RestoreTestingPlan")[0];
    const arn = out(cluster, "arn");
    account.backup.on(ListBackupJobsCommand, { ByResourceArn: arn }, false).resolves({ BackupJobs: [{ BackupJobId: "cluster-job", State: "COMPLETED", CreationDate: ago(2 * HOUR) }] });
    account.backup
        .on(ListCopyJobsCommand, { ByResourceArn: arn }, false)
        .resolves({ CopyJobs: [{ CopyJobId: "cluster-copy", State: "COMPLETED", DestinationBackupVaultArn: out(copyVault, "arn"), CreationDate: ago(HOUR) }] });
    account.backup.on(ListRestoreJobsByProtectedResourceCommand, { ResourceArn: arn }).resolves({
        RestoreJobs: [
            { RestoreJobId: "cluster-restore-test", Status: "COMPLETED", ValidationStatus: "SUCCESSFUL", CreationDate: ago(17 * HOUR), CreatedBy: { RestoreTestingPlanArn: out(restorePlan, "arn") } },
        ],
    });
    const alarms = byType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
    const existing = new Set(alarms.map((a) => out(a, "name")));
    account.cloudwatch.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
        MetricAlarms: (input.AlarmNames ?? []).filter((n) => existing.has(n)).map((n) => ({ AlarmName: n, ActionsEnabled: true, AlarmActions: [topicArn], StateValue: "OK" })),
    }));
    account.rds.on(DescribeEventSubscriptionsCommand).resolves({
        EventSubscriptionsList: [{ CustSubscriptionId: "ledger-events", SnsTopicArn: topicArn, Status: "active", SourceType: "db-cluster", SourceIdsList: [id], Enabled: true }],
    });
}
