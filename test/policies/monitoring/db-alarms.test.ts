import { dbAlarms } from "../../../policies/monitoring/db-alarms";
import { compliantStack } from "../../fixtures/compliant-stack";
import { arn, cloudwatch, rds, set, unset, untyped, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

const alerts = arn("sns", "db-alerts");
const cpuAlarm = (name: string, dimensions: Record<string, string>, deps: string[] = []) =>
    cloudwatch.metricAlarm(
        name,
        {
            namespace: "AWS/RDS",
            metricName: "CPUUtilization",
            dimensions,
            statistic: "Average",
            period: 300,
            evaluationPeriods: 3,
            threshold: 80,
            comparisonOperator: "GreaterThanThreshold",
            alarmActions: [alerts],
        },
        deps.length > 0 ? { propertyDependencies: { dimensions: deps } } : {},
    );

describe("db-alarms", () => {
    it("passes the compliant stack (instance, replica with ReplicaLag, Aurora cluster with AuroraReplicaLag)", async () => {
        expect(await run(dbAlarms, compliantStack())).toEqual([]);
    });

    it("flags an instance with no alarm on a core metric, listing the missing metrics", async () => {
        const findings = await run(dbAlarms, without(compliantStack(), "orders-db-FreeStorageSpace", "orders-db-FreeableMemory"));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "mandatory" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": metrics with no alarm that notifies is ["FreeStorageSpace","FreeableMemory"]; ' +
                "wanted an aws.cloudwatch.MetricAlarm with alarmActions on each of FreeStorageSpace, DatabaseConnections, CPUUtilization, FreeableMemory " +
                '(namespace "AWS/RDS", dimension DBInstanceIdentifier = "orders-db"). ' +
                'Fix: for each metric listed, add an aws.cloudwatch.MetricAlarm with `namespace: "AWS/RDS"`, `metricName`, ' +
                "`dimensions: { DBInstanceIdentifier: db.identifier }`, a threshold and `alarmActions: [alerts.arn]` (an SNS topic someone is subscribed to); " +
                'or keep alarms without actions and add an aws.cloudwatch.CompositeAlarm with `alarmActions: [alerts.arn]` and an `alarmRule` such as `ALARM("<alarm name>") OR ALARM("<other alarm>")`.',
        );
    });

    it("flags an alarm that notifies nobody (no alarmActions), naming it", async () => {
        const findings = await run(dbAlarms, withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-CPUUtilization", unset("alarmActions")));
        expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
        expect(findings[0].message).toContain('is ["CPUUtilization"]');
        expect(findings[0].message).toContain(
            '; aws.cloudwatch.MetricAlarm "orders-db-CPUUtilization" has no alarmActions (or actionsEnabled false) and no aws.cloudwatch.CompositeAlarm with alarmActions fires on it.',
        );
    });

    describe("composite alarms (AWS's advice: metric alarms without actions, one composite that notifies)", () => {
        const coreAlarms = ["CPUUtilization", "FreeStorageSpace", "FreeableMemory", "DatabaseConnections"].map((m) => `orders-db-${m}`);
        /** The compliant stack with the core alarms of orders-db named and stripped of their actions, plus the composite. */
        const withComposite = (alarmRule: unknown, composite: Record<string, unknown> = {}, links: Record<string, string[]> = {}) => {
            let stack = compliantStack();
            for (const name of coreAlarms)
                stack = withProps(stack, cloudwatch.metricAlarm, name, (p) => ({ ...unset<typeof p>("alarmActions", "okActions")(p), name, arn: arn("cloudwatch", `alarm:${name}`) }));
            return [
                ...stack,
                cloudwatch.compositeAlarm(
                    "orders-db-composite",
                    { alarmName: "orders-db-composite", alarmActions: [alerts], ...({ alarmRule } as Record<string, unknown>), ...composite },
                    { propertyDependencies: links },
                ),
            ];
        };
        const anyOf = coreAlarms.map((n) => `ALARM("${n}")`).join(" OR ");

        it("accepts metric alarms without actions when a composite alarm with actions fires on each", async () => {
            expect(await run(dbAlarms, withComposite(anyOf))).toEqual([]);
            // By ARN, unquoted, nested in parentheses, mixed with a maintenance switch.
            const byArn = `(${coreAlarms.map((n) => `ALARM(${arn("cloudwatch", `alarm:${n}`)})`).join(" OR ")}) AND NOT ALARM("maintenance-window")`;
            expect(await run(dbAlarms, withComposite(byArn))).toEqual([]);
        });

        it("still flags the alarms a composite does not fire on alone (AND, NOT, OK, or not named at all)", async () => {
            const [cpu, storage, ...rest] = coreAlarms;
            const rule = `(ALARM("${cpu}") AND ALARM("${storage}")) OR ${rest.map((n) => `ALARM("${n}")`).join(" OR ")}`;
            const findings = await run(dbAlarms, withComposite(rule));
            expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["orders-db", "mandatory"]]);
            expect(findings[0].message).toContain('is ["FreeStorageSpace","CPUUtilization"]');
            const notCpu = `${rest.map((n) => `ALARM("${n}")`).join(" OR ")} OR ALARM("${storage}") OR (ALARM("billing-db-cpu") AND NOT ALARM("${cpu}"))`;
            expect((await run(dbAlarms, withComposite(notCpu))).map((f) => f.message)).toEqual([expect.stringContaining('is ["CPUUtilization"]')]);
            // NOT OK(x) is true when x is in ALARM: it fires on x.
            expect(await run(dbAlarms, withComposite(`${rest.map((n) => `ALARM("${n}")`).join(" OR ")} OR ALARM("${storage}") OR NOT OK("${cpu}")`))).toEqual([]);
            expect((await run(dbAlarms, withComposite(`OK("${cpu}") OR ALARM("${storage}")`))).map((f) => f.resource)).toEqual(["orders-db"]);
        });

        it("does not count a composite that notifies nobody, or whose rule is not a rule", async () => {
            expect((await run(dbAlarms, withComposite(anyOf, { alarmActions: [] }))).map((f) => f.resource)).toEqual(["orders-db"]);
            expect((await run(dbAlarms, withComposite(anyOf, { actionsEnabled: false }))).map((f) => f.resource)).toEqual(["orders-db"]);
            expect((await run(dbAlarms, withComposite(`ALARM("${coreAlarms[0]}" OR`))).map((f) => f.resource)).toEqual(["orders-db"]);
            expect((await run(dbAlarms, withComposite(42))).map((f) => f.resource)).toEqual(["orders-db"]);
        });

        it("follows a composite of composites up to the one that notifies", async () => {
            const stack = withComposite(anyOf, { alarmActions: [] });
            stack.push(cloudwatch.compositeAlarm("top", { alarmName: "top", alarmRule: 'ALARM("orders-db-composite") OR ALARM("billing")', alarmActions: [alerts] }));
            expect(await run(dbAlarms, stack)).toEqual([]);
        });

        it("notes, at preview, a composite whose rule is built from the alarms' outputs and not known yet", async () => {
            const findings = await run(dbAlarms, withComposite(unknownSentinels.string, {}, { alarmRule: coreAlarms }), { preview: true });
            expect(atLevel(findings)).toEqual([]);
            expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["orders-db", "advisory"]]);
            expect(findings[0].message).toContain("is not known during preview");
        });
    });

    it("flags an alarm whose actions are switched off (actionsEnabled false)", async () => {
        const findings = await run(dbAlarms, withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-DatabaseConnections", set({ actionsEnabled: false })));
        expect(findings[0].message).toContain('is ["DatabaseConnections"]');
    });

    it("flags an empty alarmActions list", async () => {
        const findings = await run(dbAlarms, withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-DatabaseConnections", set({ alarmActions: [] })));
        expect(findings[0].message).toContain('is ["DatabaseConnections"]');
    });

    it("requires ReplicaLag on a read replica", async () => {
        const findings = await run(dbAlarms, without(compliantStack(), "orders-replica-lag"));
        expect(findings.map((f) => f.resource)).toEqual(["orders-replica"]);
        expect(findings[0].message).toContain('metrics with no alarm that notifies is ["ReplicaLag"]');
    });

    it("does not count another database's alarms", async () => {
        // The replica's alarms name "orders-replica"; they do not watch "orders-db".
        const findings = await run(dbAlarms, without(compliantStack(), "orders-db-CPUUtilization"));
        expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
    });

    it("does not count an alarm on another namespace", async () => {
        const findings = await run(dbAlarms, withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-CPUUtilization", set({ namespace: "Custom/App" })));
        expect(findings[0].message).toContain('is ["CPUUtilization"]');
    });

    it("asks Aurora clusters for FreeLocalStorage: a FreeStorageSpace alarm does not count (Aurora does not publish it)", async () => {
        const findings = await run(dbAlarms, withProps(compliantStack(), cloudwatch.metricAlarm, "ledger-FreeLocalStorage", set({ metricName: "FreeStorageSpace" })));
        expect(findings.map((f) => f.resource)).toEqual(["ledger"]);
        expect(findings[0].message).toBe(
            'aws.rds.Cluster "ledger": metrics with no alarm that notifies is ["FreeLocalStorage"]; ' +
                "wanted an aws.cloudwatch.MetricAlarm with alarmActions on each of FreeLocalStorage, DatabaseConnections, CPUUtilization, FreeableMemory, AuroraReplicaLag " +
                '(namespace "AWS/RDS", dimension DBClusterIdentifier = "ledger", or DBInstanceIdentifier of every cluster instance). ' +
                'Fix: for each metric listed, add an aws.cloudwatch.MetricAlarm with `namespace: "AWS/RDS"`, `metricName`, ' +
                "`dimensions: { DBClusterIdentifier: cluster.clusterIdentifier }`, a threshold and `alarmActions: [alerts.arn]` (an SNS topic someone is subscribed to); " +
                'or keep alarms without actions and add an aws.cloudwatch.CompositeAlarm with `alarmActions: [alerts.arn]` and an `alarmRule` such as `ALARM("<alarm name>") OR ALARM("<other alarm>")`.',
        );
    });

    it("accepts Aurora alarms on every cluster instance instead of the cluster", async () => {
        const stack = [
            ...without(compliantStack(), "ledger-CPUUtilization"),
            cpuAlarm("ledger-1-cpu", { DBInstanceIdentifier: "ledger-1" }, ["ledger-1"]),
            cpuAlarm("ledger-2-cpu", { DBInstanceIdentifier: "ledger-2" }, ["ledger-2"]),
        ];
        expect(await run(dbAlarms, stack)).toEqual([]);
    });

    it("flags Aurora per-instance alarms that leave one cluster instance unwatched", async () => {
        const stack = [...without(compliantStack(), "ledger-CPUUtilization"), cpuAlarm("ledger-1-cpu", { DBInstanceIdentifier: "ledger-1" }, ["ledger-1"])];
        const findings = await run(dbAlarms, stack);
        expect(findings.map((f) => [f.resource, f.message.includes('is ["CPUUtilization"]')])).toEqual([["ledger", true]]);
    });

    it("requires AuroraReplicaLag once the cluster has a reader, and accepts it on a reader instance", async () => {
        const findings = await run(dbAlarms, without(compliantStack(), "ledger-replica-lag"));
        expect(findings[0].message).toContain('is ["AuroraReplicaLag"]');
        const onReader = withProps(compliantStack(), cloudwatch.metricAlarm, "ledger-replica-lag", set({ dimensions: { DBInstanceIdentifier: "ledger-2" } }));
        expect(await run(dbAlarms, onReader)).toEqual([]);
    });

    it("does not ask a single-instance Aurora cluster for AuroraReplicaLag", async () => {
        expect(await run(dbAlarms, without(compliantStack(), "ledger-2", "ledger-replica-lag"))).toEqual([]);
    });

    it("links alarms by the exact identifier even with no recorded dependency", async () => {
        const stack = [...without(compliantStack(), "orders-db-CPUUtilization"), cpuAlarm("hand-written-cpu", { DBInstanceIdentifier: "orders-db" })];
        expect(await run(dbAlarms, stack)).toEqual([]);
    });

    it("counts a metric-math alarm on the database's metric", async () => {
        const math = cloudwatch.metricAlarm("cpu-math", {
            comparisonOperator: "GreaterThanThreshold",
            evaluationPeriods: 3,
            threshold: 80,
            alarmActions: [alerts],
            metricQueries: [
                { id: "m1", metric: { namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: "orders-db" }, period: 60, stat: "Average" } },
                { id: "e1", expression: "m1", returnData: true },
            ],
        });
        expect(await run(dbAlarms, [...without(compliantStack(), "orders-db-CPUUtilization"), math])).toEqual([]);
    });

    it("honours the configured metric lists and can drop the replica-lag requirement", async () => {
        const config = { "db-alarms": { instanceMetrics: ["CPUUtilization", "ReadLatency"], replicaLag: false } };
        const findings = await run(dbAlarms, without(compliantStack(), "orders-replica-lag"), { config });
        expect(findings.map((f) => f.resource)).toEqual(["orders-db", "orders-replica"]);
        expect(findings[0].message).toContain('is ["ReadLatency"]');
    });

    it("at preview, links an alarm whose dimension is the database's unknown identifier through its dependency", async () => {
        const stack = withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-CPUUtilization", set({ dimensions: { DBInstanceIdentifier: unknownSentinels.string } }));
        expect(await run(dbAlarms, stack, { preview: true })).toEqual([]);
    });

    it("at preview, notes alarm actions that are not known yet as advisory", async () => {
        const stack = withProps(compliantStack(), cloudwatch.metricAlarm, "orders-db-CPUUtilization", set({ alarmActions: unknownSentinels.array }));
        const findings = await run(dbAlarms, stack, { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "advisory" });
        expect(findings[0].message).toContain('alarmActions of aws.cloudwatch.MetricAlarm "orders-db-CPUUtilization" is not known during preview');
    });

    it("at preview, waits for an unknown identifier when no alarm depends on the database", async () => {
        const stack = [rds.instance("db", { identifier: unknownSentinels.string, engine: "postgres", instanceClass: "db.m6g.large" })];
        const findings = await run(dbAlarms, stack, { preview: true });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["advisory"]);
        expect(findings[0].message).toContain('identifier of aws.rds.Instance "db" is not known during preview');
    });

    it("still flags a missing alarm at preview when another alarm's actions are unknown", async () => {
        const stack = withProps(without(compliantStack(), "orders-db-FreeableMemory"), cloudwatch.metricAlarm, "orders-db-CPUUtilization", set({ alarmActions: unknownSentinels.array }));
        const findings = await run(dbAlarms, stack, { preview: true });
        expect(atLevel(findings)).toHaveLength(1);
        expect(atLevel(findings)[0].message).toContain('is ["FreeableMemory"]');
    });

    it("does not crash on alarms of the wrong shape", async () => {
        const odd = [
            cloudwatch.metricAlarm("odd-1", {
                metricName: "CPUUtilization",
                namespace: "AWS/RDS",
                dimensions: untyped("orders-db"),
                alarmActions: untyped(42),
                comparisonOperator: "x",
                evaluationPeriods: 1,
            }),
            cloudwatch.metricAlarm("odd-2", { metricQueries: untyped([null, { id: "x", metric: "nope" }]), comparisonOperator: "x", evaluationPeriods: 1 }),
            cloudwatch.metricAlarm("odd-3", {
                metricName: "CPUUtilization",
                namespace: "AWS/RDS",
                dimensions: { DBInstanceIdentifier: "orders-db" },
                alarmActions: untyped("arn:aws:sns:x"),
                comparisonOperator: "x",
                evaluationPeriods: 1,
            }),
        ];
        const findings = await run(dbAlarms, [...without(compliantStack(), "orders-db-CPUUtilization"), ...odd]);
        expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
    });

    it("does not judge Aurora cluster instances on their own (the cluster is judged)", async () => {
        const member = rds.instance("legacy-member", { engine: "aurora-postgresql", instanceClass: "db.r6g.large" });
        expect(await run(dbAlarms, [member])).toEqual([]);
    });
});
