// Monitoring, as CloudWatch, SNS and RDS show it: the health check reports success, every alarm
// exists, is armed and quiet, its topic reaches a confirmed subscriber, and RDS events are sent.
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { CheckContext } from "../context";
import { defineCheck, fail, pages, pass, when } from "./define";

const MINUTE = 60_000;

export const healthCheckReporting = defineCheck({
    name: "health-check-reporting",
    checklistItem: "monitoring",
    description: "The health check's metric has data from the last minutes and the latest reports success (the probe really logs in and runs its query).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Read the probe's logs (`aws logs tail /aws/lambda/<health-check function> --since 30m`): it cannot reach the database (subnets, security group), cannot read the master secret, or cannot publish its metric (the VPC endpoint for CloudWatch). Check its schedule is ENABLED.",
    async run(ctx) {
        const { namespace, metricName, dimensions } = ctx.target.healthCheck;
        const dims = Object.entries(dimensions).filter(([, v]) => v !== "");
        if (dims.length === 0) ctx.identifier(); // no identifier: cannot verify
        const window = ctx.thresholds.healthWindowMinutes * MINUTE;
        const r = await ctx.aws.send("getMetricStatistics", ctx.region, {
            Namespace: namespace,
            MetricName: metricName,
            Dimensions: dims.map(([Name, Value]) => ({ Name, Value })),
            StartTime: new Date(ctx.now - window),
            EndTime: new Date(ctx.now),
            Period: 60,
            Statistics: ["Minimum"],
        });
        const points = [...(r.Datapoints ?? [])].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0));
        const metric = `${namespace} ${metricName} {${dims.map(([k, v]) => `${k}=${v}`).join(", ")}}`;
        if (points.length === 0)
            return fail(`${metric} has no data in the last ${ctx.thresholds.healthWindowMinutes} minutes: the health check is not running or not reporting; wanted a data point every minute`);
        const latest = points[0];
        if ((latest.Minimum ?? 0) < 1) {
            return fail(`${metric} reported failure (${latest.Minimum}) at ${when(latest.Timestamp ?? 0, ctx.now)}; wanted 1 (the probe logged in and its query answered)`);
        }
        const failures = points.filter((p) => (p.Minimum ?? 0) < 1).length;
        return pass(`health check succeeded at ${when(latest.Timestamp ?? 0, ctx.now)} (${points.length} data points, ${failures} failed, in ${ctx.thresholds.healthWindowMinutes} min)`);
    },
});

const alarmsAsked = new WeakMap<CheckContext, Promise<Map<string, MetricAlarm>>>();

/** The alarms declared on the database, as CloudWatch has them (names missing from the answer do not exist); asked once per database. */
function liveAlarms(ctx: CheckContext): Promise<Map<string, MetricAlarm>> {
    let asked = alarmsAsked.get(ctx);
    if (!asked) alarmsAsked.set(ctx, (asked = describeAlarms(ctx)));
    return asked;
}

async function describeAlarms(ctx: CheckContext): Promise<Map<string, MetricAlarm>> {
    const found = new Map<string, MetricAlarm>();
    const names = ctx.target.alarmNames;
    // DescribeAlarms takes at most 100 names a call.
    for (let i = 0; i < names.length; i += 100) {
        const alarms = await pages<MetricAlarm>(async (NextToken) => {
            const r = await ctx.aws.send("describeAlarms", ctx.region, { AlarmNames: names.slice(i, i + 100), AlarmTypes: ["MetricAlarm"], ...(NextToken ? { NextToken } : {}) });
            return { items: r.MetricAlarms ?? [], next: r.NextToken };
        });
        for (const a of alarms) if (a.AlarmName) found.set(a.AlarmName, a);
    }
    return found;
}

export const alarmsArmed = defineCheck({
    name: "alarms-armed",
    checklistItem: "monitoring",
    description: "Every alarm the stack declares on the database exists, has its actions enabled and an action to take, and is not in ALARM.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "A missing alarm: `pulumi up` (or `pulumi refresh` if it was deleted by hand); actions disabled: `aws cloudwatch enable-alarm-actions --alarm-names <name>`; in ALARM: deal with what it reports (the runbook) before go-live.",
    async run(ctx) {
        if (ctx.target.alarmNames.length === 0) return fail("the stack declares no CloudWatch alarm on its metrics; wanted alarms with actions (db-alarms)");
        const live = await liveAlarms(ctx);
        const problems: string[] = [];
        const insufficient: string[] = [];
        for (const name of ctx.target.alarmNames) {
            const alarm = live.get(name);
            if (!alarm) problems.push(`${name} does not exist`);
            else if (alarm.ActionsEnabled === false) problems.push(`${name} has its actions disabled`);
            else if ((alarm.AlarmActions ?? []).length === 0) problems.push(`${name} has no alarm action`);
            else if (alarm.StateValue === "ALARM") problems.push(`${name} is in ALARM (${alarm.StateReason ?? "no reason given"})`);
            else if (alarm.StateValue === "INSUFFICIENT_DATA") insufficient.push(name);
        }
        if (problems.length > 0) return fail(`${problems.join("; ")}; wanted each alarm to exist with actions enabled and not in ALARM`);
        return pass(`${ctx.target.alarmNames.length} alarm(s) armed${insufficient.length > 0 ? ` (${insufficient.length} with insufficient data so far: ${insufficient.join(", ")})` : ""}`);
    },
});

/** The SNS topics the database's alerts go to: its alarms' actions and its event subscriptions' topics. */
async function alertTopics(ctx: CheckContext): Promise<string[]> {
    const topics = new Set<string>();
    if (ctx.target.alarmNames.length > 0) {
        for (const alarm of (await liveAlarms(ctx)).values()) {
            for (const action of alarm.AlarmActions ?? []) if (action.startsWith("arn:") && action.split(":")[2] === "sns") topics.add(action);
        }
    }
    for (const sub of await subscriptionsOf(ctx)) if (sub.SnsTopicArn) topics.add(sub.SnsTopicArn);
    return [...topics].sort();
}

export const alertTopicsConfirmed = defineCheck({
    name: "alert-topics-confirmed",
    checklistItem: "monitoring",
    description: "Each SNS topic its alarms and event subscriptions notify has at least one confirmed subscription (a pending e-mail confirmation reaches nobody).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Confirm the subscription (the link in the e-mail AWS sent), or subscribe the on-call tool: `aws sns subscribe --topic-arn <arn> --protocol https --notification-endpoint <pager URL>`; then run verify again.",
    async run(ctx) {
        const topics = await alertTopics(ctx);
        if (topics.length === 0) return fail("no alarm or event subscription of it notifies an SNS topic; wanted alerts that reach a person");
        const problems: string[] = [];
        for (const topic of topics) {
            const attributes = await ctx.shared.topicAttributes(topic);
            const confirmed = Number(attributes.SubscriptionsConfirmed ?? "0");
            const pending = Number(attributes.SubscriptionsPending ?? "0");
            if (!(confirmed >= 1)) problems.push(`${topic} has ${confirmed || 0} confirmed subscription(s)${pending > 0 ? ` and ${pending} pending confirmation` : ""}`);
        }
        if (problems.length > 0) return fail(`${problems.join("; ")}: alerts reach nobody; wanted at least 1 confirmed subscription per topic`);
        return pass(`${topics.length} topic(s), each with a confirmed subscription`);
    },
});

async function subscriptionsOf(ctx: CheckContext) {
    const id = ctx.identifier();
    const sourceType = ctx.target.kind === "cluster" ? "db-cluster" : "db-instance";
    return (await ctx.shared.eventSubscriptions(ctx.region)).filter(
        (s) => s.SourceType === sourceType && ((s.SourceIdsList ?? []).length === 0 || (s.SourceIdsList ?? []).some((x) => x.toLowerCase() === id)),
    );
}

export const eventSubscriptionActive = defineCheck({
    name: "event-subscription-active",
    checklistItem: "monitoring",
    description: "An RDS event subscription covering the database is enabled and active (status active, not no-permission or topic-not-exist).",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Add an aws.rds.EventSubscription with `sourceIds: [db.identifier]` and `snsTopic` (the components do); status no-permission means the topic's policy does not let events.rds.amazonaws.com publish; topic-not-exist means the topic was deleted.",
    async run(ctx) {
        const subscriptions = await subscriptionsOf(ctx);
        if (subscriptions.length === 0)
            return fail(`no RDS event subscription covers ${ctx.target.kind === "cluster" ? "db-cluster" : "db-instance"} ${ctx.identifier()}; wanted one, enabled and active`);
        const active = subscriptions.filter((s) => s.Enabled && s.Status === "active");
        if (active.length === 0) {
            return fail(`${subscriptions.map((s) => `${s.CustSubscriptionId} is ${s.Enabled ? s.Status : "disabled"}`).join("; ")}; wanted enabled and active`);
        }
        return pass(`event subscription ${active.map((s) => s.CustSubscriptionId).join(", ")} active`);
    },
});
