// Some stack policies cannot judge a database for a reason other than preview: the parameter
// group or security group it names lives outside the stack. That is neither a pass nor a
// violation, and report.unknown would wrongly say "not known during preview", so these policies
// get report.note: an advisory note with its own message, sent the way define.ts sends advisory
// notes (the SDK's object form of reportViolation). A candidate for lib/define.ts.
import type { ReportViolation } from "@pulumi/policy";
import type { ConfigShape } from "../lib/config";
import { DbStackPolicy, PolicyConfigOf, StackPolicySpec, StackReport, defineStackPolicy } from "../lib/define";
import type { ResourceUnderCheck } from "../lib/resource";
import type { StackUnderCheck } from "../lib/stack";

export interface StackReportWithNotes extends StackReport {
    /** Advisory, whatever the policy's level: `resource` could not be judged, for the reason in `message`. */
    note(resource: ResourceUnderCheck, message: string): void;
}

export interface StackPolicyWithNotesSpec<S extends ConfigShape> extends Omit<StackPolicySpec<S>, "check"> {
    check(stack: StackUnderCheck, config: PolicyConfigOf<S>, report: StackReportWithNotes): void;
}

export function defineStackPolicyWithNotes<S extends ConfigShape>(spec: StackPolicyWithNotesSpec<S>): DbStackPolicy {
    // The check runs synchronously inside validateStack, which hands over the SDK's callback.
    let current: ReportViolation | undefined;
    const policy = defineStackPolicy<S>({
        ...spec,
        check: (stack, config, report) =>
            spec.check(stack, config, {
                ...report,
                note: (resource, message) =>
                    (current as unknown as (info: object, urn?: string) => void)(
                        { message: `${resource.label}: ${message}`, urn: resource.urn, enforcementLevel: "advisory" },
                        resource.urn,
                    ),
            }),
    });
    const validate = policy.validateStack;
    policy.validateStack = (args, reportViolation) => {
        current = reportViolation;
        try {
            return validate(args, reportViolation);
        } finally {
            current = undefined;
        }
    };
    return policy;
}
