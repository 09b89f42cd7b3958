// Capacity and availability facts for the config policies. Sources: RDS User Guide ("Maximum
// number of database connections", "Working with parameter groups: DB parameter values" for
// formulas, "Managing capacity automatically with Amazon RDS storage autoscaling", "Maintaining a
// DB instance: the maintenance window", "Multi-AZ DB cluster deployments"), Aurora User Guide
// ("Using Aurora Serverless v1").

/** The parameter that caps client connections (same name on every engine RDS runs). */
export const maxConnectionsParameter = "max_connections";

/**
 * A parameter value RDS computes when the instance starts: a formula such as
 * `{DBInstanceClassMemory/9531392}` or `LEAST({DBInstanceClassMemory/9531392},5000)`. Variables
 * are in braces; functions are GREATEST, LEAST, SUM, IF, log.
 */
export function isParameterFormula(value: string): boolean {
    return /[{}]/.test(value) || /^\s*(GREATEST|LEAST|SUM|IF|log)\s*\(/i.test(value);
}

/**
 * What RDS does with no maintenance window: it assigns a random 30-minute window from an 8-hour
 * block of time for the region, which may fall in business hours.
 */
export const unsetMaintenanceWindow = "RDS assigns a random 30-minute window from an 8-hour regional block";

/**
 * Aurora Serverless v1 (engineMode "serverless"): runs in one AZ and fails over to another by
 * itself, so it is Multi-AZ by design; it supports no Performance Insights.
 */
export const auroraServerlessV1EngineMode = "serverless";

/**
 * A Multi-AZ DB cluster (aws.rds.Cluster with a non-Aurora engine and dbClusterInstanceClass)
 * always runs one writer and two readable standbys in three Availability Zones: Multi-AZ by design.
 */
export function isMultiAzDbCluster(engineFamily: string | undefined): boolean {
    return engineFamily !== undefined && !engineFamily.startsWith("aurora");
}
