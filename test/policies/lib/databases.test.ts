import { types } from "../../../aws-facts/resource-types";
import { unknownSentinels } from "../../../policies/evaluate";
import { engineFamilyOf } from "../../../policies/lib/databases";
import { buildStack } from "../../../policies/lib/stack";
import { UNKNOWN } from "../../../policies/lib/values";
import { stackResource as r } from "./support";

describe("engine family of a database", () => {
    const stack = buildStack([
        r("pg", types.parameterGroup, { name: "orders-pg16", family: "postgres16" }),
        r("source", types.instance, { engine: "postgres", identifier: "source" }),
        r("replica", types.instance, { replicateSourceDb: "source" }),
        r("far-replica", types.instance, { replicateSourceDb: "arn:aws:rds:us-west-2:123456789012:db:x" }),
        r("pending-replica", types.instance, { replicateSourceDb: unknownSentinels.string }),
        r("restored", types.instance, { snapshotIdentifier: "snap-1", parameterGroupName: "orders-pg16" }),
        r("ledger", types.cluster, { engine: "aurora-postgresql" }),
        r("ledger-1", types.clusterInstance, { clusterIdentifier: "ledger" }),
    ]);
    const db = (name: string) => stack.byUrn(`urn:${name}`)!;
    const groups = [db("pg")];

    it("is the database's own engine, else its cluster's, else its source's", () => {
        expect(engineFamilyOf(stack, db("source"))).toBe("postgres");
        expect(engineFamilyOf(stack, db("ledger-1"), { cluster: db("ledger") })).toBe("aurora-postgresql");
        expect(engineFamilyOf(stack, db("replica"))).toBe("postgres");
    });

    it("falls back to the family of the parameter group in force", () => {
        expect(engineFamilyOf(stack, db("restored"))).toBeUndefined();
        expect(engineFamilyOf(stack, db("restored"), { groups })).toBe("postgres");
        expect(engineFamilyOf(stack, db("far-replica"), { groups })).toBe("postgres");
    });

    it("is UNKNOWN while a replica's source is not known and nothing else tells", () => {
        expect(engineFamilyOf(stack, db("pending-replica"))).toBe(UNKNOWN);
        expect(engineFamilyOf(stack, db("pending-replica"), { groups })).toBe("postgres");
        expect(engineFamilyOf(stack, db("far-replica"))).toBeUndefined();
    });
});
