// CloudWatch alarms indexed once per stack: each alarm's watched metrics (its own metric, or the
// metrics of its metric-math queries) by dimension value, so that finding a database's alarms is a
// lookup of its identifiers plus the alarms that depend on it, never a scan of every alarm.
import type * as aws from "@pulumi/aws";
import { AlarmRule, alarmNameOfReference, alarmsOfRule, firesOn, parseAlarmRule } from "../../aws-facts/alarm-rule";
import { types } from "../../aws-facts/resource-types";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck, maxMatchesPerValue } from "../lib/stack";
import { UNKNOWN, Unknown, asBoolean, asObjectList, asString, asStringList, asStringMap, isInvalid, readPath } from "../lib/values";
import { awsIdentifierOf, knownIdentifiersOf } from "../lib/database-links";

/** One metric an alarm watches. */
export interface WatchedMetric {
    alarm: ResourceUnderCheck;
    namespace: string | Unknown | undefined;
    metricName: string | Unknown | undefined;
    /** UNKNOWN when the whole map is unknown during preview (e.g. built from the database's outputs). */
    dimensions: Readonly<Record<string, string | Unknown>> | Unknown;
}

/**
 * Does the alarm (metric or composite) notify someone through its own actions: alarmActions
 * non-empty and actionsEnabled not false. UNKNOWN when not known yet. See AlarmIndex.notifies for
 * alarms that notify through a composite alarm.
 */
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
            dimensions: dims === UNKNOWN ? UNKNOWN : dims === undefined || isInvalid(dims) ? {} : dims,
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
    /**
     * Whether the alarm notifies someone: through its own actions, or through a composite alarm with
     * actions that fires when this alarm goes into ALARM (its alarmRule names it in ALARM(...),
     * directly or through other composite alarms). UNKNOWN when that is not known yet.
     */
    notifies(alarm: ResourceUnderCheck): boolean | Unknown;
}

/** The names an alarm is referred to by in alarm rules: its name (MetricAlarm `name`, CompositeAlarm `alarmName`), and the name in its ARN. */
function alarmNames(alarm: ResourceUnderCheck): string[] {
    const names = new Set<string>();
    for (const property of ["name", "alarmName"]) {
        const name = asString(alarm.get(property));
        if (typeof name === "string" && name !== "") names.add(name);
    }
    const arn = asString(alarm.get("arn"));
    if (typeof arn === "string" && arn !== "") names.add(alarmNameOfReference(arn));
    return [...names];
}

/** Composite alarms indexed by the alarm names their rules refer to, and a memoised "who hears this alarm". */
function compositeNotifier(stack: StackUnderCheck): (alarm: ResourceUnderCheck) => boolean | Unknown {
    const composites = stack.ofType(types.compositeAlarm);
    const byReference = new Map<string, Array<{ composite: ResourceUnderCheck; rule: AlarmRule }>>();
    for (const composite of composites) {
        const text = asString(composite.get<aws.cloudwatch.CompositeAlarmArgs>("alarmRule"));
        if (typeof text !== "string") continue;
        const rule = parseAlarmRule(text);
        if (rule === undefined) continue;
        for (const name of new Set(alarmsOfRule(rule))) {
            const list = byReference.get(name);
            if (list) list.push({ composite, rule });
            else byReference.set(name, [{ composite, rule }]);
        }
    }
    const memo = new Map<string, boolean | Unknown>();
    const notifies = (alarm: ResourceUnderCheck, visiting: Set<string>): boolean | Unknown => {
        const known = memo.get(alarm.urn);
        if (known !== undefined) return known;
        if (visiting.has(alarm.urn)) return false; // a cycle of composites hears nothing new
        visiting.add(alarm.urn);
        const answers: Array<boolean | Unknown> = [alarmNotifies(alarm)];
        if (composites.length > 0 && answers[0] !== true) {
            for (const name of alarmNames(alarm)) {
                for (const { composite, rule } of byReference.get(name) ?? []) {
                    if (firesOn(rule, name)) answers.push(notifies(composite, visiting));
                }
            }
            // A rule unknown at preview that is built from this alarm's outputs may name it.
            for (const composite of stack.dependentsOf(alarm, types.compositeAlarm)) {
                if (composite.get("alarmRule") !== UNKNOWN) continue;
                const heard = notifies(composite, visiting);
                if (heard !== false) answers.push(UNKNOWN);
            }
        }
        visiting.delete(alarm.urn);
        const answer = answers.includes(true) ? true : answers.includes(UNKNOWN) ? UNKNOWN : false;
        memo.set(alarm.urn, answer);
        return answer;
    };
    return (alarm) => notifies(alarm, new Set());
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
            if (m.dimensions === UNKNOWN) continue;
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
        notifies: compositeNotifier(stack),
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
 * identifier is not known), or whose whole dimensions map is unknown (see `dimensionsKnown`).
 */
export function metricsOfDatabase(index: AlarmIndex, db: ResourceUnderCheck, key?: string): WatchedMetric[] {
    const found = new Set<WatchedMetric>();
    for (const id of knownIdentifiersOf(db)) for (const m of index.byDimensionValue(id, key)) found.add(m);
    const ownIdKnown = typeof awsIdentifierOf(db) === "string";
    const ownIds = new Set(knownIdentifiersOf(db));
    for (const m of index.ofAlarmsDependingOn(db)) {
        if (m.dimensions === UNKNOWN) {
            found.add(m);
            continue;
        }
        const values = key === undefined ? Object.values(m.dimensions) : [m.dimensions[key]];
        if (values.some((v) => v === UNKNOWN || (typeof v === "string" && (!ownIdKnown || ownIds.has(v.toLowerCase()))))) found.add(m);
    }
    return [...found];
}

/** False when the alarm's dimensions are unknown at preview: which database and dimension it watches is not known yet. */
export function dimensionsKnown(m: WatchedMetric): boolean {
    return m.dimensions !== UNKNOWN;
}
