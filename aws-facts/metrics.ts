// CloudWatch metrics the pack expects alarms on, per kind of database, and the metrics a health
// probe publishes. Sources: "Amazon CloudWatch metrics for Amazon RDS" (RDS User Guide) and
// "Amazon CloudWatch metrics for Amazon Aurora" (Aurora User Guide), "CloudWatch metrics published
// by canaries" (CloudWatch User Guide).

/** The namespace of RDS and Aurora metrics. */
export const rdsNamespace = "AWS/RDS";

/** The alarm dimensions that name a database in AWS/RDS. */
export const rdsDimensions = {
    instance: "DBInstanceIdentifier",
    cluster: "DBClusterIdentifier",
} as const;

/**
 * Core metrics of an RDS instance (and of a Multi-AZ DB cluster, whose instances are RDS
 * instances with their own EBS storage): storage, connections, CPU and memory.
 */
export const rdsInstanceCoreMetrics = ["FreeStorageSpace", "DatabaseConnections", "CPUUtilization", "FreeableMemory"] as const;

/**
 * Core metrics of an Aurora cluster. Aurora publishes no FreeStorageSpace: its cluster volume grows
 * by itself (up to 128 TiB); what can fill up is each instance's local storage (temporary tables,
 * logs), published as FreeLocalStorage. Instance metrics are also published aggregated by
 * DBClusterIdentifier, so one alarm per metric on the cluster covers its instances.
 */
export const auroraCoreMetrics = ["FreeLocalStorage", "DatabaseConnections", "CPUUtilization", "FreeableMemory"] as const;

/** How far an RDS read replica is behind its source, in seconds (dimension: the replica's DBInstanceIdentifier). */
export const replicaLagMetric = "ReplicaLag";

/**
 * How far Aurora readers are behind the writer, in milliseconds; published per reader instance
 * (DBInstanceIdentifier) and aggregated by DBClusterIdentifier.
 */
export const auroraReplicaLagMetric = "AuroraReplicaLag";

/** The metrics CloudWatch Synthetics canaries publish for every run (dimension CanaryName). */
export const canaryMetrics = {
    namespace: "CloudWatchSynthetics",
    /** Percentage of runs that passed, and number of failed runs. */
    resultMetrics: ["SuccessPercent", "Failed"],
    dimension: "CanaryName",
} as const;

/** The dimension AWS/Lambda metrics use to name a function. */
export const lambdaFunctionDimension = "FunctionName";

/**
 * CloudWatch alarms' treatMissingData (PutMetricAlarm TreatMissingData): AWS's default is "missing" (the alarm keeps its state, and
 * goes to INSUFFICIENT_DATA), so a probe that stops reporting raises nothing unless set to "breaching".
 */
export const treatMissingDataDefault = "missing";
