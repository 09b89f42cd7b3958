export { dbBackupRetention } from "./db-backup-retention";
export { dbDeletionProtection } from "./db-deletion-protection";
