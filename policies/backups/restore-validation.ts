// Whether something validates the restore tests of a restore testing plan: a Lambda function that
// depends on the plan (its ARN or name in the function's environment) and that an enabled
// EventBridge rule on the default bus invokes for completed restore jobs ("Restore Job State
// Change", status COMPLETED). AWS Backup only restores; without such a function a restore that
// comes up empty or unreachable still counts as a passed restore test.
import type * as aws from "@pulumi/aws";
import { restoreJobStateChange, restoreTestingResourceTypes } from "../../aws-facts/backup";
import { isDefaultEventBus, parseEventPattern, patternAdmits } from "../../aws-facts/event-pattern";
import { types } from "../../aws-facts/resource-types";
import { disabledState } from "../../aws-facts/schedules";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asBoolean, asString } from "../lib/values";
import { Verdict, allOf, anyOf, pending } from "./verdict";

/** Whether a rule lets a completed restore job of this kind of database through to its targets. */
function ruleCatchesCompletedRestores(rule: ResourceUnderCheck, resourceType: string): Verdict {
    const what = (property: string) => pending(`${property} of ${rule.label}`);
    const state = asString(rule.get<aws.cloudwatch.EventRuleArgs>("state"));
    const isEnabled = asBoolean(rule.get<aws.cloudwatch.EventRuleArgs>("isEnabled"));
    const bus = asString(rule.get<aws.cloudwatch.EventRuleArgs>("eventBusName"));
    const patternJson = asString(rule.get<aws.cloudwatch.EventRuleArgs>("eventPattern"));
    let pattern: Verdict;
    if (patternJson === UNKNOWN) pattern = what("eventPattern");
    else if (typeof patternJson !== "string") pattern = false;
    else {
        const parsed = parseEventPattern(patternJson);
        pattern =
            parsed !== undefined &&
            patternAdmits(parsed, [
                { path: ["source"], value: restoreJobStateChange.source },
                { path: ["detail-type"], value: restoreJobStateChange.detailType },
                { path: ["detail", "status"], value: restoreJobStateChange.completedStatus },
                { path: ["detail", "resourceType"], value: resourceType },
            ]);
    }
    return allOf([
        state === UNKNOWN ? what("state") : state !== disabledState,
        isEnabled === UNKNOWN ? what("isEnabled") : isEnabled !== false,
        // AWS services deliver their events to the default event bus only.
        bus === UNKNOWN ? what("eventBusName") : bus === undefined || (typeof bus === "string" && isDefaultEventBus(bus)),
        pattern,
    ]);
}

/** The functions EventBridge rules invoke, indexed once per stack check. */
export class RestoreValidators {
    private readonly rulesByFunction = new Map<string, ResourceUnderCheck[]>();
    /** Targets whose function or rule cannot be told yet: they may invoke any function. */
    private readonly unlinked: ResourceUnderCheck[] = [];

    constructor(private readonly stack: StackUnderCheck) {
        for (const target of stack.ofType(types.eventTarget)) {
            const fns = stack.referencedBy(target, "arn", types.lambdaFunction);
            const rules = stack.referencedBy(target, "rule", types.eventRule);
            if (fns === UNKNOWN || rules === UNKNOWN) {
                this.unlinked.push(target);
                continue;
            }
            for (const fn of fns) this.rulesByFunction.set(fn.urn, [...(this.rulesByFunction.get(fn.urn) ?? []), ...rules]);
        }
    }

    /**
     * Whether a function that depends on one of `plans` (or on `selection`) runs for each completed
     * restore job; `notes` says why a candidate does not count.
     */
    validates(selection: ResourceUnderCheck, plans: readonly ResourceUnderCheck[], db: ResourceUnderCheck, notes: string[]): Verdict {
        const resourceType = db.type === types.cluster ? restoreTestingResourceTypes.cluster : restoreTestingResourceTypes.instance;
        const candidates = new Set<ResourceUnderCheck>([...plans.flatMap((p) => this.stack.dependentsOf(p, types.lambdaFunction)), ...this.stack.dependentsOf(selection, types.lambdaFunction)]);
        const verdicts: Verdict[] = [];
        for (const fn of candidates) {
            const rules = this.rulesByFunction.get(fn.urn) ?? [];
            const triggered = anyOf([...rules.map((r) => ruleCatchesCompletedRestores(r, resourceType)), ...this.unlinked.map((t) => pending(`the rule and target of ${t.label}`))]);
            if (triggered === false) notes.push(`${fn.label} depends on the restore testing plan, but no enabled EventBridge rule invokes it for completed "${restoreJobStateChange.detailType}" events`);
            verdicts.push(triggered);
        }
        return anyOf(verdicts);
    }
}
