import type * as aws from "@pulumi/aws";
import { apiDefaults } from "../../aws-facts/rds";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asBoolean } from "../lib/values";
import { snapshotTagsTypes } from "../engines/backups";

/** Aurora members take their snapshots (and this setting) from the cluster. Read replicas can be snapshotted: judged. */
const applies = (db: ResourceUnderCheck) => databaseRole(db) !== "aurora-member";

export const dbSnapshotTags = defineResourcePolicy({
    name: "db-snapshot-tags",
    checklistItem: "backups",
    description: "Snapshots carry the database's tags (owner, runbook, cost allocation): copyTagsToSnapshot is true.",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set `copyTagsToSnapshot: true` on the aws.rds.Instance or aws.rds.Cluster (Aurora: on the cluster, not its instances). It is an in-place update." +
        " aws.neptune.Cluster takes the same `copyTagsToSnapshot`.",
    peers: ["CKV_AWS_313", "Security Hub RDS.16", "Security Hub RDS.17", "CKV_AWS_362", "Security Hub Neptune.8"],
    config: {},
    resourceTypes: [...storageOwnerTypes, ...snapshotTagsTypes],
    check(db, _config, report) {
        if (!applies(db)) return;
        const value = asBoolean(db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("copyTagsToSnapshot"));
        if (value === UNKNOWN) return report.unknown("copyTagsToSnapshot");
        if (value === true) return;
        report.violation({
            property: "copyTagsToSnapshot",
            seen: value,
            wanted: `true (unset means ${apiDefaults.copyTagsToSnapshot})`,
            fix: `set \`copyTagsToSnapshot: true\` in ${argsOf(db)}.`,
        });
    },
    remediate(db) {
        if (!applies(db)) return undefined;
        const value = asBoolean(db.get("copyTagsToSnapshot"));
        return value === true || value === UNKNOWN ? undefined : { copyTagsToSnapshot: true };
    },
});
