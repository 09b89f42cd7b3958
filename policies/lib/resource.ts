// A resource as a policy sees it: type, name, URN, and unknown-aware readers over its properties.
import { readPath, unwrap } from "./values";
import { typeLabel } from "../../aws-facts/resource-types";

/** The provider resource a resource is created with (its inputs: region, defaultTags, ...). */
export interface ProviderUnderCheck {
    type: string;
    name: string;
    urn: string;
    /** The raw properties (no SDK proxy); read them with readPath. */
    props: Record<string, unknown>;
}

export interface ResourceUnderCheck {
    type: string;
    name: string;
    urn: string;
    /** `aws.rds.Instance "orders"`: how messages name the resource. */
    label: string;
    /** The raw properties (no SDK proxy); prefer `get`. */
    props: Record<string, unknown>;
    /**
     * A property by name or dotted path: UNKNOWN during preview when not known yet, undefined when
     * absent. Name the args type(s) to have the property name checked at compile time:
     * `resource.get<aws.rds.InstanceArgs>("backupRetentionPeriod")`.
     */
    get<A = Record<string, unknown>>(path: Extract<keyof A, string> | `${Extract<keyof A, string>}.${string}`): unknown;
    /** URNs this resource depends on (any property). */
    dependencies: readonly string[];
    /** URNs each property depends on. */
    propertyDependencies: Readonly<Record<string, readonly string[]>>;
    parent?: string;
    /** The provider the engine reports for it (explicit or default), when it reports one. */
    provider?: ProviderUnderCheck;
}

export interface ResourceLike {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    dependencies?: readonly string[];
    propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    parent?: string;
    provider?: { type: string; name: string; urn: string; props: Record<string, unknown> };
}

/** One view per props object: every policy of a resource reads the same (unmutated) props. */
const views = new WeakMap<object, ResourceUnderCheck>();

export function makeResource(r: ResourceLike): ResourceUnderCheck {
    const props = unwrap(r.props) ?? {};
    const cached = views.get(props);
    const sameLinks = r.dependencies === undefined || r.dependencies === cached?.dependencies;
    const sameProvider = cached?.provider?.urn === r.provider?.urn;
    if (cached && cached.urn === r.urn && cached.type === r.type && sameLinks && sameProvider) return cached;
    const view = {
        type: r.type,
        name: r.name,
        urn: r.urn,
        label: `${typeLabel(r.type)} ${JSON.stringify(r.name)}`,
        props,
        get: (path: string) => readPath(props, path),
        dependencies: r.dependencies ?? [],
        propertyDependencies: r.propertyDependencies ?? {},
        ...(r.parent !== undefined ? { parent: r.parent } : {}),
        ...(r.provider !== undefined ? { provider: { ...r.provider, props: unwrap(r.provider.props) ?? {} } } : {}),
    } as ResourceUnderCheck;
    views.set(props, view);
    return view;
}

/** From the SDK's ResourceValidationArgs (resource policies see inputs, no dependencies). */
export function resourceUnderCheck(args: {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    opts?: { parent?: string };
    provider?: { type: string; name: string; urn: string; props: Record<string, unknown> };
}): ResourceUnderCheck {
    return makeResource({ type: args.type, name: args.name, urn: args.urn, props: args.props, parent: args.opts?.parent, provider: args.provider });
}
