// Restore validation against the real local MariaDB: a database under the test prefix stands for the
// restored copy, logged into with a wrong and then the right password (MariaDB checks passwords).
import { CredentialCandidate, RestoredEndpoint, validateRestoredCopy } from "../../../../components/runtime/restore-validation/validate";
import { ValidationQuery } from "../../../../components/runtime/restore-validation/queries";
import { MariadbFixture, mariadbFixture, mariadbServer } from "../support/servers";
import { closedPort, delayingProxy, silentServer } from "../support/tcp";

let fx: MariadbFixture;
let restored: string;

beforeAll(async () => {
    fx = await mariadbFixture();
    restored = await fx.createDatabase("restored");
    await fx.admin.query(`CREATE TABLE ${restored}.orders (id int)`);
    await fx.admin.query(`INSERT INTO ${restored}.orders VALUES (1), (2)`);
    await fx.admin.query(`CREATE TABLE ${restored}.refunds (id int)`);
});
afterAll(() => fx?.cleanup());

const master = (): CredentialCandidate => ({ label: "the master secret as of the snapshot", load: async () => fx.master });
const endpoint = (overrides: Partial<RestoredEndpoint> = {}): RestoredEndpoint => ({
    engine: "mariadb",
    host: mariadbServer.host,
    port: mariadbServer.port,
    database: restored,
    tls: { mode: "disable" },
    ...overrides,
});
const validate = (queries: ValidationQuery[] = [], overrides: Partial<RestoredEndpoint> = {}, candidates = [master()], timeoutMs = 5000) =>
    validateRestoredCopy(endpoint(overrides), candidates, { queries, timeoutMs });

describe("restore validation on MariaDB", () => {
    it("is SUCCESSFUL when the copy answers the health query and the checks (1 counts as true)", async () => {
        const outcome = await validate([{ name: "orders present", sql: "SELECT count(*) > 0 FROM orders" }]);
        expect(outcome.status).toBe("SUCCESSFUL");
        expect(outcome.checks.map((c) => c.ok)).toEqual([true, true]);
    });

    it("is FAILED naming the check when a table is empty", async () => {
        const outcome = await validate([{ name: "refunds present", sql: "SELECT count(*) > 0 FROM refunds" }]);
        expect(outcome.message).toBe(`1 of 2 checks failed on the restored copy: check "refunds present" in database ${restored} answered 0; want true`);
    });

    it("is FAILED with the server's words when a table is missing", async () => {
        const outcome = await validate([{ name: "invoices present", sql: "SELECT count(*) > 0 FROM invoices" }]);
        expect(outcome.status).toBe("FAILED");
        expect(outcome.message).toMatch(new RegExp(`check "invoices present" in database ${restored} failed \\(query\\): Table '${restored}.invoices' doesn't exist \\(ER_NO_SUCH_TABLE\\)`));
    });

    it("runs checks READ ONLY: DML and DDL fail and leave the data as it was", async () => {
        const outcome = await validate([
            { name: "delete", sql: "DELETE FROM orders" },
            { name: "drop", sql: "DROP TABLE orders" },
        ]);
        expect(outcome.checks.slice(1).map((c) => [c.ok, c.mode])).toEqual([
            [false, "query"],
            [false, "query"],
        ]);
        expect(outcome.checks[1].message).toMatch(/READ ONLY transaction/);
        expect((await validate([{ name: "orders intact", sql: "SELECT count(*) = 2 FROM orders" }])).status).toBe("SUCCESSFUL");
    });

    it("is FAILED with a timeout when a check runs past the statement timeout", async () => {
        const started = Date.now();
        const outcome = await validate([{ name: "slow", sql: "SELECT SLEEP(5) = 0" }], {}, [master()], 1500);
        expect(outcome.status).toBe("FAILED");
        expect(outcome.checks[1]).toMatchObject({ ok: false });
        expect(Date.now() - started).toBeLessThan(1500 + 1000);
    });

    it("is FAILED with auth when the password is wrong, without the password in the message", async () => {
        const outcome = await validate([], {}, [{ label: "AWSCURRENT", load: async () => ({ username: fx.master.username, password: "wrong-password-123" }) }]);
        expect(outcome.status).toBe("FAILED");
        expect(outcome.message).toMatch(/^restored copy refused every login \(auth\): AWSCURRENT: Access denied for user/);
        expect(outcome.message).not.toContain("wrong-password-123");
    });

    it("logs in with the password in force at the snapshot after the current one is refused", async () => {
        const outcome = await validate([], {}, [
            { label: "AWSCURRENT", load: async () => ({ username: fx.master.username, password: "rotated-since" }) },
            { label: "AWSPREVIOUS", load: async () => fx.master },
        ]);
        expect(outcome.status).toBe("SUCCESSFUL");
        expect(outcome.login).toEqual({ candidate: "AWSPREVIOUS", attempts: 2 });
    });

    it("is FAILED when the host refuses connections, or never answers, within the timeout", async () => {
        expect((await validate([], { port: await closedPort() })).message).toMatch(/\(refused\)/);
        const server = await silentServer();
        try {
            const started = Date.now();
            const outcome = await validate([], { port: server.port }, [master()], 800);
            expect(outcome.message).toMatch(/\(timeout\)/);
            expect(Date.now() - started).toBeLessThan(800 + 700);
        } finally {
            await server.close();
        }
    });

    it("is FAILED within the timeout when the copy answers too slowly", async () => {
        const proxy = await delayingProxy(mariadbServer.port, 400);
        try {
            const outcome = await validate([{ name: "orders present", sql: "SELECT count(*) > 0 FROM orders" }], { port: proxy.port }, [master()], 1000);
            expect(outcome.status).toBe("FAILED");
            expect(outcome.message).toMatch(/timeout/);
        } finally {
            await proxy.close();
        }
    });
});
