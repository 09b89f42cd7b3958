// The Lambda code the component deploys: what bundle.ts builds, and the built file itself run in a
// fresh Node process (as Lambda would: only the AWS SDK outside the bundle) with the real SDK
// clients talking to a local stand-in of Secrets Manager and CloudWatch, against the real servers.
import { spawn } from "child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "fs";
import { builtinModules } from "module";
import * as mysql from "mysql2/promise";
import { tmpdir } from "os";
import * as path from "path";
import { rotationSteps } from "../../../components/runtime/app-users/rotation";
import { RuntimeFunction, lambdaCode, lambdaHandler, lambdaRuntime } from "../../../components/runtime/bundle";
import { tlsEnvironment } from "../../../components/runtime/database";
import { healthCheckEnvironment } from "../../../components/runtime/health-check/config";
import { healthCheckNamespace } from "../../../components/runtime/health-check/metrics";
import { fakeAwsEndpoint, FakeAwsEndpoint } from "./support/aws-endpoint";
import { FakeSecretsStore } from "./support/fakes";
import { mariadbFixture, mariadbServer, pgFixture, pgServer } from "./support/servers";

const repoNodeModules = path.join(__dirname, "..", "..", "..", "node_modules");
let dir: string;

beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "dbp-bundle-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the bundle as index.js and invokes index.handler once per event, in one fresh Node process. */
function invokeBundle(fn: RuntimeFunction, events: unknown[], env: Record<string, string>): Promise<unknown[]> {
    const fnDir = path.join(dir, fn);
    mkdirSync(fnDir, { recursive: true });
    writeFileSync(path.join(fnDir, "index.js"), lambdaCode(fn));
    const runner = `
        const { handler } = require(${JSON.stringify(path.join(fnDir, "index.js"))});
        (async () => {
            const results = [];
            for (const event of ${JSON.stringify(events)}) results.push(await handler(event));
            process.stdout.write("\\nRESULTS " + JSON.stringify(results) + "\\n");
        })().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;
    return new Promise((resolve, reject) => {
        // Only the AWS SDK resolves from node_modules, as in Lambda; nothing else leaks from this environment.
        const child = spawn(process.execPath, ["-e", runner], { env: { PATH: process.env.PATH ?? "", NODE_PATH: repoNodeModules, ...env }, timeout: 20_000 });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("close", (code) => {
            const line = out.split("\n").find((l) => l.startsWith("RESULTS "));
            if (code !== 0 || line === undefined) reject(new Error(`bundled ${fn} failed (exit ${code}): ${err || out}`));
            else resolve(JSON.parse(line.slice("RESULTS ".length)) as unknown[]);
        });
    });
}

describe("Lambda bundles", () => {
    it("names the runtime and handler the component deploys with", () => {
        expect(lambdaRuntime).toBe("nodejs22.x");
        expect(lambdaHandler).toBe("index.handler");
    });

    it.each(["health-check", "app-users", "restore-validation"] as const)("bundles %s into one CommonJS file: drivers inside, only the AWS SDK and Node built-ins outside", (fn) => {
        const code = lambdaCode(fn);
        const required = [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]))];
        const outside = required.filter((r) => !builtinModules.includes(r.replace(/^node:/, "").split("/")[0]) && !builtinModules.includes(r.replace(/^node:/, "")));
        expect(outside.every((r) => r.startsWith("@aws-sdk/") || r === "pg-native")).toBe(true);
        expect(required).not.toEqual(expect.arrayContaining(["pg", "mysql2", "zod"]));
        expect(code).toMatch(/exports.*handler|handler:/);
        // Sources are named relative to the repository, so the text does not depend on the working directory.
        expect(code).not.toContain(path.join(__dirname, "..", "..", ".."));
        expect(lambdaCode(fn)).toBe(code);
    });

    it("builds the same text in a fresh module instance (Pulumi sees no change without a source change)", () => {
        const first = lambdaCode("health-check");
        let again = "";
        jest.isolateModules(() => {
            again = (require("../../../components/runtime/bundle") as typeof import("../../../components/runtime/bundle")).lambdaCode("health-check");
        });
        expect(again).toBe(first);
    });

    describe("run as Lambda would run them", () => {
        let aws: FakeAwsEndpoint;
        let secrets: FakeSecretsStore;
        beforeEach(async () => {
            secrets = new FakeSecretsStore();
            aws = await fakeAwsEndpoint(secrets);
        });
        afterEach(() => aws.close());

        it("the health check reads the master secret and publishes HealthCheckSucceeded/Latency through the real SDK clients", async () => {
            const fx = await pgFixture();
            try {
                const database = await fx.createDatabase("bundle");
                secrets.create("arn:master", { username: fx.master.username, password: fx.master.password });
                const env = healthCheckEnvironment({
                    engine: "postgres",
                    host: pgServer.host,
                    port: pgServer.port,
                    database,
                    secretArn: "arn:master",
                    identifier: "orders-db",
                    tls: { mode: "disable" },
                });
                const [result] = await invokeBundle("health-check", [{}], { ...aws.env, ...env });
                expect(result).toMatchObject({ status: "ok", success: true, identifier: "orders-db" });
                const put = aws.requests.find((r) => r.target.endsWith(".PutMetricData"));
                expect(put?.body).toMatchObject({
                    Namespace: healthCheckNamespace,
                    MetricData: [
                        { MetricName: "HealthCheckSucceeded", Value: 1, Unit: "Count", Dimensions: [{ Name: "DatabaseIdentifier", Value: "orders-db" }] },
                        { MetricName: "HealthCheckLatency", Unit: "Milliseconds" },
                    ],
                });
            } finally {
                await fx.cleanup();
            }
        });

        it("app-users provisions a MariaDB user with a password it stores via PutSecretValue, then rotates it in four steps", async () => {
            const fx = await mariadbFixture();
            try {
                const database = await fx.createDatabase("bundle");
                const name = `${fx.prefix}_app`;
                secrets.create("arn:master", { username: fx.master.username, password: fx.master.password });
                secrets.create("arn:app");
                const request = {
                    engine: "mariadb",
                    host: mariadbServer.host,
                    port: mariadbServer.port,
                    database,
                    masterSecretArn: "arn:master",
                    users: [{ name, privilege: "readonly", databases: [database], secretArn: "arn:app" }],
                };
                const [provisioned] = await invokeBundle("app-users", [request], { ...aws.env, ...tlsEnvironment({ mode: "disable" }) });
                expect(provisioned).toMatchObject({ changed: true, users: [{ name, privilege: "readonly" }] });
                expect(aws.requests.map((r) => r.target)).toEqual(expect.arrayContaining(["secretsmanager.GetSecretValue", "secretsmanager.PutSecretValue"]));
                const login = (password: string) => mysql.createConnection({ host: mariadbServer.host, port: mariadbServer.port, user: name, password }).then((c) => c.end());
                const first = secrets.current("arn:app")!.password as string;
                await login(first);

                const token = secrets.startRotation("arn:app");
                const steps = rotationSteps.map((Step) => ({ SecretId: "arn:app", ClientRequestToken: token, Step }));
                await invokeBundle("app-users", steps, { ...aws.env, ...tlsEnvironment({ mode: "disable" }) });
                const second = secrets.current("arn:app")!.password as string;
                expect(second).not.toBe(first);
                await login(second);
                await expect(login(first)).rejects.toMatchObject({ code: "ER_ACCESS_DENIED_ERROR" });
            } finally {
                await fx.cleanup();
            }
        });
    });
});
