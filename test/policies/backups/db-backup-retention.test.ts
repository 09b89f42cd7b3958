import { dbBackupRetention } from "../../../policies/backups/db-backup-retention";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-backup-retention", () => {
    it("passes the compliant stack (instance, replica, Aurora cluster and members)", async () => {
        expect(await run(dbBackupRetention, compliantStack())).toEqual([]);
    });

    it("flags an instance whose retention is unset, naming the 1-day API default and the fix", async () => {
        const [f, ...rest] = await run(dbBackupRetention, withProps(compliantStack(), rds.instance, "orders-db", unset("backupRetentionPeriod")));
        expect(rest).toEqual([]);
        expect(f).toMatchObject({ policy: "db-backup-retention", checklistItem: "backups", enforcementLevel: "mandatory", resource: "orders-db" });
        expect(f.message).toBe(
            'aws.rds.Instance "orders-db": backupRetentionPeriod is unset; wanted at least 7 days (unset means 1 day through the RDS API). ' +
                'Fix: set `backupRetentionPeriod: 14` in the aws.rds.Instance args of "orders-db".',
        );
    });

    it("flags a cluster keeping backups for fewer days than minDays", async () => {
        const findings = await run(dbBackupRetention, withProps(compliantStack(), rds.cluster, "ledger", set({ backupRetentionPeriod: 3 })));
        expect(findings.map((f) => [f.resource, f.message])).toEqual([
            ["ledger", 'aws.rds.Cluster "ledger": backupRetentionPeriod is 3; wanted at least 7 days. Fix: set `backupRetentionPeriod: 14` in the aws.rds.Cluster args of "ledger".'],
        ]);
    });

    it("flags retention 0 (backups off)", async () => {
        const findings = await run(dbBackupRetention, [rds.instance("db", { instanceClass: "db.m6g.large", engine: "mysql", backupRetentionPeriod: 0 })]);
        expect(findings[0].message).toContain("backupRetentionPeriod is 0; wanted at least 7 days");
    });

    it("honours minDays from config", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ backupRetentionPeriod: 14 }));
        const findings = await run(dbBackupRetention, stack, { config: { "db-backup-retention": { minDays: 21 } } });
        expect(findings.map((f) => f.resource).sort()).toEqual(["ledger", "orders-db"]);
        expect(findings[0].message).toContain("at least 21 days");
    });

    it("rejects a minDays outside 1-35 with the policy and key named", async () => {
        await expect(run(dbBackupRetention, compliantStack(), { config: { "db-backup-retention": { minDays: 40 } } })).rejects.toThrow(/"db-backup-retention.minDays" is 40: .*35/);
    });

    it("does not judge read replicas or Aurora members (they inherit backups)", async () => {
        const replica = rds.instance("replica", { instanceClass: "db.m6g.large", replicateSourceDb: "orders-db" });
        const member = rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-postgresql" });
        expect(await run(dbBackupRetention, [replica, member])).toEqual([]);
    });

    it("reports an unknown retention at preview as an advisory note, not a pass or a crash", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ backupRetentionPeriod: unknownSentinels.number }));
        const findings = await run(dbBackupRetention, stack, { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ enforcementLevel: "advisory", resource: "orders-db" });
        expect(findings[0].message).toContain("backupRetentionPeriod is not known during preview");
    });

    it("still reports a known-bad retention at preview when other inputs are unknown", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ backupRetentionPeriod: 2, kmsKeyId: unknownSentinels.string }));
        expect(atLevel(await run(dbBackupRetention, stack, { preview: true }))).toHaveLength(1);
    });

    it("reports a non-numeric retention as a violation instead of crashing", async () => {
        const findings = await run(dbBackupRetention, [rds.instance("db", { instanceClass: "db.m6g.large", engine: "postgres", backupRetentionPeriod: untyped("soon") })]);
        expect(findings[0].message).toContain('backupRetentionPeriod is "soon"');
    });

    it("is not applicable on stacks outside productionStacks", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", unset("backupRetentionPeriod"));
        const config = { "db-backup-retention": { productionStacks: "prod(-.*)?" } };
        expect(await run(dbBackupRetention, stack, { config, stack: "dev" })).toEqual([]);
        expect(await run(dbBackupRetention, stack, { config, stack: "prod-eu" })).toHaveLength(1);
    });

    it("is not applicable on stacks without the production stack tag", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", unset("backupRetentionPeriod"));
        const config = { "db-backup-retention": { productionStackTag: "environment=production" } };
        expect(await run(dbBackupRetention, stack, { config, stackTags: { environment: "staging" } })).toEqual([]);
        expect(await run(dbBackupRetention, stack, { config, stackTags: { environment: "production" } })).toHaveLength(1);
    });
});
