// The in-process evaluator: runs the pack's own policy objects over a list of resources the way
// the Pulumi engine and the policy SDK do (config defaults reconciled like the engine, unknown
// values wrapped by the SDK's own proxy, remediations before validations, resource policies on
// each resource's inputs, stack policies on the whole set), with no CLI. Users call it from their
// unit tests; the pack's own tests use it too.
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import type { EnforcementLevel, PolicyPackConfig, PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import { DbPolicy, DbResourcePolicy, DbStackPolicy } from "./lib/define";
import { parsePolicyConfig } from "./lib/config";
import { reconcilePackConfig } from "./lib/pack-config";
import { containsUnknown, unknownSentinels, unwrap } from "./lib/values";
import { policies as packPolicies, packName } from "./registry";

export { unknownSentinels };

export interface ResourceInput {
    type: string;
    name: string;
    props: Record<string, unknown>;
    urn?: string;
    /** The parent's name or URN. */
    parent?: string;
    /** Other resources by name or URN. */
    dependencies?: string[];
    /** Per property, other resources by name or URN. */
    propertyDependencies?: Record<string, string[]>;
    /**
     * The provider resource it is created with (a `pulumi:providers:aws` resource of the list), by
     * name or URN: policies read its region and defaultTags, as the engine passes them.
     */
    provider?: string;
}

export interface Finding {
    policy: string;
    checklistItem: string;
    enforcementLevel: string;
    /** The resource's name (absent for a finding about the whole stack). */
    resource?: string;
    urn?: string;
    message: string;
}

export interface EvaluateOptions {
    /** The same shape as the file passed to `--policy-pack-config`. */
    config?: PolicyPackConfig;
    /** Inputs may hold unknown values (unknownSentinels), as during `pulumi preview`. */
    preview?: boolean;
    /** The stack name used in generated URNs (default "production"). */
    stack?: string;
    /** Stack tags, as `pulumi stack tag set` would give them. */
    stackTags?: Record<string, string>;
    /** The policies to run (default: the whole pack). */
    policies?: readonly DbPolicy[];
}

class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

interface LevelledConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

/**
 * The engine's ReconcilePolicyPackConfig: the file checked as a whole (the same checks the pack
 * runs in the CLI and the report runs on -c), then "all" levels, the pack-wide "scope", per-policy
 * settings and the schema defaults.
 */
function reconcileConfig(policies: readonly DbPolicy[], config: PolicyPackConfig | undefined): Map<string, LevelledConfig> {
    // Keys of pack policies left out of `policies` are still valid keys of the pack's config.
    const known = [...policies, ...packPolicies.filter((p) => !policies.some((q) => q.name === p.name))];
    const settings = reconcilePackConfig(config, known);
    const result = new Map<string, LevelledConfig>();
    for (const p of policies) {
        const given = settings.get(p.name)!;
        const properties = parsePolicyConfig(p.name, p.dbPreflight.configShape, given.properties);
        result.set(p.name, { enforcementLevel: given.enforcementLevel, properties: { ...given.properties, ...pickDefined(properties) } });
    }
    return result;
}

function pickDefined(o: object): Record<string, unknown> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const defaultOpts: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

interface Resolved {
    input: ResourceInput;
    urn: string;
    parent?: string;
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    props: Record<string, unknown>;
}

/** Deeper than this, a property value is refused (policies and the SDK's proxy read values recursively). */
export const maxPropertyDepth = 200;

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
    // Any realm's Object.prototype (jest runs tests in their own realm), never a class instance.
    const proto = Object.getPrototypeOf(v);
    return proto === null || Object.getPrototypeOf(proto) === null;
};

function describe(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "an array";
    if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
    if (typeof v === "object") return `a ${(Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name ?? "object"}`;
    return `${typeof v} ${String(v)}`;
}

/** Why a property value cannot be judged (a cycle, too deep, not data), with its path; undefined when it is data. */
function valueProblem(value: unknown, path: string, ancestors: object[]): { path: string; why: string } | undefined {
    if (value === null || value === undefined) return undefined;
    const t = typeof value;
    if (t === "string" || t === "boolean" || t === "number" || t === "bigint") return undefined;
    const data = "expected plain data (strings, numbers, booleans, lists, objects)";
    if (t !== "object") return { path, why: `is ${describe(value)}; ${data}` };
    const object = value as object;
    if (ancestors.includes(object)) return { path, why: "refers back to an object that contains it (a cyclic object); pass plain data" };
    if (ancestors.length >= maxPropertyDepth) return { path, why: `is nested more than ${maxPropertyDepth} levels deep` };
    if (!Array.isArray(object) && !isPlainObject(object)) return { path, why: `is ${describe(object)}; ${data}` };
    ancestors.push(object);
    try {
        const children: [string, unknown][] = Array.isArray(object)
            ? object.map((v, i) => [`${path}[${i}]`, v])
            : Object.entries(object).map(([k, v]) => [/^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, v]);
        for (const [childPath, child] of children) {
            const problem = valueProblem(child, childPath, ancestors);
            if (problem) return problem;
        }
    } finally {
        ancestors.pop();
    }
    return undefined;
}

const envelopeShape = "{ type: string, name: string, props: object, urn?: string, parent?: string, dependencies?: string[], propertyDependencies?: Record<string, string[]> }";

/** evaluate()'s input checked before any policy runs: one error naming the resource index and the field. */
function checkEnvelope(resources: unknown): asserts resources is ResourceInput[] {
    if (!Array.isArray(resources)) throw new TypeError(`evaluate(resources): resources is ${describe(resources)}; expected an array of ${envelopeShape}`);
    const fail = (i: number, field: string, why: string): never => {
        const r = resources[i] as { name?: unknown } | null;
        const label = typeof r?.name === "string" ? ` (${JSON.stringify(r.name)})` : "";
        throw new TypeError(`evaluate(resources): resources[${i}]${label}${field === "" ? "" : `.${field}`} ${why}`);
    };
    const optionalString = (i: number, r: Record<string, unknown>, field: string) => {
        if (r[field] !== undefined && (typeof r[field] !== "string" || r[field] === "")) fail(i, field, `is ${describe(r[field])}; expected a non-empty string or no ${field}`);
    };
    const stringList = (i: number, field: string, list: unknown) => {
        if (!Array.isArray(list)) return fail(i, field, `is ${describe(list)}; expected a list of resource names or URNs`);
        list.forEach((ref, j) => {
            if (typeof ref !== "string" || ref === "") fail(i, `${field}[${j}]`, `is ${describe(ref)}; expected a resource name or URN`);
        });
    };
    resources.forEach((entry, i) => {
        if (!isPlainObject(entry)) return fail(i, "", `is ${describe(entry)}; expected ${envelopeShape}`);
        for (const field of ["type", "name"]) {
            if (typeof entry[field] !== "string" || entry[field] === "") fail(i, field, `is ${describe(entry[field])}; expected a non-empty string`);
        }
        if (!isPlainObject(entry.props)) fail(i, "props", `is ${describe(entry.props)}; expected an object of the resource's input properties`);
        const problem = valueProblem(entry.props, "props", []);
        if (problem) fail(i, problem.path, problem.why);
        optionalString(i, entry, "urn");
        optionalString(i, entry, "parent");
        if (entry.dependencies !== undefined) stringList(i, "dependencies", entry.dependencies);
        if (entry.propertyDependencies !== undefined) {
            if (!isPlainObject(entry.propertyDependencies))
                fail(i, "propertyDependencies", `is ${describe(entry.propertyDependencies)}; expected an object of property name to a list of resource names or URNs`);
            for (const [k, refs] of Object.entries(entry.propertyDependencies as Record<string, unknown>)) stringList(i, `propertyDependencies.${k}`, refs);
        }
    });
}

function resolveResources(resources: readonly ResourceInput[], stack: string): Resolved[] {
    const withUrns = resources.map((r) => ({
        input: r,
        urn: r.urn ?? `urn:pulumi:${stack}::db-preflight::${r.type}::${r.name}`,
    }));
    // Two resources with one URN: findings could not be told apart (the engine refuses this too).
    const indexOfUrn = new Map<string, number>();
    withUrns.forEach(({ input, urn }, i) => {
        const first = indexOfUrn.get(urn);
        if (first !== undefined) {
            throw new TypeError(
                `evaluate(resources): resources[${i}] (${JSON.stringify(input.name)}) has the URN of resources[${first}], ${JSON.stringify(urn)}: ` +
                    `give each resource a unique urn, or a unique type and name when urn is left out`,
            );
        }
        indexOfUrn.set(urn, i);
    });
    const byKey = new Map<string, string[]>();
    for (const { input, urn } of withUrns) {
        for (const key of input.name === urn ? [urn] : [input.name, urn]) {
            const list = byKey.get(key);
            if (list) list.push(urn);
            else byKey.set(key, [urn]);
        }
    }
    const resolve = (owner: ResourceInput, ref: string): string => {
        const urns = byKey.get(ref);
        if (!urns) throw new Error(`resource ${JSON.stringify(owner.name)} depends on ${JSON.stringify(ref)}, which names no resource (use a name or URN from the list)`);
        if (urns.length > 1) throw new Error(`resource ${JSON.stringify(owner.name)} depends on ${JSON.stringify(ref)}, which names ${urns.length} resources; use the URN`);
        return urns[0];
    };
    return withUrns.map(({ input, urn }) => {
        const propertyDependencies: Record<string, string[]> = {};
        for (const [k, refs] of Object.entries(input.propertyDependencies ?? {})) {
            propertyDependencies[k] = refs.map((ref) => resolve(input, ref));
        }
        const dependencies = new Set((input.dependencies ?? []).map((ref) => resolve(input, ref)));
        for (const urns of Object.values(propertyDependencies)) for (const u of urns) dependencies.add(u);
        return {
            input,
            urn,
            ...(input.parent !== undefined ? { parent: resolve(input, input.parent) } : {}),
            ...(input.provider !== undefined ? { provider: resolve(input, input.provider) } : {}),
            dependencies: [...dependencies],
            propertyDependencies,
            props: structuredClone(input.props),
        };
    });
}

export async function evaluate(resources: ResourceInput[], options: EvaluateOptions = {}): Promise<Finding[]> {
    const policies = options.policies ?? packPolicies;
    const stack = options.stack ?? "production";
    const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(options.stackTags ?? {}));
    const config = reconcileConfig(policies, options.config);
    checkEnvelope(resources);
    const levelOf = (p: DbPolicy) => config.get(p.name)!.enforcementLevel;
    const getConfigOf =
        (p: DbPolicy) =>
        <T extends object>() =>
            config.get(p.name)!.properties as T;
    const resolved = resolveResources(resources, stack);
    const byUrn = new Map(resolved.map((r) => [r.urn, r]));
    if (!options.preview) {
        for (const r of resolved) {
            if (containsUnknown(r.props)) {
                throw new Error(`resource ${JSON.stringify(r.input.name)} has unknown values; unknowns exist only during preview: pass { preview: true }`);
            }
        }
    }

    const findings: Finding[] = [];
    const collect =
        (p: DbPolicy, level: EnforcementLevel, resource: Resolved | undefined): Report =>
        (message, urn) => {
            const info = typeof message === "string" ? { message } : message;
            const targetUrn = info.urn ?? urn ?? resource?.urn;
            const target = targetUrn !== undefined ? byUrn.get(targetUrn) : undefined;
            findings.push({
                policy: p.name,
                checklistItem: p.dbPreflight.checklistItem,
                enforcementLevel: info.enforcementLevel ?? (level === "remediate" ? "mandatory" : level),
                ...(target ? { resource: target.input.name, urn: target.urn } : targetUrn ? { urn: targetUrn } : {}),
                message: info.message ?? p.description,
            });
        };
    /** The provider as the SDK passes it: type, name, URN and its inputs behind the unknown-checking proxy. */
    const providerOf = (r: Resolved) => {
        const provider = r.provider !== undefined ? byUrn.get(r.provider) : undefined;
        return provider ? { provider: { type: provider.input.type, name: provider.input.name, urn: provider.urn, props: unknownCheckingProxy(provider.props) } } : {};
    };
    const resourceArgs = (p: DbPolicy, r: Resolved, props: Record<string, unknown>) => ({
        ...resourceBasics(r, props, providerOf),
        stackTags,
        isType: () => false,
        asType: () => undefined,
        getConfig: getConfigOf(p),
        notApplicable,
    });
    const resourcePolicies = policies.filter((p): p is DbResourcePolicy => "validateResource" in p || "remediateResource" in p);
    const stackPolicies = policies.filter((p): p is DbStackPolicy => "validateStack" in p);

    // The SDK's fast path, for every policy: skip types a policy does not judge without calling it.
    const judges = (p: DbResourcePolicy, type: string) => p.dbPreflight.resourceTypes?.includes(type) ?? true;
    // Remediations first, in pack order, each seeing the previous one's result (as the engine does).
    for (const r of resolved) {
        for (const p of resourcePolicies) {
            if (levelOf(p) !== "remediate" || !p.remediateResource || !judges(p, r.input.type)) continue;
            try {
                const result = await p.remediateResource(resourceArgs(p, r, unknownCheckingProxy(r.props)));
                if (result) {
                    // A remediation returns the SDK proxy it wrote through: keep a copy of the plain object behind it.
                    r.props = structuredClone(unwrap(result));
                    collect(p, "remediate", r)({ message: `${r.input.name}: remediated by ${p.name}`, enforcementLevel: "remediate" });
                }
            } catch (e) {
                if (!(e instanceof NotApplicable) && !(e instanceof UnknownValueError)) throw wrapError(p, e);
            }
        }
    }

    for (const r of resolved) {
        for (const p of resourcePolicies) {
            const level = levelOf(p);
            if (level === "disabled" || !p.validateResource || !judges(p, r.input.type)) continue;
            const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
            for (const validate of validations) {
                await validating(p, collect(p, level, r), (report) => validate(resourceArgs(p, r, unknownCheckingProxy(r.props)), report));
            }
        }
    }

    if (stackPolicies.length > 0) {
        const policyResources = toPolicyResources(resolved, providerOf);
        for (const p of stackPolicies) {
            const level = levelOf(p);
            if (level === "disabled") continue;
            await validating(p, collect(p, level, undefined), (report) => p.validateStack({ resources: policyResources, stackTags, getConfig: getConfigOf(p), notApplicable }, report));
        }
    }
    return findings;
}

/** What the SDK gives both a resource policy and a stack policy about a resource: type, name, URN, props, options and provider. */
function resourceBasics(r: Resolved, props: Record<string, unknown>, providerOf: (r: Resolved) => Pick<PolicyResource, "provider">) {
    return {
        type: r.input.type,
        name: r.input.name,
        urn: r.urn,
        props,
        opts: { ...defaultOpts, ...(r.parent !== undefined ? { parent: r.parent } : {}) },
        ...providerOf(r),
    };
}

function toPolicyResources(resolved: readonly Resolved[], providerOf: (r: Resolved) => Pick<PolicyResource, "provider">): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const list = resolved.map((r) => {
        const props = unknownCheckingProxy(r.props);
        const pr: PolicyResource = {
            ...resourceBasics(r, props, providerOf),
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
        byUrn.set(r.urn, pr);
        return pr;
    });
    resolved.forEach((r, i) => {
        const pr = list[i];
        const lookup = (urns: readonly string[]) => urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => !!x);
        pr.dependencies = lookup(r.dependencies);
        for (const [k, urns] of Object.entries(r.propertyDependencies)) pr.propertyDependencies[k] = lookup(urns);
        if (r.parent !== undefined && byUrn.has(r.parent)) pr.parent = byUrn.get(r.parent);
    });
    return list;
}

type Report = (message: string | { message?: string; urn?: string; enforcementLevel?: EnforcementLevel }, urn?: string) => void;

/**
 * Runs one validation as the SDK does: "not applicable" is silent, an unknown value during preview
 * becomes an advisory "can't run" finding, any other error names the policy and the pack.
 */
async function validating(p: DbPolicy, report: Report, validate: (report: Report) => unknown): Promise<void> {
    try {
        await validate(report);
    } catch (e) {
        if (e instanceof NotApplicable) return;
        if (e instanceof UnknownValueError) return report({ message: `can't run policy '${p.name}' during preview: ${(e as Error).message}`, enforcementLevel: "advisory" });
        throw wrapError(p, e);
    }
}

function wrapError(p: DbPolicy, e: unknown): Error {
    const err = new Error(`policy '${p.name}' from policy pack '${packName}' failed: ${(e as Error)?.message ?? String(e)}`);
    (err as Error & { cause?: unknown }).cause = e;
    return err;
}
