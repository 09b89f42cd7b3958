// What a resource inherits from its AWS provider: the region it lives in, and the default tags
// AWS puts on it. Policies see the provider resource the engine reports for each resource
// (explicit `{ provider }` or the default provider configured from `aws:` stack config).
//
// Facts (Pulumi AWS provider, "Provider" and the v7 "region" resource argument):
// - a resource's own `region` argument overrides the provider's `region`;
// - the provider's `defaultTags: { tags: {...} }` are added to every taggable resource; a key the
//   resource sets in `tags` wins; the merged map is the resource's `tagsAll` output;
// - the provider's object-valued inputs (defaultTags, ignoreTags, ...) reach the engine as JSON
//   strings (the SDK serialises them), and stack config `aws:defaultTags` likewise.
import { ResourceUnderCheck } from "./resource";
import { UNKNOWN, Unknown, asString, asStringMap, isInvalid, normalise, readPath } from "./values";

export const awsProviderType = "pulumi:providers:aws";

/** How a message names a resource's provider: `aws.Provider "prod"`, or "its provider". */
export function providerLabel(r: ResourceUnderCheck): string {
    if (r.provider === undefined) return "its provider";
    const kind = r.provider.type.startsWith("pulumi:providers:") ? `${r.provider.type.slice("pulumi:providers:".length)}.Provider` : r.provider.type;
    return `${kind} ${JSON.stringify(r.provider.name)}`;
}

function awsProviderProps(r: ResourceUnderCheck): Record<string, unknown> | undefined {
    return r.provider !== undefined && r.provider.type === awsProviderType ? r.provider.props : undefined;
}

/** The region a resource lives in: its own `region`, else its AWS provider's; UNKNOWN when not known yet; undefined when nothing says. */
export function regionOf(r: ResourceUnderCheck): string | Unknown | undefined {
    const own = asString(r.get("region"));
    if (own === UNKNOWN) return UNKNOWN;
    if (typeof own === "string" && own.trim() !== "") return own.trim();
    const props = awsProviderProps(r);
    if (props === undefined) return undefined;
    const fromProvider = asString(readPath(props, "region"));
    if (fromProvider === UNKNOWN) return UNKNOWN;
    return typeof fromProvider === "string" && fromProvider.trim() !== "" ? fromProvider.trim() : undefined;
}

/** The default tags of the resource's AWS provider; UNKNOWN when not known yet; undefined when none (or not readable). */
export function providerDefaultTags(r: ResourceUnderCheck): Record<string, string | Unknown> | Unknown | undefined {
    const props = awsProviderProps(r);
    if (props === undefined) return undefined;
    let raw = normalise(readPath(props, "defaultTags"));
    if (raw === UNKNOWN) return UNKNOWN;
    if (typeof raw === "string") {
        try {
            raw = JSON.parse(raw) as unknown;
        } catch {
            return undefined;
        }
    }
    const tags = asStringMap(readPath(raw, "tags"));
    if (tags === UNKNOWN) return UNKNOWN;
    return tags === undefined || isInvalid(tags) ? undefined : tags;
}
