// Amazon DocumentDB facts the pack relies on, written down once with their sources.
// Sources: Amazon DocumentDB Developer Guide ("Managing Amazon DocumentDB cluster parameter groups",
// "Encrypting data in transit", "Auditing Amazon DocumentDB events", "Profiling Amazon DocumentDB
// operations", "Password management with Amazon DocumentDB and AWS Secrets Manager") and the
// @pulumi/aws v7 docs of aws.docdb.Cluster / ClusterInstance / ClusterParameterGroup.

/** Pulumi type tokens. */
export const docdbTypes = {
    cluster: "aws:docdb/cluster:Cluster",
    clusterInstance: "aws:docdb/clusterInstance:ClusterInstance",
    clusterParameterGroup: "aws:docdb/clusterParameterGroup:ClusterParameterGroup",
} as const;

/** What CreateDBCluster / CreateDBInstance do when a property is unset (the provider docs say the same). */
export const docdbDefaults = {
    /** "The days to retain backups for. Default 1". */
    backupRetentionPeriod: 1,
    storageEncrypted: false,
    deletionProtection: false,
    skipFinalSnapshot: false,
    autoMinorVersionUpgrade: true,
    manageMasterUserPassword: false,
    enablePerformanceInsights: false,
} as const;

/** Log types a DocumentDB cluster exports to CloudWatch Logs: the audit trail and slow operations. */
export const docdbLogExports = ["audit", "profiler"] as const;

/**
 * Cluster parameters. `tls` is "enabled" in the default.docdb* groups and in a new custom group;
 * values that keep TLS on: enabled, fips-140-3, tls1.2+, tls1.3+; only "disabled" turns it off.
 * `audit_logs` is "disabled" by default: the `audit` log export stays empty until it is enabled.
 * It takes enabled (legacy, = ddl), ddl, dml_read, dml_write, all, none or disabled, alone or
 * comma-separated; only enabled, ddl and all record authentication and DDL events (dml_* alone
 * record only reads/writes).
 */
export const docdbParameters = {
    tls: { name: "tls", default: "enabled", offValues: ["disabled"], onValue: "enabled" },
    auditLogs: { name: "audit_logs", default: "disabled", recordingValues: ["enabled", "ddl", "all"], onValue: "enabled" },
} as const;

/** Properties that make a cluster take its master user from elsewhere (a snapshot, a global primary). */
export const docdbInheritedMasterUserProperties = ["snapshotIdentifier", "restoreToPointInTime", "globalClusterIdentifier"] as const;

/**
 * CloudWatch metrics a DocumentDB cluster needs alarms on (namespace AWS/DocDB, published per
 * instance and aggregated by DBClusterIdentifier; "Monitoring Amazon DocumentDB with CloudWatch"):
 * like Aurora, the cluster volume grows by itself, so local storage, connections, CPU and memory.
 */
export const docdbAlarmMetrics = {
    namespace: "AWS/DocDB",
    dimension: "DBClusterIdentifier",
    metrics: ["FreeLocalStorage", "DatabaseConnections", "CPUUtilization", "FreeableMemory"],
} as const;

/**
 * Event notifications: aws.docdb.EventSubscription (the RDS event system: no sourceType means every
 * source type, no sourceIds every source, no eventCategories every category). A cluster's events come
 * with source type db-cluster; "failure" and "failover" are the categories someone must see.
 */
export const docdbEvents = {
    subscriptionType: "aws:docdb/eventSubscription:EventSubscription",
    sourceType: "db-cluster",
    categories: ["failure", "failover"],
} as const;
