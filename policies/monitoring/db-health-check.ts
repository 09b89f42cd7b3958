import type * as aws from "@pulumi/aws";
import { z } from "zod";
import { isDefaultEventBus } from "../../aws-facts/event-pattern";
import { canaryMetrics, lambdaFunctionDimension, treatMissingDataDefault } from "../../aws-facts/metrics";
import { types } from "../../aws-facts/resource-types";
import { canaryStartedByDefault, disabledState, isRecurringSchedule } from "../../aws-facts/schedules";
import { healthCheckDimension, healthCheckNamespace, healthCheckSucceededMetric } from "../../contract";
import { databaseRole } from "../lib/databases";
import { defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, Unknown, asBoolean, asString } from "../lib/values";
import { AlarmIndex, WatchedMetric, alarmIndex, isMetric, metricsOfDatabase } from "./alarm-index";

/** Yes, no (with the reason), or not known until deployment (naming what is unknown). */
type Answer = { ok: true } | { ok: false; why: string } | { ok: typeof UNKNOWN; what: string };
const yes: Answer = { ok: true };
const no = (why: string): Answer => ({ ok: false, why });
const pending = (what: string): Answer => ({ ok: UNKNOWN, what });

/** The first yes; else the first pending; else every reason why not. */
function anyAnswer(answers: readonly Answer[]): Answer {
    if (answers.some((a) => a.ok === true)) return yes;
    const waiting = answers.find((a) => a.ok === UNKNOWN);
    if (waiting) return waiting;
    return no(
        answers
            .map((a) => (a.ok === false ? a.why : ""))
            .filter((w) => w !== "")
            .join("; "),
    );
}

/** Whether an EventBridge Scheduler schedule or a scheduled EventBridge rule runs repeatedly. */
function triggerRuns(trigger: ResourceUnderCheck): Answer {
    const state = asString(trigger.get("state"));
    if (state === UNKNOWN) return pending(`state of ${trigger.label}`);
    if (state === disabledState) return no(`${trigger.label} is DISABLED`);
    if (trigger.type === types.eventRule) {
        const enabled = asBoolean(trigger.get<aws.cloudwatch.EventRuleArgs>("isEnabled"));
        if (enabled === UNKNOWN) return pending(`isEnabled of ${trigger.label}`);
        if (enabled === false) return no(`${trigger.label} has isEnabled false`);
        const bus = asString(trigger.get<aws.cloudwatch.EventRuleArgs>("eventBusName"));
        if (bus === UNKNOWN) return pending(`eventBusName of ${trigger.label}`);
        if (typeof bus === "string" && !isDefaultEventBus(bus)) return no(`${trigger.label} is on event bus ${JSON.stringify(bus)}, and schedules run only on the default bus`);
    }
    const expression = asString(trigger.get("scheduleExpression"));
    if (expression === UNKNOWN) return pending(`scheduleExpression of ${trigger.label}`);
    if (typeof expression !== "string") return no(`${trigger.label} has no scheduleExpression`);
    if (!isRecurringSchedule(expression)) return no(`${trigger.label} has scheduleExpression ${JSON.stringify(expression)}, which does not recur`);
    return yes;
}

/** What invokes each Lambda function on a schedule: Scheduler schedules and EventBridge rules (through their targets). */
class Triggers {
    private readonly byFunction = new Map<string, ResourceUnderCheck[]>();
    /** Schedules and event targets whose target cannot be told yet: they may invoke any function. */
    private readonly unresolved: ResourceUnderCheck[] = [];

    constructor(stack: StackUnderCheck) {
        for (const schedule of stack.ofType(types.schedule)) {
            let fns = stack.referencedBy(schedule, "target", types.lambdaFunction);
            if (fns !== UNKNOWN && fns.length === 0) fns = stack.referencedBy(schedule, "target.arn", types.lambdaFunction);
            if (fns === UNKNOWN) this.unresolved.push(schedule);
            else for (const fn of fns) this.add(fn, schedule);
        }
        for (const target of stack.ofType(types.eventTarget)) {
            const fns = stack.referencedBy(target, "arn", types.lambdaFunction);
            const rules = stack.referencedBy(target, "rule", types.eventRule);
            if (fns === UNKNOWN || rules === UNKNOWN) {
                this.unresolved.push(target);
                continue;
            }
            for (const fn of fns) for (const rule of rules) this.add(fn, rule);
        }
    }

    private add(fn: ResourceUnderCheck, trigger: ResourceUnderCheck): void {
        const list = this.byFunction.get(fn.urn);
        if (list) list.push(trigger);
        else this.byFunction.set(fn.urn, [trigger]);
    }

    /** Whether something invokes the function on a recurring schedule. */
    scheduled(fn: ResourceUnderCheck): Answer {
        const triggers = this.byFunction.get(fn.urn) ?? [];
        const answers = triggers.map(triggerRuns);
        for (const t of this.unresolved) answers.push(pending(`the target of ${t.label}`));
        if (answers.length === 0) return no(`nothing invokes ${fn.label} on a schedule`);
        return anyAnswer(answers);
    }
}

/** Whether a Synthetics canary runs on a recurring schedule. */
function canaryRuns(canary: ResourceUnderCheck): Answer {
    const started = asBoolean(canary.get<aws.synthetics.CanaryArgs>("startCanary"));
    if (started === UNKNOWN) return pending(`startCanary of ${canary.label}`);
    if ((started ?? canaryStartedByDefault) !== true) return no(`${canary.label} is never started (startCanary is not true)`);
    const expression = asString(canary.get<aws.synthetics.CanaryArgs>("schedule.expression"));
    if (expression === UNKNOWN) return pending(`schedule.expression of ${canary.label}`);
    if (typeof expression !== "string" || !isRecurringSchedule(expression)) {
        return no(`${canary.label} has schedule.expression ${JSON.stringify(expression ?? null)}, which does not recur`);
    }
    return yes;
}

/** Judges one alarm on the probe's result: missing data must count as failure, and someone must be told. */
function alarmVerdict(index: AlarmIndex, alarm: ResourceUnderCheck): { good: boolean | Unknown; treatMissingData: unknown; breaching: boolean | Unknown; notifies: boolean | Unknown } {
    const treatMissingData = alarm.get<aws.cloudwatch.MetricAlarmArgs>("treatMissingData");
    const value = asString(treatMissingData);
    const notifies = index.notifies(alarm);
    const breaching = value === UNKNOWN ? UNKNOWN : value === "breaching";
    const good = breaching === false || notifies === false ? false : breaching === UNKNOWN || notifies === UNKNOWN ? UNKNOWN : true;
    return { good, treatMissingData, breaching, notifies };
}

export const dbHealthCheck = defineStackPolicy({
    name: "db-health-check",
    checklistItem: "monitoring",
    description:
        "A probe connects to each database and runs a query on a schedule (a Lambda function invoked by EventBridge, or a Synthetics canary), and an alarm that counts missing data as failure watches its result.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Add an aws.lambda.Function that connects with the database's endpoint (e.g. `environment: { variables: { DB_ENDPOINT: db.address } }`), runs `SELECT 1` and publishes " +
        `the metric ${healthCheckSucceededMetric} (namespace ${healthCheckNamespace}, 1 or 0); ` +
        'invoke it with an aws.scheduler.Schedule (`scheduleExpression: "rate(1 minute)"`, `target: { arn: fn.arn, roleArn }`) ' +
        "or an aws.cloudwatch.EventRule with `scheduleExpression` and an aws.cloudwatch.EventTarget (`arn: fn.arn`). Or use an aws.synthetics.Canary with `startCanary: true`. " +
        'Then add an aws.cloudwatch.MetricAlarm on that metric (or the canary\'s SuccessPercent) with `treatMissingData: "breaching"` and `alarmActions: [alerts.arn]`. ' +
        "The ProductionDatabase and ProductionAuroraCluster components create all of this. Read replicas are not probed: their lag and availability are watched by db-alarms (ReplicaLag).",
    peers: [],
    config: {
        metricNamespace: z.string().min(1).default(healthCheckNamespace).describe("CloudWatch namespace the Lambda probe publishes its result in."),
        metricName: z.string().min(1).default(healthCheckSucceededMetric).describe("Metric the Lambda probe publishes (1 = the query succeeded)."),
    },
    judges: [types.instance, types.cluster],
    check(stack, config, report) {
        const index = alarmIndex(stack);
        const triggers = new Triggers(stack);

        for (const db of stack.ofType(types.instance, types.cluster)) {
            const role = databaseRole(db);
            if (role === "read-replica" || role === "aurora-member") continue;

            const functions = stack.dependentsOf(db, types.lambdaFunction);
            const canaries = stack.dependentsOf(db, types.syntheticsCanary);
            const probes = [...functions.map((fn) => ({ probe: fn, runs: triggers.scheduled(fn) })), ...canaries.map((canary) => ({ probe: canary, runs: canaryRuns(canary) }))];
            const running = probes.filter((p) => p.runs.ok === true).map((p) => p.probe);
            if (running.length === 0) {
                const answer = anyAnswer(probes.map((p) => p.runs));
                if (answer.ok === UNKNOWN) {
                    report.unknown(db, answer.what);
                    continue;
                }
                report.violation(db, {
                    property: "scheduled health probe",
                    seen: probes.length === 0 ? undefined : answer.ok === false ? answer.why : undefined,
                    wanted:
                        "an aws.lambda.Function that depends on the database (e.g. its endpoint in the environment) invoked by an aws.scheduler.Schedule or a scheduled aws.cloudwatch.EventRule, " +
                        "or a started aws.synthetics.Canary that depends on the database; and an alarm on its result that counts missing data as failure and notifies someone",
                    fix:
                        "add a probe function (`environment: { variables: { DB_ENDPOINT: db.address } }`, runs `SELECT 1`, publishes " +
                        `${config.metricNamespace}/${config.metricName}), an aws.scheduler.Schedule with \`scheduleExpression: "rate(1 minute)"\` and \`target: { arn: probe.arn, roleArn: schedulerRole.arn }\`, ` +
                        `and an aws.cloudwatch.MetricAlarm with \`namespace: "${config.metricNamespace}"\`, \`metricName: "${config.metricName}"\`, \`dimensions: { ${healthCheckDimension}: db.identifier }\`, ` +
                        '`statistic: "Minimum"`, `comparisonOperator: "LessThanThreshold"`, `threshold: 1`, `treatMissingData: "breaching"` and `alarmActions: [alerts.arn]`; ' +
                        "or use the ProductionDatabase / ProductionAuroraCluster component, which creates all three.",
                });
                continue;
            }

            const hasCanary = running.some((p) => p.type === types.syntheticsCanary);
            const isResult = (m: WatchedMetric): boolean | Unknown => {
                const custom = isMetric(m, config.metricNamespace, [config.metricName]);
                const canary = hasCanary ? isMetric(m, canaryMetrics.namespace, canaryMetrics.resultMetrics) : false;
                return custom === true || canary === true ? true : custom === UNKNOWN || canary === UNKNOWN ? UNKNOWN : false;
            };
            const watched = new Set<WatchedMetric>(metricsOfDatabase(index, db));
            for (const probe of running) {
                for (const m of index.ofAlarmsDependingOn(probe)) watched.add(m);
                const name = asString(probe.get("name"));
                const dimension = probe.type === types.syntheticsCanary ? canaryMetrics.dimension : lambdaFunctionDimension;
                if (typeof name === "string") for (const m of index.byDimensionValue(name, dimension)) watched.add(m);
            }
            const alarms = new Map<string, { alarm: ResourceUnderCheck; metricKnown: boolean }>();
            for (const m of watched) {
                const result = isResult(m);
                if (result === false) continue;
                const seen = alarms.get(m.alarm.urn);
                alarms.set(m.alarm.urn, { alarm: m.alarm, metricKnown: (seen?.metricKnown ?? false) || result === true });
            }
            const verdicts = [...alarms.values()].map(({ alarm, metricKnown }) => ({ alarm, metricKnown, ...alarmVerdict(index, alarm) }));
            if (verdicts.some((v) => v.metricKnown && v.good === true)) continue;
            const waiting = verdicts.find((v) => !v.metricKnown || v.good === UNKNOWN);
            if (waiting) {
                report.unknown(db, !waiting.metricKnown ? `namespace and metricName of ${waiting.alarm.label}` : `treatMissingData and alarmActions of ${waiting.alarm.label}`);
                continue;
            }
            const probeText = running.map((p) => p.label).join(" and ");
            if (verdicts.length === 0) {
                report.violation(db, {
                    property: "alarm on the health check result",
                    seen: undefined,
                    wanted:
                        `an aws.cloudwatch.MetricAlarm on ${config.metricNamespace} ${config.metricName}` +
                        (hasCanary ? ` or ${canaryMetrics.namespace} ${canaryMetrics.resultMetrics.join("/")}` : "") +
                        ` published by ${probeText}, with \`treatMissingData: "breaching"\` and alarmActions`,
                    fix:
                        `add an aws.cloudwatch.MetricAlarm with \`namespace: "${config.metricNamespace}"\`, \`metricName: "${config.metricName}"\`, ` +
                        `\`dimensions\` naming the database (e.g. \`{ ${healthCheckDimension}: db.identifier }\`), ` +
                        '`statistic: "Minimum"`, `comparisonOperator: "LessThanThreshold"`, `threshold: 1`, ' +
                        '`treatMissingData: "breaching"` and `alarmActions: [alerts.arn]`.',
                });
                continue;
            }
            for (const v of verdicts) {
                const watches = `it watches the health check of ${db.label}`;
                if (v.breaching === false) {
                    report.violation(v.alarm, {
                        property: "treatMissingData",
                        seen: v.treatMissingData,
                        wanted:
                            `"breaching", so a probe that stops reporting (database unreachable, probe broken) raises the alarm` +
                            (v.treatMissingData === undefined ? ` (unset means "${treatMissingDataDefault}": the alarm only goes to INSUFFICIENT_DATA)` : "") +
                            `; ${watches}`,
                        fix: `set \`treatMissingData: "breaching"\` in the aws.cloudwatch.MetricAlarm args of ${JSON.stringify(v.alarm.name)}.`,
                    });
                }
                if (v.notifies === false) {
                    report.violation(v.alarm, {
                        property: "alarmActions",
                        seen: v.alarm.get("alarmActions"),
                        wanted: `a non-empty list of actions (e.g. an SNS topic ARN) with actionsEnabled not false, or an aws.cloudwatch.CompositeAlarm with actions that fires on it; ${watches}`,
                        fix:
                            `set \`alarmActions: [alerts.arn]\` in the aws.cloudwatch.MetricAlarm args of ${JSON.stringify(v.alarm.name)}, ` +
                            'or add an aws.cloudwatch.CompositeAlarm with `alarmActions: [alerts.arn]` whose `alarmRule` fires on it (`ALARM("<its name>")`).',
                    });
                }
            }
        }
    },
});
