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

/** What the functions that depend on one resource (a plan or a selection) say for one kind of database. */
interface Summary {
    verdict: Verdict;
    notes: readonly string[];
}

/**
 * The functions EventBridge rules invoke, indexed once per stack check. Every database of a shared
 * restore testing plan asks about the same functions, so what each function (and each plan's
 * functions together) says is worked out once per kind of database: thousands of databases
 * sharing a plan must not each judge all of its functions again.
 */
export class RestoreValidators {
    private readonly rulesByFunction = new Map<string, ResourceUnderCheck[]>();
    /** What targets whose function or rule cannot be told yet say for every function: they may invoke any. */
    private readonly unlinked: Verdict;
    private readonly functionsOf = new Map<ResourceUnderCheck, readonly ResourceUnderCheck[]>();
    private readonly triggered = new Map<string, Verdict>();
    private readonly summaries = new Map<string, Summary>();

    constructor(private readonly stack: StackUnderCheck) {
        const unlinked: ResourceUnderCheck[] = [];
        for (const target of stack.ofType(types.eventTarget)) {
            const fns = stack.referencedBy(target, "arn", types.lambdaFunction);
            const rules = stack.referencedBy(target, "rule", types.eventRule);
            if (fns === UNKNOWN || rules === UNKNOWN) {
                unlinked.push(target);
                continue;
            }
            for (const fn of fns) {
                const list = this.rulesByFunction.get(fn.urn);
                if (list) list.push(...rules);
                else this.rulesByFunction.set(fn.urn, [...rules]);
            }
        }
        this.unlinked = unlinked.length > 0 ? pending(`the rule and target of ${unlinked[0].label}`) : false;
    }

    /**
     * Whether a function that depends on one of `plans` (or on `selection`) runs for each completed
     * restore job; `notes` says why a candidate does not count.
     */
    validates(selection: ResourceUnderCheck, plans: readonly ResourceUnderCheck[], db: ResourceUnderCheck, notes: string[]): Verdict {
        const resourceType = db.type === types.cluster ? restoreTestingResourceTypes.cluster : restoreTestingResourceTypes.instance;
        const sources = [...plans, selection].filter((s) => this.dependentFunctions(s).length > 0);
        // Judged once per set of sources and resource type: many databases share one plan.
        const key = [...sources.map((s) => s.urn), resourceType].join("\0");
        let summary = this.summaries.get(key);
        if (!summary) {
            const summaryNotes: string[] = [];
            summary = { verdict: this.judge(new Set(sources.flatMap((s) => this.dependentFunctions(s))), resourceType, summaryNotes), notes: summaryNotes };
            this.summaries.set(key, summary);
        }
        notes.push(...summary.notes);
        return summary.verdict;
    }

    private judge(candidates: Iterable<ResourceUnderCheck>, resourceType: string, notes: string[]): Verdict {
        const verdicts: Verdict[] = [];
        for (const fn of candidates) {
            const triggered = this.triggeredFor(fn, resourceType);
            if (triggered === false)
                notes.push(`${fn.label} depends on the restore testing plan, but no enabled EventBridge rule invokes it for completed "${restoreJobStateChange.detailType}" events`);
            verdicts.push(triggered);
        }
        return anyOf(verdicts);
    }

    private triggeredFor(fn: ResourceUnderCheck, resourceType: string): Verdict {
        const key = `${fn.urn}\0${resourceType}`;
        let triggered = this.triggered.get(key);
        if (triggered === undefined) {
            const rules = this.rulesByFunction.get(fn.urn) ?? [];
            triggered = anyOf([anyOf(rules.map((r) => ruleCatchesCompletedRestores(r, resourceType))), this.unlinked]);
            this.triggered.set(key, triggered);
        }
        return triggered;
    }

    private dependentFunctions(resource: ResourceUnderCheck): readonly ResourceUnderCheck[] {
        let fns = this.functionsOf.get(resource);
        if (!fns) this.functionsOf.set(resource, (fns = this.stack.dependentsOf(resource, types.lambdaFunction)));
        return fns;
    }
}
