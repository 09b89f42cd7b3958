// Amazon Redshift (provisioned and Serverless) facts the pack relies on, written down once with their
// sources. Sources: Amazon Redshift Management Guide ("Configuring security options for
// connections": "By default, cluster databases accept a connection whether it uses SSL or not";
// "Database audit logging": enable_user_activity_logging; "Enhanced VPC routing"; "Amazon Redshift
// Serverless: managing usage limits, workgroups and namespaces"), the CreateCluster API reference,
// and the @pulumi/aws v7 docs of aws.redshift.* and aws.redshiftserverless.*.

/** Pulumi type tokens. */
export const redshiftTypes = {
    cluster: "aws:redshift/cluster:Cluster",
    parameterGroup: "aws:redshift/parameterGroup:ParameterGroup",
    logging: "aws:redshift/logging:Logging",
    workgroup: "aws:redshiftserverless/workgroup:Workgroup",
    namespace: "aws:redshiftserverless/namespace:Namespace",
} as const;

/** What Redshift does when a property of aws.redshift.Cluster is unset (provider docs and CreateCluster). */
export const redshiftDefaults = {
    /** "Default is 1"; 0 turns automated snapshots off. Range 0-35. */
    automatedSnapshotRetentionPeriod: 1,
    /** In @pulumi/aws v7 `encrypted` is a string; unset means "true" (Redshift encrypts new clusters by default). */
    encrypted: "true",
    publiclyAccessible: false,
    skipFinalSnapshot: false,
    /** Major and minor engine upgrades in the maintenance window: "Default is true". */
    allowVersionUpgrade: true,
    enhancedVpcRouting: false,
    multiAz: false,
    manageMasterPassword: false,
} as const;

/** What Redshift Serverless does when a property is unset. */
export const redshiftServerlessDefaults = {
    publiclyAccessible: false,
    enhancedVpcRouting: false,
    manageAdminPassword: false,
} as const;

/**
 * The first database Redshift creates when a cluster's databaseName or a Serverless namespace's
 * dbName is unset (CreateCluster DBName, CreateNamespace dbName); refused for production
 * (CKV_AWS_320 does the same).
 */
export const redshiftDefaultDatabaseName = "dev";

/**
 * Parameters (cluster parameter group, or a Serverless workgroup's configParameters). Booleans are
 * the strings "true"/"false". `require_ssl` is false in the default group; `enable_user_activity_logging`
 * is false by default, so the user activity log (every query) is not written until it is true.
 */
export const redshiftParameters = {
    requireSsl: { name: "require_ssl", default: "false", onValue: "true" },
    userActivityLogging: { name: "enable_user_activity_logging", default: "false", onValue: "true" },
} as const;

/** Audit log types (aws.redshift.Logging logExports, Serverless namespace logExports). */
export const redshiftLogExports = ["connectionlog", "userlog", "useractivitylog"] as const;

/** Properties that make a cluster take its master user from a snapshot. */
export const redshiftInheritedMasterUserProperties = ["snapshotIdentifier", "snapshotArn"] as const;

/**
 * CloudWatch metrics a Redshift cluster needs alarms on (namespace AWS/Redshift, dimension
 * ClusterIdentifier; "Amazon Redshift performance data"): disk full stops loads and queries,
 * HealthStatus is 0 when the cluster stops answering, plus CPU and connections.
 */
export const redshiftAlarmMetrics = {
    namespace: "AWS/Redshift",
    dimension: "ClusterIdentifier",
    metrics: ["PercentageDiskSpaceUsed", "HealthStatus", "CPUUtilization", "DatabaseConnections"],
} as const;

/**
 * Event notifications: aws.redshift.EventSubscription (no sourceType: every source type; no sourceIds:
 * every source; no eventCategories: every category). Cluster events have source type "cluster";
 * node failures and cluster health events are in the "monitoring" category ("Amazon Redshift event
 * categories and event messages").
 */
export const redshiftEvents = {
    subscriptionType: "aws:redshift/eventSubscription:EventSubscription",
    sourceType: "cluster",
    categories: ["monitoring"],
} as const;
