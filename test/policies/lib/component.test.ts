// A finding on a resource the pack's components create points at the component argument the user
// writes, not at the child's args (which the component sets).
import { types } from "../../../aws-facts/resource-types";
import { componentTypes } from "../../../contract";
import type { ResourceInput } from "../../../policies/evaluate";
import { componentOf, parseUrn } from "../../../policies/lib/component";
import { makeResource } from "../../../policies/lib/resource";
import { dbDrillsRecent } from "../../../policies/runbook/db-drills-recent";
import { dbOwnership } from "../../../policies/runbook/db-ownership";
import { dbRunbook } from "../../../policies/runbook/db-runbook";
import { compliantInstanceStack } from "../../fixtures/compliant-stack";
import { rds, withProps } from "../../fixtures/resources";
import { run } from "../helpers";

describe("the component a resource belongs to", () => {
    it("is read from the parent URN's type", () => {
        expect(parseUrn("urn:pulumi:prod::shop::db-preflight:aws:ProductionDatabase$aws:rds/instance:Instance::orders")).toEqual({ type: types.instance, name: "orders" });
        expect(parseUrn("not a urn")).toBeUndefined();
        const child = (parent?: string) => makeResource({ type: types.instance, name: "orders", urn: `urn:pulumi:prod::shop::${types.instance}::orders`, props: {}, parent });
        expect(componentOf(child("urn:pulumi:prod::shop::db-preflight:aws:ProductionAuroraCluster::ledger"))).toMatchObject({ kind: "ProductionAuroraCluster", name: "ledger" });
        expect(componentOf(child("urn:pulumi:prod::shop::my:app:Stack::ledger"))).toBeUndefined();
        expect(componentOf(child(undefined))).toBeUndefined();
    });

    it("is what the runbook, ownership and drill fixes point at for a component's database", async () => {
        const component: ResourceInput = { type: componentTypes.productionDatabase, name: "orders", props: {} };
        const stack = [component, ...withProps(compliantInstanceStack(), rds.instance, "orders-db", (p) => ({ ...p, tags: {} })).map((r) => (r.name === "orders-db" ? { ...r, parent: "orders" } : r))];
        // The stack's validated restore tests stand in for the restore drill; count only the tags here.
        const config = (p: typeof dbRunbook) => (p === dbDrillsRecent ? { [p.name]: { countValidatedRestoreTests: false } } : {});
        const fixes = (await Promise.all([dbRunbook, dbOwnership, dbDrillsRecent].map((p) => run(p, stack, { config: config(p) })))).flat().map((f) => f.message.slice(f.message.indexOf("Fix: ")));
        const of = 'in the args of the ProductionDatabase "orders" that creates aws.rds.Instance "orders-db" (the component writes the tag).';
        expect(fixes).toEqual([
            `Fix: set \`runbook: { url: "https://runbooks.example.com/databases/orders-db" }\` ${of}`,
            `Fix: set \`ownership: { owner: "team-name", onCall: ... }\` ${of}`,
            `Fix: set \`ownership: { owner: ..., onCall: "rotation-name" }\` ${of}`,
            `Fix: run the drill, then set \`drills: { restoreTestedAt: "YYYY-MM-DD" }\` ${of}`,
            `Fix: run the drill, then set \`drills: { failoverTestedAt: "YYYY-MM-DD" }\` ${of}`,
        ]);
    });
});
