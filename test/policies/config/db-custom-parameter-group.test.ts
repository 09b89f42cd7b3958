import { dbCustomParameterGroup } from "../../../policies/config/db-custom-parameter-group";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { run, unknownSentinels } from "../helpers";

describe("db-custom-parameter-group", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbCustomParameterGroup, compliantStack())).toEqual([]);
    });

    it("flags an instance on AWS's default group", async () => {
        const findings = await run(dbCustomParameterGroup, withProps(compliantStack(), rds.instance, "orders-db", set({ parameterGroupName: "default.postgres16" })));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "mandatory" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": parameterGroupName is "default.postgres16"; wanted the name of a custom DB parameter group, not a default.* group, which cannot be modified. ' +
                'Fix: create an aws.rds.ParameterGroup with the engine\'s family and set `parameterGroupName: group.name` in the aws.rds.Instance args of "orders-db".',
        );
    });

    it("flags an instance with no group, naming what RDS attaches", async () => {
        const findings = await run(dbCustomParameterGroup, withProps(compliantStack(), rds.instance, "orders-db", unset("parameterGroupName")));
        expect(findings[0].message).toContain(
            "parameterGroupName is unset; wanted the name of a custom DB parameter group, not a default.* group, which cannot be modified (unset means RDS attaches the engine's default.<family> group)",
        );
    });

    it("flags a cluster with no cluster parameter group, and its default group in any case", async () => {
        const unsetGroup = await run(dbCustomParameterGroup, withProps(compliantStack(), rds.cluster, "ledger", unset("dbClusterParameterGroupName")));
        expect(unsetGroup.map((f) => f.resource)).toEqual(["ledger"]);
        expect(unsetGroup[0].message).toContain('aws.rds.Cluster "ledger": dbClusterParameterGroupName is unset; wanted the name of a custom DB cluster parameter group');
        const defaultGroup = await run(dbCustomParameterGroup, withProps(compliantStack(), rds.cluster, "ledger", set({ dbClusterParameterGroupName: "Default.Aurora-Postgresql16" })));
        expect(defaultGroup).toHaveLength(1);
    });

    it("judges read replicas: an unset group depends on where the replica runs", async () => {
        const findings = await run(dbCustomParameterGroup, withProps(compliantStack(), rds.instance, "orders-replica", unset("parameterGroupName")));
        expect(findings.map((f) => f.resource)).toEqual(["orders-replica"]);
        expect(findings[0].message).toContain("(unset: a read replica in the same region takes its source's group, one in another region the engine's default group;");
    });

    it("does not judge Aurora cluster instances (their DB parameter group is optional)", async () => {
        expect(await run(dbCustomParameterGroup, withProps(compliantStack(), rds.clusterInstance, "ledger-1", unset("dbParameterGroupName")))).toEqual([]);
        expect(await run(dbCustomParameterGroup, [rds.instance("member", { engine: "aurora-mysql", instanceClass: "db.r6g.large" })])).toEqual([]);
    });

    it("is not applicable outside productionStacks", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", unset("parameterGroupName"));
        const config = { "db-custom-parameter-group": { productionStacks: "prod" } };
        expect(await run(dbCustomParameterGroup, stack, { config, stack: "dev" })).toEqual([]);
        expect(await run(dbCustomParameterGroup, stack, { config, stack: "prod" })).toHaveLength(1);
    });

    it("notes an unknown group name at preview as advisory", async () => {
        const findings = await run(dbCustomParameterGroup, withProps(compliantStack(), rds.instance, "orders-db", set({ parameterGroupName: unknownSentinels.string })), { preview: true });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["advisory"]);
        expect(findings[0].message).toContain("parameterGroupName is not known during preview");
    });

    it("reports a name of the wrong type instead of crashing", async () => {
        const findings = await run(dbCustomParameterGroup, withProps(compliantStack(), rds.instance, "orders-db", set({ parameterGroupName: untyped({ name: "x" }) })));
        expect(findings[0].message).toContain('parameterGroupName is {"name":"x"}');
    });
});
