import { dbFinalSnapshot } from "../../../policies/backups/db-final-snapshot";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

const messages = async (...args: Parameters<typeof run>) => (await run(...args)).map((f) => [f.resource, f.message]);

describe("db-final-snapshot", () => {
    it("passes the compliant stack (instance, replica, Aurora cluster and members)", async () => {
        expect(await run(dbFinalSnapshot, compliantStack())).toEqual([]);
    });

    it("flags an instance that skips its final snapshot, with the fix", async () => {
        const findings = await run(dbFinalSnapshot, withProps(compliantStack(), rds.instance, "orders-db", set({ skipFinalSnapshot: true })));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ policy: "db-final-snapshot", checklistItem: "backups", enforcementLevel: "mandatory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": skipFinalSnapshot is true; wanted false (unset means false). ' +
                'Fix: remove `skipFinalSnapshot` or set `skipFinalSnapshot: false` in the aws.rds.Instance args of "orders-db".',
        );
    });

    it("flags a missing or empty final snapshot identifier", async () => {
        expect(await messages(dbFinalSnapshot, withProps(compliantStack(), rds.cluster, "ledger", unset("finalSnapshotIdentifier")))).toEqual([
            [
                "ledger",
                'aws.rds.Cluster "ledger": finalSnapshotIdentifier is unset; wanted a snapshot name (without one, deleting the database fails or loses the last state). ' +
                    'Fix: set `finalSnapshotIdentifier: "ledger-final"` in the aws.rds.Cluster args of "ledger".',
            ],
        ]);
        const empty = await run(dbFinalSnapshot, withProps(compliantStack(), rds.instance, "orders-db", set({ finalSnapshotIdentifier: "  " })));
        expect(empty.map((f) => f.message)).toEqual([expect.stringContaining('finalSnapshotIdentifier is "  "')]);
    });

    it("flags deleteAutomatedBackups unset (RDS deletes them by default) or true", async () => {
        const unsetFindings = await messages(dbFinalSnapshot, withProps(compliantStack(), rds.instance, "orders-db", unset("deleteAutomatedBackups")));
        expect(unsetFindings).toEqual([
            [
                "orders-db",
                'aws.rds.Instance "orders-db": deleteAutomatedBackups is unset; wanted false (unset means true: automated backups are deleted with the database). ' +
                    'Fix: set `deleteAutomatedBackups: false` in the aws.rds.Instance args of "orders-db".',
            ],
        ]);
        const trueFindings = await run(dbFinalSnapshot, withProps(compliantStack(), rds.cluster, "ledger", set({ deleteAutomatedBackups: true })));
        expect(trueFindings.map((f) => f.message)).toEqual([expect.stringContaining('aws.rds.Cluster "ledger": deleteAutomatedBackups is true')]);
    });

    it("reports each failing part of one database separately", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ skipFinalSnapshot: true, finalSnapshotIdentifier: undefined, deleteAutomatedBackups: true }));
        const findings = await run(dbFinalSnapshot, stack);
        expect(findings.map((f) => f.message.split(":")[1].trim().split(" ")[0])).toEqual(["skipFinalSnapshot", "finalSnapshotIdentifier", "deleteAutomatedBackups"]);
    });

    it("judges a read replica only on deleteAutomatedBackups, and only when it keeps backups of its own", async () => {
        // RDS takes no final snapshot of a read replica; a replica starts with backups off.
        const replica = (props: Record<string, unknown>) =>
            rds.instance("replica", { instanceClass: "db.m6g.large", replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:orders-db", skipFinalSnapshot: true, ...props });
        expect(await run(dbFinalSnapshot, [replica({})])).toEqual([]);
        expect(await run(dbFinalSnapshot, [replica({ backupRetentionPeriod: 0 })])).toEqual([]);
        expect(await run(dbFinalSnapshot, [replica({ backupRetentionPeriod: 7, deleteAutomatedBackups: false })])).toEqual([]);
        const findings = await run(dbFinalSnapshot, [replica({ backupRetentionPeriod: 7 })]);
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('aws.rds.Instance "replica": deleteAutomatedBackups is unset')]);
    });

    it("does not judge Aurora members declared as aws.rds.Instance (the cluster owns snapshots)", async () => {
        expect(await run(dbFinalSnapshot, [rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-postgresql", skipFinalSnapshot: true })])).toEqual([]);
    });

    it("notes unknown values at preview as advisory, and still reports known-bad ones", async () => {
        const stack = withProps(
            compliantStack(),
            rds.instance,
            "orders-db",
            set({ finalSnapshotIdentifier: unknownSentinels.string, deleteAutomatedBackups: unknownSentinels.boolean, skipFinalSnapshot: true }),
        );
        const findings = await run(dbFinalSnapshot, stack, { preview: true });
        expect(atLevel(findings).map((f) => f.message)).toEqual([expect.stringContaining("skipFinalSnapshot is true")]);
        expect(atLevel(findings, "advisory").map((f) => f.message)).toEqual([
            expect.stringContaining("finalSnapshotIdentifier is not known during preview"),
            expect.stringContaining("deleteAutomatedBackups is not known during preview"),
        ]);
    });

    it("notes a replica whose retention is unknown at preview instead of guessing", async () => {
        const replica = rds.instance("replica", { instanceClass: "db.m6g.large", replicateSourceDb: "orders-db", backupRetentionPeriod: unknownSentinels.number });
        const findings = await run(dbFinalSnapshot, [replica], { preview: true });
        expect(findings).toEqual([expect.objectContaining({ enforcementLevel: "advisory", message: expect.stringContaining("backupRetentionPeriod is not known") })]);
    });

    it("reports values of the wrong type instead of crashing", async () => {
        const stack = withProps(
            compliantStack(),
            rds.instance,
            "orders-db",
            set({ skipFinalSnapshot: untyped("sometimes"), finalSnapshotIdentifier: untyped({ name: "x" }), deleteAutomatedBackups: untyped(0) }),
        );
        const findings = await run(dbFinalSnapshot, stack);
        expect(findings.map((f) => f.message)).toEqual([
            expect.stringContaining('skipFinalSnapshot is "sometimes"'),
            expect.stringContaining('finalSnapshotIdentifier is {"name":"x"}'),
            expect.stringContaining("deleteAutomatedBackups is 0"),
        ]);
    });

    it("remediates only deleteAutomatedBackups (a snapshot name is a decision)", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ deleteAutomatedBackups: true, finalSnapshotIdentifier: undefined }));
        const findings = await run(dbFinalSnapshot, stack, { config: { "db-final-snapshot": "remediate" } });
        expect(findings.map((f) => [f.enforcementLevel, f.message.includes("finalSnapshotIdentifier") ? "finalSnapshotIdentifier" : f.message])).toEqual([
            ["remediate", "orders-db: remediated by db-final-snapshot"],
            ["mandatory", "finalSnapshotIdentifier"],
        ]);
    });

    it("is not applicable outside the production stacks of its config", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ skipFinalSnapshot: true }));
        const config = { "db-final-snapshot": { productionStacks: "prod" } };
        expect(await run(dbFinalSnapshot, stack, { config, stack: "dev" })).toEqual([]);
        expect(await run(dbFinalSnapshot, stack, { config, stack: "prod" })).toHaveLength(1);
    });
});
