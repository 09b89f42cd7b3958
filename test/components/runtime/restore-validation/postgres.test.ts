// Restore validation against the real local PostgreSQL: a database under the test prefix stands for
// the restored copy. PostgreSQL here trusts every login from 127.0.0.1, so a refused login is a role
// that does not exist (SQLSTATE 28000), not a wrong password.
import { CredentialCandidate, RestoredEndpoint, validateRestoredCopy } from "../../../../components/runtime/restore-validation/validate";
import { ValidationQuery } from "../../../../components/runtime/restore-validation/queries";
import { PgFixture, pgFixture, pgServer } from "../support/servers";
import { closedPort, delayingProxy, silentServer } from "../support/tcp";

let fx: PgFixture;
let restored: string;
let other: string;

beforeAll(async () => {
    fx = await pgFixture();
    restored = await fx.createDatabase("restored");
    other = await fx.createDatabase("reporting");
    await fx.asMaster(restored, "CREATE TABLE orders (id int); INSERT INTO orders VALUES (1), (2); CREATE TABLE refunds (id int)");
    await fx.asMaster(other, "CREATE TABLE daily (id int); INSERT INTO daily VALUES (1)");
});
afterAll(() => fx?.cleanup());

const master = (): CredentialCandidate => ({ label: "the master secret as of the snapshot", load: async () => fx.master });
const endpoint = (overrides: Partial<RestoredEndpoint> = {}): RestoredEndpoint => ({
    engine: "postgres",
    host: pgServer.host,
    port: pgServer.port,
    database: restored,
    tls: { mode: "disable" },
    ...overrides,
});
const validate = (queries: ValidationQuery[] = [], overrides: Partial<RestoredEndpoint> = {}, candidates = [master()], timeoutMs = 5000) =>
    validateRestoredCopy(endpoint(overrides), candidates, { queries, timeoutMs });

describe("restore validation on PostgreSQL", () => {
    it("is SUCCESSFUL when the copy answers the health query and every check, in several databases", async () => {
        const outcome = await validate([
            { name: "orders present", sql: "SELECT count(*) > 0 FROM orders" },
            { name: "daily report", sql: "SELECT count(*) = 1 FROM daily;", database: other },
        ]);
        expect(outcome.status).toBe("SUCCESSFUL");
        expect(outcome.checks.map((c) => [c.name, c.database, c.ok])).toEqual([
            ["health", restored, true],
            ["orders present", restored, true],
            ["daily report", other, true],
        ]);
        expect(outcome.message).toMatch(/^restored copy answered 3 checks in \d+ ms: health, orders present, daily report$/);
        expect(outcome.login).toEqual({ candidate: "the master secret as of the snapshot", attempts: 1 });
    });

    it("is FAILED naming the check when a table is empty", async () => {
        const outcome = await validate([{ name: "refunds present", sql: "SELECT count(*) > 0 FROM refunds" }]);
        expect(outcome.status).toBe("FAILED");
        expect(outcome.message).toBe(`1 of 2 checks failed on the restored copy: check "refunds present" in database ${restored} answered false; want true`);
    });

    it("is FAILED with the server's words when a table is missing", async () => {
        const outcome = await validate([{ name: "invoices present", sql: "SELECT count(*) > 0 FROM invoices" }]);
        expect(outcome.status).toBe("FAILED");
        expect(outcome.message).toContain(`check "invoices present" in database ${restored} failed (query): relation "invoices" does not exist (42P01)`);
    });

    it("is FAILED when a check answers no row, several rows or several columns", async () => {
        const outcome = await validate([
            { name: "none", sql: "SELECT true WHERE false" },
            { name: "many", sql: "SELECT id > 0 FROM orders" },
            { name: "wide", sql: "SELECT true, true" },
        ]);
        expect(outcome.checks.slice(1).map((c) => c.message)).toEqual([
            "answered 0 rows; want exactly one row holding true",
            "answered 2 rows; want exactly one row holding true",
            "answered 2 columns; want one column holding true",
        ]);
    });

    it("runs checks READ ONLY: a write fails and leaves the data as it was", async () => {
        const outcome = await validate([
            { name: "sneaky delete", sql: "WITH gone AS (DELETE FROM orders RETURNING 1) SELECT count(*) = 0 FROM gone" },
            { name: "switch to write", sql: "SET TRANSACTION READ WRITE" },
        ]);
        expect(outcome.status).toBe("FAILED");
        expect(outcome.checks[1]).toMatchObject({ ok: false, mode: "query" });
        expect(outcome.checks[1].message).toMatch(/read-only transaction/);
        expect(outcome.checks[2].ok).toBe(false);
        const intact = await validate([{ name: "orders intact", sql: "SELECT count(*) = 2 FROM orders" }]);
        expect(intact.status).toBe("SUCCESSFUL");
    });

    it("refuses a second statement in one check", async () => {
        const outcome = await validate([{ name: "two", sql: "SELECT true; DROP TABLE orders" }]);
        expect(outcome.checks[1]).toMatchObject({ ok: false, mode: "query" });
        expect((await validate([{ name: "orders intact", sql: "SELECT count(*) = 2 FROM orders" }])).status).toBe("SUCCESSFUL");
    });

    it("is FAILED with a timeout when a check runs past the statement timeout", async () => {
        const started = Date.now();
        const outcome = await validate([{ name: "slow", sql: "SELECT pg_sleep(5) IS NOT NULL" }], {}, [master()], 1500);
        expect(outcome.status).toBe("FAILED");
        expect(outcome.checks[1]).toMatchObject({ ok: false, mode: "timeout" });
        expect(Date.now() - started).toBeLessThan(1500 + 1000);
    });

    it("is FAILED with auth when every login is refused, naming each candidate and no password", async () => {
        const outcome = await validate([], {}, [
            { label: "the secret version as of the snapshot", load: async () => ({ username: `${fx.prefix}_nobody`, password: "hunter2-secret" }) },
            { label: "AWSCURRENT", load: async () => ({ username: `${fx.prefix}_ghost`, password: "hunter3-secret" }) },
        ]);
        expect(outcome.status).toBe("FAILED");
        expect(outcome.message).toMatch(/^restored copy refused every login \(auth\): the secret version as of the snapshot: .*does not exist.*; AWSCURRENT: /);
        expect(outcome.message).not.toMatch(/hunter/);
    });

    it("logs in with a later candidate when the first is refused (the secret rotated since the snapshot)", async () => {
        const outcome = await validate([], {}, [
            { label: "AWSCURRENT", load: async () => ({ username: `${fx.prefix}_rotated`, password: "x" }) },
            { label: "version v1 (in force at the snapshot)", load: async () => fx.master },
        ]);
        expect(outcome.status).toBe("SUCCESSFUL");
        expect(outcome.login).toEqual({ candidate: "version v1 (in force at the snapshot)", attempts: 2 });
        expect(outcome.message).toContain("after 1 refused");
    });

    it("is FAILED when the host refuses connections", async () => {
        const outcome = await validate([], { port: await closedPort() });
        expect(outcome.status).toBe("FAILED");
        expect(outcome.message).toMatch(/^restored copy did not answer: connecting to 127\.0\.0\.1:\d+ failed \(refused\)/);
    });

    it("is FAILED within the timeout when the host accepts and never answers", async () => {
        const server = await silentServer();
        try {
            const started = Date.now();
            const outcome = await validate([], { port: server.port }, [master()], 800);
            expect(outcome.status).toBe("FAILED");
            expect(outcome.message).toMatch(/failed \(timeout\): connecting to 127\.0\.0\.1:\d+ did not finish within \d+ ms/);
            expect(Date.now() - started).toBeLessThan(800 + 700);
        } finally {
            await server.close();
        }
    });

    it("is FAILED within the timeout when the copy answers too slowly", async () => {
        const proxy = await delayingProxy(pgServer.port, 400);
        try {
            const started = Date.now();
            const outcome = await validate([{ name: "orders present", sql: "SELECT count(*) > 0 FROM orders" }], { port: proxy.port }, [master()], 1000);
            expect(outcome.status).toBe("FAILED");
            expect(outcome.message).toMatch(/timeout/);
            expect(Date.now() - started).toBeLessThan(1000 + 1000);
        } finally {
            await proxy.close();
        }
    });
});
