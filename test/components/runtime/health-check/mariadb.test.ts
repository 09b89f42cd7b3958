// The health-check handler against the real local MariaDB (password auth is real here), with
// Secrets Manager and CloudWatch faked. The local server has TLS disabled, so TLS is proven only
// as a refusal: a probe that requires TLS fails as "tls" rather than falling back to plain text.
import { healthCheckEnvironment, HealthCheckSettings } from "../../../../components/runtime/health-check/config";
import { createHealthCheckHandler, HealthCheckResult } from "../../../../components/runtime/health-check/handler";
import { healthCheckLatencyMetric, healthCheckSucceededMetric } from "../../../../components/runtime/health-check/metrics";
import { FakeMetricsSink, FakeSecretsStore } from "../support/fakes";
import { MariadbFixture, mariadbFixture, mariadbServer } from "../support/servers";
import { closedPort, delayingProxy, silentServer } from "../support/tcp";

const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-health";

let fx: MariadbFixture;
let database: string;

beforeAll(async () => {
    fx = await mariadbFixture();
    database = await fx.createDatabase("health");
});
afterAll(() => fx?.cleanup());

async function run(overrides: Partial<HealthCheckSettings> = {}, password = fx.master.password): Promise<{ result: HealthCheckResult; metrics: FakeMetricsSink; ms: number }> {
    const secrets = new FakeSecretsStore();
    secrets.create(secretArn, { username: fx.master.username, password });
    const metrics = new FakeMetricsSink();
    const env = healthCheckEnvironment({
        engine: "mariadb",
        host: mariadbServer.host,
        port: mariadbServer.port,
        database,
        secretArn,
        identifier: "orders-db",
        probeTimeoutMs: 3000,
        tls: { mode: "disable" },
        ...overrides,
    });
    const handler = createHealthCheckHandler({ secrets, metrics, env, log: () => undefined });
    const start = Date.now();
    const result = await handler();
    return { result, metrics, ms: Date.now() - start };
}

describe("health check on MariaDB", () => {
    it("succeeds on a live server (SET STATEMENT max_statement_time FOR SELECT 1) and publishes both metrics", async () => {
        const { result, metrics } = await run();
        expect(result).toMatchObject({ status: "ok", success: true });
        expect(metrics.published[0].data.map((d) => d.name)).toEqual([healthCheckSucceededMetric, healthCheckLatencyMetric]);
    });

    it("succeeds with the MySQL spelling of the statement limit (optimizer hint, a comment to MariaDB)", async () => {
        const { result } = await run({ engine: "aurora-mysql" });
        expect(result.status).toBe("ok");
    });

    it("fails as auth on a wrong password", async () => {
        const { result, metrics } = await run({}, "not-the-password");
        expect(result.failure).toMatchObject({ mode: "auth", stage: "connect", code: "ER_ACCESS_DENIED_ERROR" });
        expect(metrics.published[0].data.map((d) => [d.name, d.value])).toEqual([[healthCheckSucceededMetric, 0]]);
    });

    it("fails as tls when TLS is required and the server does not offer it (no silent plain-text fallback)", async () => {
        const { result } = await run({ tls: { mode: "require" } });
        expect(result.failure).toMatchObject({ mode: "tls", code: "HANDSHAKE_NO_SSL_SUPPORT" });
    });

    it("fails as refused on a port nobody listens on", async () => {
        const { result } = await run({ port: await closedPort() });
        expect(result.failure).toMatchObject({ mode: "refused", code: "ECONNREFUSED" });
    });

    it("fails as dns on a host name that does not resolve", async () => {
        const { result } = await run({ host: "db.invalid" });
        expect(result.failure).toMatchObject({ mode: "dns", code: "ENOTFOUND" });
    });

    it("fails as timeout, within the deadline, on a server that accepts TCP and never answers", async () => {
        const server = await silentServer();
        try {
            const { result, ms } = await run({ port: server.port, probeTimeoutMs: 400 });
            expect(result.failure).toMatchObject({ mode: "timeout", stage: "connect" });
            expect(ms).toBeLessThan(400 + 300);
        } finally {
            await server.close();
        }
    });

    it("reports slow when SELECT 1 answers later than SLOW_QUERY_MS", async () => {
        const proxy = await delayingProxy(mariadbServer.port, 150);
        try {
            const { result } = await run({ port: proxy.port, slowQueryMs: 100, probeTimeoutMs: 5000 });
            expect(result).toMatchObject({ status: "slow", success: true });
        } finally {
            await proxy.close();
        }
    });
});
