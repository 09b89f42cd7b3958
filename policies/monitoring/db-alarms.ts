import { z } from "zod";
import { engineFamily } from "../../aws-facts/rds";
import { isMultiAzDbCluster } from "../../aws-facts/capacity";
import { auroraCoreMetrics, auroraReplicaLagMetric, rdsDimensions, rdsInstanceCoreMetrics, rdsNamespace, replicaLagMetric } from "../../aws-facts/metrics";
import { types } from "../../aws-facts/resource-types";
import { databaseRole } from "../lib/databases";
import { defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asString } from "../lib/values";
import { awsIdentifierOf, clusterMembers, identifierProperty, isAutoNamedIdentifier } from "../lib/database-links";
import { AlarmIndex, WatchedMetric, alarmIndex, dimensionsKnown, isMetric, metricsOfDatabase } from "./alarm-index";
import { keyValueStoreTypes, reportOn } from "../lib/key-value-stores";
import { checkStoreAlarms, defaultStoreMetrics } from "./key-value-stores";

/** A list of metric requirements for one kind of key-value store: each entry is met by an alarm on any one of its metrics. */
const storeMetricList = (defaults: readonly (readonly string[])[], what: string) =>
    z
        .array(z.array(z.string().min(1)).min(1))
        .default(defaults.map((names) => [...names]))
        .describe(`Metrics ${what} needs an alarm with actions on; each entry lists alternatives, any one of which is enough.`);
import { alarmTypes, checkDocdbNeptuneRedshiftAlarms } from "../engines/alarms";
import { docdbAlarmMetrics } from "../../aws-facts/docdb";
import { neptuneAlarmMetrics } from "../../aws-facts/neptune";
import { redshiftAlarmMetrics } from "../../aws-facts/redshift";

/** How well one metric is watched, worst to best. */
enum Rank {
    Missing = 0,
    /** Alarms exist, but none has actions. */
    Silent = 1,
    /** Not known until deployment (an alarm's actions, metric or the database identifier are unknown). */
    Pending = 2,
    Notifies = 3,
}

interface Coverage {
    rank: Rank;
    /** Silent: the alarms without actions; Pending: what is unknown. */
    about: string[];
}

const missing: Coverage = { rank: Rank.Missing, about: [] };

function coverageOf(index: AlarmIndex, metrics: readonly WatchedMetric[], metricName: string): Coverage {
    let best = missing;
    for (const m of metrics) {
        const isWanted = isMetric(m, rdsNamespace, [metricName]);
        if (isWanted === false) continue;
        const notifies = index.notifies(m.alarm);
        const c: Coverage = !dimensionsKnown(m)
            ? { rank: Rank.Pending, about: [`dimensions of ${m.alarm.label}`] }
            : isWanted === true && notifies === true
              ? { rank: Rank.Notifies, about: [] }
              : isWanted === UNKNOWN
                ? { rank: Rank.Pending, about: [`namespace and metricName of ${m.alarm.label}`] }
                : notifies === UNKNOWN
                  ? { rank: Rank.Pending, about: [`alarmActions of ${m.alarm.label}`] }
                  : { rank: Rank.Silent, about: [m.alarm.label] };
        best = better(best, c);
    }
    return best;
}

function better(a: Coverage, b: Coverage): Coverage {
    if (a.rank !== b.rank) return a.rank > b.rank ? a : b;
    return { rank: a.rank, about: [...new Set([...a.about, ...b.about])] };
}

function worse(a: Coverage, b: Coverage): Coverage {
    if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
    return { rank: a.rank, about: [...new Set([...a.about, ...b.about])] };
}

/** What a database needs alarms on, and where an alarm may be (its dimension, or its instances'). */
interface Watch {
    metric: string;
    coverage: Coverage;
}

export const dbAlarms = defineStackPolicy({
    name: "db-alarms",
    checklistItem: "monitoring",
    description: "Each database has CloudWatch alarms that notify someone on storage, connections, CPU and memory, plus replica lag where replicas exist.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        'For each metric, add an aws.cloudwatch.MetricAlarm with `namespace: "AWS/RDS"`, `metricName`, a threshold and `alarmActions: [alerts.arn]` (an SNS topic someone is subscribed to). ' +
        "RDS instances and read replicas: `dimensions: { DBInstanceIdentifier: db.identifier }` on FreeStorageSpace, DatabaseConnections, CPUUtilization, FreeableMemory, and ReplicaLag on each read replica. " +
        "Aurora clusters: `dimensions: { DBClusterIdentifier: cluster.clusterIdentifier }` on FreeLocalStorage (Aurora has no FreeStorageSpace: its volume grows by itself), DatabaseConnections, CPUUtilization, FreeableMemory, " +
        "and AuroraReplicaLag once the cluster has a reader. Do not set `actionsEnabled: false`. " +
        'DynamoDB tables: namespace "AWS/DynamoDB", dimension TableName, on throttling (ThrottledRequests, ReadThrottleEvents or WriteThrottleEvents) and SystemErrors. ' +
        'ElastiCache ("AWS/ElastiCache", CacheClusterId of the cluster or of a replication group\'s nodes): EngineCPUUtilization (or CPUUtilization), DatabaseMemoryUsagePercentage (or FreeableMemory), Evictions, CurrConnections, ' +
        "and ReplicationLag where the group has replicas (Memcached: CPUUtilization, FreeableMemory, Evictions, CurrConnections); serverless caches (dimension clusterId): ThrottledCmds, BytesUsedForCache, ElastiCacheProcessingUnits. " +
        'MemoryDB ("AWS/MemoryDB", ClusterName): EngineCPUUtilization, DatabaseMemoryUsagePercentage, CurrConnections.' +
        ' DocumentDB clusters: `namespace: "AWS/DocDB"`, Neptune clusters: `"AWS/Neptune"` (both by DBClusterIdentifier), Redshift clusters: `"AWS/Redshift"` ' +
        "by ClusterIdentifier, on the metrics listed in docdbMetrics, neptuneMetrics and redshiftMetrics (Redshift: PercentageDiskSpaceUsed and HealthStatus among them). " +
        'Alarms without actions of their own count when an aws.cloudwatch.CompositeAlarm with alarmActions fires on them (e.g. `alarmRule: \'ALARM("orders-cpu") OR ALARM("orders-storage")\'`), as AWS recommends to cut alarm noise.',
    peers: [],
    config: {
        instanceMetrics: z
            .array(z.string().min(1))
            .default([...rdsInstanceCoreMetrics])
            .describe("AWS/RDS metrics each RDS instance, read replica and Multi-AZ DB cluster needs an alarm with actions on."),
        auroraMetrics: z
            .array(z.string().min(1))
            .default([...auroraCoreMetrics])
            .describe("AWS/RDS metrics each Aurora cluster needs an alarm with actions on (by DBClusterIdentifier, or on every cluster instance by DBInstanceIdentifier)."),
        replicaLag: z
            .boolean()
            .default(true)
            .describe(
                "Also require ReplicaLag on read replicas and AuroraReplicaLag on Aurora clusters with two or more instances (and ReplicationLag on ElastiCache replication groups with replicas).",
            ),
        dynamodbMetrics: storeMetricList(defaultStoreMetrics.dynamodbMetrics, "each DynamoDB table (AWS/DynamoDB, dimension TableName)"),
        elasticacheMetrics: storeMetricList(defaultStoreMetrics.elasticacheMetrics, "each ElastiCache Redis OSS / Valkey replication group or cluster (AWS/ElastiCache, CacheClusterId of a node)"),
        memcachedMetrics: storeMetricList(defaultStoreMetrics.memcachedMetrics, "each ElastiCache Memcached cluster (AWS/ElastiCache, CacheClusterId)"),
        serverlessCacheMetrics: storeMetricList(defaultStoreMetrics.serverlessCacheMetrics, "each ElastiCache serverless cache (AWS/ElastiCache, dimension clusterId)"),
        memorydbMetrics: storeMetricList(defaultStoreMetrics.memorydbMetrics, "each MemoryDB cluster (AWS/MemoryDB, dimension ClusterName)"),
        docdbMetrics: z
            .array(z.string().min(1))
            .default([...docdbAlarmMetrics.metrics])
            .describe("AWS/DocDB metrics each DocumentDB cluster needs an alarm with actions on (by DBClusterIdentifier)."),
        neptuneMetrics: z
            .array(z.string().min(1))
            .default([...neptuneAlarmMetrics.metrics])
            .describe("AWS/Neptune metrics each Neptune cluster needs an alarm with actions on (by DBClusterIdentifier)."),
        redshiftMetrics: z
            .array(z.string().min(1))
            .default([...redshiftAlarmMetrics.metrics])
            .describe("AWS/Redshift metrics each Redshift cluster needs an alarm with actions on (by ClusterIdentifier)."),
    },
    judges: [types.instance, types.cluster, types.dynamodbTable, types.elasticacheReplicationGroup, types.elasticacheCluster, types.elasticacheServerlessCache, types.memorydbCluster, ...alarmTypes],
    check(stack, config, report) {
        for (const db of stack.ofType(...keyValueStoreTypes)) checkStoreAlarms(stack, db, config, reportOn(report, db));
        const index = alarmIndex(stack);
        const members = clusterMembers(stack);

        /** Alarms on the database's own dimension. */
        const own = (db: ResourceUnderCheck, key: string, metric: string): Coverage => {
            const coverage = coverageOf(index, metricsOfDatabase(index, db, key), metric);
            // With no identifier yet and no alarm that depends on the database, the answer waits.
            if (coverage.rank === Rank.Missing && awsIdentifierOf(db) === UNKNOWN) return { rank: Rank.Pending, about: [`${identifierProperty(db)} of ${db.label}`] };
            return coverage;
        };

        for (const db of stack.ofType(types.instance, types.cluster)) {
            const role = databaseRole(db);
            if (role === "aurora-member") continue;
            const watches: Watch[] = [];
            let dimensionText: string;
            if (db.type === types.instance) {
                const metrics = [...config.instanceMetrics];
                if (role === "read-replica" && config.replicaLag) metrics.push(replicaLagMetric);
                for (const metric of metrics) watches.push({ metric, coverage: own(db, rdsDimensions.instance, metric) });
                dimensionText = `dimension ${rdsDimensions.instance} = ${identifierText(db)}`;
            } else {
                const engine = asString(db.get("engine"));
                if (engine === UNKNOWN) {
                    report.unknown(db, "engine");
                    continue;
                }
                const aurora = !isMultiAzDbCluster(typeof engine === "string" ? engineFamily(engine) : undefined);
                const clusterInstances = aurora ? members.of(db) : [];
                const onMembers = (metric: string, all: boolean): Coverage => {
                    if (clusterInstances.length === 0) return missing;
                    const each = clusterInstances.map((m) => own(m, rdsDimensions.instance, metric));
                    return each.reduce(all ? worse : better);
                };
                const metrics = aurora ? config.auroraMetrics : config.instanceMetrics;
                for (const metric of metrics) {
                    watches.push({ metric, coverage: better(own(db, rdsDimensions.cluster, metric), onMembers(metric, true)) });
                }
                if (aurora && config.replicaLag && clusterInstances.length >= 2) {
                    const metric = auroraReplicaLagMetric;
                    watches.push({ metric, coverage: better(own(db, rdsDimensions.cluster, metric), onMembers(metric, false)) });
                }
                dimensionText = `dimension ${rdsDimensions.cluster} = ${identifierText(db)}` + (clusterInstances.length > 0 ? `, or ${rdsDimensions.instance} of every cluster instance` : "");
            }

            const unwatched = watches.filter((w) => w.coverage.rank <= Rank.Silent);
            if (unwatched.length > 0) {
                const silent = unwatched.flatMap((w) => w.coverage.about);
                report.violation(db, {
                    property: "metrics with no alarm that notifies",
                    seen: unwatched.map((w) => w.metric),
                    wanted:
                        `an aws.cloudwatch.MetricAlarm with alarmActions on each of ${watches.map((w) => w.metric).join(", ")} ` +
                        `(namespace "${rdsNamespace}", ${dimensionText})` +
                        (silent.length > 0
                            ? `; ${silent.join(", ")} ${silent.length === 1 ? "has" : "have"} no alarmActions (or actionsEnabled false) and no aws.cloudwatch.CompositeAlarm with alarmActions fires on ${silent.length === 1 ? "it" : "them"}`
                            : ""),
                    fix:
                        `for each metric listed, add an aws.cloudwatch.MetricAlarm with \`namespace: "${rdsNamespace}"\`, \`metricName\`, ` +
                        `\`dimensions: { ${db.type === types.cluster ? rdsDimensions.cluster : rdsDimensions.instance}: ${db.type === types.cluster ? "cluster.clusterIdentifier" : "db.identifier"} }\`, ` +
                        "a threshold and `alarmActions: [alerts.arn]` (an SNS topic someone is subscribed to); " +
                        'or keep alarms without actions and add an aws.cloudwatch.CompositeAlarm with `alarmActions: [alerts.arn]` and an `alarmRule` such as `ALARM("<alarm name>") OR ALARM("<other alarm>")`.',
                });
                continue;
            }
            const pending = watches.filter((w) => w.coverage.rank === Rank.Pending).flatMap((w) => w.coverage.about);
            if (pending.length > 0) report.unknown(db, [...new Set(pending)].join(", "));
        }
        checkDocdbNeptuneRedshiftAlarms(stack, config, report);
    },
});

function identifierText(db: ResourceUnderCheck): string {
    const id = awsIdentifierOf(db);
    return typeof id === "string" && !isAutoNamedIdentifier(db, id) ? JSON.stringify(id) : `its ${identifierProperty(db)}`;
}
