import type * as aws from "@pulumi/aws";
import { z } from "zod";
import { apiDefaults, backupRetentionRange } from "../../aws-facts/rds";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asNumber, isInvalid } from "../lib/values";
import { isKeyValueStore, keyValueStoreTypes } from "../lib/key-value-stores";
import { checkStoreBackupRetention } from "./key-value-stores";
import { backupRetentionTypes, checkBackupRetention } from "../engines/backups";
import { serviceOf } from "../engines/types";

export const dbBackupRetention = defineResourcePolicy({
    name: "db-backup-retention",
    checklistItem: "backups",
    description: "Databases keep automated backups (point-in-time restore) for at least minDays days.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        `Set \`backupRetentionPeriod\` (days, up to ${backupRetentionRange.max}) on the aws.rds.Instance or aws.rds.Cluster. ` +
        `Unset means ${apiDefaults.backupRetentionPeriod} day through the RDS API. Read replicas and Aurora cluster members inherit backups and are not judged. ` +
        "DynamoDB: `pointInTimeRecovery: { enabled: true }` (also on each global table replica). ElastiCache (Redis OSS, Valkey, serverless) and MemoryDB: `snapshotRetentionLimit` (days; unset means 0, no automatic snapshots); " +
        "node-based Memcached keeps no snapshots and a replication group's node clusters are judged through the group." +
        " DocumentDB and Neptune clusters: `backupRetentionPeriod`; Redshift clusters: `automatedSnapshotRetentionPeriod` (unset means 1 day on each).",
    peers: [
        "CKV_AWS_133",
        "AVD-AWS-0077",
        "AWS Config db-instance-backup-enabled",
        "Security Hub RDS.11",
        "cdk-nag AwsSolutions-RDS13",
        "CKV_AWS_28",
        "CKV_AWS_165",
        "AVD-AWS-0024",
        "cdk-nag AwsSolutions-DDB3",
        "CKV_AWS_134",
        "AVD-AWS-0050",
        "Security Hub DynamoDB.2",
        "Security Hub ElastiCache.1",
        "cdk-nag ElastiCacheRedisClusterAutomaticBackup (HIPAA, NIST packs)",
        "CKV_AWS_360",
        "CKV_AWS_361",
        "CKV_AWS_343",
        "cdk-nag AwsSolutions-DOC4",
        "cdk-nag AwsSolutions-N3",
        "cdk-nag AwsSolutions-RS10",
    ],
    config: {
        minDays: z.number().int().min(1).max(backupRetentionRange.max).default(7).describe("Minimum automated backup retention in days (1-35)."),
    },
    resourceTypes: [...storageOwnerTypes, ...keyValueStoreTypes, ...backupRetentionTypes],
    check(db, config, report) {
        if (isKeyValueStore(db)) return checkStoreBackupRetention(db, config.minDays, report);
        if (serviceOf(db)) return checkBackupRetention(db, config.minDays, report);
        const role = databaseRole(db);
        if (role === "read-replica" || role === "aurora-member") return;
        const raw = db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("backupRetentionPeriod");
        const days = asNumber(raw);
        if (days === UNKNOWN) return report.unknown("backupRetentionPeriod");
        const effective = days === undefined ? apiDefaults.backupRetentionPeriod : isInvalid(days) ? undefined : days;
        if (effective !== undefined && effective >= config.minDays) return;
        report.violation({
            property: "backupRetentionPeriod",
            seen: days === undefined ? undefined : raw,
            wanted: `at least ${config.minDays} days${days === undefined ? ` (unset means ${apiDefaults.backupRetentionPeriod} day through the RDS API)` : ""}`,
            fix: `set \`backupRetentionPeriod: ${Math.max(config.minDays, 14)}\` in ${argsOf(db)}.`,
        });
    },
});
