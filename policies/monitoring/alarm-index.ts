// CloudWatch alarms indexed once per stack: each alarm's watched metrics (its own metric, or the
// metrics of its metric-math queries) by dimension value, so that finding a database's alarms is a
// lookup of its identifiers plus the alarms that depend on it, never a scan of every alarm.
import type * as aws from "@pulumi/aws";
import { types } from "../aws/resource-types";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck, maxMatchesPerValue } from "../lib/stack";
import { UNKNOWN, Unknown, asBoolean, asObjectList, asString, asStringList, asStringMap, isInvalid, readPath } from "../lib/values";
import { awsIdentifierOf, knownIdentifiersOf } from "../config/database-links";

/** One metric an alarm watches. */
export interface WatchedMetric {
    alarm: ResourceUnderCheck;
    namespace: string | Unknown | undefined;
    metricName: string | Unknown | undefined;
    dimensions: Readonly<Record<string, string | Unknown>>;
}

/** Does the alarm notify someone: alarmActions non-empty and actionsEnabled not false. UNKNOWN when not known yet. */
export function alarmNotifies(alarm: ResourceUnderCheck): boolean | Unknown {
    const enabled = asBoolean(alarm.get<aws.cloudwatch.MetricAlarmArgs>("actionsEnabled"));
    if (enabled === false) return false;
    const raw = alarm.get<aws.cloudwatch.MetricAlarmArgs>("alarmActions");
    const actions = asStringList(raw);
    // An action ARN that is unknown at preview comes from a topic created with the stack: it is set.
    if (actions === UNKNOWN) return Array.isArray(raw) && raw.length > 0 ? true : UNKNOWN;
    if (!Array.isArray(actions) || actions.every((a) => a.trim() === "")) return false;
    return enabled === UNKNOWN ? UNKNOWN : true;
}

function watchedMetrics(alarm: ResourceUnderCheck): WatchedMetric[] {
    const metric = (source: unknown): WatchedMetric => {
        const dims = asStringMap(readPath(source, "dimensions"));
        return {
            alarm,
            namespace: stringOrUnknown(readPath(source, "namespace")),
            metricName: stringOrUnknown(readPath(source, "metricName")),
            dimensions: dims === UNKNOWN || dims === undefined || isInvalid(dims) ? {} : dims,
        };
    };
    const out: WatchedMetric[] = [];
    if (alarm.get<aws.cloudwatch.MetricAlarmArgs>("metricName") !== undefined) out.push(metric(alarm.props));
    const queries = asObjectList(alarm.get<aws.cloudwatch.MetricAlarmArgs>("metricQueries"));
    if (Array.isArray(queries)) {
        for (const query of queries) {
            if (query === UNKNOWN) continue;
            const inner = readPath(query, "metric");
            if (inner !== undefined && inner !== UNKNOWN) out.push(metric(inner));
        }
    }
    return out;
}

function stringOrUnknown(value: unknown): string | Unknown | undefined {
    const s = asString(value);
    return s === UNKNOWN || typeof s === "string" ? s : undefined;
}

export interface AlarmIndex {
    /** Metrics whose dimension `key` (any key when omitted) has exactly this value (compared lowercase). */
    byDimensionValue(value: string, key?: string): readonly WatchedMetric[];
    /** Metrics of the alarms that depend on `target` (through any property, e.g. dimensions from its outputs). */
    ofAlarmsDependingOn(target: ResourceUnderCheck): readonly WatchedMetric[];
}

const indexCache = new WeakMap<StackUnderCheck, AlarmIndex>();

export function alarmIndex(stack: StackUnderCheck): AlarmIndex {
    const cached = indexCache.get(stack);
    if (cached) return cached;
    const byValue = new Map<string, WatchedMetric[]>();
    const byAlarm = new Map<string, WatchedMetric[]>();
    for (const alarm of stack.ofType(types.metricAlarm)) {
        const metrics = watchedMetrics(alarm);
        byAlarm.set(alarm.urn, metrics);
        // A dimension value taken from a resource's output (a recorded dependency) names that
        // resource: found through ofAlarmsDependingOn, not by value (keeps shared values linear).
        const fromLinks = new Set([...stack.linkedValues(alarm)].map((v) => v.toLowerCase()));
        for (const m of metrics) {
            for (const [key, value] of Object.entries(m.dimensions)) {
                if (typeof value !== "string" || fromLinks.has(value.toLowerCase())) continue;
                for (const k of [`${key}=${value.toLowerCase()}`, `*=${value.toLowerCase()}`]) {
                    const list = byValue.get(k);
                    // Capped (maxMatchesPerValue): a database can only lose a candidate alarm.
                    if (list) {
                        if (list.length < maxMatchesPerValue) list.push(m);
                    } else byValue.set(k, [m]);
                }
            }
        }
    }
    const built: AlarmIndex = {
        byDimensionValue: (value, key) => byValue.get(`${key ?? "*"}=${value.toLowerCase()}`) ?? [],
        ofAlarmsDependingOn: (target) => stack.dependentsOf(target, types.metricAlarm).flatMap((a) => byAlarm.get(a.urn) ?? []),
    };
    indexCache.set(stack, built);
    return built;
}

/** Is this metric the one wanted (namespace and name)? UNKNOWN when either is unknown. */
export function isMetric(m: WatchedMetric, namespace: string, names: readonly string[]): boolean | Unknown {
    if (m.namespace === UNKNOWN || m.metricName === UNKNOWN) return UNKNOWN;
    return m.namespace === namespace && m.metricName !== undefined && names.includes(m.metricName);
}

/**
 * The metrics watched on a database under dimension `key` (any dimension when omitted): those whose
 * dimension holds one of the database's identifiers, and those of alarms that depend on the
 * database when the dimension value cannot be compared (unknown at preview, or the database's own
 * identifier is not known).
 */
export function metricsOfDatabase(index: AlarmIndex, db: ResourceUnderCheck, key?: string): WatchedMetric[] {
    const found = new Set<WatchedMetric>();
    for (const id of knownIdentifiersOf(db)) for (const m of index.byDimensionValue(id, key)) found.add(m);
    const ownIdKnown = typeof awsIdentifierOf(db) === "string";
    const ownIds = new Set(knownIdentifiersOf(db));
    for (const m of index.ofAlarmsDependingOn(db)) {
        const values = key === undefined ? Object.values(m.dimensions) : [m.dimensions[key]];
        if (values.some((v) => v === UNKNOWN || (typeof v === "string" && (!ownIdKnown || ownIds.has(v.toLowerCase()))))) found.add(m);
    }
    return [...found];
}
