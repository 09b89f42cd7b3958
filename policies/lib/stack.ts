// The whole stack as stack policies see it, indexed once by URN, type and reverse dependency so
// that linking an alarm, a parameter group or a backup selection to its database is a lookup,
// not a scan (10,000 resources must evaluate in well under a second).
import type { PolicyResource } from "@pulumi/policy";
import { ResourceUnderCheck, makeResource } from "./resource";
import { UNKNOWN, asString, asStringList, readPath } from "./values";

export interface StackUnderCheck {
    resources: readonly ResourceUnderCheck[];
    ofType(...types: string[]): readonly ResourceUnderCheck[];
    byUrn(urn: string): ResourceUnderCheck | undefined;
    /** Resources (of the given types, or any) that depend on `target` through any property. */
    dependentsOf(target: ResourceUnderCheck, ...types: string[]): readonly ResourceUnderCheck[];
    /**
     * The resources (of the given types) that `property` of `resource` refers to: through the
     * property's dependencies when the engine recorded them, else by an exact match of the value
     * with a resource's name, id or ARN output. UNKNOWN when the value is unknown and unlinked.
     */
    referencedBy(resource: ResourceUnderCheck, property: string, ...types: string[]): readonly ResourceUnderCheck[] | typeof UNKNOWN;
}

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
    };
}

export function buildStack(inputs: readonly StackResourceInput[]): StackUnderCheck {
    const resources = inputs.map(makeResource);
    const byUrn = new Map<string, ResourceUnderCheck>();
    const byType = new Map<string, ResourceUnderCheck[]>();
    const byIdentity = new Map<string, ResourceUnderCheck[]>();
    for (const r of resources) {
        byUrn.set(r.urn, r);
        pushTo(byType, r.type, r);
        for (const key of identifyingOutputs) {
            const v = asString(readPath(r.props, key));
            if (typeof v === "string" && v !== "") pushTo(byIdentity, v, r);
        }
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
    const filter = (list: Iterable<ResourceUnderCheck>, types: string[]) =>
        types.length === 0 ? [...list] : [...list].filter((r) => types.includes(r.type));

    return {
        resources,
        ofType: (...types) => (types.length === 1 ? byType.get(types[0]) ?? [] : types.flatMap((t) => byType.get(t) ?? [])),
        byUrn: (urn) => byUrn.get(urn),
        dependentsOf: (target, ...types) => filter(dependents.get(target.urn) ?? [], types),
        referencedBy: (resource, property, ...types) => {
            const linked = (resource.propertyDependencies[property] ?? [])
                .map((u) => byUrn.get(u))
                .filter((r): r is ResourceUnderCheck => r !== undefined);
            const viaDeps = filter(linked, types);
            if (viaDeps.length > 0) return viaDeps;
            const raw = readPath(resource.props, property);
            if (raw === UNKNOWN) return UNKNOWN;
            const values = typeof raw === "string" ? [raw] : asStringList(raw);
            if (values === UNKNOWN) return UNKNOWN;
            if (!Array.isArray(values)) return [];
            const found = new Set<ResourceUnderCheck>();
            for (const v of values) for (const r of byIdentity.get(v) ?? []) found.add(r);
            return filter(found, types);
        },
    };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
