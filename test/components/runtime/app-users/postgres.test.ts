// The app-users provisioner against the real local PostgreSQL, run by a master shaped like RDS's
// (CREATEROLE CREATEDB, not a superuser), with Secrets Manager faked. The tests connect AS each app
// role (trust authentication on 127.0.0.1 lets any LOGIN role in without its password) and try what
// its level allows and what it must not do. Password checks read pg_authid as the superuser: the
// stored SCRAM verifier must match the password in the user's secret.
import { Client as PgClient } from "pg";
import { AppUsersRequest } from "../../../../components/runtime/app-users/request";
import { AppUsersResult, provisionAppUsers } from "../../../../components/runtime/app-users/provision";
import { FakeSecretsStore } from "../support/fakes";
import { PgFixture, pgFixture, pgServer } from "../support/servers";
import { scramVerifierMatches } from "../support/scram";

type DeclaredUser = AppUsersRequest["users"][number];

const masterArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master";
const arnOf = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-preflight/${name}`;

let fx: PgFixture;
let secrets: FakeSecretsStore;
let app: string;
let other: string;
let unrelated: string;
let ro: string, rw: string, own: string, otherRw: string;

beforeAll(async () => {
    fx = await pgFixture();
    [app, other, unrelated] = [await fx.createDatabase("app"), await fx.createDatabase("other"), await fx.createDatabase("unrelated")];
    [ro, rw, own, otherRw] = ["ro", "rw", "own", "other"].map((s) => `${fx.prefix}_${s}`);
    await fx.asMaster(
        app,
        "CREATE TABLE public.orders (id serial PRIMARY KEY, item text); INSERT INTO public.orders (item) VALUES ('seed'); CREATE SCHEMA reporting; CREATE TABLE reporting.daily (d date)",
    );
    await fx.asMaster(other, "CREATE TABLE public.payroll (amount int); INSERT INTO public.payroll VALUES (1)");
    await fx.asMaster(unrelated, "CREATE TABLE public.notes (body text); INSERT INTO public.notes VALUES ('x')");
    secrets = new FakeSecretsStore();
    secrets.create(masterArn, { username: fx.master.username, password: fx.master.password });
});
afterAll(() => fx?.cleanup());

function user(name: string, privilege: DeclaredUser["privilege"], databases: string[], schemas?: string[]): DeclaredUser {
    return { name, privilege, databases, ...(schemas ? { schemas } : {}), secretArn: arnOf(name) };
}

async function provision(users: DeclaredUser[]): Promise<AppUsersResult> {
    for (const u of users) {
        try {
            await secrets.describeSecret(u.secretArn);
        } catch {
            secrets.create(u.secretArn); // created empty, as the component does
        }
    }
    const request: AppUsersRequest = { engine: "postgres", host: pgServer.host, port: pgServer.port, database: app, masterSecretArn: masterArn, users };
    return provisionAppUsers(request, { secrets, tls: { mode: "disable" } });
}

/** Runs `sql` logged in as `role`; resolves to the rows, or rejects with the server's error. */
async function as(role: string, database: string, sql: string): Promise<Array<Record<string, unknown>>> {
    const client = new PgClient({ host: pgServer.host, port: pgServer.port, user: role, database, connectionTimeoutMillis: 3000 });
    client.on("error", () => undefined);
    await client.connect();
    try {
        return (await client.query(sql)).rows;
    } finally {
        await client.end();
    }
}

const denied = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: "42501" });

const everyone = () => [user(ro, "readonly", [app]), user(rw, "readwrite", [app]), user(own, "owner", [app], ["public", "reporting"]), user(otherRw, "readwrite", [other])];

describe("app users on PostgreSQL", () => {
    it("creates each role with LOGIN and no administrative attribute, and reports what it did", async () => {
        const result = await provision(everyone());
        expect(result.changed).toBe(true);
        const created = result.changes.filter((c) => c.action === "create-user").map((c) => c.user);
        expect(created.sort()).toEqual([otherRw, own, ro, rw].sort());
        // Every database the master owns, declared or not, loses PUBLIC's CONNECT / TEMPORARY.
        expect(
            result.changes
                .filter((c) => c.action === "revoke-public" && c.detail.includes("ON DATABASE"))
                .map((c) => c.database)
                .sort(),
        ).toEqual([app, other, unrelated].sort());
        const roles = await fx.admin.query(
            `SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin,
                    (SELECT count(*) FROM pg_auth_members m WHERE m.member = r.oid)::int AS memberships
               FROM pg_roles r WHERE rolname = ANY($1) ORDER BY rolname`,
            [[ro, rw, own, otherRw]],
        );
        for (const r of roles.rows) {
            expect(r).toMatchObject({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false, rolcanlogin: true, memberships: 0 });
        }
        expect(JSON.stringify(result)).not.toMatch(/"password"|SCRAM-SHA-256\$/);
    });

    it("readonly reads every table of its schemas and cannot write, create or reach sequences for writing", async () => {
        expect(await as(ro, app, "SELECT item FROM public.orders")).toEqual([{ item: "seed" }]);
        await denied(as(ro, app, "INSERT INTO public.orders (item) VALUES ('no')"));
        await denied(as(ro, app, "UPDATE public.orders SET item = 'no'"));
        await denied(as(ro, app, "DELETE FROM public.orders"));
        await denied(as(ro, app, "CREATE TABLE public.mine (x int)"));
        await denied(as(ro, app, "SELECT nextval('public.orders_id_seq')"));
        // reporting was declared only for the owner
        await denied(as(ro, app, "SELECT * FROM reporting.daily"));
    });

    it("readwrite reads and writes rows (sequences included) but cannot drop tables or create roles, tables or databases", async () => {
        await as(rw, app, "INSERT INTO public.orders (item) VALUES ('rw'); UPDATE public.orders SET item = 'rw2' WHERE item = 'rw'; DELETE FROM public.orders WHERE item = 'rw2'");
        await expect(as(rw, app, "DROP TABLE public.orders")).rejects.toMatchObject({ code: "42501" });
        await denied(as(rw, app, "CREATE TABLE public.mine (x int)"));
        await denied(as(rw, app, `CREATE ROLE ${fx.prefix}_evil`));
        await denied(as(rw, app, `CREATE DATABASE ${fx.prefix}_evil`));
        await denied(as(rw, app, "TRUNCATE public.orders"));
    });

    it("owner creates and drops its own tables; the others get their levels on them automatically; it still cannot create roles or databases", async () => {
        await as(own, app, "CREATE TABLE public.invoices (id bigserial PRIMARY KEY, total int); CREATE INDEX ON public.invoices (total); CREATE TABLE reporting.weekly (w int)");
        await as(rw, app, "INSERT INTO public.invoices (total) VALUES (42)");
        expect(await as(ro, app, "SELECT total FROM public.invoices")).toEqual([{ total: 42 }]);
        await denied(as(ro, app, "INSERT INTO public.invoices (total) VALUES (1)"));
        // Tables the master creates later follow too (default privileges FOR ROLE master).
        await fx.asMaster(app, "CREATE TABLE public.later (x int)");
        await as(rw, app, "INSERT INTO public.later VALUES (1)");
        await as(own, app, "INSERT INTO public.later VALUES (2)");
        // The owner may not drop what it does not own, nor administer.
        await denied(as(own, app, "DROP TABLE public.orders"));
        await denied(as(own, app, `CREATE ROLE ${fx.prefix}_evil`));
        await denied(as(own, app, `CREATE DATABASE ${fx.prefix}_evil`));
        await as(own, app, "CREATE TABLE public.scratch (x int); DROP TABLE public.scratch");
    });

    it("no app role can connect to another database: declared elsewhere or never declared, no CONNECT", async () => {
        for (const role of [ro, rw, own]) await denied(as(role, other, "SELECT 1"));
        await denied(as(otherRw, app, "SELECT 1"));
        expect(await as(otherRw, other, "SELECT amount FROM public.payroll")).toEqual([{ amount: 1 }]);
        // A database no user is declared on, owned by the master, lost PUBLIC's CONNECT too.
        await denied(as(ro, unrelated, "SELECT 1"));
    });

    it("a second run with the same declaration changes nothing and says so", async () => {
        const result = await provision(everyone());
        expect(result).toMatchObject({ changed: false, changes: [] });
    });

    it("generates each password into the user's own secret (with the fields rotation needs) and stores only a SCRAM verifier", async () => {
        const stored = secrets.current(arnOf(rw))!;
        expect(stored).toMatchObject({ engine: "postgres", host: pgServer.host, port: pgServer.port, username: rw, dbname: app });
        expect(stored.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
        const { rows } = await fx.admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [rw]);
        expect(rows[0].rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
        expect(scramVerifierMatches(rows[0].rolpassword, stored.password as string)).toBe(true);
        expect(scramVerifierMatches(rows[0].rolpassword, "another password")).toBe(false);
        // Four users, four generated secrets, nothing written on the second run.
        expect(secrets.writes().filter((c) => c.op === "put")).toHaveLength(4);
    });

    it("puts back a role's declared state when someone changed it by hand", async () => {
        await fx.asMaster(app, `GRANT INSERT ON public.orders TO ${ro}; GRANT CREATE ON SCHEMA public TO ${ro}`);
        await fx.admin.query(`ALTER ROLE ${ro} CREATEDB; GRANT ${otherRw} TO ${ro}`);
        const result = await provision(everyone());
        expect(result.changes.map((c) => [c.action, c.user])).toEqual(
            expect.arrayContaining([
                ["alter-user", ro],
                ["revoke", ro],
            ]),
        );
        expect(result.changes.find((c) => c.action === "alter-user")?.detail).toBe(`ALTER ROLE "${ro}" NOCREATEDB`);
        await denied(as(ro, app, "INSERT INTO public.orders (item) VALUES ('no')"));
        const { rows } = await fx.admin.query(`SELECT count(*)::int AS n FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = $1`, [ro]);
        expect(rows[0].n).toBe(0);
        expect((await provision(everyone())).changed).toBe(false);
    });

    it("revokes what a lower level no longer allows", async () => {
        const result = await provision([user(ro, "readonly", [app]), user(rw, "readonly", [app]), user(own, "owner", [app], ["public", "reporting"]), user(otherRw, "readwrite", [other])]);
        expect(result.changes.filter((c) => c.user === rw).every((c) => c.action === "revoke")).toBe(true);
        await denied(as(rw, app, "INSERT INTO public.orders (item) VALUES ('no')"));
        expect(await as(rw, app, "SELECT count(*)::int AS n FROM public.orders")).toEqual([{ n: 1 }]);
    });

    it("moving a user to another database takes CONNECT (and every grant) away from the old one", async () => {
        await provision([user(ro, "readonly", [app]), user(rw, "readonly", [app]), user(own, "owner", [app], ["public", "reporting"]), user(otherRw, "readwrite", [app])]);
        await denied(as(otherRw, other, "SELECT 1"));
        await as(otherRw, app, "INSERT INTO public.orders (item) VALUES ('moved')");
    });

    it("drops a role no longer declared, and disables (NOLOGIN, no privileges) one that still owns tables, saying why", async () => {
        const result = await provision([user(rw, "readonly", [app]), user(otherRw, "readwrite", [app])]);
        expect(result.changes).toEqual(expect.arrayContaining([expect.objectContaining({ action: "drop-user", user: ro })]));
        const disabled = result.changes.find((c) => c.action === "disable-user");
        expect(disabled).toMatchObject({ user: own });
        expect(disabled!.detail).toMatch(/NOLOGIN.*owner of table/s);
        const { rows } = await fx.admin.query("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname", [[ro, own]]);
        expect(rows).toEqual([{ rolname: own, rolcanlogin: false }]);
        await expect(as(own, app, "SELECT 1")).rejects.toMatchObject({ code: "28000" });
        // Its data stays; nobody else lost access to it.
        expect(await as(otherRw, app, "SELECT total FROM public.invoices")).toEqual([{ total: 42 }]);
        const held = await fx.admin.query(`SELECT count(*)::int AS n FROM information_schema.role_table_grants WHERE grantee = $1`, [own]);
        expect(held.rows[0].n).toBe(0);
        expect((await provision([user(rw, "readonly", [app]), user(otherRw, "readwrite", [app])])).changed).toBe(false);
    });

    it("refuses to take over a role it did not create, and leaves that role as it was", async () => {
        const foreign = `${fx.prefix}_foreign`;
        await fx.admin.query(`CREATE ROLE ${foreign} LOGIN CREATEDB`);
        secrets.create(arnOf(foreign));
        await expect(provision([user(rw, "readonly", [app]), user(foreign, "readonly", [app])])).rejects.toThrow(new RegExp(`role ${foreign} already exists and was not created by db-preflight`));
        const { rows } = await fx.admin.query("SELECT rolcreatedb FROM pg_roles WHERE rolname = $1", [foreign]);
        expect(rows[0].rolcreatedb).toBe(true);
        expect(secrets.versionCount(arnOf(foreign))).toBe(0);
    });

    it("never revokes or drops roles it did not create when others are removed", async () => {
        const bystander = `${fx.prefix}_bystander`;
        await fx.admin.query(`CREATE ROLE ${bystander} LOGIN`);
        await fx.asMaster(app, `GRANT SELECT ON public.orders TO ${bystander}; GRANT CONNECT ON DATABASE ${app} TO ${bystander}`);
        await provision([]);
        expect(await as(bystander, app, "SELECT count(*)::int AS n FROM public.orders")).toEqual([{ n: 2 }]);
    });

    it("creates a declared database that does not exist yet (as the component documents), owned by the master, reachable only by its user", async () => {
        const fresh = `${fx.prefix}_fresh`;
        const result = await provision([user(rw, "readwrite", [fresh])]);
        expect(result.changes).toEqual(expect.arrayContaining([{ action: "create-database", database: fresh, detail: `CREATE DATABASE "${fresh}"` }]));
        const { rows } = await fx.admin.query("SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1", [fresh]);
        expect(rows).toEqual([{ owner: fx.master.username }]);
        await as(rw, fresh, "SELECT 1");
        await denied(as(`${fx.prefix}_bystander`, fresh, "SELECT 1"));
        expect((await provision([user(rw, "readwrite", [fresh])])).changed).toBe(false);
    });
});
