// The config checklist for ElastiCache and MemoryDB: automatic minor upgrades in a chosen window,
// fixed-performance node types, and names that are not a throwaway's. Called by db-minor-upgrades,
// db-instance-class and db-no-test-database for these types.
import { elasticacheDefaults, isBurstableNodeType } from "../aws/elasticache";
import { types } from "../aws/resource-types";
import { ResourceReport } from "../lib/define";
import { keyValueRole, storeArgsOf } from "../lib/key-value-stores";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asBoolean, asString, isInvalid } from "../lib/values";

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
            fix: `set \`autoMinorVersionUpgrade: ${on}\` (or remove it) in ${storeArgsOf(db)}.`,
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
        fix: `set \`maintenanceWindow: "sun:05:00-sun:06:00"\` (a quiet hour for this cache, UTC) in ${storeArgsOf(db)}.`,
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
    if (isInvalid(nodeType)) return report.violation({ property: "nodeType", seen: raw, wanted: "a node type name such as \"cache.m7g.large\"", fix: `set \`nodeType\` to a node type name in ${storeArgsOf(db)}.` });
    if (nodeType === undefined) return;
    const t = nodeType.trim().toLowerCase();
    if (!isBurstableNodeType(t) || allowed.some((a) => a.trim().toLowerCase() === t)) return;
    const suggestion = db.type === types.memorydbCluster ? "db.r7g.large" : "cache.r7g.large";
    report.violation({
        property: "nodeType",
        seen: raw,
        wanted: "a fixed-performance node type (burstable t-family nodes are throttled when CPU credits run out)",
        fix: `set \`nodeType: "${suggestion}"\` (or another fixed-performance node type sized for the data) in ${storeArgsOf(db)}.`,
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
