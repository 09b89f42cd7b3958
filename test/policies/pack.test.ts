// The pack as a whole: its composition pinned (a change to the pack is a visible diff), the
// compliant stack passes everything, and a hand-written non-compliant instance fails in all six
// checklist areas.
import { evaluate } from "../../policies/evaluate";
import { checklistItems } from "../../policies/lib/define";
import { policies } from "../../policies/registry";
import { compliantStack } from "../fixtures/compliant-stack";
import { rds } from "../fixtures/resources";

describe("the db-preflight pack", () => {
    it("has this composition: policy, checklist item, kind, default level, severity", () => {
        expect(policies.map((p) => [p.name, p.dbPreflight.checklistItem, p.dbPreflight.kind, p.enforcementLevel, p.severity])).toEqual([
            ["db-backup-retention", "backups", "resource", "mandatory", "high"],
            ["db-final-snapshot", "backups", "resource", "mandatory", "high"],
            ["db-deletion-protection", "backups", "resource", "mandatory", "high"],
            ["db-backup-plan", "backups", "stack", "advisory", "medium"],
            ["db-offsite-copy", "backups", "stack", "advisory", "medium"],
            ["db-restore-tested", "backups", "stack", "mandatory", "high"],
            ["db-backup-failure-alert", "backups", "stack", "mandatory", "high"],
            ["db-snapshot-tags", "backups", "resource", "advisory", "low"],
            ["db-no-default-admin", "users", "resource", "mandatory", "high"],
            ["db-managed-credentials", "users", "resource", "mandatory", "high"],
            ["db-iam-auth", "users", "resource", "advisory", "medium"],
            ["db-cache-auth", "users", "resource", "mandatory", "high"],
            ["db-app-users-least-privilege", "users", "stack", "mandatory", "high"],
            ["db-no-public-access", "security", "resource", "mandatory", "critical"],
            ["db-network-restricted", "security", "stack", "mandatory", "critical"],
            ["db-private-subnets", "security", "stack", "advisory", "high"],
            ["db-storage-encrypted", "security", "resource", "mandatory", "high"],
            ["db-customer-managed-key", "security", "resource", "advisory", "medium"],
            ["db-tls-enforced", "security", "stack", "mandatory", "high"],
            ["db-ca-certificate", "security", "resource", "advisory", "medium"],
            ["db-audit-logging", "security", "resource", "mandatory", "medium"],
            ["db-audit-trail", "security", "stack", "mandatory", "medium"],
            ["db-enhanced-vpc-routing", "security", "resource", "advisory", "medium"],
            ["db-kms-key-rotation", "security", "stack", "advisory", "medium"],
            ["db-custom-parameter-group", "config", "resource", "mandatory", "medium"],
            ["db-connection-limits", "config", "stack", "mandatory", "medium"],
            ["db-multi-az", "config", "stack", "mandatory", "high"],
            ["db-storage-autoscaling", "config", "resource", "advisory", "medium"],
            ["db-dynamodb-autoscaling", "config", "stack", "advisory", "medium"],
            ["db-no-test-database", "config", "resource", "mandatory", "medium"],
            ["db-minor-upgrades", "config", "resource", "advisory", "medium"],
            ["db-instance-class", "config", "resource", "advisory", "medium"],
            ["db-log-retention", "config", "stack", "advisory", "low"],
            ["db-alarms", "monitoring", "stack", "mandatory", "high"],
            ["db-health-check", "monitoring", "stack", "mandatory", "high"],
            ["db-event-notifications", "monitoring", "stack", "advisory", "medium"],
            ["db-enhanced-monitoring", "monitoring", "resource", "advisory", "medium"],
            ["db-performance-insights", "monitoring", "resource", "advisory", "low"],
            ["db-runbook", "runbook", "resource", "mandatory", "medium"],
            ["db-drills-recent", "runbook", "stack", "advisory", "medium"],
            ["db-ownership", "runbook", "resource", "advisory", "low"],
        ]);
    });

    it("gives every policy the metadata the CLI, the report and the README need", () => {
        const names = new Set<string>();
        for (const p of policies) {
            expect(names.has(p.name)).toBe(false);
            names.add(p.name);
            expect(p.name).toMatch(/^db-[a-z0-9-]+$/);
            expect(p.description.length).toBeGreaterThan(20);
            expect(p.remediationSteps?.length ?? 0).toBeGreaterThan(20);
            expect(p.configSchema?.properties).toHaveProperty("productionStacks");
            expect(p.tags).toEqual([`checklist:${p.dbPreflight.checklistItem}`]);
        }
    });

    it("finds nothing wrong with a fully compliant hand-written stack", async () => {
        expect(await evaluate(compliantStack())).toEqual([]);
    });

    it("fails a hand-written careless RDS instance in all six checklist areas", async () => {
        const careless = rds.instance("careless", {
            engine: "postgres",
            instanceClass: "db.t3.micro",
            allocatedStorage: 20,
            username: "postgres",
            password: "hunter2hunter2",
            publiclyAccessible: true,
            dbName: "test",
            skipFinalSnapshot: true,
        });
        const findings = await evaluate([careless]);
        const mandatoryAreas = new Set(findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.checklistItem));
        expect([...mandatoryAreas].sort()).toEqual([...checklistItems].sort());
        expect(findings.every((f) => f.resource === "careless")).toBe(true);
        expect(findings.map((f) => f.message).join("\n")).not.toContain("hunter2hunter2");
    });
});
