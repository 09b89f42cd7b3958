// Reading runbook-style tags (runbook URL, owner, drill dates) from a database, and judging the
// ISO dates drills are recorded with. Shared by the runbook policies, the backup policies and verify.
import { providerDefaultTags, providerLabel } from "./provider";
import { databaseRole } from "./databases";
import { isKeyValueStore, keyValueRole } from "./key-value-stores";
import { ResourceUnderCheck } from "./resource";
import { Invalid, UNKNOWN, Unknown, asStringMap, isInvalid } from "./values";

/**
 * Whether a database carries its own runbook-style tags: instances (read replicas included: they
 * can be paged about on their own) and clusters; Aurora cluster members only when asked, since the
 * cluster is what people operate.
 */
export function carriesOperationalTags(db: ResourceUnderCheck, includeClusterMembers: boolean): boolean {
    // A replication group's node clusters are operated through the group.
    if (isKeyValueStore(db)) return keyValueRole(db) !== "replication-group-node";
    const role = databaseRole(db);
    if (role === undefined) return false;
    return role === "cluster-instance" || role === "aurora-member" ? includeClusterMembers : true;
}

/** How a message names a tag: `tags.runbook`, or `tags["on-call"]` when the key is not an identifier. */
export function tagProperty(key: string): string {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `tags.${key}` : `tags[${JSON.stringify(key)}]`;
}

export type TagRead =
    | { kind: "value"; value: string }
    | { kind: "missing" }
    /** The tag map, or this tag's value, is unknown during preview; `property` names which. */
    | { kind: "unknown"; property: string }
    /** `tags` is not a map (a string, a list...): reported as a violation naming the value. */
    | { kind: "invalid"; value: unknown };

/**
 * One tag as AWS puts it on the resource, telling "unknown now" from "absent": the resource's own
 * `tags`, else its `tagsAll` output (when the engine has it), else its AWS provider's default tags
 * (see policies/lib/provider.ts), since a tag set once on the provider is on every resource.
 */
export function readTag(resource: ResourceUnderCheck, key: string): TagRead {
    const tags = asStringMap(resource.get("tags"));
    if (tags === UNKNOWN) return { kind: "unknown", property: "tags" };
    if (isInvalid(tags)) return { kind: "invalid", value: tags.invalid };
    const own = tags?.[key];
    if (own === UNKNOWN) return { kind: "unknown", property: tagProperty(key) };
    if (own !== undefined) return { kind: "value", value: own };
    const all = asStringMap(resource.get("tagsAll"));
    const fromAll = all !== UNKNOWN && all !== undefined && !isInvalid(all) ? all[key] : undefined;
    if (typeof fromAll === "string") return { kind: "value", value: fromAll };
    const defaults = providerDefaultTags(resource);
    const provider = providerLabel(resource);
    if (defaults === UNKNOWN) return { kind: "unknown", property: `${tagProperty(key)} (the defaultTags of ${provider} may set it)` };
    const fromProvider = defaults?.[key];
    if (fromProvider === UNKNOWN) return { kind: "unknown", property: `${tagProperty(key)} (set by the defaultTags of ${provider})` };
    return fromProvider === undefined ? { kind: "missing" } : { kind: "value", value: fromProvider };
}

/**
 * All the tags AWS puts on the resource, as readTag reads them one by one: the provider's default
 * tags, then `tagsAll`, then the resource's own `tags` (each overriding the one before). UNKNOWN
 * when the own map, or the default tags, are not known yet.
 */
export function effectiveTags(resource: ResourceUnderCheck): Record<string, string | Unknown> | Unknown | undefined | Invalid {
    const own = asStringMap(resource.get("tags"));
    if (own === UNKNOWN || isInvalid(own)) return own;
    const defaults = providerDefaultTags(resource);
    if (defaults === UNKNOWN) return UNKNOWN;
    const all = asStringMap(resource.get("tagsAll"));
    const fromAll = all !== UNKNOWN && all !== undefined && !isInvalid(all) ? all : undefined;
    if (own === undefined && fromAll === undefined && defaults === undefined) return undefined;
    return { ...defaults, ...fromAll, ...own };
}

const DAY_MS = 86_400_000;
/** A timestamp a little ahead of this machine's clock is clock skew, not a date in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export type DrillDate = { kind: "fresh"; ageDays: number } | { kind: "stale"; ageDays: number } | { kind: "future" } | { kind: "unparsable" };

/**
 * Judges a drill date: an ISO calendar date (YYYY-MM-DD, a UTC day) or a full ISO timestamp (a zone
 * suffix is optional; without one the time is read as UTC). Fresh when at most `maxAgeDays` old;
 * a date after today (UTC) or a timestamp after now is in the future, i.e. not a real drill record.
 */
export function judgeDrillDate(value: string, maxAgeDays: number, now: number = Date.now()): DrillDate {
    const match = isoDate.exec(value.trim());
    if (!match) return { kind: "unparsable" };
    const [, y, mo, d, h, mi, s, fraction, zone] = match;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    const dayStart = Date.UTC(year, month - 1, day);
    const check = new Date(dayStart);
    // Date.UTC rolls 2024-02-30 over to March 1st: a date that does not round-trip does not exist.
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return { kind: "unparsable" };

    if (h === undefined) {
        const ageDays = Math.floor(now / DAY_MS) - Math.floor(dayStart / DAY_MS);
        if (ageDays < 0) return { kind: "future" };
        return ageDays <= maxAgeDays ? { kind: "fresh", ageDays } : { kind: "stale", ageDays };
    }
    if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return { kind: "unparsable" };
    const zoneSuffix = zone === undefined ? "Z" : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    const instant = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}${fraction ?? ""}${zoneSuffix}`);
    if (Number.isNaN(instant)) return { kind: "unparsable" };
    if (instant > now + CLOCK_SKEW_MS) return { kind: "future" };
    const ageDays = Math.max(0, Math.floor((now - instant) / DAY_MS));
    return (now - instant) / DAY_MS <= maxAgeDays ? { kind: "fresh", ageDays } : { kind: "stale", ageDays };
}

/** "2024-01-01 (400 days old)" style description of a judged date, for messages. */
export function describeDrillDate(result: DrillDate, maxAgeDays: number): string {
    switch (result.kind) {
        case "fresh":
            return `${result.ageDays} days old`;
        case "stale":
            return `${result.ageDays} days old, more than ${maxAgeDays}`;
        case "future":
            return "in the future";
        case "unparsable":
            return "not an ISO date";
    }
}
