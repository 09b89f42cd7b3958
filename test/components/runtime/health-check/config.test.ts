// The health-check environment: the builder the component uses and the parser the Lambda uses agree,
// defaults are the documented ones, and a bad variable is reported by name.
import { lambdaCaEnvironment, tlsEnvironment, tlsFromEnv } from "../../../../components/runtime/database";
import { defaultProbeTimeoutMs, defaultSlowQueryMs, healthCheckEnvVars, healthCheckEnvironment, parseHealthCheckEnv } from "../../../../components/runtime/health-check/config";

const settings = {
    engine: "aurora-postgresql" as const,
    host: "orders.cluster-abc.eu-west-1.rds.amazonaws.com",
    port: 5432,
    database: "orders",
    secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1",
    identifier: "orders",
};

describe("health-check environment", () => {
    it("round-trips: what the component sets is what the Lambda reads, with production defaults", () => {
        const env = healthCheckEnvironment(settings);
        expect(env).toEqual({
            DB_ENGINE: "aurora-postgresql",
            DB_HOST: settings.host,
            DB_PORT: "5432",
            DB_NAME: "orders",
            DB_SECRET_ARN: settings.secretArn,
            DB_IDENTIFIER: "orders",
            PROBE_TIMEOUT_MS: "5000",
            SLOW_QUERY_MS: "1000",
            DB_TLS: "require",
            NODE_EXTRA_CA_CERTS: lambdaCaEnvironment.NODE_EXTRA_CA_CERTS,
        });
        expect(parseHealthCheckEnv(env)).toEqual({ ...settings, probeTimeoutMs: defaultProbeTimeoutMs, slowQueryMs: defaultSlowQueryMs, tls: { mode: "require" } });
        expect(Object.values(healthCheckEnvVars).sort()).toEqual(
            expect.arrayContaining(
                Object.keys(env)
                    .filter((k) => k !== "NODE_EXTRA_CA_CERTS")
                    .sort(),
            ),
        );
    });

    it("defaults PROBE_TIMEOUT_MS to 5000, SLOW_QUERY_MS to 1000 and DB_TLS to require when unset", () => {
        const { PROBE_TIMEOUT_MS, SLOW_QUERY_MS, DB_TLS, ...rest } = healthCheckEnvironment(settings);
        void [PROBE_TIMEOUT_MS, SLOW_QUERY_MS, DB_TLS];
        expect(parseHealthCheckEnv(rest)).toMatchObject({ probeTimeoutMs: 5000, slowQueryMs: 1000, tls: { mode: "require" } });
    });

    it("with a CA file, trusts that file instead of pointing NODE_EXTRA_CA_CERTS at the runtime's bundle", () => {
        expect(tlsEnvironment({ mode: "require", caFile: "/var/task/rds-global-bundle.pem" })).toEqual({ DB_TLS: "require", DB_TLS_CA_FILE: "/var/task/rds-global-bundle.pem" });
        expect(tlsEnvironment({ mode: "disable" })).toEqual({ DB_TLS: "disable" });
        expect(tlsFromEnv({ DB_TLS: "disable" })).toEqual({ mode: "disable" });
    });

    it("names every bad variable, and refuses a TLS mode other than require/disable", () => {
        expect(() => parseHealthCheckEnv({ ...healthCheckEnvironment(settings), DB_PORT: "54x", PROBE_TIMEOUT_MS: "0", DB_ENGINE: "oracle-ee" })).toThrow(
            /DB_ENGINE[\s\S]*DB_PORT must be a port number[\s\S]*PROBE_TIMEOUT_MS must be a positive whole number/,
        );
        expect(() => parseHealthCheckEnv({ ...healthCheckEnvironment(settings), DB_TLS: "prefer" })).toThrow(/DB_TLS/);
        expect(() => tlsFromEnv({ DB_TLS: "allow" })).toThrow(/want DB_TLS=require\|disable/);
    });

    it("refuses DB_TLS=disable inside Lambda: plain text is for local test servers only", () => {
        const env = { ...healthCheckEnvironment({ ...settings, tls: { mode: "disable" } }), AWS_LAMBDA_FUNCTION_NAME: "orders-health-check" };
        expect(() => parseHealthCheckEnv(env)).toThrow("DB_TLS=disable is for local tests only; Lambda function orders-health-check must connect with TLS");
        expect(() => tlsFromEnv({ DB_TLS: "disable", AWS_LAMBDA_FUNCTION_NAME: "orders-app-users" })).toThrow(/for local tests only/);
        expect(parseHealthCheckEnv({ ...env, DB_TLS: "require" }).tls.mode).toBe("require");
    });
});
