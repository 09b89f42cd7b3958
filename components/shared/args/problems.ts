// Problems as the user reads them: "path: the value seen, the problem; the fix", one per issue,
// gathered for all arguments and thrown before the component registers anything.
import { z } from "zod";
import { redactUrlCredentials } from "../urls";
import { fallbackError, isDeferred, isNonFinite } from "./zod";

/** The value at `path` in the raw arguments, for the message. */
function valueAt(args: unknown, path: readonly PropertyKey[]): unknown {
    let value = args;
    for (const key of path) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<PropertyKey, unknown>)[key];
    }
    return value;
}

export function pathText(path: readonly PropertyKey[]): string {
    return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");
}

/** A value as the message shows it: JSON, but NaN and ±Infinity as themselves (JSON would print null). */
function show(value: unknown): string {
    if (isDeferred(value)) return "(an output)";
    if (isNonFinite(value)) return String(value);
    const marker = "@@db-preflight:non-finite@@";
    const json = JSON.stringify(value, (_key, v: unknown) => (isNonFinite(v) ? `${marker}${String(v)}` : v));
    const text = json === undefined ? undefined : json.replace(new RegExp(`"${marker}(-?Infinity|NaN)"`, "g"), "$1");
    return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** "path: seen problem; fix", or "path: not set; fix". */
export function problem(args: unknown, path: readonly PropertyKey[], message: string): string {
    const value = valueAt(args, path);
    return value === undefined ? `${pathText(path)}: ${message}` : `${pathText(path)}: ${show(value)} ${message}`;
}

/** Parses `raw` with `schema`: the data, or one problem per issue (unknown keys named one by one). */
export function parseArguments<T extends z.ZodType>(schema: T, raw: unknown): { data: z.output<T> } | { problems: string[] } {
    if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw) || isDeferred(raw))) {
        const seen = isDeferred(raw) ? "an output" : Array.isArray(raw) ? "an array" : `${show(raw)} (${typeof raw})`;
        return { problems: [`the arguments are ${seen}, not an object; pass an object such as { engine, network: { vpcId, subnetIds }, runbook: { url }, ownership: { owner, onCall } }`] };
    }
    const parsed = schema.safeParse(raw ?? {}, { error: fallbackError });
    if (parsed.success) return { data: parsed.data };
    const problems: string[] = [];
    for (const issue of parsed.error.issues) {
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) problems.push(`${pathText([...issue.path, key])}: unknown argument; remove it or check its spelling`);
        } else {
            problems.push(problem(raw, issue.path, issue.message));
        }
    }
    return { problems };
}

/** Collects problems for one component's arguments. */
export interface Problems {
    /** A problem with the argument at `path` (its value is shown). */
    add(path: PropertyKey[], message: string): void;
    /** A problem worded in full. */
    push(text: string): void;
    readonly list: string[];
}

export function problemsOf(raw: unknown): Problems {
    const list: string[] = [];
    return { add: (path, message) => list.push(problem(raw, path, message)), push: (text) => list.push(text), list };
}

/**
 * Thrown before anything is registered; each line names the argument, the value seen and the fix.
 * A credential in a URL the user passed is masked: Pulumi prints this message to the console and CI logs.
 */
export class DatabaseArgumentError extends Error {
    readonly problems: readonly string[];

    constructor(
        componentType: string,
        readonly component: string,
        problems: readonly string[],
    ) {
        const masked = problems.map(redactUrlCredentials);
        super(masked.map((p) => `${componentType} ${JSON.stringify(component)}: ${p}`).join("\n"));
        this.problems = masked;
        this.name = `${componentType}ArgumentError`;
    }
}
