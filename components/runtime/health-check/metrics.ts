// The health check's CloudWatch metrics. The component's alarm and the monitoring policy read these
// names from here, so the three never drift apart.

export const healthCheckNamespace = "DbPreflight/HealthCheck";

/** 1 when the probe logged in and `SELECT 1` answered (also when slow), else 0. Unit Count. */
export const healthCheckSucceededMetric = "HealthCheckSucceeded";

/** Connect + TLS + login + `SELECT 1`, in ms; published only when the probe succeeded. Unit Milliseconds. */
export const healthCheckLatencyMetric = "HealthCheckLatency";

/** The one dimension of both metrics; its value is the DB_IDENTIFIER env var (the RDS instance or cluster identifier). */
export const healthCheckDimension = "DatabaseIdentifier";
