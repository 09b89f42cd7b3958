import { dbHealthCheck } from "../../../policies/monitoring/db-health-check";
import { types } from "../../../aws-facts/resource-types";
import type { ResourceInput } from "../../../policies/evaluate";
import { compliantStack } from "../../fixtures/compliant-stack";
import { arn, cloudwatch, PropsOf, rds, scheduler, set, unset, untyped, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

type MetricAlarm = PropsOf<typeof cloudwatch.metricAlarm>;

const canary = (name: string, props: Record<string, unknown>, dependsOn: string): ResourceInput => ({
    type: types.syntheticsCanary,
    name,
    props: { name, artifactS3Location: "s3://canary-artifacts/", executionRoleArn: arn("iam", "role/canary", ""), handler: "index.handler", runtimeVersion: "syn-nodejs-puppeteer-9.1", ...props },
    propertyDependencies: { runConfig: [dependsOn] },
});

/** The compliant stack with the orders-db Lambda probe replaced by a canary. */
function withCanary(props: Record<string, unknown>, alarmProps: Record<string, unknown> = {}): ResourceInput[] {
    return [
        ...without(compliantStack(), "orders-db-health", "orders-db-health-schedule", "orders-db-health-alarm"),
        canary("orders-db-canary", { schedule: { expression: "rate(5 minutes)" }, startCanary: true, ...props }, "orders-db"),
        cloudwatch.metricAlarm("orders-db-canary-alarm", {
            namespace: "CloudWatchSynthetics",
            metricName: "SuccessPercent",
            dimensions: { CanaryName: "orders-db-canary" },
            statistic: "Average",
            period: 300,
            evaluationPeriods: 1,
            threshold: 100,
            comparisonOperator: "LessThanThreshold",
            treatMissingData: "breaching",
            alarmActions: [arn("sns", "db-alerts")],
            ...alarmProps,
        }),
    ];
}

describe("db-health-check", () => {
    it("passes the compliant stack (scheduled Lambda probe and a breaching alarm per database)", async () => {
        expect(await run(dbHealthCheck, compliantStack())).toEqual([]);
    });

    it("flags a database with no probe at all", async () => {
        const findings = await run(dbHealthCheck, without(compliantStack(), "orders-db-health", "orders-db-health-schedule"));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "mandatory" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": scheduled health probe is unset; wanted an aws.lambda.Function that depends on the database (e.g. its endpoint in the environment) ' +
                "invoked by an aws.scheduler.Schedule or a scheduled aws.cloudwatch.EventRule, or a started aws.synthetics.Canary that depends on the database; " +
                "and an alarm on its result that counts missing data as failure and notifies someone. " +
                "Fix: add a probe function (`environment: { variables: { DB_ENDPOINT: db.address } }`, runs `SELECT 1`, publishes DbPreflight/HealthCheck/HealthCheckSucceeded), " +
                'an aws.scheduler.Schedule with `scheduleExpression: "rate(1 minute)"` and `target: { arn: probe.arn, roleArn: schedulerRole.arn }`, ' +
                'and an aws.cloudwatch.MetricAlarm with `namespace: "DbPreflight/HealthCheck"`, `metricName: "HealthCheckSucceeded"`, `dimensions: { DatabaseIdentifier: db.identifier }`, ' +
                '`statistic: "Minimum"`, `comparisonOperator: "LessThanThreshold"`, `threshold: 1`, `treatMissingData: "breaching"` and `alarmActions: [alerts.arn]`; ' +
                "or use the ProductionDatabase / ProductionAuroraCluster component, which creates all three.",
        );
    });

    it("flags a probe function that nothing invokes on a schedule", async () => {
        const findings = await run(dbHealthCheck, without(compliantStack(), "ledger-health-schedule"));
        expect(findings.map((f) => f.resource)).toEqual(["ledger"]);
        expect(findings[0].message).toContain('scheduled health probe is "nothing invokes aws.lambda.Function \\"ledger-health\\" on a schedule"');
    });

    it("flags a disabled schedule and a one-time schedule", async () => {
        const disabled = await run(dbHealthCheck, withProps(compliantStack(), scheduler.schedule, "orders-db-health-schedule", set({ state: "DISABLED" })));
        expect(disabled[0].message).toContain('aws.scheduler.Schedule \\"orders-db-health-schedule\\" is DISABLED');
        const once = await run(dbHealthCheck, withProps(compliantStack(), scheduler.schedule, "orders-db-health-schedule", set({ scheduleExpression: "at(2030-01-01T00:00:00)" })));
        expect(once[0].message).toContain("which does not recur");
    });

    it("accepts a scheduled EventBridge rule with a target on the probe", async () => {
        const stack = [
            ...without(compliantStack(), "orders-db-health-schedule"),
            cloudwatch.eventRule("orders-db-health-rule", { scheduleExpression: "rate(1 minute)", name: "orders-db-health-rule" }),
            cloudwatch.eventTarget("orders-db-health-target", { rule: "orders-db-health-rule", arn: arn("lambda", "function:orders-db-health") }),
        ];
        expect(await run(dbHealthCheck, stack)).toEqual([]);
        const patternRule = withProps(stack, cloudwatch.eventRule, "orders-db-health-rule", (p) => ({ ...unset<typeof p>("scheduleExpression")(p), eventPattern: '{"source":["aws.rds"]}' }));
        expect((await run(dbHealthCheck, patternRule))[0].message).toContain("has no scheduleExpression");
    });

    it("accepts a started Synthetics canary with an alarm on its success rate", async () => {
        expect(await run(dbHealthCheck, withCanary({}))).toEqual([]);
    });

    it("flags a canary that is never started (Pulumi's startCanary defaults to false)", async () => {
        const findings = await run(dbHealthCheck, withCanary({ startCanary: undefined }));
        expect(findings[0].message).toContain("is never started (startCanary is not true)");
    });

    it("flags a probe with no alarm on its result", async () => {
        const findings = await run(dbHealthCheck, without(compliantStack(), "orders-db-health-alarm"));
        expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
        expect(findings[0].message).toContain(
            'alarm on the health check result is unset; wanted an aws.cloudwatch.MetricAlarm on DbPreflight/HealthCheck HealthCheckSucceeded published by aws.lambda.Function "orders-db-health"',
        );
    });

    it.each([
        [
            "unset",
            unset<MetricAlarm>("treatMissingData"),
            'treatMissingData is unset; wanted "breaching", so a probe that stops reporting (database unreachable, probe broken) raises the alarm (unset means "missing": the alarm only goes to INSUFFICIENT_DATA); ',
        ],
        [
            "notBreaching",
            set<MetricAlarm>({ treatMissingData: "notBreaching" }),
            'treatMissingData is "notBreaching"; wanted "breaching", so a probe that stops reporting (database unreachable, probe broken) raises the alarm; ',
        ],
    ])("flags the result alarm when missing data is %s, on the alarm itself", async (_, change, text) => {
        const findings = await run(dbHealthCheck, withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-health-alarm", change));
        expect(findings).toHaveLength(1);
        expect(findings[0].resource).toBe("orders-db-health-alarm");
        expect(findings[0].message).toBe(
            `aws.cloudwatch.MetricAlarm "orders-db-health-alarm": ${text}it watches the health check of aws.rds.Instance "orders-db". ` +
                'Fix: set `treatMissingData: "breaching"` in the aws.cloudwatch.MetricAlarm args of "orders-db-health-alarm".',
        );
    });

    it("flags a result alarm that notifies nobody", async () => {
        const findings = await run(dbHealthCheck, withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-health-alarm", unset("alarmActions")));
        expect(findings.map((f) => [f.resource, f.message.includes("alarmActions is unset")])).toEqual([["orders-db-health-alarm", true]]);
    });

    it("accepts a result alarm without actions when a composite alarm with actions fires on it", async () => {
        const silent = withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-health-alarm", (p) => ({ ...unset<typeof p>("alarmActions")(p), name: "orders-db-health" }));
        const composite = (alarmRule: string) => cloudwatch.compositeAlarm("orders-db-page", { alarmName: "orders-db-page", alarmRule, alarmActions: [arn("sns", "db-alerts")] });
        expect(await run(dbHealthCheck, [...silent, composite('ALARM("orders-db-health") OR ALARM("orders-db-cpu")')])).toEqual([]);
        // A composite that needs another alarm too does not page when the health check alone fails.
        const findings = await run(dbHealthCheck, [...silent, composite('ALARM("orders-db-health") AND ALARM("orders-db-cpu")')]);
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["orders-db-health-alarm", "mandatory"]]);
        expect(findings[0].message).toContain("or add an aws.cloudwatch.CompositeAlarm with `alarmActions: [alerts.arn]` whose `alarmRule` fires on it");
    });

    it("finds the result alarm through the probe function too (FunctionName dimension)", async () => {
        const stack = withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-health-alarm", set({ dimensions: { FunctionName: "orders-db-health" } }));
        const unlinked = stack.map((r) => (r.name === "orders-db-health-alarm" ? { ...r, propertyDependencies: { alarmActions: ["db-alerts"] } } : r));
        expect(await run(dbHealthCheck, unlinked)).toEqual([]);
    });

    it("honours a configured namespace and metric name", async () => {
        const config = { "db-health-check": { metricNamespace: "Acme/Probes", metricName: "DbUp" } };
        const findings = await run(dbHealthCheck, compliantStack(), { config });
        expect(findings.map((f) => f.resource).sort()).toEqual(["ledger", "orders-db"]);
        expect(findings[0].message).toContain("MetricAlarm on Acme/Probes DbUp");
    });

    it("does not ask read replicas or Aurora cluster instances for a probe", async () => {
        const replica = rds.instance("lonely-replica", { replicateSourceDb: "somewhere", instanceClass: "db.m6g.large" });
        expect(await run(dbHealthCheck, [replica])).toEqual([]);
    });

    it("at preview, notes an unknown treatMissingData as advisory", async () => {
        const stack = withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-health-alarm", set({ treatMissingData: unknownSentinels.string }));
        const findings = await run(dbHealthCheck, stack, { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["orders-db", "advisory"]]);
    });

    it("at preview, links the schedule through its dependency when the function ARN is unknown", async () => {
        const stack = withProps(compliantStack(), scheduler.schedule, "orders-db-health-schedule", set({ target: { arn: unknownSentinels.string, roleArn: unknownSentinels.string } }));
        expect(await run(dbHealthCheck, stack, { preview: true })).toEqual([]);
    });

    it("at preview, notes an unknown canary start as advisory", async () => {
        const findings = await run(dbHealthCheck, withCanary({ startCanary: unknownSentinels.boolean }), { preview: true });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["advisory"]);
        expect(findings[0].message).toContain("startCanary of aws.synthetics.Canary");
    });

    it("does not crash on odd input, and names a value of the wrong type", async () => {
        const oddSchedule = withProps(compliantStack(), scheduler.schedule, "orders-db-health-schedule", set({ scheduleExpression: untyped(5), target: untyped("nope") }));
        expect((await run(dbHealthCheck, oddSchedule)).map((f) => f.resource)).toEqual(["orders-db"]);
        const oddAlarm = withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-health-alarm", set({ treatMissingData: untyped(["breaching"]) }));
        const findings = await run(dbHealthCheck, oddAlarm);
        expect(findings.map((f) => f.resource)).toEqual(["orders-db-health-alarm"]);
        expect(findings[0].message).toContain('treatMissingData is ["breaching"]; wanted "breaching"');
        const noDimensions = withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-health-alarm", set({ dimensions: untyped(null) }));
        expect((await run(dbHealthCheck, noDimensions)).map((f) => f.resource)).toEqual(["orders-db"]);
    });
});
