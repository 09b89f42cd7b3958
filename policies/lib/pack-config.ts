// The whole policy pack config — the JSON file given to `--policy-pack-config`, evaluate()'s
// `config` option and `db-preflight report -c` — checked in one place, so that the CLI, the
// evaluator and the report accept and refuse exactly the same files. Nothing is silently ignored:
// an unknown key, a value of the wrong type or a level that is not an enforcement level is an
// error that names the key and what it may be.
//
// Besides one entry per policy, two keys apply to every policy:
//   "all":   an enforcement level for every policy (the engine's own key; levels only);
//   "scope": { productionStacks, productionStackTag }, the production scope of every policy,
//            so that one setting keeps the whole pack off dev stacks. A policy's own scope keys
//            override it.
import type { EnforcementLevel, Policy } from "@pulumi/policy";
import { ConfigShape, configSchemaOf, scopeShape, toPolicyConfigSchema } from "./config";

export const enforcementLevels = ["advisory", "mandatory", "remediate", "disabled"] as const;
export const allKey = "all";
export const scopeKey = "scope";
const scopeKeys = Object.keys(scopeShape);

/** What the checker needs of a policy: its name, default level and config shape. */
export interface ConfigurablePolicy {
    name: string;
    enforcementLevel?: EnforcementLevel;
    dbPreflight: { configShape: ConfigShape };
}

/** A policy's level and the settings it is given (the pack-wide scope merged in; zod fills defaults later). */
export interface PolicySettings {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

export class PackConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`policy pack config is invalid: ${problems.join("; ")}`);
        this.name = "PackConfigError";
    }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** How a value is shown in a message: JSON, cut short. */
function shown(v: unknown): string {
    if (v === undefined) return "undefined";
    let text: string;
    try {
        text = JSON.stringify(v) ?? String(v);
    } catch {
        text = String(v);
    }
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const levelsText = enforcementLevels.map((l) => JSON.stringify(l)).join(", ");

function levelProblem(where: string, level: unknown): string | undefined {
    if (typeof level === "string" && (enforcementLevels as readonly string[]).includes(level)) return undefined;
    const hint =
        typeof level === "string" && (enforcementLevels as readonly string[]).includes(level.trim().toLowerCase()) ? ` (levels are lowercase: ${JSON.stringify(level.trim().toLowerCase())})` : "";
    return `${where} is ${shown(level)}, which is not an enforcement level${hint}; allowed: ${levelsText}`;
}

/** Levenshtein distance, for "did you mean" on misspelt keys. */
function distance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

function suggestion(key: string, candidates: readonly string[]): string {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const c of candidates) {
        const d = distance(key.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) [best, bestDistance] = [c, d];
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 4)) ? ` (did you mean ${JSON.stringify(best)}?)` : "";
}

/** The problems zod found in one entry's settings, each naming `entry.key`. */
function settingsProblems(entry: string, schema: ReturnType<typeof configSchemaOf>, settings: Record<string, unknown>, allowed: readonly string[]): string[] {
    const parsed = schema.safeParse(settings);
    if (parsed.success) return [];
    const problems: string[] = [];
    for (const issue of parsed.error.issues) {
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) {
                problems.push(`"${entry}.${key}" is not a setting of ${entry}${suggestion(key, allowed)}; allowed: ${allowed.join(", ")}`);
            }
            continue;
        }
        const path = [entry, ...issue.path.map(String)].join(".");
        problems.push(`"${path}" is ${shown(readAt(settings, issue.path))}: ${issue.message}`);
    }
    return problems;
}

function readAt(value: unknown, path: readonly PropertyKey[]): unknown {
    let v = value;
    for (const key of path) v = isObject(v) || Array.isArray(v) ? (v as Record<PropertyKey, unknown>)[key] : undefined;
    return v;
}

/**
 * Checks a whole pack config and returns each policy's level and settings.
 *
 * `source` says where the config comes from: "file" is what a user wrote (evaluate(), the report);
 * "engine" is the map the Pulumi CLI hands the pack after its own reconciliation (every policy
 * present with its level and schema defaults, "scope" carrying the level the CLI gives every entry).
 * Every problem is collected into one PackConfigError.
 */
export function reconcilePackConfig(config: unknown, policies: readonly ConfigurablePolicy[], source: "file" | "engine" = "file"): Map<string, PolicySettings> {
    const names = policies.map((p) => p.name);
    if (config === undefined) config = {};
    if (!isObject(config)) {
        throw new PackConfigError([
            `the config is ${config === null ? "null" : Array.isArray(config) ? "an array" : `a ${typeof config} (${shown(config)})`}; expected a JSON object keyed by policy name, "all" or "scope", e.g. {"scope": {"productionStacks": "prod(-.*)?"}, "db-backup-retention": {"minDays": 14}}`,
        ]);
    }
    const problems: string[] = [];
    const byName = new Map(policies.map((p) => [p.name, p]));
    const entries = new Map<string, { level?: unknown; settings: Record<string, unknown> }>();

    for (const [key, value] of Object.entries(config)) {
        if (key !== allKey && key !== scopeKey && !byName.has(key)) {
            problems.push(
                `"${key}" is not a policy of the pack${suggestion(key, [allKey, scopeKey, ...names])}; allowed keys: "all" (a level for every policy), "scope" (the production scope of every policy) and the policy names: ${names.join(", ")}`,
            );
            continue;
        }
        if (typeof value === "string") {
            if (key === scopeKey) {
                problems.push(`"scope" is ${shown(value)}; it takes no enforcement level but an object of ${scopeKeys.join(", ")}, e.g. {"productionStacks": "prod(-.*)?"}`);
                continue;
            }
            const problem = levelProblem(`"${key}"`, value);
            if (problem) problems.push(problem);
            else entries.set(key, { level: value, settings: {} });
            continue;
        }
        if (!isObject(value)) {
            const wanted = key === scopeKey ? `an object of ${scopeKeys.join(", ")}` : `an enforcement level (${levelsText}) or an object of settings with an optional "enforcementLevel"`;
            problems.push(`"${key}" is ${value === null ? "null" : Array.isArray(value) ? `an array (${shown(value)})` : shown(value)}; expected ${wanted}`);
            continue;
        }
        const { enforcementLevel, ...settings } = value;
        if (enforcementLevel !== undefined) {
            if (key === scopeKey && source === "file") {
                problems.push(`"scope.enforcementLevel" is not allowed: "scope" only says which stacks are production; set levels per policy or with "all"`);
                continue;
            }
            const problem = levelProblem(`"${key}.enforcementLevel"`, enforcementLevel);
            if (problem) problems.push(problem);
        }
        if (key === allKey) {
            for (const setting of Object.keys(settings)) {
                problems.push(
                    scopeKeys.includes(setting)
                        ? `"all.${setting}" is not applied by the Pulumi CLI ("all" sets only the enforcement level); put it under "scope" to scope every policy: {"scope": {"${setting}": ${shown(settings[setting])}}}`
                        : `"all.${setting}" is not allowed: "all" takes only "enforcementLevel"; put settings under the policy's own name`,
                );
            }
        } else {
            const shape = key === scopeKey ? {} : byName.get(key)!.dbPreflight.configShape;
            const allowed = key === scopeKey ? scopeKeys : ["enforcementLevel", ...Object.keys(shape), ...scopeKeys];
            problems.push(...settingsProblems(key, configSchemaOf(shape), settings, allowed));
        }
        entries.set(key, { level: enforcementLevel, settings });
    }
    if (problems.length > 0) throw new PackConfigError(problems);

    const allLevel = source === "file" ? (entries.get(allKey)?.level as EnforcementLevel | undefined) : undefined;
    const scope = entries.get(scopeKey)?.settings ?? {};
    const result = new Map<string, PolicySettings>();
    for (const p of policies) {
        const given = entries.get(p.name);
        result.set(p.name, {
            // The engine has already applied "all" to every entry it passes.
            enforcementLevel: (given?.level as EnforcementLevel | undefined) ?? allLevel ?? p.enforcementLevel ?? "advisory",
            properties: { ...scope, ...(given?.settings ?? {}) },
        });
    }
    return result;
}

/**
 * The "scope" entry as the Pulumi CLI must see it: the CLI passes a config key to a pack only when
 * it names one of the pack's policies (any other key without a level fails in the CLI with
 * `invalid enforcement level ""`), and validates its settings against the schema given here. So the
 * pack registers this settings-only policy; it never reports anything.
 */
export const scopeSettingsPolicy: Policy & { validateStack: () => void } = {
    name: scopeKey,
    description: "Settings only, never reports: the production scope of every policy of the pack (productionStacks, productionStackTag). A policy's own scope keys override it.",
    enforcementLevel: "advisory",
    configSchema: toPolicyConfigSchema({}),
    validateStack: () => undefined,
};
