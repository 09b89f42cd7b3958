// The health check's result and log line never hold the password, even when the server's error
// quotes it: here the login name and the password are the same string, and PostgreSQL's refusal
// ("role ... does not exist") names the login. The failure keeps its mode and SQLSTATE.
import { healthCheckEnvironment } from "../../../../components/runtime/health-check/config";
import { createHealthCheckHandler } from "../../../../components/runtime/health-check/handler";
import { FakeMetricsSink, FakeSecretsStore } from "../support/fakes";
import { pgServer } from "../support/servers";
import { randomBytes } from "crypto";

const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-health";

it("a server error quoting the password reaches neither the result nor the log line", async () => {
    const password = `dbp_leak${randomBytes(6).toString("hex")}`;
    const secrets = new FakeSecretsStore();
    secrets.create(secretArn, { username: password, password });
    const logs: string[] = [];
    const env = healthCheckEnvironment({
        engine: "postgres",
        host: pgServer.host,
        port: pgServer.port,
        database: "postgres",
        secretArn,
        identifier: "orders-db",
        probeTimeoutMs: 3000,
        tls: { mode: "disable" },
    });
    const handler = createHealthCheckHandler({ secrets, metrics: new FakeMetricsSink(), env, log: (line) => logs.push(line) });
    const result = await handler();
    expect(result.failure).toMatchObject({ mode: "auth", stage: "connect", code: "28000" });
    expect(result.failure!.message).toMatch(/role "<redacted>" does not exist/);
    expect(JSON.stringify(result) + logs.join("\n")).not.toContain(password);
});
