// Resources created by the pack's own components: a message about such a child points at the
// component argument the user writes (`drills`, `runbook`, `ownership`, `tags`), since the child's
// own args are set by the component, not by the user. The child knows its component from its
// parent URN (resource policies see only that), whose type is the component's type token.
import { OperationalTagKey, componentTypeTokens, operationalTagKeys } from "../../contract";
import { ResourceUnderCheck } from "./resource";

export interface ComponentOf {
    type: string;
    /** "ProductionDatabase" */
    kind: string;
    name: string;
    /** `ProductionDatabase "orders"`: how messages name it. */
    label: string;
}

/** The type and name in a URN (`urn:pulumi:<stack>::<project>::<parent types$type>::<name>`), or undefined. */
export function parseUrn(urn: string): { type: string; name: string } | undefined {
    const parts = urn.split("::");
    if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) return undefined;
    const qualifiedType = parts[2];
    const type = qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1);
    return { type, name: parts.slice(3).join("::") };
}

/** The ProductionDatabase / ProductionAuroraCluster that created `r` (its parent), if any. */
export function componentOf(r: ResourceUnderCheck): ComponentOf | undefined {
    if (r.parent === undefined) return undefined;
    const parent = parseUrn(r.parent);
    if (parent === undefined || !componentTypeTokens.includes(parent.type)) return undefined;
    const kind = parent.type.slice(parent.type.lastIndexOf(":") + 1);
    return { type: parent.type, kind, name: parent.name, label: `${kind} ${JSON.stringify(parent.name)}` };
}

/**
 * The component argument that writes each operational tag (see operationalTags in
 * components/shared/runbook.ts), and how to set it; other tags come from the component's `tags`.
 * Every key of the contract has one: a new operational tag without an argument is a compile error.
 */
const tagArguments: Readonly<Record<string, (value: string) => string>> = {
    [operationalTagKeys.runbook]: (value) => `runbook: { url: ${JSON.stringify(value)} }`,
    [operationalTagKeys.owner]: (value) => `ownership: { owner: ${JSON.stringify(value)}, onCall: ... }`,
    [operationalTagKeys.onCall]: (value) => `ownership: { owner: ..., onCall: ${JSON.stringify(value)} }`,
    [operationalTagKeys.restoreTestedAt]: (value) => `drills: { restoreTestedAt: ${JSON.stringify(value)} }`,
    [operationalTagKeys.failoverTestedAt]: (value) => `drills: { failoverTestedAt: ${JSON.stringify(value)} }`,
} satisfies Record<OperationalTagKey, (value: string) => string>;

/** How to set tag `key` to `value` on `r`: through its component's argument when a component created it, else in its own `tags`. */
export function setTagFix(r: ResourceUnderCheck, key: string, value: string, ownArgs: string): string {
    const component = componentOf(r);
    if (component === undefined) return `set \`${JSON.stringify(key)}: ${JSON.stringify(value)}\` in \`tags\` of ${ownArgs}.`;
    const argument = tagArguments[key]?.(value) ?? `tags: { ${JSON.stringify(key)}: ${JSON.stringify(value)} }`;
    return `set \`${argument}\` in the args of the ${component.label} that creates ${r.label} (the component writes the tag).`;
}
