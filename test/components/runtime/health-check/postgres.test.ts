// The health-check handler against the real local PostgreSQL (and TCP stand-ins for network
// failures), with Secrets Manager and CloudWatch faked. PostgreSQL here trusts every login from
// 127.0.0.1, so "auth" is provoked with a role that does not exist (SQLSTATE 28000), not a wrong password.
import { healthCheckEnvironment, HealthCheckSettings } from "../../../../components/runtime/health-check/config";
import { createHealthCheckHandler, HealthCheckResult } from "../../../../components/runtime/health-check/handler";
import { healthCheckDimension, healthCheckLatencyMetric, healthCheckNamespace, healthCheckSucceededMetric } from "../../../../components/runtime/health-check/metrics";
import { FakeMetricsSink, FakeSecretsStore } from "../support/fakes";
import { PgFixture, pgFixture, pgServer } from "../support/servers";
import { closedPort, delayingProxy, silentServer } from "../support/tcp";

const snakeoilCa = "/etc/ssl/certs/ssl-cert-snakeoil.pem";
const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-health";

let fx: PgFixture;
let database: string;

beforeAll(async () => {
    fx = await pgFixture();
    database = await fx.createDatabase("health");
});
afterAll(() => fx?.cleanup());

interface Run {
    result: HealthCheckResult;
    logs: Array<Record<string, unknown>>;
    metrics: FakeMetricsSink;
    secrets: FakeSecretsStore;
    ms: number;
}

async function run(overrides: Partial<HealthCheckSettings> = {}, username = fx.master.username): Promise<Run> {
    const secrets = new FakeSecretsStore();
    secrets.create(secretArn, { username, password: fx.master.password });
    const metrics = new FakeMetricsSink();
    const logs: Array<Record<string, unknown>> = [];
    const env = healthCheckEnvironment({
        engine: "postgres",
        host: pgServer.host,
        port: pgServer.port,
        database,
        secretArn,
        identifier: "orders-db",
        probeTimeoutMs: 3000,
        tls: { mode: "disable" },
        ...overrides,
    });
    const handler = createHealthCheckHandler({ secrets, metrics, env, log: (line) => logs.push(JSON.parse(line)) });
    const start = Date.now();
    const result = await handler();
    return { result, logs, metrics, secrets, ms: Date.now() - start };
}

describe("health check on PostgreSQL", () => {
    it("succeeds on a live server: status ok, both metrics published, one JSON log line", async () => {
        const { result, logs, metrics } = await run();
        expect(result).toMatchObject({ status: "ok", success: true, identifier: "orders-db" });
        expect(result.latencyMs).toBeGreaterThan(0);
        expect(metrics.published).toHaveLength(1);
        const [{ namespace, data }] = metrics.published;
        expect(namespace).toBe(healthCheckNamespace);
        expect(data.map((d) => [d.name, d.value, d.unit, d.dimensions])).toEqual([
            [healthCheckSucceededMetric, 1, "Count", { [healthCheckDimension]: "orders-db" }],
            [healthCheckLatencyMetric, result.latencyMs, "Milliseconds", { [healthCheckDimension]: "orders-db" }],
        ]);
        expect(logs).toHaveLength(1);
        expect(logs[0]).toMatchObject({ level: "info", status: "ok", identifier: "orders-db", engine: "postgres", tls: "disable" });
        expect(JSON.stringify(logs[0])).not.toContain(fx.master.password);
    });

    it("succeeds over verified TLS when the server certificate chains to the configured CA and names the host", async () => {
        const { result } = await run({ host: "localhost", tls: { mode: "require", caFile: snakeoilCa } });
        expect(result).toMatchObject({ status: "ok", success: true });
        expect(result.tlsProtocol).toMatch(/^TLSv1\.[23]$/);
    });

    it("fails as tls when TLS is required and the certificate is not trusted (self-signed, default trust store)", async () => {
        const { result, metrics } = await run({ host: "localhost", tls: { mode: "require" } });
        expect(result).toMatchObject({ status: "failed", success: false, failure: { mode: "tls", stage: "connect", code: "DEPTH_ZERO_SELF_SIGNED_CERT" } });
        expect(metrics.published[0].data.map((d) => [d.name, d.value])).toEqual([[healthCheckSucceededMetric, 0]]);
    });

    it("fails as tls when the certificate does not name the host it was reached at", async () => {
        const { result } = await run({ host: "127.0.0.1", tls: { mode: "require", caFile: snakeoilCa } });
        expect(result.failure).toMatchObject({ mode: "tls", code: "ERR_TLS_CERT_ALTNAME_INVALID" });
    });

    it("fails as refused on a port nobody listens on", async () => {
        const { result, logs } = await run({ port: await closedPort() });
        expect(result.failure).toMatchObject({ mode: "refused", stage: "connect", code: "ECONNREFUSED" });
        expect(logs[0]).toMatchObject({ level: "error", status: "failed", msg: "health check failed: refused" });
    });

    it("fails as auth when the login role does not exist", async () => {
        const { result } = await run({}, `${fx.prefix}_nobody`);
        expect(result.failure).toMatchObject({ mode: "auth", stage: "connect", code: "28000" });
    });

    it("fails as auth when the database does not exist", async () => {
        const { result } = await run({ database: `${fx.prefix}_missing` });
        expect(result.failure).toMatchObject({ mode: "auth", code: "3D000" });
    });

    it("fails as dns on a host name that does not resolve", async () => {
        const { result } = await run({ host: "db.invalid" });
        expect(result.failure).toMatchObject({ mode: "dns", stage: "connect", code: "ENOTFOUND" });
    });

    it("fails as timeout, within the deadline, on a server that accepts TCP and never answers", async () => {
        const server = await silentServer();
        try {
            for (const tls of [{ mode: "disable" as const }, { mode: "require" as const }]) {
                const { result, ms } = await run({ port: server.port, probeTimeoutMs: 400, tls });
                expect(result.failure).toMatchObject({ mode: "timeout", stage: "connect" });
                expect(ms).toBeGreaterThanOrEqual(390);
                expect(ms).toBeLessThan(400 + 300);
            }
        } finally {
            await server.close();
        }
    });

    it("reports slow (still a success, latency published) when SELECT 1 takes longer than SLOW_QUERY_MS", async () => {
        const proxy = await delayingProxy(pgServer.port, 150);
        try {
            const { result, logs, metrics } = await run({ port: proxy.port, slowQueryMs: 100, probeTimeoutMs: 5000 });
            expect(result).toMatchObject({ status: "slow", success: true });
            expect(result.queryMs).toBeGreaterThan(100);
            expect(logs[0]).toMatchObject({ level: "warn", status: "slow" });
            expect(metrics.published[0].data.map((d) => [d.name, d.value])).toEqual([
                [healthCheckSucceededMetric, 1],
                [healthCheckLatencyMetric, result.latencyMs],
            ]);
        } finally {
            await proxy.close();
        }
    });

    it("fails as secret (not auth) when the secret cannot be read", async () => {
        const secrets = new FakeSecretsStore();
        secrets.create(secretArn); // no value yet
        const env = healthCheckEnvironment({ engine: "postgres", host: pgServer.host, port: pgServer.port, database, secretArn, identifier: "x", tls: { mode: "disable" } });
        const handler = createHealthCheckHandler({ secrets, metrics: new FakeMetricsSink(), env, log: () => undefined });
        expect((await handler()).failure).toMatchObject({ mode: "secret", stage: "secret" });
    });

    it("caches the secret across warm invocations and re-reads it once when a cached login is refused", async () => {
        const before = `${fx.prefix}_probe_a`;
        const after = `${fx.prefix}_probe_b`;
        await fx.admin.query(`CREATE ROLE ${before} LOGIN`);
        const secrets = new FakeSecretsStore();
        secrets.create(secretArn, { username: before, password: "p" });
        const env = healthCheckEnvironment({ engine: "postgres", host: pgServer.host, port: pgServer.port, database, secretArn, identifier: "x", tls: { mode: "disable" } });
        const handler = createHealthCheckHandler({ secrets, metrics: new FakeMetricsSink(), env, log: () => undefined });
        const gets = () => secrets.calls.filter((c) => c.op === "get").length;

        expect(await handler()).toMatchObject({ status: "ok", secretRefreshed: false });
        expect(await handler()).toMatchObject({ status: "ok", secretRefreshed: false });
        expect(gets()).toBe(1);

        // The credentials change under the cache (as a rotation does): the cached login is refused
        // (auth), the secret is read again, and the probe succeeds within the same invocation.
        await fx.admin.query(`ALTER ROLE ${before} RENAME TO ${after}`);
        secrets.seed(secretArn, JSON.stringify({ username: after, password: "p" }));
        expect(await handler()).toMatchObject({ status: "ok", success: true, secretRefreshed: true });
        expect(gets()).toBe(2);
    });

    it("fails with a clear error, before probing, when the environment is incomplete", async () => {
        const handler = createHealthCheckHandler({ secrets: new FakeSecretsStore(), metrics: new FakeMetricsSink(), env: { DB_ENGINE: "oracle" } });
        await expect(handler()).rejects.toThrow(/health check misconfigured[\s\S]*DB_ENGINE[\s\S]*DB_HOST/);
    });
});
