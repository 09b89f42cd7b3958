import { dbDeletionProtection } from "../../../policies/backups/db-deletion-protection";
import { compliantStack } from "../../fixtures/compliant-stack";
import { PropsOf, rds, set, unset, withProps } from "../../fixtures/resources";
import { run, unknownSentinels } from "../helpers";

type Instance = PropsOf<typeof rds.instance>;

describe("db-deletion-protection", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbDeletionProtection, compliantStack())).toEqual([]);
    });

    it.each([
        ["unset", unset<Instance>("deletionProtection"), "deletionProtection is unset"],
        ["false", set<Instance>({ deletionProtection: false }), "deletionProtection is false"],
    ])("flags an instance with deletion protection %s", async (_, change, seen) => {
        const findings = await run(dbDeletionProtection, withProps(compliantStack(), rds.instance, "orders-db", change));
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toBe(`aws.rds.Instance "orders-db": ${seen}; wanted true (unset means false). Fix: set \`deletionProtection: true\` in the aws.rds.Instance args of "orders-db".`);
    });

    it("flags the Aurora cluster, and never its members (the setting is the cluster's)", async () => {
        const findings = await run(dbDeletionProtection, withProps(compliantStack(), rds.cluster, "ledger", set({ deletionProtection: false })));
        expect(findings.map((f) => f.resource)).toEqual(["ledger"]);
    });

    it("notes an unknown value at preview as advisory", async () => {
        const findings = await run(dbDeletionProtection, withProps(compliantStack(), rds.instance, "orders-db", set({ deletionProtection: unknownSentinels.boolean })), { preview: true });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["advisory"]);
    });

    it("remediates at level remediate: turns protection on, and nothing is left to report", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ deletionProtection: false }));
        const findings = await run(dbDeletionProtection, stack, { config: { "db-deletion-protection": "remediate" } });
        expect(findings).toEqual([expect.objectContaining({ enforcementLevel: "remediate", resource: "orders-db" })]);
    });

    it("can be disabled", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ deletionProtection: false }));
        expect(await run(dbDeletionProtection, stack, { config: { "db-deletion-protection": "disabled" } })).toEqual([]);
    });
});
