// The in-process evaluator: runs the pack's own policy objects over a list of resources the way
// the Pulumi engine and the policy SDK do (config defaults reconciled like the engine, unknown
// values wrapped by the SDK's own proxy, remediations before validations, resource policies on
// each resource's inputs, stack policies on the whole set), with no CLI. Users call it from their
// unit tests; the pack's own tests use it too.
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import type { EnforcementLevel, PolicyPackConfig, PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import { DbPolicy, DbResourcePolicy, DbStackPolicy } from "./lib/define";
import { parsePolicyConfig } from "./lib/config";
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

/** The engine's ReconcilePolicyPackConfig: schema defaults, then "all" levels, then per-policy settings. */
function reconcileConfig(policies: readonly DbPolicy[], config: PolicyPackConfig = {}): Map<string, LevelledConfig> {
    const known = new Set(policies.map((p) => p.name));
    for (const key of Object.keys(config)) {
        if (key !== "all" && !known.has(key)) {
            throw new Error(`policy pack config names unknown policy ${JSON.stringify(key)}; known policies: ${[...known].join(", ")}`);
        }
    }
    const split = (c: PolicyPackConfig[string] | undefined) => {
        if (c === undefined) return { level: undefined, properties: {} };
        if (typeof c === "string") return { level: c, properties: {} };
        const { enforcementLevel, ...properties } = c;
        return { level: enforcementLevel, properties };
    };
    const all = split(config.all).level;
    const result = new Map<string, LevelledConfig>();
    for (const p of policies) {
        const given = split(config[p.name]);
        const properties = parsePolicyConfig(p.name, p.dbPreflight.configShape, given.properties);
        result.set(p.name, {
            enforcementLevel: given.level ?? all ?? p.enforcementLevel ?? "advisory",
            properties: { ...given.properties, ...pickDefined(properties) },
        });
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

function resolveResources(resources: readonly ResourceInput[], stack: string): Resolved[] {
    const withUrns = resources.map((r) => ({
        input: r,
        urn: r.urn ?? `urn:pulumi:${stack}::db-preflight::${r.type}::${r.name}`,
    }));
    const byKey = new Map<string, string[]>();
    for (const { input, urn } of withUrns) {
        for (const key of new Set([input.name, urn])) byKey.set(key, [...(byKey.get(key) ?? []), urn]);
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
    const levelOf = (p: DbPolicy) => config.get(p.name)!.enforcementLevel;
    const getConfigOf = (p: DbPolicy) => <T extends object>() => config.get(p.name)!.properties as T;
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
    const collect = (p: DbPolicy, level: EnforcementLevel, resource: Resolved | undefined) =>
        (message: string | { message?: string; urn?: string; enforcementLevel?: EnforcementLevel }, urn?: string) => {
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
        type: r.input.type,
        name: r.input.name,
        urn: r.urn,
        props,
        opts: { ...defaultOpts, ...(r.parent !== undefined ? { parent: r.parent } : {}) },
        ...providerOf(r),
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
                try {
                    await validate(resourceArgs(p, r, unknownCheckingProxy(r.props)), collect(p, level, r));
                } catch (e) {
                    if (e instanceof NotApplicable) continue;
                    if (e instanceof UnknownValueError) {
                        collect(p, level, r)({ message: `can't run policy '${p.name}' during preview: ${(e as Error).message}`, enforcementLevel: "advisory" });
                        continue;
                    }
                    throw wrapError(p, e);
                }
            }
        }
    }

    if (stackPolicies.length > 0) {
        const policyResources = toPolicyResources(resolved, providerOf);
        for (const p of stackPolicies) {
            const level = levelOf(p);
            if (level === "disabled") continue;
            try {
                await p.validateStack(
                    { resources: policyResources, stackTags, getConfig: getConfigOf(p), notApplicable },
                    collect(p, level, undefined),
                );
            } catch (e) {
                if (e instanceof NotApplicable) continue;
                if (e instanceof UnknownValueError) {
                    collect(p, level, undefined)({ message: `can't run policy '${p.name}' during preview: ${(e as Error).message}`, enforcementLevel: "advisory" });
                    continue;
                }
                throw wrapError(p, e);
            }
        }
    }
    return findings;
}

function toPolicyResources(resolved: readonly Resolved[], providerOf: (r: Resolved) => Pick<PolicyResource, "provider">): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const list = resolved.map((r) => {
        const props = unknownCheckingProxy(r.props);
        const pr: PolicyResource = {
            type: r.input.type,
            name: r.input.name,
            urn: r.urn,
            props,
            opts: { ...defaultOpts, ...(r.parent !== undefined ? { parent: r.parent } : {}) },
            ...providerOf(r),
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

function wrapError(p: DbPolicy, e: unknown): Error {
    const err = new Error(`policy '${p.name}' from policy pack '${packName}' failed: ${(e as Error)?.message ?? String(e)}`);
    (err as Error & { cause?: unknown }).cause = e;
    return err;
}
