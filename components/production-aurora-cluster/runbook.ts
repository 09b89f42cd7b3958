// The runbook of one Aurora cluster, as Markdown, with its real names filled in: fail over to a
// reader, rewind (Aurora MySQL backtrack), restore to a point in time (a new cluster, then its
// instances: Aurora restores the storage only), restore a snapshot, rotate credentials. A pure
// function of the cluster's facts, tested without the engine.
import { operationalTagKeys } from "../../contract";
import {
    DatabaseRunbookFacts,
    alarmsSection,
    cli,
    code,
    logsSection,
    openingSections,
    protectionRows,
    restoreFromSnapshotSection,
    restoreTestResultsSection,
    rotateCredentialsSection,
} from "../shared/runbook";

export interface AuroraRunbookFacts extends DatabaseRunbookFacts {
    /** "Aurora PostgreSQL 16" */
    engineLabel: string;
    /** The RDS engine value, e.g. "aurora-postgresql". */
    engine: string;
    /** The writer (cluster) endpoint. */
    endpoint: string;
    readerEndpoint: string;
    /** The instances the stack declares, the writer first as created; roles change at each failover. */
    instances: string[];
    instanceClass: string;
    serverless?: { minCapacity: number; maxCapacity: number };
    readerAutoScaling?: { minReaders: number; maxReaders: number };
    backtrackWindowHours?: number;
    clusterParameterGroupName: string;
    instanceParameterGroupName: string;
    kmsKeyArn: string;
    /** The log types exported to CloudWatch Logs, and their groups. */
    logExports: string[];
}

export function renderAuroraRunbook(f: AuroraRunbookFacts): string {
    const region: Array<[string, string]> = [["--region", f.region]];
    const restored = `${f.identifier}-restored`;
    const clusterPlacement: Array<[string, string?]> = [
        ["--db-subnet-group-name", f.subnetGroupName],
        ["--vpc-security-group-ids", f.securityGroupId],
        ["--db-cluster-parameter-group-name", f.clusterParameterGroupName],
        ["--kms-key-id", f.kmsKeyArn],
        ["--enable-cloudwatch-logs-exports", f.logExports.join(" ")],
        ...(f.serverless ? [["--serverless-v2-scaling-configuration", `MinCapacity=${f.serverless.minCapacity},MaxCapacity=${f.serverless.maxCapacity}`] as [string, string]] : []),
        ["--enable-iam-database-authentication"],
        ["--copy-tags-to-snapshot"],
        ["--deletion-protection"],
    ];
    const restoredInstances = (f.instances.length > 1 ? [1, 2] : [1]).map((n) => `${restored}-${n}`);
    // Once the restored cluster is available: Aurora restores the storage only.
    const createInstances = [
        `aws rds wait db-cluster-available --db-cluster-identifier ${restored} --region ${f.region}`,
        "",
        ...restoredInstances.flatMap((instance) => [
            ...cli("rds create-db-instance", [
                ["--db-instance-identifier", instance],
                ["--db-cluster-identifier", restored],
                ["--engine", f.engine],
                ["--db-instance-class", f.instanceClass],
                ["--db-parameter-group-name", f.instanceParameterGroupName],
                ["--no-publicly-accessible"],
                ...region,
            ]),
            `aws rds wait db-instance-available --db-instance-identifier ${instance} --region ${f.region}`,
        ]),
    ];
    const capacity = f.serverless ? `Aurora Serverless v2, ${f.serverless.minCapacity}-${f.serverless.maxCapacity} ACUs per instance` : f.instanceClass;
    const readers = f.instances.length - 1;
    const lines: string[] = [
        ...openingSections(f, {
            what: `${f.engineLabel} cluster`,
            risky: `failover${f.backtrackWindowHours ? ", backtrack" : ""} or restore`,
            faultInside: "Aurora (storage, an instance that does not recover, an event you cannot explain)",
            arnOf: "cluster",
        }),
        `| Writer endpoint | \`${f.endpoint}\` (port ${f.port}) |`,
        `| Reader endpoint | \`${f.readerEndpoint}\` (port ${f.port}) |`,
        `| Database | \`${f.databaseName}\` |`,
        `| Cluster | \`${f.arn}\` |`,
        `| Instances | ${f.instances.map((i) => `\`${i}\``).join(", ")} (${capacity}) |`,
        `| Master user | \`${f.masterUsername}\`, password in Secrets Manager \`${f.masterSecretArn}\` (RDS rotates it) |`,
        `| Availability | ${readers > 0 ? `${readers === 1 ? "a reader in another Availability Zone" : `${readers} readers spread over the subnets' Availability Zones`}; Aurora promotes one when the writer fails` : "**One instance**: no reader to fail over to; Aurora recreates the writer after a failure (minutes)"} |`,
        ...(f.readerAutoScaling
            ? [`| Reader auto scaling | ${f.readerAutoScaling.minReaders}-${f.readerAutoScaling.maxReaders} readers on the readers' average CPU (added readers are named application-autoscaling-*) |`]
            : []),
        `| Automated backups | ${f.backupRetentionDays} days of point-in-time restore; daily window ${f.backupWindow} UTC |`,
        ...(f.backtrackWindowHours ? [`| Backtrack | the cluster can be rewound in place up to ${f.backtrackWindowHours} hours |`] : []),
        `| Maintenance | ${f.maintenanceWindow} UTC |`,
        ...protectionRows(f, "the writer endpoint"),
        "",
        ...alarmsSection(f.alarmNames, "Check the health check and the RDS events of the cluster and its instances first; see which instance is the writer now:", [
            `aws rds describe-db-clusters --db-cluster-identifier ${f.identifier} --query 'DBClusters[0].DBClusterMembers' --region ${f.region}`,
            ...cli("rds describe-events", [["--source-type", "db-cluster"], ["--source-identifier", f.identifier], ["--duration", "360"], ...region]),
            ...f.instances.flatMap((i) => cli("rds describe-events", [["--source-type", "db-instance"], ["--source-identifier", i], ["--duration", "360"], ...region])),
        ]),
        "## Fail over",
        "",
        ...(readers > 0
            ? [
                  "Failing over promotes a reader to writer (about 30 seconds of errors for writes). Do it when the writer's Availability Zone is impaired, and as a drill. " +
                      "Name the reader to promote, or leave `--target-db-instance-identifier` out to let Aurora choose by promotion tier.",
                  "",
                  ...code([
                      ...cli("rds failover-db-cluster", [["--db-cluster-identifier", f.identifier], ["--target-db-instance-identifier", f.instances[1]], ...region]),
                      `aws rds wait db-cluster-available --db-cluster-identifier ${f.identifier} --region ${f.region}`,
                  ]),
                  "",
                  `The writer endpoint \`${f.endpoint}\` follows the new writer; clients reconnect (keep DNS caching short). ` +
                      `Record the drill date in the cluster's \`${operationalTagKeys.failoverTestedAt}\` tag (the component's \`drills.failoverTestedAt\`).`,
              ]
            : ["This cluster has **one instance**: there is no reader to fail over to. Restore to a point in time instead (below), and add a reader (`instances: 2`)."]),
        "",
        ...(f.backtrackWindowHours
            ? [
                  "## Backtrack (rewind in place)",
                  "",
                  `Use this after bad data within the last ${f.backtrackWindowHours} hours: the cluster itself goes back to that moment (a short outage; everything written since is lost). ` +
                      "Stop the applications' writes first.",
                  "",
                  ...code([
                      `aws rds describe-db-clusters --db-cluster-identifier ${f.identifier} --query 'DBClusters[0].EarliestBacktrackTime' --region ${f.region}`,
                      ...cli("rds backtrack-db-cluster", [["--db-cluster-identifier", f.identifier], ["--backtrack-to", "2025-01-31T09:30:00Z"], ...region]),
                      `aws rds describe-db-cluster-backtracks --db-cluster-identifier ${f.identifier} --region ${f.region}`,
                  ]),
                  "",
              ]
            : []),
        "## Restore to a point in time",
        "",
        "Use this after bad data (a wrong migration, a deleted table) to get a copy of the database as it was at that moment. " +
            "Aurora restores the cluster's storage only: create its instances afterwards.",
        "",
        ...code([
            `aws rds describe-db-clusters --db-cluster-identifier ${f.identifier} --query 'DBClusters[0].LatestRestorableTime' --region ${f.region}`,
            "",
            ...cli("rds restore-db-cluster-to-point-in-time", [
                ["--source-db-cluster-identifier", f.identifier],
                ["--db-cluster-identifier", restored],
                ["--restore-to-time", "2025-01-31T09:30:00Z"],
                ...clusterPlacement,
                ...region,
            ]),
            ...createInstances,
        ]),
        "",
        `Check the data on \`${restored}\` (same master user and password), then copy the rows back or point the applications at its endpoint. ` +
            "The restored cluster is not managed by this stack: agree with the owner how it replaces the original (copy the data back, or import it with `pulumi import`).",
        "",
        ...restoreFromSnapshotSection(f, {
            listSnapshots: `aws rds describe-db-cluster-snapshots --db-cluster-identifier ${f.identifier} --region ${f.region}`,
            restore: [
                ...cli("rds restore-db-cluster-from-snapshot", [
                    ["--snapshot-identifier", "<cluster snapshot identifier or ARN>"],
                    ["--db-cluster-identifier", restored],
                    ["--engine", f.engine],
                    ...clusterPlacement,
                    ...region,
                ]),
                ...createInstances,
            ],
            copyNeeds: ", and a subnet group, security group, parameter groups and KMS key",
        }),
        ...restoreTestResultsSection(f.backup, f.region),
        ...rotateCredentialsSection(f),
        ...logsSection(f.logGroups[0] ?? `/aws/rds/cluster/${f.identifier}`, f.region),
    ];
    return lines.join("\n");
}
