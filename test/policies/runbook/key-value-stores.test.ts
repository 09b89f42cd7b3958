// Runbook, ownership and drill tags on DynamoDB, ElastiCache and MemoryDB.
import { dbDrillsRecent } from "../../../policies/runbook/db-drills-recent";
import { dbOwnership } from "../../../policies/runbook/db-ownership";
import { dbRunbook } from "../../../policies/runbook/db-runbook";
import { compliantKvStack } from "../../fixtures/compliant-kv";
import { anyKind, withProps } from "../../fixtures/resources";
import { run } from "../helpers";

const stores = ["orders-table", "ledger-table", "sessions", "catalog-cache", "feature-flags", "payments-kv"];
const withoutTags = () => stores.reduce((stack, name) => withProps(stack, anyKind, name, (p) => ({ ...p, tags: { team: "x" } })), compliantKvStack());

describe("runbook tags on key-value stores", () => {
    it("pass the compliant key-value stack", async () => {
        for (const policy of [dbRunbook, dbOwnership, dbDrillsRecent]) expect(await run(policy, compliantKvStack())).toEqual([]);
    });

    it("db-runbook flags every store without a runbook tag, not the group's node cluster", async () => {
        const findings = await run(dbRunbook, withoutTags());
        expect(findings.map((f) => f.resource)).toEqual(stores);
        expect(findings[2].message).toBe(
            'aws.elasticache.ReplicationGroup "sessions": tags.runbook is unset; wanted an https URL of the database\'s runbook. ' +
                'Fix: set `"runbook": "https://runbooks.example.com/databases/sessions"` in `tags` of the aws.elasticache.ReplicationGroup args of "sessions".',
        );
    });

    it("db-ownership and db-drills-recent flag each store without owner, on-call and drill tags", async () => {
        const owners = await run(dbOwnership, withoutTags());
        expect(new Set(owners.map((f) => f.resource))).toEqual(new Set(stores));
        expect(owners).toHaveLength(stores.length * 2);
        const drills = await run(dbDrillsRecent, withoutTags());
        expect(new Set(drills.map((f) => f.resource))).toEqual(new Set(stores));
    });
});
