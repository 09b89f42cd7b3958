import { dbConnectionLimits } from "../../../policies/config/db-connection-limits";
import { componentTypes } from "../../../contract";
import type { ResourceInput } from "../../../policies/evaluate";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

/** Sets max_connections in a parameter group of the fixture (or removes it with undefined). */
const maxConnections =
    (value: unknown) =>
    <P extends { parameters?: unknown }>(props: P): P => {
        const others = (props.parameters as Array<{ name: string }>).filter((p) => p.name !== "max_connections");
        return { ...props, parameters: value === undefined ? others : [...others, { name: "max_connections", value, applyMethod: "pending-reboot" }] };
    };

/** A component resource declaring connection pools, made the parent of the named database. */
function withPools(stack: ResourceInput[], db: string, type: string, props: Record<string, unknown>): ResourceInput[] {
    const component: ResourceInput = { type, name: "app-db", props };
    return [component, ...stack.map((r) => (r.name === db ? { ...r, parent: "app-db" } : r))];
}

describe("db-connection-limits", () => {
    it("passes the compliant stack (explicit max_connections within each class's memory)", async () => {
        expect(await run(dbConnectionLimits, compliantStack())).toEqual([]);
    });

    it("flags a parameter group that leaves max_connections to RDS's formula, once, naming its databases", async () => {
        const findings = await run(dbConnectionLimits, withProps(compliantStack(), rds.parameterGroup, "orders-pg16", maxConnections(undefined)));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-pg16", enforcementLevel: "mandatory" });
        expect(findings[0].message).toBe(
            'aws.rds.ParameterGroup "orders-pg16": max_connections is unset; wanted an explicit value sized for the instance class and the application (unset leaves RDS\'s formula); ' +
                'the group is in force on aws.rds.Instance "orders-db", aws.rds.Instance "orders-replica", whose class allows at most 901. ' +
                'Fix: add `{ name: "max_connections", value: "901", applyMethod: "pending-reboot" }` to `parameters` in the aws.rds.ParameterGroup args of "orders-pg16".',
        );
    });

    it("flags a database on AWS's default group", async () => {
        const findings = await run(dbConnectionLimits, withProps(compliantStack(), rds.instance, "orders-db", set({ parameterGroupName: "default.postgres16" })));
        expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
        expect(findings[0].message).toContain('parameterGroupName is "default.postgres16"; wanted a custom parameter group that sets max_connections explicitly');
    });

    it("flags max_connections above what the class memory supports (replicas judged with their source's engine)", async () => {
        const findings = await run(dbConnectionLimits, withProps(compliantStack(), rds.parameterGroup, "orders-pg16", maxConnections("5000")));
        expect(findings.map((f) => f.resource)).toEqual(["orders-db", "orders-replica"]);
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": max_connections (in aws.rds.ParameterGroup "orders-pg16") is 5000; ' +
                'wanted at most 901, what "db.m6g.large" memory supports on postgres (RDS\'s own formula for the class). ' +
                'Fix: lower max_connections to 901 or less in the aws.rds.ParameterGroup args of "orders-pg16", or choose a larger `instanceClass` in the aws.rds.Instance args of "orders-db".',
        );
    });

    it("judges a database with no engine of its own through the family of its parameter group", async () => {
        const findings = await run(dbConnectionLimits, withProps(withProps(compliantStack(), rds.parameterGroup, "orders-pg16", maxConnections("5000")), rds.instance, "orders-db", unset("engine")));
        expect(findings.map((f) => f.resource)).toEqual(["orders-db", "orders-replica"]);
        expect(findings[0].message).toContain('max_connections (in aws.rds.ParameterGroup "orders-pg16") is 5000; wanted at most 901, what "db.m6g.large" memory supports on postgres');
    });

    it("honours headroomFactor", async () => {
        const findings = await run(dbConnectionLimits, compliantStack(), { config: { "db-connection-limits": { headroomFactor: 0.4 } } });
        expect(findings.map((f) => f.resource)).toEqual(["orders-db", "orders-replica", "ledger-1", "ledger-2"]);
        expect(findings[0].message).toContain('wanted at most 360, what "db.m6g.large" memory supports on postgres (RDS\'s formula gives 901; headroomFactor 0.4)');
    });

    it("accepts an RDS formula as explicit, with an advisory note that it is not checked", async () => {
        const findings = await run(dbConnectionLimits, withProps(compliantStack(), rds.parameterGroup, "orders-pg16", maxConnections("{DBInstanceClassMemory/9531392}")));
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([
            ["orders-db", "advisory"],
            ["orders-replica", "advisory"],
        ]);
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": max_connections in aws.rds.ParameterGroup "orders-pg16" is the RDS formula "{DBInstanceClassMemory/9531392}": ' +
                "accepted as explicit, but neither it nor any declared connection pools are checked against the instance class memory.",
        );
    });

    it("notes a class whose memory is unknown instead of guessing a ceiling", async () => {
        const findings = await run(dbConnectionLimits, withProps(compliantStack(), rds.clusterInstance, "ledger-2", set({ instanceClass: "db.serverless" })));
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["ledger-2", "advisory"]]);
        expect(findings[0].message).toContain(
            'no memory figure is known for instance class "db.serverless" on aurora-postgresql, so max_connections 1000 in aws.rds.ParameterGroup "ledger-instance-pg16" is not checked against memory.',
        );
    });

    it("sizes Aurora Serverless v2 from the cluster's maximum capacity (about 2 GiB per ACU)", async () => {
        const serverless = (maxCapacity: number) =>
            withProps(
                withProps(
                    withProps(compliantStack(), rds.clusterInstance, "ledger-1", set({ instanceClass: "db.serverless" })),
                    rds.clusterInstance,
                    "ledger-2",
                    set({ instanceClass: "db.serverless" }),
                ),
                rds.cluster,
                "ledger",
                set({ serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity } }),
            );
        // 16 ACUs: 32 GiB supports 3,605 connections on aurora-postgresql; the group sets 1,000.
        expect(await run(dbConnectionLimits, serverless(16))).toEqual([]);
        // 2 ACUs: 4 GiB supports 450; 1,000 is over it, on each instance.
        const findings = await run(dbConnectionLimits, serverless(2));
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([
            ["ledger-1", "mandatory"],
            ["ledger-2", "mandatory"],
        ]);
        expect(findings[0].message).toContain("at most 450");
    });

    it("notes an unknown maximum capacity at preview for a Serverless v2 instance", async () => {
        const stack = withProps(
            withProps(compliantStack(), rds.clusterInstance, "ledger-1", set({ instanceClass: "db.serverless" })),
            rds.cluster,
            "ledger",
            set({ serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: unknownSentinels.number } }),
        );
        const findings = await run(dbConnectionLimits, stack, { preview: true });
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["ledger-1", "advisory"]]);
    });

    it("for Aurora, falls back from the instances' DB parameter group to the cluster parameter group", async () => {
        const onCluster = withProps(
            withProps(compliantStack(), rds.parameterGroup, "ledger-instance-pg16", maxConnections(undefined)),
            rds.clusterParameterGroup,
            "ledger-cluster-pg16",
            maxConnections("1500"),
        );
        expect(await run(dbConnectionLimits, onCluster)).toEqual([]);
        const nowhere = withProps(compliantStack(), rds.parameterGroup, "ledger-instance-pg16", maxConnections(undefined));
        const findings = await run(dbConnectionLimits, nowhere);
        expect(findings.map((f) => f.resource)).toEqual(["ledger-instance-pg16"]);
        expect(findings[0].message).toContain('in force on aws.rds.ClusterInstance "ledger-1", aws.rds.ClusterInstance "ledger-2", whose class allows at most 1802');
        const noInstanceGroup = withProps(withProps(compliantStack(), rds.clusterInstance, "ledger-1", unset("dbParameterGroupName")), rds.clusterInstance, "ledger-2", unset("dbParameterGroupName"));
        expect((await run(dbConnectionLimits, noInstanceGroup)).map((f) => f.resource)).toEqual(["ledger-cluster-pg16"]);
    });

    it("checks declared connection pools against max_connections, listing each pool's share", async () => {
        const stack = withPools(compliantStack(), "orders-db", componentTypes.productionDatabase, {
            connectionPools: [
                { name: "api", size: 20, replicas: 12 },
                { name: "worker", size: 50, replicas: 3 },
            ],
            reservedConnections: 15,
        });
        const findings = await run(dbConnectionLimits, stack);
        expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": connections the pools of db-preflight.aws.ProductionDatabase "app-db" need (api: 20 x 12 = 240; worker: 50 x 3 = 150; reserved: 15) is 405; ' +
                'wanted at most 400, the max_connections in aws.rds.ParameterGroup "orders-pg16". ' +
                'Fix: raise max_connections to a value from 405 to 901 (the most the instance class supports) in the aws.rds.ParameterGroup args of "orders-pg16", or shrink the pools (size or replicas) in the args of db-preflight.aws.ProductionDatabase "app-db".',
        );
    });

    describe("states the whole allowed range the first time, so one fix is enough", () => {
        const pools = (stack: ResourceInput[]) => withPools(stack, "orders-db", componentTypes.productionDatabase, { connectionPools: [{ name: "api", size: 50, replicas: 8 }] });

        it("above the class's ceiling with pools declared: between what the pools need and what the class allows", async () => {
            const findings = await run(dbConnectionLimits, pools(withProps(compliantStack(), rds.parameterGroup, "orders-pg16", maxConnections("5000"))));
            expect(findings[0].message).toContain('is 5000; wanted between 410 (what the pools of db-preflight.aws.ProductionDatabase "app-db" need) and 901 (what "db.m6g.large" memory supports');
            expect(findings[0].message).toContain('Fix: set max_connections to a value from 410 to 901 in the aws.rds.ParameterGroup args of "orders-pg16"');
        });

        it("a group with no max_connections: the range its databases' pools and classes allow, and a value in it", async () => {
            const findings = await run(dbConnectionLimits, pools(withProps(compliantStack(), rds.parameterGroup, "orders-pg16", maxConnections(undefined))));
            expect(findings.map((f) => f.resource)).toEqual(["orders-pg16"]);
            expect(findings[0].message).toContain(": between 410 (what their pools need) and 901 (what their class allows).");
            expect(findings[0].message).toContain('value: "410"');
        });

        it("pools larger than the class allows: says no value fits and what to change", async () => {
            const huge = withPools(compliantStack(), "orders-db", componentTypes.productionDatabase, { connectionPools: [{ name: "api", size: 100, replicas: 10 }] });
            const findings = await run(dbConnectionLimits, huge);
            expect(findings[0].message).toContain("to 901 connections or fewer in all (the most the instance class supports), or choose a larger `instanceClass`");
        });
    });

    it("passes pools that fit, with replicas defaulting to 1 and the configured reserve", async () => {
        const stack = withPools(compliantStack(), "orders-db", componentTypes.productionDatabase, { connectionPools: [{ name: "api", size: 390 }] });
        expect(await run(dbConnectionLimits, stack)).toEqual([]);
        const findings = await run(dbConnectionLimits, stack, { config: { "db-connection-limits": { reservedConnections: 20 } } });
        expect(findings[0].message).toContain("(api: 390 x 1 = 390; reserved: 20) is 410");
    });

    it("checks an Aurora component's pools against every cluster instance (any may become the writer)", async () => {
        const stack = withPools(compliantStack(), "ledger", componentTypes.productionAuroraCluster, { connectionPools: [{ name: "api", size: 100, replicas: 10 }] });
        expect((await run(dbConnectionLimits, stack)).map((f) => f.resource)).toEqual(["ledger-1", "ledger-2"]);
    });

    it("reports a malformed pool on the component, once", async () => {
        const stack = withPools(compliantStack(), "ledger", componentTypes.productionAuroraCluster, { connectionPools: [{ name: "api", size: "big" }] });
        const findings = await run(dbConnectionLimits, stack);
        expect(findings.map((f) => [f.resource, f.message.split(";")[0]])).toEqual([
            ["app-db", 'db-preflight.aws.ProductionAuroraCluster "app-db": connectionPools[0] is {"name":"api","size":"big"}'],
        ]);
    });

    it("ignores parents that are not the pack's components", async () => {
        const stack = withPools(compliantStack(), "orders-db", "acme:index:Thing", { connectionPools: [{ name: "api", size: 1000 }] });
        expect(await run(dbConnectionLimits, stack)).toEqual([]);
    });

    it("notes a parameter group that lives outside the stack", async () => {
        const findings = await run(dbConnectionLimits, [rds.instance("db", { engine: "postgres", instanceClass: "db.m6g.large", parameterGroupName: "shared-pg16" })]);
        expect(findings.map((f) => [f.enforcementLevel, f.message])).toEqual([
            ["advisory", 'aws.rds.Instance "db": its parameter group "shared-pg16" is not declared in this stack, so whether it sets max_connections cannot be checked.'],
        ]);
    });

    it("at preview, notes unknown values as advisory and still reports known-bad ones", async () => {
        const unknownValue = await run(dbConnectionLimits, withProps(compliantStack(), rds.parameterGroup, "orders-pg16", maxConnections(unknownSentinels.string)), { preview: true });
        expect(atLevel(unknownValue)).toEqual([]);
        expect(unknownValue.map((f) => f.resource)).toEqual(["orders-pg16", "orders-pg16"]);
        const unknownClass = withProps(
            withProps(compliantStack(), rds.parameterGroup, "orders-pg16", maxConnections("5000")),
            rds.instance,
            "orders-db",
            set({ instanceClass: unknownSentinels.string }),
        );
        const findings = await run(dbConnectionLimits, unknownClass, { preview: true });
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([
            ["orders-db", "advisory"],
            ["orders-replica", "mandatory"],
        ]);
        const unknownPools = withPools(compliantStack(), "orders-db", componentTypes.productionDatabase, { connectionPools: unknownSentinels.array });
        expect((await run(dbConnectionLimits, unknownPools, { preview: true })).map((f) => f.enforcementLevel)).toEqual(["advisory"]);
    });

    it("reports values of the wrong type instead of crashing", async () => {
        const badValue = await run(dbConnectionLimits, withProps(compliantStack(), rds.parameterGroup, "orders-pg16", maxConnections("many")));
        expect(badValue.map((f) => f.resource)).toEqual(["orders-pg16", "orders-pg16"]);
        expect(badValue[0].message).toContain('parameters[2].value (max_connections) is "many"; wanted a positive whole number of connections');
        // Elements are named by their position in the list as written, null elements counted.
        const afterNull = await run(
            dbConnectionLimits,
            withProps(compliantStack(), rds.parameterGroup, "orders-pg16", set({ parameters: untyped([null, { name: "max_connections", value: "many" }]) })),
        );
        expect(afterNull[0].message).toContain('parameters[1].value (max_connections) is "many"');
        const poolAfterNull = withPools(compliantStack(), "orders-db", componentTypes.productionDatabase, { connectionPools: [null, { name: "api", size: "big" }] });
        expect((await run(dbConnectionLimits, poolAfterNull))[0].message).toContain("connectionPools[1] is");
        const badList = await run(dbConnectionLimits, withProps(compliantStack(), rds.parameterGroup, "orders-pg16", set({ parameters: untyped("max_connections=10") })));
        expect(badList[0].message).toContain('parameters is "max_connections=10"');
    });
});
