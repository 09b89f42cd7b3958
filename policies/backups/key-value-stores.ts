// The backups checklist for DynamoDB tables, ElastiCache and MemoryDB: point-in-time recovery or
// automatic snapshots kept long enough, deletion protection, a final snapshot. Called by
// db-backup-retention, db-deletion-protection and db-final-snapshot for these types.
import type * as aws from "@pulumi/aws";
import { dynamodbDefaults } from "../../aws-facts/dynamodb";
import { elasticacheDefaults, isRedisLike, memorydbDefaults } from "../../aws-facts/elasticache";
import { types } from "../../aws-facts/resource-types";
import { ResourceReport } from "../lib/define";
import { cacheEngineOf, keyValueRole } from "../lib/key-value-stores";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asBoolean, asNumber, asString, indexedObjects, isInvalid, readPath } from "../lib/values";
import { StackUnderCheck } from "../lib/stack";
import { backupJobStateChange } from "../../aws-facts/backup";
import { selectedByBackupPlan } from "./backup-selection";
import { Verdict, allOf, isPending } from "./verdict";
import { argsOf } from "../lib/databases";

/**
 * Whether the store keeps backups of its own: not a replication group's node (the group does),
 * not a node-based Memcached cluster (Memcached has no snapshots). UNKNOWN when the engine is.
 */
function keepsOwnBackups(db: ResourceUnderCheck): boolean | typeof UNKNOWN {
    const role = keyValueRole(db);
    if (role === undefined || role === "replication-group-node") return false;
    if (role === "cache-cluster") {
        const engine = cacheEngineOf(db);
        if (engine === UNKNOWN) return UNKNOWN;
        return engine === undefined || isRedisLike(engine);
    }
    return true;
}

export function checkStoreBackupRetention(db: ResourceUnderCheck, minDays: number, report: ResourceReport): void {
    if (db.type === types.dynamodbTable) return checkPointInTimeRecovery(db, minDays, report);
    const owns = keepsOwnBackups(db);
    if (owns === UNKNOWN) return report.unknown("engine");
    if (!owns) return;
    const raw = db.get<aws.elasticache.ReplicationGroupArgs>("snapshotRetentionLimit");
    const days = asNumber(raw);
    if (days === UNKNOWN) return report.unknown("snapshotRetentionLimit");
    const unsetMeaning =
        db.type === types.elasticacheServerlessCache
            ? "no retention is asked for"
            : `unset means ${db.type === types.memorydbCluster ? memorydbDefaults.snapshotRetentionLimit : elasticacheDefaults.snapshotRetentionLimit}: automatic snapshots off`;
    if (typeof days === "number" && days >= minDays) return;
    report.violation({
        property: "snapshotRetentionLimit",
        seen: raw,
        wanted: `at least ${minDays} days of automatic snapshots${days === undefined ? ` (${unsetMeaning})` : days === 0 ? " (0 turns automatic snapshots off)" : ""}`,
        fix: `set \`snapshotRetentionLimit: ${Math.max(minDays, 14)}\` (days, up to 35) and a \`${db.type === types.elasticacheServerlessCache ? "dailySnapshotTime" : "snapshotWindow"}\` in ${argsOf(db)}.`,
    });
}

function checkPointInTimeRecovery(table: ResourceUnderCheck, minDays: number, report: ResourceReport): void {
    const fix = `set \`pointInTimeRecovery: { enabled: true }\` (35 days unless recoveryPeriodInDays says otherwise) in ${argsOf(table)}.`;
    const rawEnabled = table.get<aws.dynamodb.TableArgs>("pointInTimeRecovery.enabled");
    const enabled = asBoolean(rawEnabled);
    if (enabled === UNKNOWN) report.unknown("pointInTimeRecovery.enabled");
    else if (enabled !== true) {
        report.violation({
            property: "pointInTimeRecovery.enabled",
            seen: rawEnabled,
            wanted: `true (unset means ${dynamodbDefaults.pointInTimeRecoveryEnabled}: no continuous backups, no restore to a point in time)`,
            fix,
        });
    } else {
        const rawDays = table.get<aws.dynamodb.TableArgs>("pointInTimeRecovery.recoveryPeriodInDays");
        const days = asNumber(rawDays);
        if (days === UNKNOWN) report.unknown("pointInTimeRecovery.recoveryPeriodInDays");
        else {
            const effective = days === undefined ? dynamodbDefaults.pointInTimeRecoveryPeriodDays : isInvalid(days) ? undefined : days;
            if (effective === undefined || effective < minDays) {
                report.violation({
                    property: "pointInTimeRecovery.recoveryPeriodInDays",
                    seen: rawDays,
                    wanted: `at least ${minDays} days`,
                    fix: `set \`recoveryPeriodInDays: ${Math.max(minDays, 35)}\` (or remove it: 35 days) in \`pointInTimeRecovery\` of ${argsOf(table)}.`,
                });
            }
        }
    }
    // Global table replicas keep their own continuous backups (each region restores on its own).
    for (const [i, replica] of indexedObjects(table.get<aws.dynamodb.TableArgs>("replicas")).objects) {
        const property = `replicas[${i}].pointInTimeRecovery`;
        if (replica === UNKNOWN) {
            report.unknown(`replicas[${i}]`);
            continue;
        }
        const value = asBoolean(replica.pointInTimeRecovery);
        if (value === UNKNOWN) report.unknown(property);
        else if ((value ?? dynamodbDefaults.pointInTimeRecoveryEnabled) !== true) {
            report.violation({
                property,
                seen: replica.pointInTimeRecovery,
                wanted: `true (unset means ${dynamodbDefaults.pointInTimeRecoveryEnabled}: the replica in that region has no point-in-time recovery)`,
                fix: `set \`pointInTimeRecovery: true\` on the replica in region ${JSON.stringify(readPath(replica, "regionName") ?? "?")} in ${argsOf(table)}.`,
            });
        }
    }
}

/** Only DynamoDB tables (and their global replicas) have deletion protection; ElastiCache and MemoryDB have none. */
export function checkStoreDeletionProtection(db: ResourceUnderCheck, report: ResourceReport): void {
    if (db.type !== types.dynamodbTable) return;
    const raw = db.get<aws.dynamodb.TableArgs>("deletionProtectionEnabled");
    const value = asBoolean(raw);
    if (value === UNKNOWN) report.unknown("deletionProtectionEnabled");
    else if (value !== true) {
        report.violation({
            property: "deletionProtectionEnabled",
            seen: raw,
            wanted: `true (unset means ${dynamodbDefaults.deletionProtectionEnabled})`,
            fix: `set \`deletionProtectionEnabled: true\` in ${argsOf(db)}.`,
        });
    }
    for (const [i, replica] of indexedObjects(db.get<aws.dynamodb.TableArgs>("replicas")).objects) {
        if (replica === UNKNOWN) continue; // reported by db-backup-retention's replica check
        const v = asBoolean(replica.deletionProtectionEnabled);
        if (v === UNKNOWN) report.unknown(`replicas[${i}].deletionProtectionEnabled`);
        else if ((v ?? dynamodbDefaults.deletionProtectionEnabled) !== true) {
            report.violation({
                property: `replicas[${i}].deletionProtectionEnabled`,
                seen: replica.deletionProtectionEnabled,
                wanted: `true (unset means ${dynamodbDefaults.deletionProtectionEnabled}: the replica table can be deleted in its region)`,
                fix: `set \`deletionProtectionEnabled: true\` on the replica in region ${JSON.stringify(readPath(replica, "regionName") ?? "?")} in ${argsOf(db)}.`,
            });
        }
    }
}

/** Turning deletion protection on is an in-place update (tables only). */
export function remediateStoreDeletionProtection(db: ResourceUnderCheck): Record<string, unknown> | undefined {
    if (db.type !== types.dynamodbTable) return undefined;
    const value = asBoolean(db.get("deletionProtectionEnabled"));
    return value === true || value === UNKNOWN ? undefined : { deletionProtectionEnabled: true };
}

/** Where a final snapshot is named on deletion: replication groups and Redis OSS clusters, MemoryDB clusters. */
const finalSnapshotProperty: Record<string, string> = {
    [types.elasticacheReplicationGroup]: "finalSnapshotIdentifier",
    [types.elasticacheCluster]: "finalSnapshotIdentifier",
    [types.memorydbCluster]: "finalSnapshotName",
};

export function checkStoreFinalSnapshot(db: ResourceUnderCheck, report: ResourceReport): void {
    const property = finalSnapshotProperty[db.type];
    if (property === undefined) return; // DynamoDB and serverless caches take no final snapshot
    const owns = keepsOwnBackups(db);
    if (owns === UNKNOWN) return report.unknown("engine");
    if (!owns) return;
    const raw = db.get(property);
    const name = asString(raw);
    if (name === UNKNOWN) return report.unknown(property);
    if (typeof name === "string" && name.trim() !== "") return;
    report.violation({
        property,
        seen: raw,
        wanted: "a snapshot name (unset: deleting the cache takes no final snapshot, and its automatic snapshots go with it)",
        fix: `set \`${property}: "${db.name}-final"\` in ${argsOf(db)}.`,
    });
}

/**
 * A DynamoDB table backed up by an AWS Backup plan needs an alert on failed backup jobs (the
 * EventBridge rule db-backup-failure-alert looks for, `bridge`). Point-in-time recovery runs no jobs
 * and sends no failure events, so a table no plan selects has nothing to alert on.
 */
export function checkTableBackupAlert(stack: StackUnderCheck, table: ResourceUnderCheck, bridge: Verdict, report: ResourceReport): void {
    const selected = selectedByBackupPlan(stack, table);
    if (selected === false) return;
    const verdict = allOf([selected, bridge]);
    if (verdict === true) return;
    if (isPending(verdict)) return report.unknown(verdict.pending);
    report.violation({
        property: "backup failure alert",
        seen: undefined,
        wanted: `an EventBridge rule on failed or aborted "${backupJobStateChange.detailType}" events with an SNS target, since an AWS Backup plan backs up this table`,
        fix:
            'add an aws.cloudwatch.EventRule with `eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED", "ABORTED"] } })` ' +
            "and an aws.cloudwatch.EventTarget with `arn: alerts.arn` (an aws.sns.Topic that pages someone).",
    });
}
