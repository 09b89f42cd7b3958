// The health check's CloudWatch metrics. The namespace, the result metric and the dimension are
// the contract's (the component's alarm and the monitoring policy read them there too); the latency
// metric is the probe's own.
export { healthCheckDimension, healthCheckNamespace, healthCheckSucceededMetric } from "../../../contract/health-check";

/** Connect + TLS + login + `SELECT 1`, in ms; published only when the probe succeeded. Unit Milliseconds. */
export const healthCheckLatencyMetric = "HealthCheckLatency";
