// The config checklist for ElastiCache and MemoryDB: automatic minor upgrades in a chosen window,
// fixed-performance node types, and names that are not a throwaway's. Called by db-minor-upgrades,
// db-instance-class and db-no-test-database for these types.
import { elasticacheDefaults, isBurstableNodeType, memorydbDefaults, standaloneRedisClusterLimits } from "../../aws-facts/elasticache";
import { types } from "../../aws-facts/resource-types";
import { ResourceReport, StackReport } from "../lib/define";
import { cacheEngineOf, keyValueRole } from "../lib/key-value-stores";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asBoolean, asNumber, asString, indexedObjects, isInvalid } from "../lib/values";
import { argsOf } from "../lib/databases";

/** Node-based caches own their engine version and maintenance window (serverless caches are upgraded by AWS). */
export const upgradedStoreTypes = [types.elasticacheReplicationGroup, types.elasticacheCluster, types.memorydbCluster] as const;

/** What ElastiCache and MemoryDB do with no maintenance window. */
const unsetCacheMaintenanceWindow = "AWS picks a random weekly 60-minute window, which may fall in business hours";

function ownsUpgrades(db: ResourceUnderCheck): boolean {
    const role = keyValueRole(db);
    return role === "replication-group" || role === "cache-cluster" || role === "memorydb-cluster";
}

function upgradesOff(db: ResourceUnderCheck): boolean | typeof UNKNOWN {
    const value = asBoolean(db.get("autoMinorVersionUpgrade"));
    if (value === UNKNOWN) return UNKNOWN;
    return !(value === undefined || value === true);
}

export function checkStoreMinorUpgrades(db: ResourceUnderCheck, report: ResourceReport): void {
    if (!ownsUpgrades(db)) return;
    const raw = db.get("autoMinorVersionUpgrade");
    const off = upgradesOff(db);
    // aws.elasticache.Cluster takes the flag as a string ("true"/"false").
    const on = db.type === types.elasticacheCluster ? '"true"' : "true";
    if (off === UNKNOWN) report.unknown("autoMinorVersionUpgrade");
    else if (off) {
        report.violation({
            property: "autoMinorVersionUpgrade",
            seen: raw,
            wanted: `${on} (unset means ${elasticacheDefaults.autoMinorVersionUpgrade})`,
            fix: `set \`autoMinorVersionUpgrade: ${on}\` (or remove it) in ${argsOf(db)}.`,
        });
    }
    const rawWindow = db.get("maintenanceWindow");
    const window = asString(rawWindow);
    if (window === UNKNOWN) return report.unknown("maintenanceWindow");
    if (typeof window === "string" && window.trim() !== "") return;
    report.violation({
        property: "maintenanceWindow",
        seen: rawWindow,
        wanted: `a weekly window in UTC, e.g. "sun:05:00-sun:06:00"${rawWindow === undefined ? ` (unset: ${unsetCacheMaintenanceWindow})` : ""}`,
        fix: `set \`maintenanceWindow: "sun:05:00-sun:06:00"\` (a quiet hour for this cache, UTC) in ${argsOf(db)}.`,
    });
}

export function remediateStoreMinorUpgrades(db: ResourceUnderCheck): Record<string, unknown> | undefined {
    if (!ownsUpgrades(db) || upgradesOff(db) !== true) return undefined;
    return { autoMinorVersionUpgrade: db.type === types.elasticacheCluster ? "true" : true };
}

export function checkStoreNodeType(db: ResourceUnderCheck, allowed: readonly string[], report: ResourceReport): void {
    if (!ownsUpgrades(db)) return;
    const raw = db.get("nodeType");
    const nodeType = asString(raw);
    if (nodeType === UNKNOWN) return report.unknown("nodeType");
    if (isInvalid(nodeType))
        return report.violation({ property: "nodeType", seen: raw, wanted: 'a node type name such as "cache.m7g.large"', fix: `set \`nodeType\` to a node type name in ${argsOf(db)}.` });
    if (nodeType === undefined) return;
    const t = nodeType.trim().toLowerCase();
    if (!isBurstableNodeType(t) || allowed.some((a) => a.trim().toLowerCase() === t)) return;
    const suggestion = db.type === types.memorydbCluster ? "db.r7g.large" : "cache.r7g.large";
    report.violation({
        property: "nodeType",
        seen: raw,
        wanted: "a fixed-performance node type (burstable t-family nodes are throttled when CPU credits run out)",
        fix: `set \`nodeType: "${suggestion}"\` (or another fixed-performance node type sized for the data) in ${argsOf(db)}.`,
    });
}

/** The names each store is known by. */
export const storeNameProperties: Record<string, readonly string[]> = {
    [types.dynamodbTable]: ["name"],
    [types.elasticacheReplicationGroup]: ["replicationGroupId"],
    [types.elasticacheCluster]: ["clusterId"],
    [types.elasticacheServerlessCache]: ["name"],
    [types.memorydbCluster]: ["name"],
};

/**
 * Surviving the loss of an Availability Zone. Replication groups: automatic failover and Multi-AZ
 * on, with at least one replica (per shard with cluster mode on). Memcached clusters: nodes across
 * zones (azMode "cross-az", two nodes or more). MemoryDB: at least one replica per shard. A
 * standalone Redis OSS cluster is a single node. DynamoDB tables and serverless caches are Multi-AZ
 * by design.
 */
export function checkStoreMultiAz(db: ResourceUnderCheck, report: ResourceReport): void {
    const role = keyValueRole(db);
    const args = argsOf(db);
    if (role === "memorydb-cluster") {
        const raw = db.get("numReplicasPerShard");
        const replicas = asNumber(raw);
        if (replicas === UNKNOWN) return report.unknown("numReplicasPerShard");
        const effective = replicas === undefined ? memorydbDefaults.numReplicasPerShard : isInvalid(replicas) ? 0 : replicas;
        if (effective >= 1) return;
        return report.violation({
            property: "numReplicasPerShard",
            seen: raw,
            wanted: "at least 1, a replica in another Availability Zone that takes over when the primary fails",
            fix: `set \`numReplicasPerShard: 1\` (or more) in ${args}.`,
        });
    }
    if (role === "cache-cluster") {
        const engine = cacheEngineOf(db);
        if (engine === UNKNOWN) return report.unknown("engine");
        if (engine !== "memcached") {
            if (engine === undefined) return;
            return report.violation({
                property: "engine",
                seen: db.get("engine"),
                wanted: `a cache that survives the loss of its node's zone: a standalone ${engine} aws.elasticache.Cluster is one node (${standaloneRedisClusterLimits})`,
                fix: `replace the aws.elasticache.Cluster ${JSON.stringify(db.name)} with an aws.elasticache.ReplicationGroup with \`numCacheClusters: 2\`, \`automaticFailoverEnabled: true\` and \`multiAzEnabled: true\`.`,
            });
        }
        const rawMode = db.get("azMode");
        const mode = asString(rawMode);
        const rawNodes = db.get("numCacheNodes");
        const nodes = asNumber(rawNodes);
        if (mode === UNKNOWN || nodes === UNKNOWN) return report.unknown(mode === UNKNOWN ? "azMode" : "numCacheNodes");
        if (mode !== "cross-az") {
            report.violation({
                property: "azMode",
                seen: rawMode,
                wanted: `"cross-az", nodes spread over Availability Zones${mode === undefined ? ` (unset means "${elasticacheDefaults.azMode}")` : ""}`,
                fix: `set \`azMode: "cross-az"\` and \`numCacheNodes: 2\` (or more) in ${args}.`,
            });
        }
        if (typeof nodes !== "number" || nodes < 2) {
            report.violation({
                property: "numCacheNodes",
                seen: rawNodes,
                wanted: "at least 2 nodes, in different Availability Zones",
                fix: `set \`numCacheNodes: 2\` (or more) with \`azMode: "cross-az"\` in ${args}.`,
            });
        }
        return;
    }
    if (role !== "replication-group") return;
    for (const property of ["automaticFailoverEnabled", "multiAzEnabled"] as const) {
        const raw = db.get(property);
        const value = asBoolean(raw);
        if (value === UNKNOWN) {
            report.unknown(property);
            continue;
        }
        if (value === true) continue;
        report.violation({
            property,
            seen: raw,
            wanted: `true${raw === undefined ? ` (unset means ${elasticacheDefaults[property]})` : ""}, so a replica in another Availability Zone is promoted when the primary fails`,
            fix: `set \`automaticFailoverEnabled: true\` and \`multiAzEnabled: true\` (with \`numCacheClusters: 2\` or more, or \`replicasPerNodeGroup: 1\` with cluster mode) in ${args}.`,
        });
    }
    checkReplicaCount(db, report);
}

/** A replication group needs a replica: numCacheClusters >= 2, or replicas per node group with cluster mode on. */
function checkReplicaCount(db: ResourceUnderCheck, report: ResourceReport): void {
    const args = argsOf(db);
    const groups = db.get("nodeGroupConfigurations");
    if (groups !== undefined) {
        for (const [i, group] of indexedObjects(groups).objects) {
            if (group === UNKNOWN) return report.unknown(`nodeGroupConfigurations[${i}]`);
            const count = asNumber(group.replicaCount);
            if (count === UNKNOWN) return report.unknown(`nodeGroupConfigurations[${i}].replicaCount`);
            if (typeof count !== "number" || count < 1) {
                report.violation({
                    property: `nodeGroupConfigurations[${i}].replicaCount`,
                    seen: group.replicaCount,
                    wanted: "at least 1 replica in the shard",
                    fix: `set \`replicaCount: 1\` (or more) on each node group in ${args}.`,
                });
            }
        }
        return;
    }
    const shardsRaw = db.get("numNodeGroups");
    const perShardRaw = db.get("replicasPerNodeGroup");
    if (shardsRaw !== undefined || perShardRaw !== undefined) {
        const perShard = asNumber(perShardRaw);
        if (perShard === UNKNOWN) return report.unknown("replicasPerNodeGroup");
        if (typeof perShard === "number" && perShard >= 1) return;
        return report.violation({
            property: "replicasPerNodeGroup",
            seen: perShardRaw,
            wanted: "at least 1 replica per shard (unset means none)",
            fix: `set \`replicasPerNodeGroup: 1\` (or more) in ${args}.`,
        });
    }
    const raw = db.get("numCacheClusters");
    const count = asNumber(raw);
    if (count === UNKNOWN) return report.unknown("numCacheClusters");
    const effective = count === undefined ? elasticacheDefaults.numCacheClusters : isInvalid(count) ? 0 : count;
    if (effective >= 2) return;
    report.violation({
        property: "numCacheClusters",
        seen: raw,
        wanted: `at least 2, a primary and a replica${raw === undefined ? ` (unset means ${elasticacheDefaults.numCacheClusters})` : ""}`,
        fix: `set \`numCacheClusters: 2\` (or more) in ${args}.`,
    });
}

/**
 * The CloudWatch log groups an ElastiCache cache delivers its logs to keep them for a while. Unlike
 * RDS, ElastiCache does not create the group: it must exist, so one outside the stack is only noted.
 */
export function checkCacheLogGroups(
    stack: StackUnderCheck,
    db: ResourceUnderCheck,
    groupsByName: ReadonlyMap<string, readonly ResourceUnderCheck[]>,
    shortOf: (groups: readonly ResourceUnderCheck[]) => readonly ResourceUnderCheck[],
    minDays: number,
    suggestedDays: number,
    report: StackReport,
): void {
    const role = keyValueRole(db);
    if (role !== "replication-group" && role !== "cache-cluster") return;
    const linked = stack.referencedBy(db, "logDeliveryConfigurations", types.logGroup);
    for (const [i, entry] of indexedObjects(db.get("logDeliveryConfigurations")).objects) {
        if (entry === UNKNOWN) {
            report.unknown(db, `logDeliveryConfigurations[${i}]`);
            continue;
        }
        const destinationType = asString(entry.destinationType);
        if (destinationType === UNKNOWN) {
            report.unknown(db, `logDeliveryConfigurations[${i}].destinationType`);
            continue;
        }
        if (destinationType !== "cloudwatch-logs") continue;
        const destination = asString(entry.destination);
        let groups: readonly ResourceUnderCheck[];
        if (typeof destination === "string") groups = groupsByName.get(destination) ?? [];
        else if (destination === UNKNOWN && linked !== UNKNOWN && linked.length > 0) groups = linked;
        else {
            if (destination === UNKNOWN) report.unknown(db, `logDeliveryConfigurations[${i}].destination`);
            continue;
        }
        if (groups.length === 0) {
            report.note(
                db,
                `logDeliveryConfigurations[${i}] delivers to the log group ${JSON.stringify(destination)}, which is not in this stack, so its retention cannot be checked; declare it in the stack with retentionInDays, or check it by hand.`,
            );
            continue;
        }
        for (const group of shortOf(groups)) {
            const raw = group.get("retentionInDays");
            const days = asNumber(raw);
            if (days === UNKNOWN) {
                report.unknown(group, "retentionInDays");
                continue;
            }
            if (typeof days === "number" && days >= minDays) continue;
            report.violation(group, {
                property: "retentionInDays",
                seen: raw,
                wanted: `at least ${minDays} day${minDays === 1 ? "" : "s"}${days === undefined || days === 0 ? " (unset or 0 means never expire)" : ""}; it holds logs of ${db.label}`,
                fix: `set \`retentionInDays: ${suggestedDays}\` in the aws.cloudwatch.LogGroup args of ${JSON.stringify(group.name)}.`,
            });
        }
    }
}
