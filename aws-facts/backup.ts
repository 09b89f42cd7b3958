// AWS Backup facts the backup policies rely on, written down once with where they come from.

/** Type tokens of AWS Backup resources the pack reads that resource-types.ts does not list. */
export const backupTypes = {
    vaultNotifications: "aws:backup/vaultNotifications:VaultNotifications",
} as const;

/**
 * How a backup selection combines its criteria (AWS Backup developer guide, "Assign resources with
 * AWS CLI", and the BackupSelection API reference):
 * - `Resources` entries are ORed, and `Resources` is ORed with `ListOfTags` (pulumi `selectionTags`,
 *   whose entries are ORed too and support only STRINGEQUALS);
 * - `Conditions` (StringEquals, StringLike, StringNotEquals, StringNotLike) are ANDed with each
 *   other and with the above; with neither `Resources` nor `ListOfTags`, they filter every resource;
 * - `NotResources` removes what it matches;
 * - "*" is a wildcard for zero or more characters, in ARNs and in StringLike values.
 * A selection with no criteria at all makes AWS Backup try every opted-in resource; the pack does
 * not count that as selecting a database, since opt-in settings are invisible to a stack.
 */
export const selectionTagConditionType = "STRINGEQUALS";

/**
 * Tag condition keys come as "aws:ResourceTag/<key>" (Conditions, restore-testing conditions) or, in
 * ListOfTags, often as the bare tag key; both name the same tag.
 */
export const resourceTagConditionPrefix = "aws:ResourceTag/";

export function tagKeyOfCondition(conditionKey: string): string {
    return conditionKey.startsWith(resourceTagConditionPrefix) ? conditionKey.slice(resourceTagConditionPrefix.length) : conditionKey;
}

/**
 * RestoreTestingSelection `protectedResourceType` per database kind (RestoreTestingSelectionForCreate
 * API reference: "Aurora for Amazon Aurora", "RDS for Amazon Relational Database Service"). A
 * selection names either specific ARNs or "*" filtered by `protectedResourceConditions`
 * (StringEquals, StringNotEquals on "aws:ResourceTag/<key>").
 */
export const restoreTestingResourceTypes = {
    instance: "RDS",
    cluster: "Aurora",
    dynamodbTable: "DynamoDB",
} as const;

/**
 * The EventBridge event AWS Backup sends when a backup job changes state ("Monitoring AWS Backup
 * events using Amazon EventBridge"): source "aws.backup", detail-type "Backup Job State Change",
 * `detail.state` one of CREATED, PENDING, RUNNING, ABORTING, ABORTED, COMPLETED, FAILED, EXPIRED,
 * PARTIAL. A failed backup ends in FAILED or ABORTED.
 */
export const backupJobStateChange = {
    source: "aws.backup",
    detailType: "Backup Job State Change",
    failedStates: ["FAILED", "ABORTED"],
} as const;

/**
 * The EventBridge event AWS Backup sends when a restore job changes state (same guide): source
 * "aws.backup", detail-type "Restore Job State Change", `detail.status` (not `state`, as backup jobs
 * have) PENDING, RUNNING, COMPLETED, ABORTED or FAILED, and `detail.restoreJobId`,
 * `detail.resourceType` ("RDS", "Aurora"), `detail.createdResourceArn`. A restore test's job is
 * validated once it is COMPLETED, with PutRestoreValidationResult (SUCCESSFUL or FAILED) within the
 * selection's validation window, after which AWS Backup deletes the restored resource.
 */
export const restoreJobStateChange = {
    source: "aws.backup",
    detailType: "Restore Job State Change",
    completedStatus: "COMPLETED",
} as const;

/**
 * Where a backup job event names the database it is about, so a rule can be scoped to one
 * database: `detail.resourceArn` (the BackupJob's ResourceArn; copy jobs carry it too) and the
 * event's `resources` list (the same ARN). Restore job events name it in `detail.sourceResourceArn`
 * (RestoreJob SourceResourceArn), which a backup job event does not carry.
 */
export const jobEventResourceFields = {
    present: [["detail", "resourceArn"], ["resources"]],
    absentFromBackupJobs: [["detail", "sourceResourceArn"]],
} as const;

/**
 * Backup vault notification events AWS Backup lists only "for reference": they are deprecated and
 * "do not return statuses or notifications" (PutBackupVaultNotifications API reference). A vault
 * notification on BACKUP_JOB_FAILED therefore never fires; failures are watched through EventBridge
 * job state changes instead.
 */
export const deprecatedVaultEvents = [
    "BACKUP_JOB_SUCCESSFUL",
    "BACKUP_JOB_FAILED",
    "BACKUP_JOB_EXPIRED",
    "RESTORE_JOB_SUCCESSFUL",
    "RESTORE_JOB_FAILED",
    "BACKUP_PLAN_CREATED",
    "BACKUP_PLAN_MODIFIED",
] as const;

/**
 * Where backups go when they leave home. A copy action's destination is a backup vault ARN,
 * arn:<partition>:backup:<region>:<account>:backup-vault:<name> (AWS Backup API reference,
 * CopyAction.DestinationBackupVaultArn); an account ID is 12 digits.
 * An aws.rds.InstanceAutomatedBackupsReplication is created in the destination region (its own
 * `region`, else its provider's: StartDBInstanceAutomatedBackupsReplication is called there) and its
 * `id` is the ARN of the replicated backups in that region (arn:...:rds:<region>:<account>:auto-backup:ab-...).
 */
export const backupVaultArnPrefix = "backup-vault:";
export const accountIdPattern = /^\d{12}$/;
