// The app-users provisioner against the real local MariaDB, run by a master with the privileges RDS
// gives its master user (no SUPER), with Secrets Manager faked. Authentication is real here: the
// tests log in AS each app user with the password the provisioner generated into its secret.
import * as mysql from "mysql2/promise";
import { AppUsersRequest } from "../../../../components/runtime/app-users/request";
import { AppUsersResult, provisionAppUsers } from "../../../../components/runtime/app-users/provision";
import { FakeSecretsStore } from "../support/fakes";
import { MariadbFixture, mariadbFixture, mariadbServer } from "../support/servers";

type DeclaredUser = AppUsersRequest["users"][number];

const masterArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master";
const arnOf = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-preflight/${name}`;

let fx: MariadbFixture;
let secrets: FakeSecretsStore;
let app: string, other: string, lookalike: string;
let ro: string, rw: string, own: string;

beforeAll(async () => {
    fx = await mariadbFixture();
    app = await fx.createDatabase("app_1");
    other = await fx.createDatabase("other");
    // `_` is a wildcard in a database-level GRANT: a grant on `..._app_1`.* written unescaped would match this one.
    lookalike = await fx.createDatabase("appx1");
    [ro, rw, own] = ["ro", "rw", "own"].map((s) => `${fx.prefix}_${s}`);
    await fx.admin.query(`CREATE TABLE \`${app}\`.orders (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(20))`);
    await fx.admin.query(`INSERT INTO \`${app}\`.orders (item) VALUES ('seed')`);
    await fx.admin.query(`CREATE TABLE \`${other}\`.payroll (amount INT)`);
    await fx.admin.query(`CREATE TABLE \`${lookalike}\`.secrets (x INT)`);
    secrets = new FakeSecretsStore();
    secrets.create(masterArn, { username: fx.master.username, password: fx.master.password });
});
afterAll(() => fx?.cleanup());

function user(name: string, privilege: DeclaredUser["privilege"], databases: string[]): DeclaredUser {
    return { name, privilege, databases, secretArn: arnOf(name) };
}

async function provision(users: DeclaredUser[], maintenance = app): Promise<AppUsersResult> {
    for (const u of users) {
        try {
            await secrets.describeSecret(u.secretArn);
        } catch {
            secrets.create(u.secretArn);
        }
    }
    return provisionAppUsers(
        { engine: "mariadb", host: mariadbServer.host, port: mariadbServer.port, database: maintenance, masterSecretArn: masterArn, users },
        { secrets, tls: { mode: "disable" } },
    );
}

/** Logs in as `name` with the password in its secret (or `password`) and runs `sql`. */
async function as(name: string, sql: string, password = secrets.current(arnOf(name))?.password as string): Promise<unknown> {
    const conn = await mysql.createConnection({ host: mariadbServer.host, port: mariadbServer.port, user: name, password, connectTimeout: 3000 });
    try {
        const [rows] = await conn.query(sql);
        return rows;
    } finally {
        await conn.end();
    }
}

const denied = (p: Promise<unknown>) =>
    expect(p).rejects.toMatchObject({ code: expect.stringMatching(/^ER_(TABLEACCESS_DENIED_ERROR|DBACCESS_DENIED_ERROR|SPECIFIC_ACCESS_DENIED_ERROR|ACCESS_DENIED_ERROR)$/) });

const grantsOf = async (name: string) => (await fx.admin.query<mysql.RowDataPacket[]>(`SHOW GRANTS FOR ?@'%'`, [name]))[0].map((r) => Object.values(r)[0] as string).sort();

const everyone = () => [user(ro, "readonly", [app]), user(rw, "readwrite", [app]), user(own, "owner", [app])];

describe("app users on MariaDB", () => {
    it("creates one 'name'@'%' account per user with privileges on exactly its databases, escaped so _ is not a wildcard", async () => {
        const result = await provision(everyone());
        expect(
            result.changes
                .filter((c) => c.action === "create-user")
                .map((c) => c.user)
                .sort(),
        ).toEqual([own, ro, rw].sort());
        const escaped = app.replace(/_/g, "\\_");
        expect(await grantsOf(ro)).toEqual([expect.stringMatching(/^GRANT USAGE ON \*\.\* TO/), `GRANT SELECT ON \`${escaped}\`.* TO \`${ro}\`@\`%\``].sort());
        expect(await grantsOf(rw)).toEqual([expect.stringMatching(/^GRANT USAGE ON \*\.\* TO/), `GRANT SELECT, INSERT, UPDATE, DELETE ON \`${escaped}\`.* TO \`${rw}\`@\`%\``].sort());
        expect(JSON.stringify(result)).not.toContain(String(secrets.current(arnOf(ro))!.password));
    });

    it("readonly logs in with its generated password, reads, and cannot write", async () => {
        expect(await as(ro, `SELECT item FROM \`${app}\`.orders`)).toEqual([{ item: "seed" }]);
        await denied(as(ro, `INSERT INTO \`${app}\`.orders (item) VALUES ('no')`));
        await denied(as(ro, `DELETE FROM \`${app}\`.orders`));
        await denied(as(ro, `CREATE TABLE \`${app}\`.mine (x INT)`));
    });

    it("readwrite writes rows but cannot drop or create tables, or create users", async () => {
        await as(rw, `INSERT INTO \`${app}\`.orders (item) VALUES ('rw')`);
        await as(rw, `DELETE FROM \`${app}\`.orders WHERE item = 'rw'`);
        await denied(as(rw, `DROP TABLE \`${app}\`.orders`));
        await denied(as(rw, `CREATE TABLE \`${app}\`.mine (x INT)`));
        await denied(as(rw, `CREATE USER ${fx.prefix}_evil`));
    });

    it("owner creates, alters, indexes and drops tables in its database but cannot create users or other databases", async () => {
        await as(own, `CREATE TABLE \`${app}\`.invoices (id INT PRIMARY KEY, total INT)`);
        await as(own, `ALTER TABLE \`${app}\`.invoices ADD COLUMN note VARCHAR(10)`);
        await as(own, `CREATE INDEX by_total ON \`${app}\`.invoices (total)`);
        await as(rw, `INSERT INTO \`${app}\`.invoices (id, total) VALUES (1, 42)`);
        await as(own, `CREATE TABLE \`${app}\`.scratch (x INT)`);
        await as(own, `DROP TABLE \`${app}\`.scratch`);
        await denied(as(own, `CREATE USER ${fx.prefix}_evil`));
        await denied(as(own, `CREATE DATABASE ${fx.prefix}_evil`));
    });

    it("no app user can read another database, including one whose name the grant's _ would have matched", async () => {
        for (const name of [ro, rw, own]) {
            await denied(as(name, `SELECT * FROM \`${other}\`.payroll`));
            await denied(as(name, `SELECT * FROM \`${lookalike}\`.secrets`));
        }
    });

    it("a second run with the same declaration changes nothing and says so", async () => {
        expect(await provision(everyone())).toMatchObject({ changed: false, changes: [] });
    });

    it("puts back an account's declared privileges when someone changed them by hand (global, database, table level)", async () => {
        await fx.admin.query(`GRANT PROCESS ON *.* TO ?@'%'`, [ro]);
        await fx.admin.query(`GRANT INSERT ON \`${app}\`.* TO ?@'%'`, [ro]);
        await fx.admin.query(`GRANT SELECT ON \`${other}\`.payroll TO ?@'%'`, [ro]);
        await fx.admin.query(`GRANT SELECT ON \`${app}\`.* TO ?@'%' WITH GRANT OPTION`, [rw]);
        const result = await provision(everyone());
        expect(result.changes.map((c) => c.detail)).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^REVOKE PROCESS ON \*\.\* FROM/),
                expect.stringMatching(/^REVOKE INSERT ON .* FROM/),
                expect.stringMatching(/^REVOKE SELECT ON .*payroll.* FROM/),
                expect.stringMatching(/^REVOKE GRANT OPTION ON .* FROM 'dbp_t[0-9a-f]+_rw'/),
            ]),
        );
        await denied(as(ro, `INSERT INTO \`${app}\`.orders (item) VALUES ('no')`));
        await denied(as(ro, `SELECT * FROM \`${other}\`.payroll`));
        expect((await provision(everyone())).changed).toBe(false);
    });

    it("revokes what a lower level no longer allows", async () => {
        const result = await provision([user(ro, "readonly", [app]), user(rw, "readonly", [app]), user(own, "owner", [app])]);
        expect(result.changes).toEqual([expect.objectContaining({ action: "revoke", user: rw, detail: expect.stringMatching(/^REVOKE INSERT, UPDATE, DELETE ON/) })]);
        await denied(as(rw, `INSERT INTO \`${app}\`.orders (item) VALUES ('no')`));
    });

    it("drops an account no longer declared and forgets it", async () => {
        const result = await provision([user(rw, "readonly", [app]), user(own, "owner", [app])]);
        expect(result.changes).toEqual([expect.objectContaining({ action: "drop-user", user: ro })]);
        await expect(as(ro, "SELECT 1", "whatever")).rejects.toMatchObject({ code: expect.stringMatching(/^ER_ACCESS_DENIED(_NO_PASSWORD)?_ERROR$/) });
        const [rows] = await fx.admin.query<mysql.RowDataPacket[]>("SELECT user_name FROM db_preflight.managed_users WHERE user_name LIKE ?", [`${fx.prefix}\\_%`]);
        expect(rows.map((r) => r.user_name).sort()).toEqual([own, rw].sort());
    });

    it("refuses to take over an account it did not create, and never touches accounts it did not create", async () => {
        const foreign = `${fx.prefix}_foreign`;
        await fx.admin.query(`CREATE USER ?@'%' IDENTIFIED BY 'keep-me'`, [foreign]);
        await fx.admin.query(`GRANT SELECT ON \`${other}\`.* TO ?@'%'`, [foreign]);
        secrets.create(arnOf(foreign));
        await expect(provision([user(foreign, "readonly", [app])])).rejects.toThrow(new RegExp(`user ${foreign} already exists and was not created by db-preflight`));
        await provision([]);
        expect(await as(foreign, `SELECT count(*) AS n FROM \`${other}\`.payroll`, "keep-me")).toEqual([{ n: 0 }]);
    });

    it("keeps declarations apart by maintenance database: one never removes or adopts the other's accounts", async () => {
        const scoped = `${fx.prefix}_scoped`;
        await provision([user(scoped, "readonly", [app])], app);
        expect((await provision([], other)).changes).toEqual([]);
        await as(scoped, "SELECT 1");
        await expect(provision([user(scoped, "readonly", [other])], other)).rejects.toThrow(`is managed by another db-preflight declaration on this server`);
        expect((await provision([], app)).changes).toEqual([expect.objectContaining({ action: "drop-user", user: scoped })]);
    });
});
