// The health check's result metric: the components' probe publishes it and their alarm watches it;
// db-health-check looks for an alarm on it by default, and `db-preflight verify` reads it.
// Kept free of imports: the probe's Lambda bundle includes this file.

export const healthCheckNamespace = "DbPreflight/HealthCheck";

/** 1 when the probe logged in and `SELECT 1` answered (also when slow), else 0. Unit Count. */
export const healthCheckSucceededMetric = "HealthCheckSucceeded";

/** The one dimension of the probe's metrics; its value is the RDS instance or cluster identifier. */
export const healthCheckDimension = "DatabaseIdentifier";
