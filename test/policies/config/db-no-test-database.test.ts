import { dbNoTestDatabase, isThrowawayName } from "../../../policies/config/db-no-test-database";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, untyped, withProps } from "../../fixtures/resources";
import { run, unknownSentinels } from "../helpers";

describe("db-no-test-database", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbNoTestDatabase, compliantStack())).toEqual([]);
    });

    it("flags a test database name, with the fix and its cost", async () => {
        const findings = await run(dbNoTestDatabase, withProps(compliantStack(), rds.instance, "orders-db", set({ dbName: "test" })));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "mandatory" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": dbName is "test"; wanted a name that is not a test or throwaway name (test, demo, example, sample, tmp, mydb). ' +
                'Fix: set `dbName` to a name that says what the database holds in the aws.rds.Instance args of "orders-db" (this replaces the database: do it before go-live).',
        );
    });

    it("checks each AWS-visible name: identifiers, the cluster's database name, cluster instance identifiers", async () => {
        const stack = withProps(
            withProps(withProps(compliantStack(), rds.instance, "orders-db", set({ identifier: "MyDB" })), rds.cluster, "ledger", set({ databaseName: "sample_db", clusterIdentifier: "Demo" })),
            rds.clusterInstance,
            "ledger-1",
            set({ identifier: "tmp-database" }),
        );
        const findings = await run(dbNoTestDatabase, stack);
        expect(findings.map((f) => f.message.split(";")[0])).toEqual([
            'aws.rds.Instance "orders-db": identifier is "MyDB"',
            'aws.rds.Cluster "ledger": databaseName is "sample_db"',
            'aws.rds.Cluster "ledger": clusterIdentifier is "Demo"',
            'aws.rds.ClusterInstance "ledger-1": identifier is "tmp-database"',
        ]);
    });

    it("compares whole names only (optionally with a db suffix), never substrings", () => {
        for (const name of ["test", "TEST", "test-db", "test_db", "testdb", "Example-Database"]) expect([name, isThrowawayName(name, ["test", "example"])]).toEqual([name, true]);
        for (const name of ["contest", "test-results", "orders-test", "latest", "testing", "db-test"]) expect([name, isThrowawayName(name, ["test", "example"])]).toEqual([name, false]);
    });

    it("does not look at the Pulumi resource name, only what AWS sees", async () => {
        const db = rds.instance("test", { identifier: "orders-db", dbName: "orders", engine: "postgres", instanceClass: "db.m6g.large" });
        expect(await run(dbNoTestDatabase, [db])).toEqual([]);
    });

    it("honours a configured name list", async () => {
        const config = { "db-no-test-database": { names: ["orders"] } };
        const findings = await run(dbNoTestDatabase, compliantStack(), { config });
        expect(findings.map((f) => f.message.split(";")[0])).toEqual(['aws.rds.Instance "orders-db": dbName is "orders"', 'aws.rds.Instance "orders-db": identifier is "orders-db"']);
    });

    it("notes an unknown identifier at preview as advisory, and still flags a known test name", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ identifier: unknownSentinels.string, dbName: "demo" }));
        const findings = await run(dbNoTestDatabase, stack, { preview: true });
        expect(findings.map((f) => [f.enforcementLevel, f.message.split(";")[0].split(": ")[1]])).toEqual([
            ["mandatory", 'dbName is "demo"'],
            ["advisory", "identifier is not known during preview, so this policy cannot judge it yet"],
        ]);
    });

    it("reports a name of the wrong type instead of crashing", async () => {
        const findings = await run(dbNoTestDatabase, withProps(compliantStack(), rds.instance, "orders-db", set({ dbName: untyped(["test"]) })));
        expect(findings[0].message).toContain('dbName is ["test"]; wanted a name (a string)');
    });
});
