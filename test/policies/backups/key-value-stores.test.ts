// Backups for DynamoDB, ElastiCache and MemoryDB: db-backup-retention (point-in-time recovery,
// automatic snapshots), db-deletion-protection and db-final-snapshot, each from the compliant
// key-value stack with one thing changed.
import { dbBackupRetention } from "../../../policies/backups/db-backup-retention";
import { dbDeletionProtection } from "../../../policies/backups/db-deletion-protection";
import { dbFinalSnapshot } from "../../../policies/backups/db-final-snapshot";
import { dbBackupPlan } from "../../../policies/backups/db-backup-plan";
import { dbRestoreTested } from "../../../policies/backups/db-restore-tested";
import { dbBackupFailureAlert } from "../../../policies/backups/db-backup-failure-alert";
import { compliantKvStack, dynamodb, elasticache, memorydb } from "../../fixtures/compliant-kv";
import { anyKind, backup, set, unset, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-backup-retention on key-value stores", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbBackupRetention, compliantKvStack())).toEqual([]);
    });

    it("flags a DynamoDB table without point-in-time recovery (CKV_AWS_28, AVD-AWS-0024, DDB3)", async () => {
        const findings = await run(dbBackupRetention, withProps(compliantKvStack(), dynamodb.table, "orders-table", unset("pointInTimeRecovery")));
        expect(findings.map((f) => [f.resource, f.enforcementLevel, f.message])).toEqual([
            [
                "orders-table",
                "mandatory",
                'aws.dynamodb.Table "orders-table": pointInTimeRecovery.enabled is unset; wanted true (unset means false: no continuous backups, no restore to a point in time). ' +
                    'Fix: set `pointInTimeRecovery: { enabled: true }` (35 days unless recoveryPeriodInDays says otherwise) in the aws.dynamodb.Table args of "orders-table".',
            ],
        ]);
    });

    it("flags point-in-time recovery switched off, and a recovery period shorter than minDays", async () => {
        const off = await run(dbBackupRetention, withProps(compliantKvStack(), dynamodb.table, "orders-table", set({ pointInTimeRecovery: { enabled: false } })));
        expect(off[0].message).toContain("pointInTimeRecovery.enabled is false; wanted true");
        const short = await run(dbBackupRetention, withProps(compliantKvStack(), dynamodb.table, "ledger-table", set({ pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: 3 } })));
        expect(short[0].message).toContain("pointInTimeRecovery.recoveryPeriodInDays is 3; wanted at least 7 days");
    });

    it("flags a global table replica without point-in-time recovery", async () => {
        const stack = withProps(compliantKvStack(), dynamodb.table, "orders-table", set({ replicas: [{ regionName: "eu-west-1", pointInTimeRecovery: true }, { regionName: "us-west-2" }] }));
        const findings = await run(dbBackupRetention, stack);
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toContain("replicas[1].pointInTimeRecovery is unset; wanted true");
        expect(findings[0].message).toContain('region "us-west-2"');
    });

    it.each([
        ["sessions", "replication group", "aws.elasticache.ReplicationGroup"],
        ["feature-flags", "serverless cache", "aws.elasticache.ServerlessCache"],
        ["payments-kv", "MemoryDB cluster", "aws.memorydb.Cluster"],
    ])("flags a %s (%s) with no automatic snapshots", async (name, _kind, label) => {
        const findings = await run(dbBackupRetention, withProps(compliantKvStack(), anyKind, name, unset("snapshotRetentionLimit")));
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toContain(`${label} "${name}": snapshotRetentionLimit is unset; wanted at least 7 days of automatic snapshots`);
    });

    it("flags snapshotRetentionLimit 0 as snapshots off, and a limit below minDays from config", async () => {
        const zero = await run(dbBackupRetention, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ snapshotRetentionLimit: 0 })));
        expect(zero[0].message).toContain("snapshotRetentionLimit is 0; wanted at least 7 days of automatic snapshots (0 turns automatic snapshots off)");
        const config = { "db-backup-retention": { minDays: 15 } };
        const findings = await run(dbBackupRetention, compliantKvStack(), { config });
        expect(findings.map((f) => f.resource).sort()).toEqual(["feature-flags", "payments-kv", "sessions"]);
    });

    it("flags a standalone Redis OSS cluster with no snapshots (CKV_AWS_134, AVD-AWS-0050), not a Memcached one or a group's node", async () => {
        const redis = elasticache.cluster("redis", { clusterId: "redis", engine: "redis", nodeType: "cache.m7g.large", numCacheNodes: 1 });
        const memcached = elasticache.cluster("memcached", { clusterId: "memcached", engine: "memcached", nodeType: "cache.m7g.large", numCacheNodes: 2 });
        const node = elasticache.cluster("node", { clusterId: "node", replicationGroupId: "sessions" });
        const findings = await run(dbBackupRetention, [redis, memcached, node]);
        expect(findings.map((f) => f.resource)).toEqual(["redis"]);
    });

    it("reports unknown values at preview as advisory notes", async () => {
        const stack = withProps(
            withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ snapshotRetentionLimit: unknownSentinels.number })),
            dynamodb.table,
            "orders-table",
            set({ pointInTimeRecovery: { enabled: unknownSentinels.boolean } }),
        );
        const findings = await run(dbBackupRetention, stack, { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings.map((f) => [f.resource, f.message.includes("not known during preview")])).toEqual([
            ["orders-table", true],
            ["sessions", true],
        ]);
    });

    it("reports a cluster whose engine is unknown at preview instead of guessing", async () => {
        const cluster = elasticache.cluster("c", { clusterId: "c", engine: unknownSentinels.string });
        const findings = await run(dbBackupRetention, [cluster], { preview: true });
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ enforcementLevel: "advisory" });
        expect(findings[0].message).toContain("engine is not known during preview");
    });
});

describe("db-deletion-protection on DynamoDB tables", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbDeletionProtection, compliantKvStack())).toEqual([]);
    });

    it("flags a table without deletion protection, and remediates it", async () => {
        const stack = withProps(compliantKvStack(), dynamodb.table, "orders-table", unset("deletionProtectionEnabled"));
        const findings = await run(dbDeletionProtection, stack);
        expect(findings.map((f) => f.message)).toEqual([
            'aws.dynamodb.Table "orders-table": deletionProtectionEnabled is unset; wanted true (unset means false). Fix: set `deletionProtectionEnabled: true` in the aws.dynamodb.Table args of "orders-table".',
        ]);
        const remediated = await run(dbDeletionProtection, stack, { config: { "db-deletion-protection": "remediate" } });
        expect(remediated).toEqual([expect.objectContaining({ enforcementLevel: "remediate", resource: "orders-table" })]);
    });

    it("flags a global table replica without deletion protection", async () => {
        const stack = withProps(compliantKvStack(), dynamodb.table, "orders-table", set({ replicas: [{ regionName: "eu-west-1", pointInTimeRecovery: true, deletionProtectionEnabled: false }] }));
        const findings = await run(dbDeletionProtection, stack);
        expect(findings[0].message).toContain("replicas[0].deletionProtectionEnabled is false; wanted true");
    });

    it("reports an unknown flag at preview as an advisory note", async () => {
        const findings = await run(dbDeletionProtection, withProps(compliantKvStack(), dynamodb.table, "orders-table", set({ deletionProtectionEnabled: unknownSentinels.boolean })), {
            preview: true,
        });
        expect(findings).toHaveLength(1);
        expect(findings[0].enforcementLevel).toBe("advisory");
    });
});

describe("db-final-snapshot on ElastiCache and MemoryDB", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbFinalSnapshot, compliantKvStack())).toEqual([]);
    });

    it("flags a replication group and a MemoryDB cluster that would be deleted without a final snapshot", async () => {
        const stack = withProps(withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", unset("finalSnapshotIdentifier")), memorydb.cluster, "payments-kv", unset("finalSnapshotName"));
        const findings = await run(dbFinalSnapshot, stack);
        expect(findings.map((f) => [f.resource, f.message.split(";")[0]])).toEqual([
            ["sessions", 'aws.elasticache.ReplicationGroup "sessions": finalSnapshotIdentifier is unset'],
            ["payments-kv", 'aws.memorydb.Cluster "payments-kv": finalSnapshotName is unset'],
        ]);
        expect(findings[1].message).toContain('Fix: set `finalSnapshotName: "payments-kv-final"` in the aws.memorydb.Cluster args of "payments-kv".');
    });
});

describe("db-backup-plan on DynamoDB tables", () => {
    it("passes the compliant key-value stack (both tables selected by ARN)", async () => {
        expect(await run(dbBackupPlan, compliantKvStack())).toEqual([]);
    });

    it("flags a table no backup plan selects (cdk-nag DDB4), and accepts an ARN pattern", async () => {
        const stack = withProps(compliantKvStack(), backup.selection, "tables-selection", (p) => ({ ...p, resources: ["arn:aws:dynamodb:us-east-1:123456789012:table/orders-table"] }));
        const unlinked = stack.map((r) => (r.name === "tables-selection" ? { ...r, propertyDependencies: { planId: ["tables-plan"] } } : r));
        const findings = await run(dbBackupPlan, unlinked);
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["ledger-table", "advisory"]]);
        expect(findings[0].message).toContain('aws.dynamodb.Table "ledger-table": AWS Backup selection is unset');
        const pattern = withProps(unlinked, backup.selection, "tables-selection", set({ resources: ["arn:aws:dynamodb:*:*:table/*"] }));
        expect(await run(dbBackupPlan, pattern)).toEqual([]);
    });

    it("does not ask AWS Backup to protect ElastiCache or MemoryDB", async () => {
        const stack = compliantKvStack().filter((r) => !/^(tables-|orders-table|ledger-)/.test(r.name));
        expect(await run(dbBackupPlan, stack)).toEqual([]);
    });
});

describe("db-restore-tested and db-backup-failure-alert on DynamoDB tables", () => {
    it("pass the compliant key-value stack", async () => {
        expect(await run(dbRestoreTested, compliantKvStack())).toEqual([]);
        expect(await run(dbBackupFailureAlert, compliantKvStack())).toEqual([]);
    });

    it("db-restore-tested flags a table with no restore test and no recent drill, and accepts a DynamoDB restore testing selection", async () => {
        const stack = withProps(compliantKvStack(), dynamodb.table, "orders-table", (p) => ({ ...p, tags: { runbook: "https://runbooks.example.com/t" } }));
        const findings = await run(dbRestoreTested, stack);
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["orders-table", "mandatory"]]);
        expect(findings[0].message).toContain('protectedResourceType "DynamoDB"');
        const tested = [
            ...stack,
            backup.restoreTestingPlan("tables-restore-test", {
                name: "tables_restore_test",
                scheduleExpression: "cron(0 5 ? * SUN *)",
                recoveryPointSelection: { algorithm: "LATEST_WITHIN_WINDOW", includeVaults: ["*"], recoveryPointTypes: ["SNAPSHOT"] },
            }),
            backup.restoreTestingSelection(
                "tables-restore-selection",
                {
                    name: "tables_selection",
                    restoreTestingPlanName: "tables_restore_test",
                    protectedResourceType: "DynamoDB",
                    protectedResourceArns: ["arn:aws:dynamodb:us-east-1:123456789012:table/orders-table"],
                    iamRoleArn: "arn:aws:iam::123456789012:role/backup",
                },
                { propertyDependencies: { restoreTestingPlanName: ["tables-restore-test"] } },
            ),
        ];
        expect(await run(dbRestoreTested, tested)).toEqual([]);
    });

    it("db-backup-failure-alert flags a table in a backup plan with no alert on failed jobs, and leaves tables no plan selects alone", async () => {
        const findings = await run(dbBackupFailureAlert, without(compliantKvStack(), "tables-backup-failed", "tables-backup-failed-to-sns"));
        expect(findings.map((f) => f.resource)).toEqual(["orders-table", "ledger-table"]);
        expect(findings[0].message).toContain('wanted an EventBridge rule on failed or aborted "Backup Job State Change" events with an SNS target');
        const noPlan = without(compliantKvStack(), "tables-backup-failed", "tables-backup-failed-to-sns", "tables-selection");
        expect(await run(dbBackupFailureAlert, noPlan)).toEqual([]);
    });
});
