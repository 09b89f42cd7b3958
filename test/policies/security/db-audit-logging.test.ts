import { dbAuditLogging } from "../../../policies/security/db-audit-logging";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-audit-logging", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbAuditLogging, compliantStack())).toEqual([]);
    });

    it("flags a PostgreSQL instance exporting no logs, listing what to export", async () => {
        const findings = await run(dbAuditLogging, withProps(compliantStack(), rds.instance, "orders-db", unset("enabledCloudwatchLogsExports")));
        expect(findings).toEqual([
            expect.objectContaining({
                enforcementLevel: "mandatory",
                resource: "orders-db",
                message:
                    'aws.rds.Instance "orders-db": enabledCloudwatchLogsExports is unset; wanted "postgresql", "upgrade" for postgres (unset means no logs leave the instance). ' +
                    'Fix: set `enabledCloudwatchLogsExports: ["postgresql","upgrade"]` in the aws.rds.Instance args of "orders-db".',
            }),
        ]);
    });

    it("flags a MySQL instance missing the audit log, keeping what it already exports in the fix", async () => {
        const db = rds.instance("billing", { engine: "mysql", instanceClass: "db.m6g.large", enabledCloudwatchLogsExports: ["error", "slowquery", "general"] });
        const [finding] = await run(dbAuditLogging, [db]);
        expect(finding.message).toContain('wanted "audit", "error", "slowquery" for mysql (missing audit)');
        expect(finding.message).toContain('set `enabledCloudwatchLogsExports: ["error","slowquery","general","audit"]`');
    });

    it("judges an Aurora cluster on its own list, never its cluster instances", async () => {
        const findings = await run(dbAuditLogging, withProps(compliantStack(), rds.cluster, "ledger", set({ enabledCloudwatchLogsExports: [] })));
        expect(findings.map((f) => f.message.split(";")[0])).toEqual(['aws.rds.Cluster "ledger": enabledCloudwatchLogsExports is []']);
        const auroraMysql = rds.cluster("cart", { engine: "aurora-mysql", enabledCloudwatchLogsExports: ["audit", "error"] });
        expect((await run(dbAuditLogging, [auroraMysql]))[0].message).toContain("(missing slowquery)");
    });

    it("judges a read replica whose engine is known, and skips one that takes its engine from its source", async () => {
        expect(await run(dbAuditLogging, withProps(compliantStack(), rds.instance, "orders-replica", unset("enabledCloudwatchLogsExports")))).toEqual([]);
        const replica = rds.instance("r", { engine: "postgres", replicateSourceDb: "src", instanceClass: "db.m6g.large", enabledCloudwatchLogsExports: ["postgresql"] });
        expect((await run(dbAuditLogging, [replica])).map((f) => f.resource)).toEqual(["r"]);
    });

    it("is not applicable to engines it does not know", async () => {
        expect(await run(dbAuditLogging, [rds.instance("x", { engine: "neptune", instanceClass: "db.r6g.large" })])).toEqual([]);
    });

    it("takes per-engine log types from config, keeping the defaults of the engines not given", async () => {
        const config = { "db-audit-logging": { logTypes: { postgres: ["postgresql"], "aurora-postgresql": ["postgresql", "iam-db-auth-error"] } } };
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ enabledCloudwatchLogsExports: ["postgresql"] }));
        const findings = await run(dbAuditLogging, stack, { config });
        expect(findings.map((f) => f.message.split(";")[1])).toEqual([
            ' wanted "postgresql", "iam-db-auth-error" for aurora-postgresql (missing iam-db-auth-error). Fix: set `enabledCloudwatchLogsExports: ["postgresql","iam-db-auth-error"]` in the aws.rds.Cluster args of "ledger".',
        ]);
        const mysql = rds.instance("m", { engine: "mysql", instanceClass: "db.m6g.large" });
        expect((await run(dbAuditLogging, [mysql], { config }))[0].message).toContain('"audit", "error", "slowquery"');
    });

    it("notes unknown values at preview (the list, or the engine), as advisory", async () => {
        const unknownList = withProps(compliantStack(), rds.instance, "orders-db", set({ enabledCloudwatchLogsExports: unknownSentinels.array }));
        const findings = await run(dbAuditLogging, unknownList, { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("enabledCloudwatchLogsExports is not known during preview")]);
        const unknownEngine = rds.instance("db", { engine: unknownSentinels.string, instanceClass: "db.m6g.large" });
        expect((await run(dbAuditLogging, [unknownEngine], { preview: true })).map((f) => f.message)).toEqual([expect.stringContaining("engine is not known during preview")]);
    });

    it("reports a list of the wrong type instead of crashing", async () => {
        const findings = await run(dbAuditLogging, withProps(compliantStack(), rds.instance, "orders-db", set({ enabledCloudwatchLogsExports: untyped("postgresql,upgrade") })));
        expect(findings[0].message).toContain('enabledCloudwatchLogsExports is "postgresql,upgrade"');
    });
});
