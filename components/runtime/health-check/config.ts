// The health-check Lambda's environment: the database variables (database.ts) plus the endpoint to
// probe and its timings. Names, parsing (zod) and a builder the component uses, so both sides spell
// every variable the same way.
import { z } from "zod";
import { DatabaseEnv, databaseConfigOf, databaseEnvSchema, databaseEnvVars, databaseEnvironment } from "../database";

/** The probe's own variables (beside the database's), by the config field each fills. */
const probeEnvVars = { host: "DB_HOST", port: "DB_PORT", probeTimeoutMs: "PROBE_TIMEOUT_MS", slowQueryMs: "SLOW_QUERY_MS" } as const;

export const healthCheckEnvVars = { ...databaseEnvVars, ...probeEnvVars } as const;

export const defaultProbeTimeoutMs = 5000;
export const defaultSlowQueryMs = 1000;

const positiveInt = (name: string) =>
    z
        .string()
        .regex(/^[1-9][0-9]*$/, `${name} must be a positive whole number of milliseconds`)
        .transform(Number);

export const healthCheckEnvSchema = databaseEnvSchema({
    [probeEnvVars.host]: z.string().min(1),
    [probeEnvVars.port]: z
        .string()
        .regex(/^[0-9]{1,5}$/, "DB_PORT must be a port number")
        .transform(Number)
        .refine((p) => p >= 1 && p <= 65535, "DB_PORT must be 1-65535"),
    [probeEnvVars.probeTimeoutMs]: positiveInt(probeEnvVars.probeTimeoutMs).default(defaultProbeTimeoutMs),
    [probeEnvVars.slowQueryMs]: positiveInt(probeEnvVars.slowQueryMs).default(defaultSlowQueryMs),
});

export interface HealthCheckConfig extends DatabaseEnv {
    host: string;
    port: number;
    probeTimeoutMs: number;
    slowQueryMs: number;
}

/** The configuration from the Lambda environment; the error lists every bad variable. */
export function parseHealthCheckEnv(env: Record<string, string | undefined>): HealthCheckConfig {
    const parsed = healthCheckEnvSchema.safeParse(env);
    if (!parsed.success) throw new Error(`health check misconfigured:\n${z.prettifyError(parsed.error)}`);
    return databaseConfigOf(parsed.data, env, probeEnvVars);
}

export type HealthCheckSettings = Omit<HealthCheckConfig, "probeTimeoutMs" | "slowQueryMs" | "tls"> & Partial<Pick<HealthCheckConfig, "probeTimeoutMs" | "slowQueryMs" | "tls">>;

/**
 * The Lambda `environment.variables` for these settings. With TLS required and no CA file it also
 * sets NODE_EXTRA_CA_CERTS so Node trusts the RDS CAs the Lambda runtime ships.
 */
export function healthCheckEnvironment(settings: HealthCheckSettings): Record<string, string> {
    return databaseEnvironment(settings, {
        [probeEnvVars.host]: settings.host,
        [probeEnvVars.port]: String(settings.port),
        [probeEnvVars.probeTimeoutMs]: String(settings.probeTimeoutMs ?? defaultProbeTimeoutMs),
        [probeEnvVars.slowQueryMs]: String(settings.slowQueryMs ?? defaultSlowQueryMs),
    });
}
