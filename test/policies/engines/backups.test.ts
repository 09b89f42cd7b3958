// Backups checklist item on DocumentDB, Neptune and Redshift: one change to the compliant stack, one finding.
import { backup, set, unset, withProps } from "../../fixtures/resources";
import { unknownSentinels } from "../helpers";
import { itFlagsEachChange, packFindings } from "./support";
import { docdb, neptune, redshift } from "../../fixtures/docdb-neptune-redshift-resources";

describe("backups on DocumentDB, Neptune and Redshift", () => {
    itFlagsEachChange([
        {
            name: "a DocumentDB cluster keeping backups 3 days",
            change: (s) => withProps(s, docdb.cluster, "docs", set({ backupRetentionPeriod: 3 })),
            policy: "db-backup-retention",
            resource: "docs",
            says: "backupRetentionPeriod is 3; wanted at least 7 days",
        },
        {
            name: "a DocumentDB cluster with retention unset (1 day)",
            change: (s) => withProps(s, docdb.cluster, "docs", unset("backupRetentionPeriod")),
            policy: "db-backup-retention",
            resource: "docs",
            says: "unset means 1 day through the DocumentDB API",
        },
        {
            name: "a Neptune cluster with retention unset (1 day)",
            change: (s) => withProps(s, neptune.cluster, "graph", unset("backupRetentionPeriod")),
            policy: "db-backup-retention",
            resource: "graph",
            says: "unset means 1 day through the Neptune API",
        },
        {
            name: "a Redshift cluster with automated snapshots off",
            change: (s) => withProps(s, redshift.cluster, "warehouse", set({ automatedSnapshotRetentionPeriod: 0 })),
            policy: "db-backup-retention",
            resource: "warehouse",
            says: "automatedSnapshotRetentionPeriod is 0",
        },
        {
            name: "a Redshift cluster with snapshot retention unset (1 day)",
            change: (s) => withProps(s, redshift.cluster, "warehouse", unset("automatedSnapshotRetentionPeriod")),
            policy: "db-backup-retention",
            resource: "warehouse",
            says: "unset means 1 day through the Redshift API",
        },
        {
            name: "a DocumentDB cluster skipping its final snapshot",
            change: (s) => withProps(s, docdb.cluster, "docs", set({ skipFinalSnapshot: true })),
            policy: "db-final-snapshot",
            resource: "docs",
            says: "skipFinalSnapshot is true",
        },
        {
            name: "a Neptune cluster without a final snapshot name",
            change: (s) => withProps(s, neptune.cluster, "graph", unset("finalSnapshotIdentifier")),
            policy: "db-final-snapshot",
            resource: "graph",
            says: "finalSnapshotIdentifier is unset",
        },
        {
            name: "a Redshift cluster skipping its final snapshot",
            change: (s) => withProps(s, redshift.cluster, "warehouse", set({ skipFinalSnapshot: true })),
            policy: "db-final-snapshot",
            resource: "warehouse",
            says: "skipFinalSnapshot is true",
        },
        {
            name: "a DocumentDB cluster without deletion protection",
            change: (s) => withProps(s, docdb.cluster, "docs", unset("deletionProtection")),
            policy: "db-deletion-protection",
            resource: "docs",
            says: "deletionProtection is unset; wanted true",
        },
        {
            name: "a Neptune cluster with deletion protection off",
            change: (s) => withProps(s, neptune.cluster, "graph", set({ deletionProtection: false })),
            policy: "db-deletion-protection",
            resource: "graph",
            says: "deletionProtection is false",
        },
        {
            name: "a Redshift cluster that no AWS Backup plan selects",
            change: (s) =>
                withProps(s, backup.selection, "analytics-selection", (p) => ({ ...p, resources: (p.resources as string[]).filter((r) => !r.includes("redshift")) })).map((r) =>
                    r.name === "analytics-selection" ? { ...r, propertyDependencies: { ...r.propertyDependencies, resources: ["docs", "graph"] } } : r,
                ),
            policy: "db-backup-plan",
            resource: "warehouse",
            says: "AWS Backup selection is unset",
            level: "advisory",
        },
        {
            name: "a DocumentDB cluster excluded from the backup selection",
            change: (s) => withProps(s, backup.selection, "analytics-selection", set({ notResources: ["arn:aws:rds:*:*:cluster:docs"] })),
            policy: "db-backup-plan",
            resource: "docs",
            says: "its `notResources` exclude it",
            level: "advisory",
        },
        {
            name: "a Neptune cluster not copying tags to snapshots",
            change: (s) => withProps(s, neptune.cluster, "graph", unset("copyTagsToSnapshot")),
            policy: "db-snapshot-tags",
            resource: "graph",
            says: "copyTagsToSnapshot is unset",
            level: "advisory",
        },
    ]);

    it("reports an unknown retention at preview as an advisory note, not a pass or a violation", async () => {
        const findings = await packFindings((s) => withProps(s, redshift.cluster, "warehouse", set({ automatedSnapshotRetentionPeriod: unknownSentinels.number })), { preview: true });
        expect(findings.map((f) => [f.policy, f.enforcementLevel])).toEqual([["db-backup-retention", "advisory"]]);
        expect(findings[0].message).toContain("automatedSnapshotRetentionPeriod is not known during preview");
    });

    it("does not ask a Redshift cluster for deleteAutomatedBackups, which it does not have, even at level remediate", async () => {
        const findings = await packFindings((s) => s, { config: { "db-final-snapshot": { enforcementLevel: "remediate" } } });
        expect(findings).toEqual([]);
    });
});
