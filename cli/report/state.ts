// Pulumi resource states — from `pulumi stack export` (deployment.resources) or from the steps of
// `pulumi preview --json` (steps[].newState) — turned into evaluate()'s ResourceInput list.
import { ResourceInput, unknownSentinels } from "../../policies/evaluate";
import { InputError } from "./input-error";

/** apitype.ResourceV3, the fields the report reads. */
export interface ResourceState {
    urn: string;
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    delete?: boolean;
}

export interface StateResources {
    resources: ResourceInput[];
    /** Secret values the export left encrypted (`pulumi stack export` without --show-secrets). */
    hiddenSecrets: number;
    /** Some value is unknown (a preview, or a hidden secret): evaluate in preview mode. */
    hasUnknowns: boolean;
}

// The serialized-property signatures of apitype (sig.go): secrets carry "plaintext" only when
// exported with --show-secrets; otherwise the policy cannot read them.
const signatureKey = "4dabf18193072939515e22adb298388d";
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";
const sentinels = new Set<unknown>(Object.values(unknownSentinels));

/** The name Pulumi gives a resource: the last `::` segment of its URN. */
export function nameFromUrn(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i >= 0 ? urn.slice(i + 2) : urn;
}

/** The type token in a URN (the last `$`-separated part of its type segment). */
export function typeFromUrn(urn: string): string | undefined {
    const parts = urn.split("::");
    if (parts.length < 4) return undefined;
    const qualified = parts[2];
    return qualified.slice(qualified.lastIndexOf("$") + 1);
}

export function isResourceState(value: unknown): value is ResourceState {
    const r = value as ResourceState;
    return typeof value === "object" && value !== null && typeof r.urn === "string" && typeof r.type === "string";
}

export function toResourceInputs(states: readonly ResourceState[], where: string): StateResources {
    const urns = new Set<string>();
    const unique: ResourceState[] = [];
    for (const s of states) {
        if (!isResourceState(s)) {
            throw new InputError(`${where} has a resource without a string \`urn\` and \`type\`: ${JSON.stringify(s)?.slice(0, 120)}`);
        }
        // Resources pending deletion are not part of the stack any more.
        if (s.delete || urns.has(s.urn)) continue;
        urns.add(s.urn);
        unique.push(s);
    }
    const counts = { hiddenSecrets: 0, unknowns: 0 };
    const known = (refs: unknown): string[] => (Array.isArray(refs) ? refs.filter((u): u is string => typeof u === "string" && urns.has(u)) : []);
    const resources = unique.map((s): ResourceInput => {
        const props = { ...(decode(s.inputs ?? {}, counts) as object), ...(decode(s.outputs ?? {}, counts) as object) } as Record<string, unknown>;
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, refs] of Object.entries(s.propertyDependencies ?? {})) {
            const linked = known(refs);
            if (linked.length > 0) propertyDependencies[key] = linked;
        }
        return {
            type: s.type,
            name: nameFromUrn(s.urn),
            urn: s.urn,
            props,
            ...(s.parent && urns.has(s.parent) ? { parent: s.parent } : {}),
            dependencies: known(s.dependencies),
            propertyDependencies,
        };
    });
    return { resources, hiddenSecrets: counts.hiddenSecrets, hasUnknowns: counts.unknowns > 0 || counts.hiddenSecrets > 0 };
}

/** Serialized property values to what a policy sees: secrets opened (or unknown when encrypted). */
function decode(value: unknown, counts: { hiddenSecrets: number; unknowns: number }): unknown {
    if (Array.isArray(value)) return value.map((v) => decode(v, counts));
    if (value === null || typeof value !== "object") {
        if (sentinels.has(value)) counts.unknowns++;
        return value;
    }
    const object = value as Record<string, unknown>;
    if (object[signatureKey] === secretSignature) {
        if (typeof object.plaintext === "string") {
            try {
                return decode(JSON.parse(object.plaintext), counts);
            } catch {
                return object.plaintext;
            }
        }
        counts.hiddenSecrets++;
        return unknownSentinels.string;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(object)) out[k] = decode(v, counts);
    return out;
}
