import { dbRunbook } from "../../../policies/runbook/db-runbook";
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

describe("db-runbook", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbRunbook, compliantStack())).toEqual([]);
    });

    it("flags a database without a runbook tag, naming the fix", async () => {
        const findings = await run(dbRunbook, retag(compliantStack(), "orders-db", { runbook: undefined }));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ policy: "db-runbook", checklistItem: "runbook", enforcementLevel: "mandatory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": tags.runbook is unset; wanted an https URL of the database\'s runbook. ' +
                'Fix: set `"runbook": "https://runbooks.example.com/databases/orders-db"` in `tags` of the aws.rds.Instance args of "orders-db".',
        );
    });

    it("flags a database with no tags at all", async () => {
        expect((await run(dbRunbook, withProps(compliantStack(), rds.cluster, "ledger", set({ tags: undefined })))).map((f) => f.resource)).toEqual(["ledger"]);
    });

    it.each([
        ["an http URL", "http://runbooks.example.com/orders", 'a URL with protocol "http:", not "https:"'],
        ["not a URL", "see the wiki", "not a URL"],
        ["an empty string", "", "not a URL"],
        ["another scheme", "ftp://runbooks.example.com/orders", 'a URL with protocol "ftp:", not "https:"'],
    ])("flags a runbook tag that is %s, saying why", async (_, value, why) => {
        const findings = await run(dbRunbook, retag(compliantStack(), "orders-db", { runbook: value }));
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining(`tags.runbook is ${JSON.stringify(value)}; wanted an https URL of the database's runbook (this is ${why})`)]);
    });

    it("judges read replicas and clusters, not Aurora cluster instances unless configured", async () => {
        let stack = retag(compliantStack(), "orders-replica", { runbook: undefined });
        stack = retag(stack, "ledger", { runbook: undefined });
        stack = retag(stack, "ledger-1", { runbook: undefined });
        expect((await run(dbRunbook, stack)).map((f) => f.resource)).toEqual(["orders-replica", "ledger"]);
        const withMembers = await run(dbRunbook, stack, { config: { "db-runbook": { checkClusterInstances: true } } });
        expect(withMembers.map((f) => f.resource)).toEqual(["orders-replica", "ledger", "ledger-1"]);
        expect(await run(dbRunbook, [rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-mysql" })])).toEqual([]);
    });

    it("reads the tag key from config", async () => {
        const stack = retag(compliantStack(), "orders-db", { runbook: undefined, "ops:runbook": "https://wiki.example.com/orders" });
        expect(await run(dbRunbook, stack, { config: { "db-runbook": { tagKey: "ops:runbook" } } })).toEqual(
            // The other databases carry only "runbook".
            [expect.objectContaining({ resource: "orders-replica" }), expect.objectContaining({ resource: "ledger" })],
        );
        const findings = await run(dbRunbook, retag(compliantStack(), "orders-db", { runbook: undefined }), { config: { "db-runbook": { tagKey: "ops:runbook" } } });
        expect(findings[0].message).toContain('tags["ops:runbook"] is unset');
    });

    it("notes unknown tags at preview as advisory", async () => {
        const unknownValue = await run(dbRunbook, retag(compliantStack(), "orders-db", { runbook: unknownSentinels.string }), { preview: true });
        expect(unknownValue.map((f) => [f.enforcementLevel, f.message])).toEqual([["advisory", expect.stringContaining("tags.runbook is not known during preview")]]);
        const unknownMap = await run(dbRunbook, withProps(compliantStack(), rds.instance, "orders-db", set({ tags: unknownSentinels.object })), { preview: true });
        expect(atLevel(unknownMap)).toEqual([]);
        expect(unknownMap.map((f) => f.message)).toEqual([expect.stringContaining("tags is not known during preview")]);
    });

    it("reports tags that are not a map instead of crashing", async () => {
        const findings = await run(dbRunbook, withProps(compliantStack(), rds.instance, "orders-db", set({ tags: untyped(["runbook", "https://x"]) })));
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('tags is ["runbook","https://x"]; wanted a map of tags with tags.runbook set to an https URL')]);
        expect(await run(dbRunbook, retag(compliantStack(), "orders-db", { runbook: 42 }))).toHaveLength(1);
    });

    it("can be lowered to advisory by config", async () => {
        const findings = await run(dbRunbook, retag(compliantStack(), "orders-db", { runbook: undefined }), { config: { "db-runbook": "advisory" } });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["advisory"]);
    });
});
