// The health-check Lambda's environment: names, parsing (zod) and a builder the component uses, so
// both sides spell every variable the same way.
import { z } from "zod";
import { RuntimeEngine, TlsSettings, assertTlsAllowed, runtimeEngines, tlsEnvironment, tlsEnvSchema, tlsEnvVars } from "../database";

export const healthCheckEnvVars = {
    engine: "DB_ENGINE",
    host: "DB_HOST",
    port: "DB_PORT",
    database: "DB_NAME",
    secretArn: "DB_SECRET_ARN",
    identifier: "DB_IDENTIFIER",
    probeTimeoutMs: "PROBE_TIMEOUT_MS",
    slowQueryMs: "SLOW_QUERY_MS",
    tls: tlsEnvVars.mode,
    tlsCaFile: tlsEnvVars.caFile,
} as const;

export const defaultProbeTimeoutMs = 5000;
export const defaultSlowQueryMs = 1000;

const positiveInt = (name: string) =>
    z
        .string()
        .regex(/^[1-9][0-9]*$/, `${name} must be a positive whole number of milliseconds`)
        .transform(Number);

export const healthCheckEnvSchema = z
    .object({
        DB_ENGINE: z.enum(runtimeEngines),
        DB_HOST: z.string().min(1),
        DB_PORT: z
            .string()
            .regex(/^[0-9]{1,5}$/, "DB_PORT must be a port number")
            .transform(Number)
            .refine((p) => p >= 1 && p <= 65535, "DB_PORT must be 1-65535"),
        DB_NAME: z.string().min(1),
        DB_SECRET_ARN: z.string().min(1),
        DB_IDENTIFIER: z.string().min(1),
        PROBE_TIMEOUT_MS: positiveInt("PROBE_TIMEOUT_MS").default(defaultProbeTimeoutMs),
        SLOW_QUERY_MS: positiveInt("SLOW_QUERY_MS").default(defaultSlowQueryMs),
    })
    .extend(tlsEnvSchema.shape);

export interface HealthCheckConfig {
    engine: RuntimeEngine;
    host: string;
    port: number;
    database: string;
    secretArn: string;
    identifier: string;
    probeTimeoutMs: number;
    slowQueryMs: number;
    tls: TlsSettings;
}

/** The configuration from the Lambda environment; the error lists every bad variable. */
export function parseHealthCheckEnv(env: Record<string, string | undefined>): HealthCheckConfig {
    const parsed = healthCheckEnvSchema.safeParse(env);
    if (!parsed.success) throw new Error(`health check misconfigured:\n${z.prettifyError(parsed.error)}`);
    const e = parsed.data;
    assertTlsAllowed(e.DB_TLS, env);
    return {
        engine: e.DB_ENGINE,
        host: e.DB_HOST,
        port: e.DB_PORT,
        database: e.DB_NAME,
        secretArn: e.DB_SECRET_ARN,
        identifier: e.DB_IDENTIFIER,
        probeTimeoutMs: e.PROBE_TIMEOUT_MS,
        slowQueryMs: e.SLOW_QUERY_MS,
        tls: { mode: e.DB_TLS, caFile: e.DB_TLS_CA_FILE },
    };
}

export type HealthCheckSettings = Omit<HealthCheckConfig, "probeTimeoutMs" | "slowQueryMs" | "tls"> & Partial<Pick<HealthCheckConfig, "probeTimeoutMs" | "slowQueryMs" | "tls">>;

/**
 * The Lambda `environment.variables` for these settings. With TLS required and no CA file it also
 * sets NODE_EXTRA_CA_CERTS so Node trusts the RDS CAs the Lambda runtime ships.
 */
export function healthCheckEnvironment(settings: HealthCheckSettings): Record<string, string> {
    return {
        [healthCheckEnvVars.engine]: settings.engine,
        [healthCheckEnvVars.host]: settings.host,
        [healthCheckEnvVars.port]: String(settings.port),
        [healthCheckEnvVars.database]: settings.database,
        [healthCheckEnvVars.secretArn]: settings.secretArn,
        [healthCheckEnvVars.identifier]: settings.identifier,
        [healthCheckEnvVars.probeTimeoutMs]: String(settings.probeTimeoutMs ?? defaultProbeTimeoutMs),
        [healthCheckEnvVars.slowQueryMs]: String(settings.slowQueryMs ?? defaultSlowQueryMs),
        ...tlsEnvironment(settings.tls ?? { mode: "require" }),
    };
}
