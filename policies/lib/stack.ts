// The whole stack as stack policies see it, indexed once by URN, type and reverse dependency so
// that linking an alarm, a parameter group or a backup selection to its database is a lookup,
// not a scan (10,000 resources must evaluate in well under a second).
import type { PolicyResource } from "@pulumi/policy";
import { ResourceUnderCheck, makeResource } from "./resource";
import { UNKNOWN, asString, normalise, readPath } from "./values";

export interface StackUnderCheck {
    resources: readonly ResourceUnderCheck[];
    ofType(...types: string[]): readonly ResourceUnderCheck[];
    byUrn(urn: string): ResourceUnderCheck | undefined;
    /** Resources (of the given types, or any) that depend on `target` through any property. */
    dependentsOf(target: ResourceUnderCheck, ...types: string[]): readonly ResourceUnderCheck[];
    /**
     * The resources (of the given types) that `property` of `resource` refers to: those the
     * engine recorded as the property's dependencies, plus those whose name, id or ARN output
     * equals a literal value of the property. UNKNOWN when a value is unknown and nothing is linked.
     */
    referencedBy(resource: ResourceUnderCheck, property: string, ...types: string[]): readonly ResourceUnderCheck[] | typeof UNKNOWN;
    /**
     * The name, id and ARN outputs (and identifiers) of the resources that `property` of `resource`
     * (any property when omitted) takes values from, as the engine recorded them. A literal in the
     * property equal to one of these is that resource's output, not another resource's that happens
     * to carry the same value: indexes by value skip such entries, so a stack where thousands of
     * resources share a value stays linear.
     */
    linkedValues(resource: ResourceUnderCheck, property?: string): ReadonlySet<string>;
}

/**
 * How many resources an index by value keeps under one literal value (an ARN, identifier or
 * dimension value typed into another resource). AWS names and ARNs are unique per account and
 * region, so a real stack has a handful of resources per value at most; thousands sharing one
 * value come from a state that repeats resources, and matching each against all the others is
 * quadratic. Indexes that only find candidates that may *cover* a database (backup selections,
 * alarms, subscriptions) stop at this many: past it a database can only lose a candidate, which
 * turns a pass into a violation and never hides one. Links the engine recorded always count.
 */
export const maxMatchesPerValue = 64;

/** Outputs that identify a resource when another resource refers to it by value. */
const identifyingOutputs = ["name", "id", "arn", "identifier", "clusterIdentifier"];

const cache = new WeakMap<readonly object[], StackUnderCheck>();

export interface StackResourceInput {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    parent?: string;
    dependencies: readonly string[];
    propertyDependencies: Readonly<Record<string, readonly string[]>>;
    provider?: { type: string; name: string; urn: string; props: Record<string, unknown> };
}

/** From the SDK's PolicyResource list (resolved objects) or evaluate()'s URN-linked list. */
export function stackUnderCheck(resources: readonly (PolicyResource | StackResourceInput)[]): StackUnderCheck {
    const cached = cache.get(resources);
    if (cached) return cached;
    const built = buildStack(resources.map(toInput));
    cache.set(resources, built);
    return built;
}

function toInput(r: PolicyResource | StackResourceInput): StackResourceInput {
    const urnOf = (d: PolicyResource | string) => (typeof d === "string" ? d : d.urn);
    const deps = (r.dependencies as readonly (PolicyResource | string)[]).map(urnOf);
    const propertyDependencies: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(r.propertyDependencies ?? {})) {
        propertyDependencies[k] = (v as readonly (PolicyResource | string)[]).map(urnOf);
    }
    const parent = typeof r.parent === "string" ? r.parent : r.parent?.urn;
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: r.props,
        dependencies: deps,
        propertyDependencies,
        ...(parent !== undefined ? { parent } : {}),
        ...(r.provider ? { provider: { type: r.provider.type, name: r.provider.name, urn: r.provider.urn, props: r.provider.props } } : {}),
    };
}

export function buildStack(inputs: readonly StackResourceInput[]): StackUnderCheck {
    const resources = inputs.map(makeResource);
    const byUrn = new Map<string, ResourceUnderCheck>();
    const byType = new Map<string, ResourceUnderCheck[]>();
    const byIdentity = new Map<string, ResourceUnderCheck[]>();
    const identitiesOf = new Map<ResourceUnderCheck, string[]>();
    for (const r of resources) {
        byUrn.set(r.urn, r);
        pushTo(byType, r.type, r);
        const identities: string[] = [];
        for (const key of identifyingOutputs) {
            const v = asString(readPath(r.props, key));
            if (typeof v === "string" && v !== "" && !identities.includes(v)) {
                identities.push(v);
                pushTo(byIdentity, v, r);
            }
        }
        identitiesOf.set(r, identities);
    }
    const dependents = new Map<string, Set<ResourceUnderCheck>>();
    for (const r of resources) {
        const targets = new Set<string>(r.dependencies);
        for (const urns of Object.values(r.propertyDependencies)) for (const u of urns) targets.add(u);
        for (const t of targets) {
            let set = dependents.get(t);
            if (!set) dependents.set(t, (set = new Set()));
            set.add(r);
        }
    }
    const filter = (list: Iterable<ResourceUnderCheck>, types: string[]) => (types.length === 0 ? [...list] : [...list].filter((r) => types.includes(r.type)));

    // The resources of the given types whose name, id or ARN output equals a literal, computed
    // once per (types, literal) and shared: a stack where thousands of resources carry the same
    // value must not pay a scan of them on every lookup.
    const byLiteral = new Map<string, Map<string, readonly ResourceUnderCheck[]>>();
    const literalMatches = (value: string, types: string[]): readonly ResourceUnderCheck[] => {
        const typesKey = types.join("\0");
        let cache = byLiteral.get(typesKey);
        if (!cache) byLiteral.set(typesKey, (cache = new Map()));
        let matches = cache.get(value);
        if (!matches) {
            const all = byIdentity.get(value) ?? [];
            matches = types.length === 0 ? all : all.filter((r) => types.includes(r.type));
            cache.set(value, matches);
        }
        return matches;
    };

    return {
        resources,
        ofType: (...types) => (types.length === 1 ? (byType.get(types[0]) ?? []) : types.flatMap((t) => byType.get(t) ?? [])),
        byUrn: (urn) => byUrn.get(urn),
        dependentsOf: (target, ...types) => filter(dependents.get(target.urn) ?? [], types),
        referencedBy: (resource, property, ...types) => {
            // Values that came from other resources' outputs are linked through the property's
            // dependencies; literal values (an ID typed in) are matched exactly against outputs.
            const linked: ResourceUnderCheck[] = [];
            for (const urn of resource.propertyDependencies[property] ?? []) {
                const r = byUrn.get(urn);
                if (r && (types.length === 0 || types.includes(r.type))) linked.push(r);
            }
            const raw = readPath(resource.props, property);
            const elements = raw === UNKNOWN ? [UNKNOWN] : Array.isArray(raw) ? raw.map(normalise) : [raw];
            let byValue: readonly ResourceUnderCheck[] | undefined;
            let several = false;
            for (const element of elements) {
                if (element === UNKNOWN) {
                    if (linked.length === 0 && (byValue === undefined || byValue.length === 0)) return UNKNOWN;
                    continue;
                }
                if (typeof element !== "string") continue;
                // A value the engine already linked to the resource it came from is that resource.
                if (linked.some((r) => identitiesOf.get(r)!.includes(element))) continue;
                const matches = literalMatches(element, types);
                if (matches.length === 0) continue;
                if (byValue === undefined || byValue.length === 0) byValue = matches;
                else {
                    several = true;
                    byValue = [...byValue, ...matches];
                }
            }
            if (linked.length === 0 && !several) return byValue ?? [];
            return [...new Set([...linked, ...(byValue ?? [])])];
        },
        linkedValues: (resource, property) => {
            const out = new Set<string>();
            const urns = property !== undefined ? (resource.propertyDependencies[property] ?? []) : Object.values(resource.propertyDependencies).flat();
            for (const urn of urns) {
                const r = byUrn.get(urn);
                if (r) for (const v of identitiesOf.get(r)!) out.add(v);
            }
            return out;
        },
    };
}

const membership = new WeakMap<readonly ResourceUnderCheck[], ReadonlySet<ResourceUnderCheck>>();

/**
 * Whether `list` (e.g. a referencedBy result, which may be an array shared by thousands of
 * lookups) holds `r`: a Set built once per long list, so repeated checks stay constant-time.
 */
export function listHas(list: readonly ResourceUnderCheck[], r: ResourceUnderCheck): boolean {
    if (list.length <= 16) return list.includes(r);
    let set = membership.get(list);
    if (!set) membership.set(list, (set = new Set(list)));
    return set.has(r);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
