import { dbDeletionProtection } from "../../../policies/backups/db-deletion-protection";
import { compliantStack } from "../../fixtures/compliant-stack";
import { set, unset, withProps } from "../../fixtures/resources";
import { run, unknownSentinels } from "../helpers";

describe("db-deletion-protection", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbDeletionProtection, compliantStack())).toEqual([]);
    });

    it.each([
        ["unset", unset("deletionProtection"), "deletionProtection is unset"],
        ["false", set({ deletionProtection: false }), "deletionProtection is false"],
    ])("flags an instance with deletion protection %s", async (_, change, seen) => {
        const findings = await run(dbDeletionProtection, withProps(compliantStack(), "orders-db", change));
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toBe(
            `aws.rds.Instance "orders-db": ${seen}; wanted true (unset means false). Fix: set \`deletionProtection: true\` in the aws.rds.Instance args of "orders-db".`,
        );
    });

    it("flags the Aurora cluster, and never its members (the setting is the cluster's)", async () => {
        const findings = await run(dbDeletionProtection, withProps(compliantStack(), "ledger", set({ deletionProtection: false })));
        expect(findings.map((f) => f.resource)).toEqual(["ledger"]);
    });

    it("notes an unknown value at preview as advisory", async () => {
        const findings = await run(dbDeletionProtection, withProps(compliantStack(), "orders-db", set({ deletionProtection: unknownSentinels.boolean })), { preview: true });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["advisory"]);
    });

    it("remediates at level remediate: turns protection on, and nothing is left to report", async () => {
        const stack = withProps(compliantStack(), "orders-db", set({ deletionProtection: false }));
        const findings = await run(dbDeletionProtection, stack, { config: { "db-deletion-protection": "remediate" } });
        expect(findings).toEqual([expect.objectContaining({ enforcementLevel: "remediate", resource: "orders-db" })]);
    });

    it("can be disabled", async () => {
        const stack = withProps(compliantStack(), "orders-db", set({ deletionProtection: false }));
        expect(await run(dbDeletionProtection, stack, { config: { "db-deletion-protection": "disabled" } })).toEqual([]);
    });
});
