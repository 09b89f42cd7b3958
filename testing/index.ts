// db-preflight/testing: run the pre-production checklist inside your own unit tests, with no CLI and
// no AWS account. `checkProgram` runs a function that declares resources (your program, the
// components, hand-written resources alike) under Pulumi mocks that answer like AWS, records what
// it registers the way the engine sees it (URNs, parents, dependencies, property dependencies) and
// returns the policy pack's findings, from the same policy objects the pack registers:
//
//     import { checkProgram } from "db-preflight/testing";
//     it("is ready for production", async () => {
//         expect(await checkProgram(() => program())).toEqual([]);
//     });
//
// Run your tests transpile-only (ts-jest with `isolatedModules: true` in tsconfig): type-checking
// @pulumi/aws in every test file costs seconds per file; type-check once with `tsc --noEmit`.
import type { PolicyPackConfig } from "@pulumi/policy";
import { Finding, evaluate } from "../policies/evaluate";
import { CaptureOptions, captureResources } from "./capture";

export { evaluate } from "../policies/evaluate";
export type { EvaluateOptions, Finding, ResourceInput } from "../policies/evaluate";
export { unknownSentinels } from "../policies/lib/values";
export { awsMocks, mockAccount, mockRegion } from "./aws-mocks";
export type { AwsMocksOptions, MockSubnet } from "./aws-mocks";
export { captureResources, countByType, find, ofType } from "./capture";
export type { CaptureOptions, CapturedResource } from "./capture";

export interface CheckOptions extends CaptureOptions {
    /** The pack's configuration: the same document as `--policy-pack-config` (enforcement levels, thresholds). */
    policyConfig?: PolicyPackConfig;
    /** Stack tags, as `pulumi stack tag set` would give them (for policies scoped to production by tag). */
    stackTags?: Record<string, string>;
}

/**
 * Runs `program` under mocks (as `pulumi up` unless `preview: true`) on the stack `stack` (default
 * "production") and returns the findings of the whole policy pack, mandatory and advisory, in the
 * shape of policies/evaluate.ts. An empty array means the program passes the checklist.
 *
 * In preview mode, outputs AWS computes (IDs, ARNs, endpoints) are unknown, as in `pulumi preview`:
 * a policy that needs one reports it as "not known during preview" instead of judging it.
 */
export async function checkProgram(program: () => unknown, options: CheckOptions = {}): Promise<Finding[]> {
    const stack = options.stack ?? "production";
    const { resources } = await captureResources(program, { ...options, stack });
    return evaluate(resources, {
        preview: options.preview ?? false,
        stack,
        ...(options.policyConfig ? { config: options.policyConfig } : {}),
        ...(options.stackTags ? { stackTags: options.stackTags } : {}),
    });
}
