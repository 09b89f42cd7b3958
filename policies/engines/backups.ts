// Backups checklist item for DocumentDB, Neptune and Redshift: the RDS policies dispatch here.
// DocumentDB and Neptune clusters take the same properties as an Aurora cluster; a Redshift cluster
// names retention automatedSnapshotRetentionPeriod and has no deletion protection. A Redshift
// Serverless namespace keeps recovery points itself (not configurable) and is not judged here.
import { docdbDefaults, docdbTypes } from "../../aws-facts/docdb";
import { neptuneDefaults, neptuneTypes } from "../../aws-facts/neptune";
import { redshiftDefaults, redshiftTypes } from "../../aws-facts/redshift";
import { argsOf } from "../lib/databases";
import { ResourceReport } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asNumber, asString, isInvalid } from "../lib/values";
import { requireBoolean } from "./settings";
import { serviceNames, serviceOf } from "./types";

/** Where each cluster keeps its automated backup retention, and what unset means. */
const retentionSlots: Record<string, { property: string; apiDefault: number }> = {
    [docdbTypes.cluster]: { property: "backupRetentionPeriod", apiDefault: docdbDefaults.backupRetentionPeriod },
    [neptuneTypes.cluster]: { property: "backupRetentionPeriod", apiDefault: neptuneDefaults.backupRetentionPeriod },
    [redshiftTypes.cluster]: { property: "automatedSnapshotRetentionPeriod", apiDefault: redshiftDefaults.automatedSnapshotRetentionPeriod },
};

export const backupRetentionTypes = [docdbTypes.cluster, neptuneTypes.cluster, redshiftTypes.cluster] as const;

export function checkBackupRetention(db: ResourceUnderCheck, minDays: number, report: ResourceReport): void {
    const slot = retentionSlots[db.type];
    if (!slot) return;
    const raw = db.get(slot.property);
    const days = asNumber(raw);
    if (days === UNKNOWN) return report.unknown(slot.property);
    const effective = days === undefined ? slot.apiDefault : isInvalid(days) ? undefined : days;
    if (effective !== undefined && effective >= minDays) return;
    const service = serviceNames[serviceOf(db)!];
    report.violation({
        property: slot.property,
        seen: raw,
        wanted: `at least ${minDays} days${days === undefined ? ` (unset means ${slot.apiDefault} day through the ${service} API)` : ""}`,
        fix: `set \`${slot.property}: ${Math.max(minDays, 14)}\` in ${argsOf(db)}.`,
    });
}

const skipFinalSnapshotDefaults: Record<string, boolean> = {
    [docdbTypes.cluster]: docdbDefaults.skipFinalSnapshot,
    [neptuneTypes.cluster]: neptuneDefaults.skipFinalSnapshot,
    [redshiftTypes.cluster]: redshiftDefaults.skipFinalSnapshot,
};
export const finalSnapshotTypes = backupRetentionTypes;

/** skipFinalSnapshot not true and a finalSnapshotIdentifier (these services have no deleteAutomatedBackups). */
export function checkFinalSnapshot(db: ResourceUnderCheck, report: ResourceReport): void {
    const apiDefault = skipFinalSnapshotDefaults[db.type];
    if (apiDefault === undefined) return;
    requireBoolean(db, report, "skipFinalSnapshot", false, apiDefault, { why: "so deleting the cluster leaves a final snapshot" });
    const identifier = asString(db.get("finalSnapshotIdentifier"));
    if (identifier === UNKNOWN) return report.unknown("finalSnapshotIdentifier");
    if (typeof identifier === "string" && identifier.trim() !== "") return;
    report.violation({
        property: "finalSnapshotIdentifier",
        seen: db.get("finalSnapshotIdentifier"),
        wanted: "a snapshot name (without one, deleting the cluster fails or loses the last state)",
        fix: `set \`finalSnapshotIdentifier: "${db.name}-final"\` in ${argsOf(db)}.`,
    });
}

/** DocumentDB and Neptune clusters take deletionProtection like an Aurora cluster; Redshift has none (the final snapshot is its guard). */
export const deletionProtectionTypes = [docdbTypes.cluster, neptuneTypes.cluster] as const;

/** Neptune clusters take copyTagsToSnapshot like an Aurora cluster; DocumentDB clusters have no such setting. */
export const snapshotTagsTypes = [neptuneTypes.cluster] as const;

/**
 * Clusters AWS Backup protects ("Supported AWS resources and third-party applications", AWS Backup
 * Developer Guide: Amazon DocumentDB, Amazon Neptune, Amazon Redshift provisioned clusters):
 * db-backup-plan asks each of them to be selected by a backup plan.
 */
export const awsBackupTypes = [docdbTypes.cluster, neptuneTypes.cluster, redshiftTypes.cluster] as const;
