export { dbBackupRetention } from "./db-backup-retention";
export { dbFinalSnapshot } from "./db-final-snapshot";
export { dbDeletionProtection } from "./db-deletion-protection";
export { dbBackupPlan } from "./db-backup-plan";
export { dbOffsiteCopy } from "./db-offsite-copy";
export { dbRestoreTested } from "./db-restore-tested";
export { dbBackupFailureAlert } from "./db-backup-failure-alert";
export { dbSnapshotTags } from "./db-snapshot-tags";
