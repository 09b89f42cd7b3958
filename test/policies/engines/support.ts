// Single-change tests for DocumentDB, Neptune and Redshift: start from the compliant stack, change
// one thing, run the whole pack, and expect exactly the findings of the policy that owns the item.
import { evaluate, EvaluateOptions, Finding, ResourceInput } from "../../../policies/evaluate";
import { compliantDocdbRedshiftStack } from "../../fixtures/compliant-docdb-redshift";

export interface SingleChange {
    /** What the change breaks, as a test name. */
    name: string;
    change: (stack: ResourceInput[]) => ResourceInput[];
    policy: string;
    resource: string;
    /** Text the finding's message contains (property and value seen). */
    says: string;
    level?: "mandatory" | "advisory";
}

/** Every finding of the whole pack on the compliant stack after `change`. */
export function packFindings(change: (stack: ResourceInput[]) => ResourceInput[], options: EvaluateOptions = {}): Promise<Finding[]> {
    return evaluate(change(compliantDocdbRedshiftStack()), options);
}

/** Runs each single change through the whole pack and expects its finding, and no other. */
export function itFlagsEachChange(cases: readonly SingleChange[]): void {
    it.each(cases.map((c) => [c.name, c] as const))("flags %s", async (_name, c) => {
        const findings = await packFindings(c.change);
        expect(findings.map((f) => [f.policy, f.resource])).toEqual([[c.policy, c.resource]]);
        expect(findings[0].enforcementLevel).toBe(c.level ?? "mandatory");
        expect(findings[0].message).toContain(c.says);
    });
}
