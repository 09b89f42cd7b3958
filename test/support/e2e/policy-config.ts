// --policy-pack-config documents built from the pack's registry, so they follow the pack as
// policies are added.
import { policies } from "../../../policies/registry";

export type Scope = { productionStacks?: string } | { productionStackTag?: string };

/** Every policy of the pack limited to production stacks (by stack name pattern or stack tag). */
export function productionOnlyConfig(scope: Scope): Record<string, Record<string, unknown>> {
    return Object.fromEntries(policies.map((p) => [p.name, { ...scope }]));
}

/** Each policy whose default level is mandatory set to the given level, one by one. */
export function mandatoryPoliciesAt(level: "advisory" | "disabled"): Record<string, string> {
    return Object.fromEntries(policies.filter((p) => p.enforcementLevel === "mandatory").map((p) => [p.name, level]));
}

export function policyNames(): string[] {
    return policies.map((p) => p.name);
}
