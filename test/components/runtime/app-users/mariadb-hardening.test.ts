// The app-users Lambda on the real local MariaDB when a statement carrying a password fails: mysql2
// formats `IDENTIFIED BY ?` on the client, so its error holds the password in `sql` (and a syntax
// error quotes it in the message). Nothing that leaves the function (the thrown error, however it is
// printed, the handler's log lines, the console) may contain a password. Also: an app user cannot
// reach a database it was not given, even one PUBLIC was granted.
import { randomBytes } from "crypto";
import { inspect } from "util";
import * as mysql from "mysql2/promise";
import { createAppUsersHandler } from "../../../../components/runtime/app-users/handler";
import { AppUsersRequest } from "../../../../components/runtime/app-users/request";
import { FakeSecretsStore } from "../support/fakes";
import { MariadbFixture, mariadbFixture, mariadbServer } from "../support/servers";

const masterArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master";
const weakMasterArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!weak-master";
const arnOf = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-preflight/${name}`;
const env = { DB_TLS: "disable" };

let fx: MariadbFixture;
let app: string;
let weakMaster: { username: string; password: string };

beforeAll(async () => {
    fx = await mariadbFixture();
    app = await fx.createDatabase("app");
    // A master that may read everything and keep the provisioner's record, but lacks CREATE USER (and
    // INSERT / UPDATE on the mysql schema, which MariaDB accepts instead): CREATE USER and ALTER USER fail on the server.
    weakMaster = { username: `${fx.prefix}_weak`, password: withQuotes("weakmaster") };
    await fx.admin.query("CREATE USER ?@'%' IDENTIFIED BY ?", [weakMaster.username, weakMaster.password]);
    await fx.admin.query("GRANT SELECT, PROCESS ON *.* TO ?@'%'", [weakMaster.username]);
    await fx.admin.query("GRANT ALL ON `db_preflight`.* TO ?@'%'", [weakMaster.username]);
});
afterAll(() => fx?.cleanup());

/** Every way the error and the function's output could be seen, in one string. */
async function everythingPrinted(work: () => Promise<unknown>, logs: string[]): Promise<{ error: Error; printed: string }> {
    const consoleLines: string[] = [];
    const spies = (["log", "error", "warn", "info", "debug"] as const).map((m) =>
        jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map((a) => inspect(a, { depth: 10 })).join(" "))),
    );
    let error: Error | undefined;
    try {
        await work();
    } catch (e) {
        error = e as Error;
    } finally {
        for (const spy of spies) spy.mockRestore();
    }
    if (error === undefined) throw new Error("expected the call to fail");
    const printed = [
        JSON.stringify(error),
        JSON.stringify(error, Object.getOwnPropertyNames(error)),
        inspect(error, { depth: 10, showHidden: true }),
        String(error),
        error.stack ?? "",
        ...logs,
        ...consoleLines,
    ].join("\n");
    return { error, printed };
}

const forms = (password: string) => [password, mysql.escape(password).slice(1, -1), JSON.stringify(password).slice(1, -1)];
/** The longest run of plain characters in a password: found in the output whatever quoting wrapped it. */
const core = (password: string) => password.split(/[^A-Za-z0-9]/).sort((a, b) => b.length - a.length)[0];

function expectNoPassword(printed: string, passwords: string[]): void {
    for (const password of passwords) {
        for (const form of forms(password)) expect(printed).not.toContain(form);
        expect(printed).not.toContain(core(password));
    }
}
const withQuotes = (label: string) => `q'u"o\\te-${label}${randomBytes(8).toString("hex")}`;

describe("no password leaves the app-users Lambda in an error (MariaDB)", () => {
    it("a failing CREATE USER ... IDENTIFIED BY: the error says what failed and holds no password", async () => {
        const name = `${fx.prefix}_create`;
        const password = withQuotes("createuser");
        const secrets = new FakeSecretsStore();
        secrets.create(weakMasterArn, weakMaster);
        secrets.create(arnOf(name), { engine: "mariadb", host: mariadbServer.host, port: mariadbServer.port, username: name, dbname: app, password });
        const logs: string[] = [];
        const handler = createAppUsersHandler({ secrets, env, log: (l) => logs.push(l) });
        const request: AppUsersRequest = {
            engine: "mariadb",
            host: mariadbServer.host,
            port: mariadbServer.port,
            database: app,
            masterSecretArn: weakMasterArn,
            users: [{ name, privilege: "readonly", databases: [app], secretArn: arnOf(name) }],
        };
        const { error, printed } = await everythingPrinted(() => handler(request), logs);
        expect(error.message).toMatch(/CREATE USER/);
        expect(error).toMatchObject({ code: "ER_SPECIFIC_ACCESS_DENIED_ERROR" });
        expect(error).not.toHaveProperty("sql");
        expectNoPassword(printed, [password, weakMaster.password]);
    });

    it("a failing ALTER USER ... IDENTIFIED BY (a changed password) holds no password, old or new", async () => {
        const name = `${fx.prefix}_alter`;
        const secrets = new FakeSecretsStore();
        secrets.create(masterArn, fx.master);
        secrets.create(weakMasterArn, weakMaster);
        secrets.create(arnOf(name));
        const users = [{ name, privilege: "readonly" as const, databases: [app], secretArn: arnOf(name) }];
        const base = { engine: "mariadb" as const, host: mariadbServer.host, port: mariadbServer.port, database: app, users };
        const handler = createAppUsersHandler({ secrets, env, log: () => undefined });
        await handler({ ...base, masterSecretArn: masterArn });
        const generated = secrets.current(arnOf(name))!.password as string;
        const changed = withQuotes("alteruser");
        secrets.seed(arnOf(name), JSON.stringify({ ...secrets.current(arnOf(name)), password: changed }));
        const logs: string[] = [];
        const weak = createAppUsersHandler({ secrets, env, log: (l) => logs.push(l) });
        const { error, printed } = await everythingPrinted(() => weak({ ...base, masterSecretArn: weakMasterArn }), logs);
        expect(error.message).toMatch(/CREATE USER/);
        expectNoPassword(printed, [generated, changed, weakMaster.password, fx.master.password]);
    });
});

describe("an app user reaches only the databases it was given (MariaDB)", () => {
    const name = () => `${fx.prefix}_scoped`;
    const provisionScoped = async (secrets: FakeSecretsStore) =>
        createAppUsersHandler({ secrets, env, log: () => undefined })({
            engine: "mariadb",
            host: mariadbServer.host,
            port: mariadbServer.port,
            database: app,
            masterSecretArn: masterArn,
            users: [{ name: name(), privilege: "owner", databases: [app], secretArn: arnOf(name()) }],
        });

    it("refuses to provision while PUBLIC holds privileges every account would inherit, naming them and the REVOKE", async () => {
        const spare = await fx.createDatabase("spare");
        const secrets = new FakeSecretsStore();
        secrets.create(masterArn, fx.master);
        secrets.create(arnOf(name()));
        await fx.admin.query(`GRANT SELECT, CREATE ON \`${spare}\`.* TO PUBLIC`);
        try {
            await expect(provisionScoped(secrets)).rejects.toThrow(new RegExp(`inherits: .*SELECT ON \`${spare}\`\\.\\* TO PUBLIC \\(REVOKE SELECT ON \`${spare}\`\\.\\* FROM PUBLIC\\)`));
            const [accounts] = await fx.admin.query<mysql.RowDataPacket[]>("SELECT User FROM mysql.user WHERE User = ?", [name()]);
            expect(accounts).toEqual([]);
        } finally {
            await fx.admin.query(`REVOKE SELECT, CREATE ON \`${spare}\`.* FROM PUBLIC`);
        }
        await provisionScoped(secrets);
        const conn = await mysql.createConnection({
            host: mariadbServer.host,
            port: mariadbServer.port,
            user: name(),
            password: secrets.current(arnOf(name()))!.password as string,
            connectTimeout: 3000,
        });
        try {
            await expect(conn.query(`USE \`${spare}\``)).rejects.toMatchObject({ code: "ER_DBACCESS_DENIED_ERROR" });
            await expect(conn.query(`CREATE DATABASE \`${fx.prefix}_made\``)).rejects.toMatchObject({ code: "ER_DBACCESS_DENIED_ERROR" });
            await expect(conn.query(`CREATE TABLE \`${spare}\`.t (x INT)`)).rejects.toMatchObject({ code: expect.stringMatching(/DENIED/) });
            await conn.query(`CREATE TABLE \`${app}\`.mine (x INT)`);
        } finally {
            await conn.end();
        }
    });
});

describe("app-user databases are created when missing (MariaDB)", () => {
    it("creates a declared database that does not exist yet, and the user works in it", async () => {
        const name = `${fx.prefix}_fresh`;
        const fresh = `${fx.prefix}_freshdb`;
        const secrets = new FakeSecretsStore();
        secrets.create(masterArn, fx.master);
        secrets.create(arnOf(name));
        const handler = createAppUsersHandler({ secrets, env, log: () => undefined });
        const request = {
            engine: "mariadb",
            host: mariadbServer.host,
            port: mariadbServer.port,
            database: app,
            masterSecretArn: masterArn,
            users: [{ name, privilege: "owner", databases: [fresh], secretArn: arnOf(name) }],
        };
        const result = (await handler(request)) as { changes: Array<{ action: string; database?: string }> };
        expect(result.changes).toEqual(expect.arrayContaining([expect.objectContaining({ action: "create-database", database: fresh })]));
        const conn = await mysql.createConnection({
            host: mariadbServer.host,
            port: mariadbServer.port,
            user: name,
            password: secrets.current(arnOf(name))!.password as string,
            database: fresh,
            connectTimeout: 3000,
        });
        try {
            await conn.query("CREATE TABLE t (x INT)");
        } finally {
            await conn.end();
        }
        expect(((await handler(request)) as { changed: boolean }).changed).toBe(false);
    });
});
