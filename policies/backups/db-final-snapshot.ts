import type * as aws from "@pulumi/aws";
import { apiDefaults } from "../../aws-facts/rds";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asBoolean, asNumber, asString } from "../lib/values";
import { isKeyValueStore } from "../lib/key-value-stores";
import { types } from "../../aws-facts/resource-types";
import { checkStoreFinalSnapshot } from "./key-value-stores";
import { checkFinalSnapshot, finalSnapshotTypes } from "../engines/backups";
import { serviceOf } from "../engines/types";

/**
 * Which parts of the rule apply. RDS takes no final snapshot of a read replica (DeleteDBInstance:
 * FinalDBSnapshotIdentifier "can't be specified when deleting a read replica"), so replicas are
 * judged only on deleteAutomatedBackups, and only when they keep automated backups of their own
 * (a replica starts with retention 0). Aurora members are judged through their cluster.
 */
function scopeOf(db: ResourceUnderCheck): "all" | "automated-backups" | "unknown-retention" | "none" {
    const role = databaseRole(db);
    if (role === "aurora-member") return "none";
    if (role !== "read-replica") return "all";
    const retention = asNumber(db.get<aws.rds.InstanceArgs>("backupRetentionPeriod"));
    if (retention === UNKNOWN) return "unknown-retention";
    const days = retention === undefined ? apiDefaults.readReplicaBackupRetentionPeriod : retention;
    return typeof days === "number" && days > 0 ? "automated-backups" : "none";
}

export const dbFinalSnapshot = defineResourcePolicy({
    name: "db-final-snapshot",
    checklistItem: "backups",
    description: "Deleting a database leaves a final snapshot and keeps its automated backups: skipFinalSnapshot is not true, finalSnapshotIdentifier is set, deleteAutomatedBackups is false.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "On the aws.rds.Instance or aws.rds.Cluster (Aurora: on the cluster), set `skipFinalSnapshot: false`, " +
        '`finalSnapshotIdentifier: "<identifier>-final"` and `deleteAutomatedBackups: false`. ' +
        "Read replicas get no final snapshot from RDS; they are judged only on deleteAutomatedBackups, when they keep backups of their own. " +
        "Remediation sets deleteAutomatedBackups to false; the snapshot name is left to you. " +
        "ElastiCache replication groups and Redis OSS clusters: `finalSnapshotIdentifier`; MemoryDB clusters: `finalSnapshotName` (DynamoDB tables and serverless caches take no final snapshot)." +
        " DocumentDB, Neptune and Redshift clusters: `skipFinalSnapshot` and `finalSnapshotIdentifier` (they have no deleteAutomatedBackups).",
    peers: [],
    config: {},
    resourceTypes: [...storageOwnerTypes, types.elasticacheReplicationGroup, types.elasticacheCluster, types.memorydbCluster, ...finalSnapshotTypes],
    check(db, _config, report) {
        if (isKeyValueStore(db)) return checkStoreFinalSnapshot(db, report);
        if (serviceOf(db)) return checkFinalSnapshot(db, report);
        const scope = scopeOf(db);
        if (scope === "none") return;
        if (scope === "all") {
            const skip = asBoolean(db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("skipFinalSnapshot"));
            if (skip === UNKNOWN) report.unknown("skipFinalSnapshot");
            else if (skip !== undefined && skip !== false) {
                report.violation({
                    property: "skipFinalSnapshot",
                    seen: skip,
                    wanted: `false (unset means ${apiDefaults.skipFinalSnapshot})`,
                    fix: `remove \`skipFinalSnapshot\` or set \`skipFinalSnapshot: false\` in ${argsOf(db)}.`,
                });
            }
            const identifier = asString(db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("finalSnapshotIdentifier"));
            if (identifier === UNKNOWN) report.unknown("finalSnapshotIdentifier");
            else if (typeof identifier !== "string" || identifier.trim() === "") {
                report.violation({
                    property: "finalSnapshotIdentifier",
                    seen: identifier,
                    wanted: "a snapshot name (without one, deleting the database fails or loses the last state)",
                    fix: `set \`finalSnapshotIdentifier: "${db.name}-final"\` in ${argsOf(db)}.`,
                });
            }
        }
        const deleteBackups = asBoolean(db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("deleteAutomatedBackups"));
        if (deleteBackups === false) return;
        if (deleteBackups === UNKNOWN || scope === "unknown-retention") return report.unknown(deleteBackups === UNKNOWN ? "deleteAutomatedBackups" : "backupRetentionPeriod");
        report.violation({
            property: "deleteAutomatedBackups",
            seen: deleteBackups,
            wanted: `false (unset means ${apiDefaults.deleteAutomatedBackups}: automated backups are deleted with the database)`,
            fix: `set \`deleteAutomatedBackups: false\` in ${argsOf(db)}.`,
        });
    },
    // Keeping automated backups on deletion is an in-place update that needs no decision; choosing a
    // final snapshot name is a decision, so it is left to the user.
    remediate(db) {
        if (isKeyValueStore(db)) return undefined;
        if (serviceOf(db)) return undefined;
        const scope = scopeOf(db);
        if (scope !== "all" && scope !== "automated-backups") return undefined;
        const value = asBoolean(db.get("deleteAutomatedBackups"));
        return value === false || value === UNKNOWN ? undefined : { deleteAutomatedBackups: false };
    },
});
