// Amazon DynamoDB facts the pack judges tables by, written once. Sources: DynamoDB API Reference
// (CreateTable, UpdateContinuousBackups, PointInTimeRecoverySpecification, SSESpecification),
// DynamoDB Developer Guide ("Encryption at rest", "Point-in-time recovery", "Managing throughput
// capacity automatically with DynamoDB auto scaling", "DynamoDB metrics and dimensions"), and the
// @pulumi/aws v7 aws.dynamodb.Table documentation.

/** What DynamoDB does when a table property is not set. */
export const dynamodbDefaults = {
    /** CreateTable BillingMode: PROVISIONED unless PAY_PER_REQUEST is asked for (the provider says the same). */
    billingMode: "PROVISIONED",
    /** Point-in-time recovery is off until UpdateContinuousBackups turns it on. */
    pointInTimeRecoveryEnabled: false,
    /** RecoveryPeriodInDays when PITR is on and no period is given: the full 35 days. */
    pointInTimeRecoveryPeriodDays: 35,
    deletionProtectionEnabled: false,
    /**
     * Every table is encrypted at rest. SSESpecification unset or enabled false: an AWS owned key;
     * enabled true without a key ARN: the AWS managed key alias/aws/dynamodb.
     */
    alwaysEncryptedAtRest: true,
} as const;

/** Point-in-time recovery periods DynamoDB accepts, in days. */
export const pointInTimeRecoveryRange = { min: 1, max: 35 } as const;

export const billingModes = { provisioned: "PROVISIONED", onDemand: "PAY_PER_REQUEST" } as const;

/** Application Auto Scaling names for DynamoDB capacity: resourceId `table/<name>` or `table/<name>/index/<index>`. */
export const dynamodbAutoScaling = {
    serviceNamespace: "dynamodb",
    tableDimensions: { read: "dynamodb:table:ReadCapacityUnits", write: "dynamodb:table:WriteCapacityUnits" },
    indexDimensions: { read: "dynamodb:index:ReadCapacityUnits", write: "dynamodb:index:WriteCapacityUnits" },
} as const;

/**
 * CloudWatch: namespace AWS/DynamoDB, dimension TableName. Each requirement is met by an alarm on
 * any one of its metrics: throttling (ThrottledRequests, per operation, or the per-table
 * Read/WriteThrottleEvents) and SystemErrors (server-side failures, per operation).
 */
export const dynamodbMetrics = {
    namespace: "AWS/DynamoDB",
    dimension: "TableName",
    required: [["ThrottledRequests", "ReadThrottleEvents", "WriteThrottleEvents"], ["SystemErrors"]] as readonly (readonly string[])[],
} as const;
