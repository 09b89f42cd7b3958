// Reading resource properties without tripping over values that are unknown during preview.
//
// The policy SDK hands policies a proxy (unknownCheckingProxy) that throws UnknownValueError when
// a property holding an "unknown" sentinel is read. A throw turns even a mandatory policy into an
// advisory note for the whole resource, so policies read through these helpers instead: they see
// the raw object and tell "unknown now" (UNKNOWN) from "absent" (undefined).

// The SDK's sentinels live in its internal proxy module; reading them from there keeps us exact.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkProxy = require("@pulumi/policy/proxy") as {
    getSpecialProxyTarget: string;
    unknownBooleanValue: string;
    unknownNumberValue: string;
    unknownStringValue: string;
    unknownArrayValue: string;
    unknownAssetValue: string;
    unknownArchiveValue: string;
    unknownObjectValue: string;
};

/** The SDK's unknown sentinels by kind, for building preview-time inputs in tests and evaluate(). */
export const unknownSentinels = {
    boolean: sdkProxy.unknownBooleanValue,
    number: sdkProxy.unknownNumberValue,
    string: sdkProxy.unknownStringValue,
    array: sdkProxy.unknownArrayValue,
    object: sdkProxy.unknownObjectValue,
} as const;

const sentinelSet = new Set<unknown>([
    sdkProxy.unknownBooleanValue,
    sdkProxy.unknownNumberValue,
    sdkProxy.unknownStringValue,
    sdkProxy.unknownArrayValue,
    sdkProxy.unknownAssetValue,
    sdkProxy.unknownArchiveValue,
    sdkProxy.unknownObjectValue,
]);

/** A value that is not known yet (during preview it depends on a resource not created yet). */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

export function isSentinel(value: unknown): boolean {
    return typeof value === "string" && sentinelSet.has(value);
}

/** The object behind the SDK's proxy (or the value itself when it is not proxied). */
export function unwrap<T>(value: T): T {
    if (value !== null && typeof value === "object") {
        const target = (value as Record<string, unknown>)[sdkProxy.getSpecialProxyTarget];
        if (target !== undefined) return target as T;
    }
    return value;
}

/** Turns sentinels into UNKNOWN and `null` into undefined, one level deep. */
export function normalise(value: unknown): unknown {
    if (value === null || value === undefined) return undefined;
    if (isSentinel(value)) return UNKNOWN;
    return value;
}

/** Reads a dotted path ("tags.runbook", "ingress.0.cidrBlocks") from props. */
export function readPath(props: unknown, path: string): unknown {
    let current: unknown = unwrap(props);
    for (const key of path.split(".")) {
        current = normalise(current);
        if (current === UNKNOWN) return UNKNOWN;
        if (current === undefined || typeof current !== "object") return undefined;
        current = (current as Record<string, unknown>)[key];
    }
    return normalise(current);
}

/** True when the value, or anything inside it, is unknown. */
export function containsUnknown(value: unknown): boolean {
    const v = normalise(unwrap(value));
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (v !== undefined && typeof v === "object") return Object.values(v as object).some(containsUnknown);
    return false;
}

// Typed readers. Each returns UNKNOWN, undefined (absent), or a value of the wanted type; a value of
// another type is returned as `{ invalid: value }` so a policy can report it instead of crashing.
export interface Invalid {
    invalid: unknown;
}
export function isInvalid(value: unknown): value is Invalid {
    return typeof value === "object" && value !== null && "invalid" in value && Object.keys(value).length === 1;
}

export function asBoolean(value: unknown): boolean | undefined | Unknown | Invalid {
    const v = normalise(value);
    if (v === undefined || v === UNKNOWN || typeof v === "boolean") return v;
    if (v === "true") return true;
    if (v === "false") return false;
    return { invalid: v };
}

export function asNumber(value: unknown): number | undefined | Unknown | Invalid {
    const v = normalise(value);
    if (v === undefined || v === UNKNOWN) return v;
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
    return { invalid: v };
}

export function asString(value: unknown): string | undefined | Unknown | Invalid {
    const v = normalise(value);
    if (v === undefined || v === UNKNOWN || typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return { invalid: v };
}

/** A list of strings; UNKNOWN when the list or any element is unknown. */
export function asStringList(value: unknown): string[] | undefined | Unknown | Invalid {
    const v = normalise(unwrap(value));
    if (v === undefined || v === UNKNOWN) return v;
    if (!Array.isArray(v)) return { invalid: v };
    const out: string[] = [];
    for (const element of v) {
        const s = asString(element);
        if (s === UNKNOWN) return UNKNOWN;
        if (s === undefined) continue;
        if (typeof s !== "string") return { invalid: v };
        out.push(s);
    }
    return out;
}

/** A string map (tags); UNKNOWN when the map is unknown. Unknown entries stay UNKNOWN. */
export function asStringMap(value: unknown): Record<string, string | Unknown> | undefined | Unknown | Invalid {
    const v = normalise(unwrap(value));
    if (v === undefined || v === UNKNOWN) return v;
    if (typeof v !== "object" || Array.isArray(v)) return { invalid: v };
    const out: Record<string, string | Unknown> = {};
    for (const [k, raw] of Object.entries(v as Record<string, unknown>)) {
        const s = asString(raw);
        if (s === UNKNOWN) out[k] = UNKNOWN;
        else if (typeof s === "string") out[k] = s;
    }
    return out;
}

/** A list of objects (ingress rules, parameters); UNKNOWN when the list itself is unknown. */
export function asObjectList(value: unknown): Array<Record<string, unknown> | Unknown> | undefined | Unknown | Invalid {
    const v = normalise(unwrap(value));
    if (v === undefined || v === UNKNOWN) return v;
    if (!Array.isArray(v)) return { invalid: v };
    const out: Array<Record<string, unknown> | Unknown> = [];
    for (const element of v) {
        const e = normalise(element);
        if (e === UNKNOWN) out.push(UNKNOWN);
        else if (e !== undefined && typeof e === "object" && !Array.isArray(e)) out.push(e as Record<string, unknown>);
    }
    return out;
}

/** How an unknown part of a value reads in a message. */
const unknownText = "unknown until deployment";
/** Stands in for unknown parts inside JSON while it is built; no real string contains it. */
const unknownMarker = `\u0000${unknownText}\u0000`;

/**
 * How a value is shown in a message: JSON for data, "unset" for absent. A value unknown during
 * preview (the SDK's sentinel, anywhere inside the value, or UNKNOWN) is shown as "unknown until
 * deployment", never as the sentinel string it travels as.
 */
export function show(value: unknown): string {
    const v = unwrap(value);
    if (v === undefined) return "unset";
    if (v === UNKNOWN || isSentinel(v)) return unknownText;
    if (isInvalid(v)) return show(v.invalid);
    if (typeof v === "string") return JSON.stringify(v);
    try {
        const json = JSON.stringify(v, (_key, inner: unknown) => {
            const i = unwrap(inner);
            return i === UNKNOWN || isSentinel(i) ? unknownMarker : i;
        });
        return json === undefined ? String(v) : json.split(JSON.stringify(unknownMarker)).join(`<${unknownText}>`);
    } catch {
        return String(v);
    }
}

// Lists of nested objects (ingress rules, parameters, routes, app users) read with each element's
// position in the list, so a message names the element the user wrote (`ingress[2]`), even when
// other elements are null or of the wrong type (asObjectList drops those and shifts the rest).
export type ListElement = Record<string, unknown> | Unknown;

/** [index, element] for each object (or unknown element) of a list; other elements are returned in `others`. */
export function indexedObjects(value: unknown): { objects: Array<[number, ListElement]>; others: Array<[number, unknown]> } {
    const list = normalise(unwrap(value));
    const objects: Array<[number, ListElement]> = [];
    const others: Array<[number, unknown]> = [];
    if (!Array.isArray(list)) return { objects, others };
    list.forEach((raw, i) => {
        const element = normalise(raw);
        if (element === UNKNOWN) objects.push([i, UNKNOWN]);
        else if (element !== undefined && typeof element === "object" && !Array.isArray(element)) objects.push([i, element as Record<string, unknown>]);
        else if (element !== undefined) others.push([i, element]);
    });
    return { objects, others };
}
