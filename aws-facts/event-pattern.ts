// EventBridge event patterns: does a rule's pattern admit a given value at a given field?
//
// Facts (Amazon EventBridge user guide, "Event patterns" and "Content filtering"):
// - a pattern is a JSON object; a field it does not name matches any value; a leaf is an array of
//   alternatives (exact values or content filters: prefix, suffix, equals-ignore-case, wildcard,
//   anything-but, exists, numeric, cidr); "$or" takes a list of sub-patterns;
// - events from AWS services are delivered to the account's default event bus only.
import { matchesWildcard } from "./arn";

export const defaultEventBusName = "default";

/** True when an EventRule's `eventBusName` (unset, a name or an ARN) is the default bus. */
export function isDefaultEventBus(eventBusName: string | undefined): boolean {
    return eventBusName === undefined || eventBusName === defaultEventBusName || /:event-bus\/default$/.test(eventBusName);
}

export type EventPattern = Record<string, unknown>;

/** The pattern object of a rule's `eventPattern` JSON string, or undefined when it is not one. */
export function parseEventPattern(json: string): EventPattern | undefined {
    try {
        const parsed: unknown = JSON.parse(json);
        return isObject(parsed) && Object.keys(parsed).length > 0 ? parsed : undefined;
    } catch {
        return undefined;
    }
}

type Known = ReadonlyArray<{ path: readonly string[]; value: string }>;
type Absent = ReadonlyArray<readonly string[]>;

/**
 * Whether the pattern lets an event through given what we know of it: `known` maps field paths
 * (["detail", "state"]) to the event's value there; `absent` lists fields the event is known not
 * to carry (only `{ "exists": false }` admits those). Fields the pattern names that are in neither
 * (account, region, other detail fields) only narrow the rule further and are not judged here.
 */
export function patternAdmits(pattern: EventPattern, known: Known, absent: Absent = []): boolean {
    return objectAdmits(pattern, known, absent);
}

/** Whether the pattern names any of the fields (as paths, e.g. ["detail", "resourceArn"]), inside "$or" branches too. */
export function patternNames(pattern: EventPattern, fields: Absent): boolean {
    for (const [key, sub] of Object.entries(pattern)) {
        if (key === "$or") {
            if (Array.isArray(sub) && sub.some((branch) => isObject(branch) && patternNames(branch, fields))) return true;
            continue;
        }
        const below = fields.filter((f) => f[0] === key);
        if (below.some((f) => f.length === 1)) return true;
        if (
            below.length > 0 &&
            isObject(sub) &&
            patternNames(
                sub,
                below.map((f) => f.slice(1)),
            )
        )
            return true;
    }
    return false;
}

/**
 * Every string a pattern compares the fields with, and how: "exact" (a plain value or
 * equals-ignore-case), "suffix", or "other" (prefix, wildcard, anything-but...: the string alone
 * does not say which values match).
 */
export function valuesFor(pattern: EventPattern, fields: Absent): Array<{ value: string; how: "exact" | "suffix" | "other" }> {
    const out: Array<{ value: string; how: "exact" | "suffix" | "other" }> = [];
    const collect = (alternative: unknown, how: "exact" | "suffix" | "other" = "exact"): void => {
        if (typeof alternative === "string") out.push({ value: alternative, how });
        else if (Array.isArray(alternative)) alternative.forEach((a) => collect(a, how));
        else if (isObject(alternative)) {
            for (const [op, arg] of Object.entries(alternative)) {
                collect(arg, how === "exact" && op === "equals-ignore-case" ? "exact" : how === "exact" && op === "suffix" ? "suffix" : "other");
            }
        } else out.push({ value: "", how: "other" });
    };
    for (const [key, sub] of Object.entries(pattern)) {
        if (key === "$or") {
            if (Array.isArray(sub)) for (const branch of sub) if (isObject(branch)) out.push(...valuesFor(branch, fields));
            continue;
        }
        const below = fields.filter((f) => f[0] === key);
        if (below.some((f) => f.length === 1)) collect(sub);
        else if (below.length > 0 && isObject(sub))
            out.push(
                ...valuesFor(
                    sub,
                    below.map((f) => f.slice(1)),
                ),
            );
    }
    return out;
}

function objectAdmits(pattern: EventPattern, known: Known, absent: Absent): boolean {
    for (const [key, sub] of Object.entries(pattern)) {
        if (key === "$or") {
            if (!Array.isArray(sub) || !sub.some((branch) => isObject(branch) && objectAdmits(branch, known, absent))) return false;
            continue;
        }
        const below = known.filter((k) => k.path[0] === key);
        const absentBelow = absent.filter((a) => a[0] === key);
        if (below.length === 0 && absentBelow.length === 0) continue;
        const leaf = below.find((k) => k.path.length === 1);
        if (leaf !== undefined) {
            if (!leafAdmits(sub, leaf.value)) return false;
        } else if (absentBelow.some((a) => a.length === 1)) {
            // The event has no such field: only an "exists": false filter lets it through.
            if (!Array.isArray(sub) || !sub.some((alt) => isObject(alt) && Object.keys(alt).length === 1 && alt.exists === false)) return false;
        } else {
            if (!isObject(sub)) return false;
            if (
                !objectAdmits(
                    sub,
                    below.map((k) => ({ path: k.path.slice(1), value: k.value })),
                    absentBelow.map((a) => a.slice(1)),
                )
            )
                return false;
        }
    }
    return true;
}

function leafAdmits(alternatives: unknown, value: string): boolean {
    if (!Array.isArray(alternatives)) return false; // EventBridge requires an array at a leaf
    return alternatives.some((alt) => {
        if (typeof alt === "string" || typeof alt === "number" || typeof alt === "boolean") return String(alt) === value;
        return isObject(alt) && filterAdmits(alt, value);
    });
}

function filterAdmits(filter: Record<string, unknown>, value: string): boolean {
    const entries = Object.entries(filter);
    if (entries.length !== 1) return false;
    const [[op, arg]] = entries;
    switch (op) {
        case "prefix":
            if (typeof arg === "string") return value.startsWith(arg);
            if (isObject(arg) && typeof arg["equals-ignore-case"] === "string") return value.toLowerCase().startsWith(arg["equals-ignore-case"].toLowerCase());
            return false;
        case "suffix":
            if (typeof arg === "string") return value.endsWith(arg);
            if (isObject(arg) && typeof arg["equals-ignore-case"] === "string") return value.toLowerCase().endsWith(arg["equals-ignore-case"].toLowerCase());
            return false;
        case "equals-ignore-case":
            return typeof arg === "string" && arg.toLowerCase() === value.toLowerCase();
        case "wildcard":
            // EventBridge wildcards know only `*`.
            return typeof arg === "string" && matchesWildcard(arg, value, false);
        case "exists":
            return arg === true; // the field is present in the event
        case "anything-but":
            if (typeof arg === "string" || typeof arg === "number") return String(arg) !== value;
            if (Array.isArray(arg)) return !arg.some((x) => String(x) === value);
            if (isObject(arg)) return !filterAdmits(arg, value);
            return false;
        default:
            // numeric, cidr and unknown operators never match a string state or source.
            return false;
    }
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
