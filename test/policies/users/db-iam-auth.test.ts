import { dbIamAuth } from "../../../policies/users/db-iam-auth";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { run, unknownSentinels } from "../helpers";

describe("db-iam-auth", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbIamAuth, compliantStack())).toEqual([]);
    });

    it("flags an instance without IAM authentication, as advisory by default", async () => {
        const findings = await run(dbIamAuth, withProps(compliantStack(), rds.instance, "orders-db", unset("iamDatabaseAuthenticationEnabled")));
        expect(findings).toEqual([
            expect.objectContaining({
                enforcementLevel: "advisory",
                resource: "orders-db",
                message:
                    'aws.rds.Instance "orders-db": iamDatabaseAuthenticationEnabled is unset; wanted true (unset means false). ' +
                    'Fix: set `iamDatabaseAuthenticationEnabled: true` in the aws.rds.Instance args of "orders-db".',
            }),
        ]);
    });

    it("flags an Aurora cluster with it off, never its cluster instances", async () => {
        const findings = await run(dbIamAuth, withProps(compliantStack(), rds.cluster, "ledger", set({ iamDatabaseAuthenticationEnabled: false })));
        expect(findings.map((f) => f.resource)).toEqual(["ledger"]);
    });

    it("judges a read replica when its engine is known, and skips one whose engine comes from its source", async () => {
        expect(await run(dbIamAuth, withProps(compliantStack(), rds.instance, "orders-replica", set({ iamDatabaseAuthenticationEnabled: false })))).toEqual([]);
        const mysqlReplica = rds.instance("r", { instanceClass: "db.m6g.large", engine: "mysql", replicateSourceDb: "src" });
        expect((await run(dbIamAuth, [mysqlReplica])).map((f) => f.resource)).toEqual(["r"]);
    });

    it("is not applicable to engines without IAM authentication (SQL Server, Oracle, Db2)", async () => {
        const others = ["sqlserver-se", "oracle-ee", "db2-se"].map((engine) => rds.instance(engine, { instanceClass: "db.m6i.large", engine }));
        expect(await run(dbIamAuth, others)).toEqual([]);
    });

    it("notes unknown values at preview (the setting, or the engine that decides whether it applies)", async () => {
        const unknownSetting = withProps(compliantStack(), rds.instance, "orders-db", set({ iamDatabaseAuthenticationEnabled: unknownSentinels.boolean }));
        expect((await run(dbIamAuth, unknownSetting, { preview: true })).map((f) => f.message)).toEqual([
            expect.stringContaining('aws.rds.Instance "orders-db": iamDatabaseAuthenticationEnabled is not known during preview'),
        ]);
        const unknownEngine = rds.instance("db", { instanceClass: "db.m6g.large", engine: unknownSentinels.string });
        expect((await run(dbIamAuth, [unknownEngine], { preview: true })).map((f) => f.message)).toEqual([expect.stringContaining("engine is not known during preview")]);
    });

    it("can be made mandatory by config", async () => {
        const findings = await run(dbIamAuth, withProps(compliantStack(), rds.instance, "orders-db", unset("iamDatabaseAuthenticationEnabled")), { config: { "db-iam-auth": "mandatory" } });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["mandatory"]);
    });

    it("reports a value of the wrong type instead of crashing", async () => {
        const findings = await run(dbIamAuth, withProps(compliantStack(), rds.instance, "orders-db", set({ iamDatabaseAuthenticationEnabled: untyped(1) })));
        expect(findings[0].message).toContain("iamDatabaseAuthenticationEnabled is 1");
    });
});
