// The health-check Lambda: probe, log one JSON line, publish the two metrics. Dependencies come in
// as interfaces so tests run the probe against real servers and AWS against fakes.
import { MetricDatum, MetricsSink, SecretsReader, cachingSecretsReader } from "../aws";
import { HealthCheckConfig, parseHealthCheckEnv } from "./config";
import { healthCheckDimension, healthCheckLatencyMetric, healthCheckNamespace, healthCheckSucceededMetric } from "./metrics";
import { ProbeResult, probe } from "./probe";

export interface HealthCheckDeps {
    secrets: SecretsReader;
    metrics: MetricsSink;
    env?: Record<string, string | undefined>;
    log?: (line: string) => void;
    now?: () => Date;
}

export interface HealthCheckResult extends ProbeResult {
    identifier: string;
}

/** The metrics a probe result publishes: success always, latency only when the database answered. */
export function metricsFor(identifier: string, result: ProbeResult, timestamp: Date): MetricDatum[] {
    const dimensions = { [healthCheckDimension]: identifier };
    const data: MetricDatum[] = [{ name: healthCheckSucceededMetric, value: result.success ? 1 : 0, unit: "Count", dimensions, timestamp }];
    if (result.latencyMs !== undefined) data.push({ name: healthCheckLatencyMetric, value: result.latencyMs, unit: "Milliseconds", dimensions, timestamp });
    return data;
}

/** One structured log line; never the credentials. */
export function logLine(config: HealthCheckConfig, result: ProbeResult, timestamp: Date): string {
    return JSON.stringify({
        level: result.status === "ok" ? "info" : result.status === "slow" ? "warn" : "error",
        msg: result.status === "failed" ? `health check failed: ${result.failure?.mode}` : `health check ${result.status}`,
        time: timestamp.toISOString(),
        identifier: config.identifier,
        engine: config.engine,
        host: config.host,
        port: config.port,
        database: config.database,
        tls: config.tls.mode,
        probeTimeoutMs: config.probeTimeoutMs,
        slowQueryMs: config.slowQueryMs,
        ...result,
    });
}

/**
 * The handler. Secrets are cached for the life of the handler (warm invocations); a failed probe
 * still returns normally (the metric reports it); only a misconfiguration or a failure to publish
 * metrics throws, so Lambda's own Errors metric catches the health check being blind.
 */
export function createHealthCheckHandler(deps: HealthCheckDeps): () => Promise<HealthCheckResult> {
    const secrets = cachingSecretsReader(deps.secrets);
    const log = deps.log ?? ((line: string) => console.log(line));
    const now = deps.now ?? (() => new Date());
    return async () => {
        const config = parseHealthCheckEnv(deps.env ?? process.env);
        const result = await probe(config, secrets);
        const timestamp = now();
        log(logLine(config, result, timestamp));
        await deps.metrics.putMetrics(healthCheckNamespace, metricsFor(config.identifier, result, timestamp));
        return { identifier: config.identifier, ...result };
    };
}
