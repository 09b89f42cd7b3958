// CloudWatch Logs facts for RDS log exports. Sources: "Publishing database logs to Amazon
// CloudWatch Logs" (RDS and Aurora User Guides) and the CloudWatch Logs PutRetentionPolicy API.

/**
 * The log group RDS writes an exported log type to. AWS fixes these names; RDS creates the group
 * itself, with no retention (events never expire), unless it already exists. RDS identifiers are
 * stored lowercase, so the names are too.
 */
export function rdsLogGroupName(kind: "instance" | "cluster", identifier: string, logType: string): string {
    return `/aws/rds/${kind}/${identifier.toLowerCase()}/${logType}`;
}

/** Retention values CloudWatch Logs accepts, in days; unset or 0 means never expire. */
export const logRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
