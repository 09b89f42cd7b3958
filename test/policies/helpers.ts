// Shared helpers for policy tests: run one policy (or the pack) through evaluate().
import { evaluate, EvaluateOptions, Finding, ResourceInput, unknownSentinels as sentinels } from "../../policies/evaluate";
import type { DbPolicy } from "../../policies/lib/define";

/**
 * The values `pulumi preview` gives for inputs not known yet, each typed as the value it stands
 * for, so typed fixtures take them wherever such a value is asked.
 */
export const unknownSentinels = {
    boolean: sentinels.boolean as unknown as boolean,
    number: sentinels.number as unknown as number,
    string: sentinels.string,
    array: sentinels.array as unknown as never[],
    object: sentinels.object as unknown as never,
};

/** Findings of one policy on the given resources. */
export function run(policy: DbPolicy, resources: ResourceInput[], options: Omit<EvaluateOptions, "policies"> = {}): Promise<Finding[]> {
    return evaluate(resources, { ...options, policies: [policy] });
}

/** Only the findings at a blocking level (mandatory), or at the given level. */
export function atLevel(findings: Finding[], level = "mandatory"): Finding[] {
    return findings.filter((f) => f.enforcementLevel === level);
}

/** Findings about one resource. */
export function about(findings: Finding[], resource: string): Finding[] {
    return findings.filter((f) => f.resource === resource);
}
