import { types } from "../../../aws-facts/resource-types";
import { unknownSentinels } from "../../../policies/evaluate";
import { findParameter, parameterGroupInForce, parameterGroupName, rdsParameterGroupSlots } from "../../../policies/lib/parameter-groups";
import { makeResource } from "../../../policies/lib/resource";
import { buildStack } from "../../../policies/lib/stack";
import { stackResource as r } from "./support";

describe("parameter group in force", () => {
    const stack = buildStack([
        r("pg", types.parameterGroup, { name: "orders-pg16", family: "postgres16" }),
        r("cpg", types.clusterParameterGroup, { name: "ledger-cpg16", family: "aurora-postgresql16" }),
        r("db", types.instance, { engine: "postgres", parameterGroupName: "orders-pg16" }),
        r("ledger", types.cluster, { engine: "aurora-postgresql", dbClusterParameterGroupName: "ledger-cpg16" }),
        r("ledger-1", types.clusterInstance, { engine: "aurora-postgresql", clusterIdentifier: "ledger" }),
        r("shouting", types.instance, { engine: "postgres", parameterGroupName: " Default.Postgres16 " }),
        r("empty", types.instance, { engine: "postgres", parameterGroupName: "" }),
        r("odd", types.instance, { engine: "postgres", parameterGroupName: { name: "orders-pg16" } }),
        r("elsewhere", types.instance, { engine: "postgres", parameterGroupName: "shared-pg16" }),
        r("pending", types.instance, { engine: "postgres", parameterGroupName: unknownSentinels.string }),
        r("pending-linked", types.instance, { engine: "postgres", parameterGroupName: unknownSentinels.string }, { parameterGroupName: ["urn:pg"] }),
    ]);
    const db = (name: string) => stack.byUrn(`urn:${name}`)!;
    const inForce = (name: string) => parameterGroupInForce(stack, rdsParameterGroupSlots(db(name))[0]);

    it("names the slots in the order RDS applies them: a cluster instance's own group, then its cluster's", () => {
        const slots = rdsParameterGroupSlots(db("ledger-1"), db("ledger")).map((s) => [s.holder.name, s.property, s.groupType]);
        expect(slots).toEqual([
            ["ledger-1", "dbParameterGroupName", types.parameterGroup],
            ["ledger", "dbClusterParameterGroupName", types.clusterParameterGroup],
        ]);
        expect(rdsParameterGroupSlots(db("ledger-1")).map((s) => s.property)).toEqual(["dbParameterGroupName"]);
        expect(rdsParameterGroupSlots(db("ledger")).map((s) => s.property)).toEqual(["dbClusterParameterGroupName"]);
        expect(rdsParameterGroupSlots(db("db")).map((s) => s.property)).toEqual(["parameterGroupName"]);
    });

    it("reads unset, empty, odd and default.* names alike as AWS's default group", () => {
        expect(parameterGroupName(rdsParameterGroupSlots(db("ledger-1"))[0])).toEqual({ kind: "default", raw: undefined });
        expect(inForce("shouting")).toEqual({ kind: "default", raw: " Default.Postgres16 " });
        expect(inForce("empty")).toEqual({ kind: "default", raw: "" });
        expect(inForce("odd")).toEqual({ kind: "default", raw: { name: "orders-pg16" } });
    });

    it("finds the group in the stack, tells a group outside it, and waits for a name not known yet", () => {
        expect(inForce("db")).toEqual({ kind: "groups", groups: [db("pg")] });
        expect(inForce("ledger")).toEqual({ kind: "groups", groups: [db("cpg")] });
        expect(inForce("elsewhere")).toEqual({ kind: "external", name: "shared-pg16" });
        expect(inForce("pending")).toEqual({ kind: "unknown", property: "parameterGroupName" });
        expect(inForce("pending-linked")).toEqual({ kind: "groups", groups: [db("pg")] });
        expect(parameterGroupName(rdsParameterGroupSlots(db("pending"))[0])).toEqual({ kind: "unknown" });
    });
});

describe("findParameter", () => {
    const group = (parameters: unknown) => makeResource(r("pg", types.parameterGroup, { parameters }));
    const find = (parameters: unknown) => findParameter(group(parameters), "parameters", "rds.force_ssl");

    it("finds the entry by name as RDS reads it (trimmed, any case), at its position in the list as written", () => {
        expect(find([null, { name: "log_min_duration_statement", value: "500" }, { name: " RDS.Force_SSL ", value: "1" }])).toEqual({
            kind: "found",
            index: 2,
            value: "1",
            property: "parameters[2].value",
        });
        expect(findParameter(group(undefined), "configParameters", "require_ssl", { name: "parameterKey", value: "parameterValue" })).toEqual({ kind: "absent" });
        const serverless = makeResource(r("wg", types.parameterGroup, { configParameters: [{ parameterKey: "require_ssl", parameterValue: "true" }] }));
        expect(findParameter(serverless, "configParameters", "require_ssl", { name: "parameterKey", value: "parameterValue" })).toEqual({
            kind: "found",
            index: 0,
            value: "true",
            property: "configParameters[0].parameterValue",
        });
    });

    it("says absent, unknown or not a list without guessing", () => {
        expect(find(undefined)).toEqual({ kind: "absent" });
        expect(find([{ name: "other", value: "1" }, 7, "rds.force_ssl=1"])).toEqual({ kind: "absent" });
        expect(find("rds.force_ssl=1")).toEqual({ kind: "invalid-list", seen: "rds.force_ssl=1" });
        expect(find(unknownSentinels.string)).toEqual({ kind: "unknown", property: "parameters" });
        // An entry or a name not known yet could be the one: unknown, unless a known match comes first.
        expect(find([{ name: unknownSentinels.string, value: "1" }])).toEqual({ kind: "unknown", property: "parameters" });
        expect(
            find([
                { name: "rds.force_ssl", value: "1" },
                { name: unknownSentinels.string, value: "0" },
            ]),
        ).toMatchObject({ kind: "found", index: 0 });
    });
});
