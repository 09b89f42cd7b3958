// Monitoring for DynamoDB tables, ElastiCache and MemoryDB: CloudWatch alarms with actions on the
// metrics that matter for each kind of store, and the service's own event notifications to SNS.
// Called by db-alarms and db-event-notifications.
import { dynamodbMetrics } from "../../aws-facts/dynamodb";
import { cacheMetrics, elasticacheDefaults } from "../../aws-facts/elasticache";
import { types } from "../../aws-facts/resource-types";
import { ResourceReport } from "../lib/define";
import { cacheEngineOf, keyValueRole, storeIdentifierOf } from "../lib/key-value-stores";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asNumber, asString, asStringList } from "../lib/values";
import { AlarmIndex, WatchedMetric, alarmIndex, isMetric } from "./alarm-index";
import { argsOf } from "../lib/databases";

/** What a store needs alarms on: in which namespace, under which dimension, and which metrics (any one of each group). */
interface AlarmPlan {
    namespace: string;
    dimension: string;
    /** Dimension values that name the store (its nodes for a replication group). */
    values: string[];
    requirements: (readonly string[])[];
    /** How the fix names the dimension value in Pulumi TypeScript. */
    valueText: string;
}

/** Node cluster ids of a replication group: `<id>-001`... or, with cluster mode on, `<id>-0001-001`... (capped). */
function replicationGroupNodeIds(db: ResourceUnderCheck, id: string): string[] {
    const out = new Set<string>();
    const members = asStringList(db.get("memberClusters"));
    if (Array.isArray(members)) for (const m of members) out.add(m.trim().toLowerCase());
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    const count = (v: unknown, fallback: number) => {
        const n = asNumber(v);
        return typeof n === "number" && n >= 0 ? Math.min(Math.floor(n), 500) : fallback;
    };
    const nodes = count(db.get("numCacheClusters"), 6);
    for (let i = 1; i <= Math.max(nodes, 1); i++) out.add(`${id}-${pad(i, 3)}`);
    if (db.get("numNodeGroups") !== undefined || db.get("nodeGroupConfigurations") !== undefined) {
        const shards = count(db.get("numNodeGroups"), 1);
        const perShard = count(db.get("replicasPerNodeGroup"), 5);
        for (let s = 1; s <= Math.max(shards, 1); s++) for (let r = 1; r <= perShard + 1; r++) out.add(`${id}-${pad(s, 4)}-${pad(r, 3)}`);
    }
    return [...out];
}

function hasReplicas(db: ResourceUnderCheck): boolean {
    const perShard = asNumber(db.get("replicasPerNodeGroup"));
    if (typeof perShard === "number") return perShard >= 1;
    const clusters = asNumber(db.get("numCacheClusters"));
    return typeof clusters === "number" ? clusters >= 2 : db.get("nodeGroupConfigurations") !== undefined || elasticacheDefaults.numCacheClusters >= 2;
}

/** The metrics each kind of store needs alarms on (db-alarms config); each entry is met by an alarm on any one of its metrics. */
export interface StoreMetrics {
    dynamodbMetrics: readonly (readonly string[])[];
    elasticacheMetrics: readonly (readonly string[])[];
    memcachedMetrics: readonly (readonly string[])[];
    serverlessCacheMetrics: readonly (readonly string[])[];
    memorydbMetrics: readonly (readonly string[])[];
    replicaLag: boolean;
}

/** The defaults, from the facts module. */
export const defaultStoreMetrics = {
    dynamodbMetrics: dynamodbMetrics.required,
    elasticacheMetrics: cacheMetrics.elasticache.redis,
    memcachedMetrics: cacheMetrics.elasticache.memcached,
    serverlessCacheMetrics: cacheMetrics.elasticache.serverless,
    memorydbMetrics: cacheMetrics.memorydb.required,
};

/** The alarm plan of a store; undefined when it needs none of its own (a group's node) or its engine is not known. */
function planOf(db: ResourceUnderCheck, id: string | undefined, wanted: StoreMetrics): AlarmPlan | undefined {
    const values = id === undefined ? [] : [id];
    switch (keyValueRole(db)) {
        case "dynamodb-table":
            return { namespace: dynamodbMetrics.namespace, dimension: dynamodbMetrics.dimension, values, requirements: [...wanted.dynamodbMetrics], valueText: "table.name" };
        case "serverless-cache":
            return {
                namespace: cacheMetrics.elasticache.namespace,
                dimension: cacheMetrics.elasticache.serverlessDimension,
                values,
                requirements: [...wanted.serverlessCacheMetrics],
                valueText: "cache.name",
            };
        case "memorydb-cluster":
            return { namespace: cacheMetrics.memorydb.namespace, dimension: cacheMetrics.memorydb.dimension, values, requirements: [...wanted.memorydbMetrics], valueText: "cluster.name" };
        case "cache-cluster": {
            const engine = cacheEngineOf(db);
            if (engine === UNKNOWN || engine === undefined) return undefined;
            const requirements = engine === "memcached" ? wanted.memcachedMetrics : wanted.elasticacheMetrics;
            return { namespace: cacheMetrics.elasticache.namespace, dimension: cacheMetrics.elasticache.nodeDimension, values, requirements: [...requirements], valueText: "cluster.clusterId" };
        }
        case "replication-group": {
            const requirements = [...wanted.elasticacheMetrics];
            if (wanted.replicaLag && hasReplicas(db)) requirements.push([cacheMetrics.elasticache.replicationLag]);
            return {
                namespace: cacheMetrics.elasticache.namespace,
                dimension: cacheMetrics.elasticache.nodeDimension,
                values: id === undefined ? [] : replicationGroupNodeIds(db, id),
                requirements,
                valueText: "a node of group.memberClusters",
            };
        }
        default:
            return undefined;
    }
}

enum Rank {
    Missing = 0,
    Silent = 1,
    Pending = 2,
    Notifies = 3,
}

/** The alarms' metrics that may watch this store under the plan's dimension. */
function candidates(index: AlarmIndex, db: ResourceUnderCheck, plan: AlarmPlan, idKnown: boolean): WatchedMetric[] {
    const found = new Set<WatchedMetric>();
    for (const value of plan.values) for (const m of index.byDimensionValue(value, plan.dimension)) found.add(m);
    // Alarms that depend on the store: those whose dimension value cannot be compared (unknown now,
    // or the store's name is), and those whose value came from the store's outputs (the index
    // leaves values taken from a linked resource out of its by-value lists).
    const own = new Set(plan.values.map((v) => v.toLowerCase()));
    for (const m of index.ofAlarmsDependingOn(db)) {
        // A whole dimensions map unknown at preview cannot be compared either.
        const v = m.dimensions === UNKNOWN ? UNKNOWN : m.dimensions[plan.dimension];
        if (v === UNKNOWN || (typeof v === "string" && (!idKnown || own.has(v.toLowerCase())))) found.add(m);
    }
    return [...found];
}

function rankOf(index: AlarmIndex, metrics: readonly WatchedMetric[], namespace: string, names: readonly string[]): { rank: Rank; about: string[] } {
    let best: { rank: Rank; about: string[] } = { rank: Rank.Missing, about: [] };
    for (const m of metrics) {
        const wanted = isMetric(m, namespace, names);
        if (wanted === false) continue;
        // Its own actions, or a composite alarm with actions that fires on it.
        const notifies = index.notifies(m.alarm);
        const here =
            wanted === true && notifies === true
                ? { rank: Rank.Notifies, about: [] }
                : wanted === UNKNOWN
                  ? { rank: Rank.Pending, about: [`namespace and metricName of ${m.alarm.label}`] }
                  : notifies === UNKNOWN
                    ? { rank: Rank.Pending, about: [`alarmActions of ${m.alarm.label}`] }
                    : { rank: Rank.Silent, about: [m.alarm.label] };
        if (here.rank > best.rank) best = here;
        else if (here.rank === best.rank) best = { rank: best.rank, about: [...best.about, ...here.about] };
    }
    return best;
}

export function checkStoreAlarms(stack: StackUnderCheck, db: ResourceUnderCheck, wanted: StoreMetrics, report: ResourceReport): void {
    const role = keyValueRole(db);
    if (role === undefined || role === "replication-group-node") return;
    if (role === "cache-cluster" && cacheEngineOf(db) === UNKNOWN) return report.unknown("engine");
    const id = storeIdentifierOf(db);
    const plan = planOf(db, typeof id === "string" ? id : undefined, wanted);
    if (plan === undefined || plan.requirements.length === 0) return;
    const index = alarmIndex(stack);
    const metrics = candidates(index, db, plan, typeof id === "string");
    const watches = plan.requirements.map((names) => ({ names, ...rankOf(index, metrics, plan.namespace, names) }));
    const unwatched = watches.filter((w) => w.rank <= Rank.Silent);
    const nameOf = (names: readonly string[]) => names.join(" or ");
    if (unwatched.length > 0) {
        // With no name yet and no alarm depending on the store, the answer waits for the deployment.
        if (id === UNKNOWN && metrics.length === 0) return report.unknown(identifierNameOf(db));
        const silent = unwatched.flatMap((w) => w.about);
        return report.violation({
            property: "metrics with no alarm that notifies",
            seen: unwatched.map((w) => nameOf(w.names)),
            wanted:
                `an aws.cloudwatch.MetricAlarm with alarmActions on each of ${watches.map((w) => nameOf(w.names)).join(", ")} ` +
                `(namespace "${plan.namespace}", dimension ${plan.dimension} = ${plan.valueText})` +
                (silent.length > 0 ? `; ${silent.join(", ")} ${silent.length === 1 ? "has" : "have"} no alarmActions or actionsEnabled false` : ""),
            fix:
                `for each metric listed, add an aws.cloudwatch.MetricAlarm with \`namespace: "${plan.namespace}"\`, \`metricName\`, ` +
                `\`dimensions: { ${plan.dimension}: ${plan.valueText} }\`, a threshold and \`alarmActions: [alerts.arn]\` (an SNS topic someone is subscribed to).`,
        });
    }
    const pending = watches.filter((w) => w.rank === Rank.Pending).flatMap((w) => w.about);
    if (pending.length > 0) report.unknown([...new Set(pending)].join(", "));
}

function identifierNameOf(db: ResourceUnderCheck): string {
    return db.type === types.elasticacheReplicationGroup ? "replicationGroupId" : db.type === types.elasticacheCluster ? "clusterId" : "name";
}

/** Where each store sends its events: ElastiCache node-based caches and MemoryDB clusters (serverless caches and DynamoDB have no such setting). */
const topicProperty: Record<string, string> = {
    [types.elasticacheReplicationGroup]: "notificationTopicArn",
    [types.elasticacheCluster]: "notificationTopicArn",
    [types.memorydbCluster]: "snsTopicArn",
};
export const notifyingStoreTypes = Object.keys(topicProperty);

export function checkStoreNotifications(db: ResourceUnderCheck, report: ResourceReport): void {
    const property = topicProperty[db.type];
    if (property === undefined || keyValueRole(db) === "replication-group-node") return;
    const raw = db.get(property);
    const topic = asString(raw);
    // A topic ARN unknown at preview comes from a topic created with the stack: it is set.
    if (topic === UNKNOWN || (typeof topic === "string" && topic.trim() !== "")) return;
    report.violation({
        property,
        seen: raw,
        wanted: "the ARN of an SNS topic someone is subscribed to, which receives the cache's failover, node replacement and maintenance events",
        fix: `set \`${property}: alerts.arn\` (an aws.sns.Topic) in ${argsOf(db)}.`,
    });
}
