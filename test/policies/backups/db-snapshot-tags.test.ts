import { dbSnapshotTags } from "../../../policies/backups/db-snapshot-tags";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-snapshot-tags", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbSnapshotTags, compliantStack())).toEqual([]);
    });

    it("flags an instance with copyTagsToSnapshot unset (RDS default false), as advisory", async () => {
        const findings = await run(dbSnapshotTags, withProps(compliantStack(), rds.instance, "orders-db", unset("copyTagsToSnapshot")));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ policy: "db-snapshot-tags", enforcementLevel: "advisory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": copyTagsToSnapshot is unset; wanted true (unset means false). Fix: set `copyTagsToSnapshot: true` in the aws.rds.Instance args of "orders-db".',
        );
    });

    it("flags a cluster with copyTagsToSnapshot false, and read replicas too (their snapshots are theirs)", async () => {
        let stack = withProps(compliantStack(), rds.cluster, "ledger", set({ copyTagsToSnapshot: false }));
        stack = withProps(stack, rds.instance, "orders-replica", set({ copyTagsToSnapshot: false }));
        expect((await run(dbSnapshotTags, stack)).map((f) => f.resource)).toEqual(["orders-replica", "ledger"]);
    });

    it("never judges Aurora cluster instances or Aurora members (the cluster's setting applies)", async () => {
        const stack = withProps(compliantStack(), rds.clusterInstance, "ledger-1", set({ copyTagsToSnapshot: false }));
        const member = rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-mysql" });
        expect(await run(dbSnapshotTags, [...stack, member])).toEqual([]);
    });

    it("notes an unknown value at preview as advisory without flagging it", async () => {
        const findings = await run(dbSnapshotTags, withProps(compliantStack(), rds.instance, "orders-db", set({ copyTagsToSnapshot: unknownSentinels.boolean })), { preview: true });
        expect(findings).toEqual([expect.objectContaining({ enforcementLevel: "advisory", message: expect.stringContaining("copyTagsToSnapshot is not known during preview") })]);
    });

    it("reports a non-boolean value instead of crashing", async () => {
        const findings = await run(dbSnapshotTags, withProps(compliantStack(), rds.instance, "orders-db", set({ copyTagsToSnapshot: untyped("yes") })));
        expect(findings[0].message).toContain('copyTagsToSnapshot is "yes"');
    });

    it("can be made mandatory by config", async () => {
        const findings = await run(dbSnapshotTags, withProps(compliantStack(), rds.instance, "orders-db", unset("copyTagsToSnapshot")), { config: { "db-snapshot-tags": "mandatory" } });
        expect(atLevel(findings)).toHaveLength(1);
    });

    it("remediates at level remediate: copies tags to snapshots, leaving nothing to report", async () => {
        const stack = withProps(compliantStack(), rds.cluster, "ledger", set({ copyTagsToSnapshot: false }));
        const findings = await run(dbSnapshotTags, stack, { config: { "db-snapshot-tags": "remediate" } });
        expect(findings).toEqual([expect.objectContaining({ enforcementLevel: "remediate", resource: "ledger" })]);
    });
});
