import { dbOwnership } from "../../../policies/runbook/db-ownership";
import { compliantStack } from "../../fixtures/compliant-stack";
import { anyKind, rds, set, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

type Stack = Parameters<typeof run>[1];
const retag = (stack: Stack, name: string, tags: Record<string, unknown>) =>
    withProps(stack, anyKind, name, (props) => {
        const merged: Record<string, unknown> = { ...(props.tags as object), ...tags };
        for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
        return { ...props, tags: merged };
    });

describe("db-ownership", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbOwnership, compliantStack())).toEqual([]);
    });

    it("flags a database without an owner tag, as advisory, naming the fix", async () => {
        const findings = await run(dbOwnership, retag(compliantStack(), "orders-db", { owner: undefined }));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ policy: "db-ownership", checklistItem: "runbook", enforcementLevel: "advisory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": tags.owner is unset; wanted a non-empty value naming the owning team. ' +
                'Fix: set `"owner": "team-name"` in `tags` of the aws.rds.Instance args of "orders-db".',
        );
    });

    it("flags an empty or blank on-call tag, and both tags when both are missing", async () => {
        const blank = await run(dbOwnership, retag(compliantStack(), "ledger", { "on-call": "  " }));
        expect(blank.map((f) => f.message)).toEqual([expect.stringContaining('aws.rds.Cluster "ledger": tags["on-call"] is "  "; wanted a non-empty value naming the on-call rotation')]);
        const none = await run(dbOwnership, withProps(compliantStack(), rds.instance, "orders-db", set({ tags: {} })));
        expect(none.map((f) => f.message.split(";")[0])).toEqual(['aws.rds.Instance "orders-db": tags.owner is unset', 'aws.rds.Instance "orders-db": tags["on-call"] is unset']);
    });

    it("judges read replicas and clusters, not Aurora cluster instances unless configured", async () => {
        let stack = retag(compliantStack(), "orders-replica", { owner: undefined });
        stack = retag(stack, "ledger-2", { owner: undefined });
        expect((await run(dbOwnership, stack)).map((f) => f.resource)).toEqual(["orders-replica"]);
        expect((await run(dbOwnership, stack, { config: { "db-ownership": { checkClusterInstances: true } } })).map((f) => f.resource)).toEqual(["orders-replica", "ledger-2"]);
        expect(await run(dbOwnership, [rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-postgresql" })])).toEqual([]);
    });

    it("reads the tag keys from config", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ tags: { team: "orders", pager: "orders-oncall" } }));
        const config = { "db-ownership": { ownerTag: "team", onCallTag: "pager" } };
        expect((await run(dbOwnership, stack, { config })).map((f) => f.resource)).toEqual(["orders-replica", "orders-replica", "ledger", "ledger"]);
        expect((await run(dbOwnership, stack)).map((f) => f.resource)).toEqual(["orders-db", "orders-db"]);
    });

    it("notes unknown tags at preview as advisory notes, and still reports a known-missing one", async () => {
        const stack = retag(compliantStack(), "orders-db", { owner: unknownSentinels.string, "on-call": undefined });
        const findings = await run(dbOwnership, stack, { preview: true, config: { "db-ownership": "mandatory" } });
        expect(findings.map((f) => [f.enforcementLevel, f.message.split(";")[0]])).toEqual([
            ["advisory", expect.stringContaining("tags.owner is not known during preview")],
            ["mandatory", 'aws.rds.Instance "orders-db": tags["on-call"] is unset'],
        ]);
        const unknownMap = await run(dbOwnership, withProps(compliantStack(), rds.instance, "orders-db", set({ tags: unknownSentinels.object })), {
            preview: true,
            config: { "db-ownership": "mandatory" },
        });
        expect(atLevel(unknownMap)).toEqual([]);
        expect(unknownMap.map((f) => f.message)).toEqual([expect.stringContaining('aws.rds.Instance "orders-db": tags is not known during preview')]);
    });

    it("reports tags that are not a map once, instead of crashing", async () => {
        const findings = await run(dbOwnership, withProps(compliantStack(), rds.instance, "orders-db", set({ tags: untyped("owner=team-orders") })));
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('tags is "owner=team-orders"; wanted a map of tags with tags.owner and tags["on-call"]')]);
    });
});
