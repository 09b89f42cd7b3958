// Amazon Neptune facts the pack relies on, written down once with their sources.
// Sources: Amazon Neptune User Guide ("Encrypting connections to your Amazon Neptune database with
// SSL/HTTPS": since engine 1.0.4.0 endpoints accept only HTTPS; "Neptune parameters":
// neptune_enforce_ssl, neptune_enable_audit_log; "Publishing Neptune logs to CloudWatch Logs";
// "Enabling IAM database authentication") and the @pulumi/aws v7 docs of aws.neptune.*.

/** Pulumi type tokens. */
export const neptuneTypes = {
    cluster: "aws:neptune/cluster:Cluster",
    clusterInstance: "aws:neptune/clusterInstance:ClusterInstance",
    clusterParameterGroup: "aws:neptune/clusterParameterGroup:ClusterParameterGroup",
} as const;

/** What Neptune does when a property is unset (the provider docs say the same). */
export const neptuneDefaults = {
    /** "Days to retain backups for. Default 1". */
    backupRetentionPeriod: 1,
    storageEncrypted: false,
    deletionProtection: false,
    skipFinalSnapshot: false,
    copyTagsToSnapshot: false,
    iamDatabaseAuthenticationEnabled: false,
    autoMinorVersionUpgrade: true,
    /** aws.neptune.ClusterInstance: "Default is false". */
    publiclyAccessible: false,
} as const;

/** The audit trail export (`slowquery` is optional and left to the user). */
export const neptuneLogExports = ["audit"] as const;

/**
 * Cluster parameters. `neptune_enforce_ssl` is 1 by default and engine 1.0.4.0+ refuses plain HTTP
 * whatever it says, so only an explicit 0 is a finding. `neptune_enable_audit_log` is 0 by default:
 * the `audit` export stays empty until it is 1.
 */
export const neptuneParameters = {
    enforceSsl: { name: "neptune_enforce_ssl", default: "1", offValues: ["0"], onValue: "1" },
    auditLog: { name: "neptune_enable_audit_log", default: "0", offValues: ["0"], onValue: "1" },
} as const;

/**
 * CloudWatch metrics a Neptune cluster needs alarms on (namespace AWS/Neptune, by DBClusterIdentifier;
 * "Monitoring Neptune using Amazon CloudWatch"): Neptune has no connection count; a growing request
 * queue (MainRequestQueuePendingRequests) is what precedes throttled queries.
 */
export const neptuneAlarmMetrics = {
    namespace: "AWS/Neptune",
    dimension: "DBClusterIdentifier",
    metrics: ["FreeLocalStorage", "MainRequestQueuePendingRequests", "CPUUtilization", "FreeableMemory"],
} as const;

/** Event notifications: aws.neptune.EventSubscription, with the same rules and cluster categories as DocumentDB. */
export const neptuneEvents = {
    subscriptionType: "aws:neptune/eventSubscription:EventSubscription",
    sourceType: "db-cluster",
    categories: ["failure", "failover"],
} as const;
