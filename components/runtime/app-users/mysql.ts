// Least-privilege application users on MySQL, MariaDB and Aurora MySQL: one 'name'@'%' account per
// declared user, with privileges on exactly `db`.* for its databases and nothing global, table- or
// column-level. The master reads what each account holds (information_schema *_PRIVILEGES), grants
// what is missing, revokes what is extra, and checks the result. Accounts it created are recorded in
// db_preflight.managed_users (a database no app user can be granted) under the request's maintenance
// database, its scope, as PostgreSQL keeps them in the maintenance database; an account recorded under
// another scope, or not at all, is never touched.
// MySQL commits each GRANT / CREATE USER on its own: there is no transaction to wrap them in, so the
// record is written before an account is created and deleted after it is dropped.
import type { Connection, RowDataPacket } from "mysql2/promise";
import type { AppUserPrivilege } from "../../../aws-facts/privileges";
import { connectMysql } from "../database";
import { ProvisionContext, ProvisioningError, ResolvedUser } from "./model";
import { assertIdentifier, recordNamespace } from "./request";

/**
 * Database-level privileges per level. MySQL cannot grant DROP TABLE without also allowing DROP
 * DATABASE on the same database, so an owner can drop its own databases (never create others).
 */
const databasePrivileges: Record<AppUserPrivilege, string[]> = {
    readonly: ["SELECT"],
    readwrite: ["SELECT", "INSERT", "UPDATE", "DELETE"],
    owner: ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "INDEX", "REFERENCES"],
};

const record = `${recordNamespace}.managed_users`;
const lockName = "db_preflight.app_users";

interface RecordRow extends RowDataPacket {
    user_name: string;
    scope: string;
    databases_json: string;
    password_version: string | null;
    state: string;
}

interface Held {
    level: "GLOBAL" | "SCHEMA" | "TABLE" | "COLUMN";
    /** SQL for the object: *.*, `db`.*, `db`.`table`. */
    on: string;
    column?: string;
    privilege: string;
    grantable: boolean;
}

const keyOf = (h: Pick<Held, "on" | "column" | "privilege">) => JSON.stringify([h.on, h.column ?? null, h.privilege]);

export async function provisionMysql(ctx: ProvisionContext): Promise<void> {
    const conn = await connectMysql(ctx.endpoint, ctx.master, { timeoutMs: ctx.connectTimeoutMs });
    try {
        const [[lock]] = await conn.query<RowDataPacket[]>("SELECT GET_LOCK(?, 60) AS got", [lockName]);
        if (lock.got !== 1) throw new ProvisioningError("another app-users provisioner held the lock for 60 s; try again");
        await conn.query(`CREATE DATABASE IF NOT EXISTS ${conn.escapeId(recordNamespace)}`);
        await conn.query(`CREATE TABLE IF NOT EXISTS ${record} (
            user_name VARCHAR(80) PRIMARY KEY,
            scope VARCHAR(64) NOT NULL,
            privilege VARCHAR(16) NOT NULL,
            databases_json TEXT NOT NULL,
            password_version VARCHAR(200),
            state VARCHAR(16) NOT NULL DEFAULT 'active',
            updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
        ) ENGINE = InnoDB`);

        const scope = ctx.request.database;
        const [recordRows] = await conn.query<RecordRow[]>(`SELECT user_name, scope, databases_json, password_version, state FROM ${record}`);
        const records = new Map(recordRows.filter((r) => r.scope === scope).map((r) => [r.user_name, r]));
        const declared = ctx.request.users.map((u) => u.name);
        const names = [...new Set([...declared, ...records.keys()])];
        const [accountRows] = names.length === 0 ? [[]] : await conn.query<RowDataPacket[]>("SELECT User AS user, Host AS host FROM mysql.user WHERE User IN (?)", [names]);
        const accounts = new Set(accountRows.filter((r) => r.host === "%").map((r) => r.user as string));
        const elsewhere = recordRows.filter((r) => r.scope !== scope && declared.includes(r.user_name));
        if (elsewhere.length > 0) {
            throw new ProvisioningError(
                `user ${elsewhere.map((r) => `${r.user_name} (for maintenance database ${r.scope})`).join(", ")} is managed by another db-preflight declaration on this server; it is left alone.`,
            );
        }
        const foreign = [...new Set(accountRows.map((r) => r.user as string))].filter((n) => declared.includes(n) && !records.has(n));
        if (foreign.length > 0) {
            throw new ProvisioningError(
                `user ${foreign.join(", ")} already exists and was not created by db-preflight; it is left alone. Rename the app user, or drop that account yourself if it is unused.`,
            );
        }
        await assertNothingGrantedToEveryone(conn);
        await ensureDatabases(conn, ctx);

        for (const user of await ctx.resolveUsers()) await upsertUser(conn, ctx, scope, user, accounts.has(user.name), records.get(user.name));
        for (const [name, row] of records) {
            if (!declared.includes(name)) await retire(conn, ctx, name, accounts.has(name), row);
        }
    } finally {
        await conn.query("SELECT RELEASE_LOCK(?)", [lockName]).catch(() => undefined);
        await conn.end().catch(() => conn.destroy());
    }
}

/** Creates each declared database that does not exist yet (the component documents them as "created when missing"). */
async function ensureDatabases(conn: Connection, ctx: ProvisionContext): Promise<void> {
    const wanted = [...new Set(ctx.request.users.flatMap((u) => u.databases))].sort();
    if (wanted.length === 0) return;
    const [rows] = await conn.query<RowDataPacket[]>("SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)", [wanted]);
    const found = new Set(rows.map((r) => r.name as string));
    for (const database of wanted.filter((d) => !found.has(d))) {
        const sql = `CREATE DATABASE IF NOT EXISTS ${conn.escapeId(assertIdentifier(database))}`;
        await conn.query(sql);
        ctx.change({ action: "create-database", database, detail: sql });
    }
}

/**
 * Grants every account inherits: MariaDB's PUBLIC (10.11+), grants to an anonymous ''@host account
 * (a blank user in a grant table matches every user name), and MySQL 8's mandatory_roles. Through
 * them an app user would reach databases it was not given. They are someone's deliberate choice, so
 * the provisioner does not undo them: it refuses to provision until they are revoked, and says how.
 */
async function assertNothingGrantedToEveryone(conn: Connection): Promise<void> {
    const everyone = "(GRANTEE = ? OR GRANTEE LIKE ?)";
    const grantees = ["'PUBLIC'@''", "''@%"];
    const [rows] = await conn.query<RowDataPacket[]>(
        `SELECT GRANTEE AS grantee, '*' AS db, NULL AS t, PRIVILEGE_TYPE AS p FROM information_schema.USER_PRIVILEGES WHERE ${everyone} AND PRIVILEGE_TYPE <> 'USAGE'
         UNION ALL SELECT GRANTEE, TABLE_SCHEMA, NULL, PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES WHERE ${everyone}
         UNION ALL SELECT GRANTEE, TABLE_SCHEMA, TABLE_NAME, PRIVILEGE_TYPE FROM information_schema.TABLE_PRIVILEGES WHERE ${everyone}
         UNION ALL SELECT GRANTEE, TABLE_SCHEMA, TABLE_NAME, PRIVILEGE_TYPE FROM information_schema.COLUMN_PRIVILEGES WHERE ${everyone}`,
        [...grantees, ...grantees, ...grantees, ...grantees],
    );
    const found = rows.map((r) => {
        const on = r.db === "*" ? "*.*" : `${conn.escapeId(r.db)}.${r.t === null ? "*" : conn.escapeId(r.t)}`;
        const grantee = r.grantee === "'PUBLIC'@''" ? "PUBLIC" : r.grantee;
        return `${r.p} ON ${on} TO ${grantee} (REVOKE ${r.p} ON ${on} FROM ${grantee})`;
    });
    const [mandatory] = await conn.query<RowDataPacket[]>("SHOW GLOBAL VARIABLES LIKE 'mandatory_roles'");
    const roles = String(mandatory[0]?.Value ?? "").trim();
    if (roles !== "") found.push(`mandatory_roles = ${roles} (clear it in the parameter group)`);
    if (found.length > 0) {
        throw new ProvisioningError(
            `every account on this server, the app users included, inherits: ${[...new Set(found)].join("; ")}. ` +
                "An app user must reach only the databases declared for it: revoke these (or grant them to the accounts that need them), then re-run.",
        );
    }
}

/** The account, quoted by the driver: 'name'@'%'. */
const account = (conn: Connection, name: string) => `${conn.escape(assertIdentifier(name))}@'%'`;

/** `db`.* with _ and % escaped: in a database-level GRANT they are wildcards (`app_db` would match `appxdb`). */
const databaseTarget = (conn: Connection, db: string) => `${conn.escapeId(assertIdentifier(db).replace(/[_%]/g, "\\$&"))}.*`;

async function upsertUser(conn: Connection, ctx: ProvisionContext, scope: string, user: ResolvedUser, exists: boolean, previous: RecordRow | undefined): Promise<void> {
    const who = account(conn, user.name);
    const saveRecord = (databases: string[], passwordVersion: string | null) =>
        conn.query(
            `INSERT INTO ${record} (user_name, scope, privilege, databases_json, password_version, state) VALUES (?, ?, ?, ?, ?, 'active')
             ON DUPLICATE KEY UPDATE privilege = VALUES(privilege), databases_json = VALUES(databases_json), password_version = VALUES(password_version), state = 'active'`,
            [user.name, scope, user.privilege, JSON.stringify(databases), passwordVersion],
        );
    if (!exists) {
        await saveRecord(user.databases, null);
        await conn.query("CREATE USER ?@'%' IDENTIFIED BY ?", [user.name, user.password]);
        ctx.change({ action: "create-user", user: user.name, detail: `CREATE USER ${who} IDENTIFIED BY <from ${user.secretArn}>` });
    } else {
        if (previous?.password_version !== user.passwordVersion) {
            await conn.query("ALTER USER ?@'%' IDENTIFIED BY ?", [user.name, user.password]);
            ctx.change({ action: "set-password", user: user.name, detail: `password set from ${user.secretArn} version ${user.passwordVersion}` });
        }
        if (await isLocked(conn, user.name)) {
            await conn.query(`ALTER USER ${who} ACCOUNT UNLOCK`);
            ctx.change({ action: "alter-user", user: user.name, detail: `ALTER USER ${who} ACCOUNT UNLOCK` });
        }
    }
    const want = user.databases.flatMap((db) => databasePrivileges[user.privilege].map((privilege) => ({ on: databaseTarget(conn, db), privilege })));
    await reconcile(conn, ctx, user.name, want);
    await saveRecord(user.databases, user.passwordVersion);
}

async function isLocked(conn: Connection, name: string): Promise<boolean> {
    const [rows] = await conn.query<RowDataPacket[]>(`SHOW CREATE USER ${account(conn, name)}`);
    return /ACCOUNT LOCK\b/i.test(String(Object.values(rows[0])[0]));
}

/** What an account holds, at every level. */
async function held(conn: Connection, name: string): Promise<Held[]> {
    const grantee = `'${assertIdentifier(name)}'@'%'`;
    const yes = (v: unknown) => v === "YES";
    const out: Held[] = [];
    const [global] = await conn.query<RowDataPacket[]>("SELECT PRIVILEGE_TYPE AS p, IS_GRANTABLE AS g FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?", [grantee]);
    for (const r of global) if (r.p !== "USAGE") out.push({ level: "GLOBAL", on: "*.*", privilege: r.p, grantable: yes(r.g) });
    const [schema] = await conn.query<RowDataPacket[]>("SELECT TABLE_SCHEMA AS db, PRIVILEGE_TYPE AS p, IS_GRANTABLE AS g FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ?", [grantee]);
    // TABLE_SCHEMA holds the grant's pattern as written (`app\_db`); quoting it verbatim revokes that grant.
    for (const r of schema) out.push({ level: "SCHEMA", on: `${conn.escapeId(r.db)}.*`, privilege: r.p, grantable: yes(r.g) });
    const [table] = await conn.query<RowDataPacket[]>("SELECT TABLE_SCHEMA AS db, TABLE_NAME AS t, PRIVILEGE_TYPE AS p, IS_GRANTABLE AS g FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = ?", [
        grantee,
    ]);
    for (const r of table) out.push({ level: "TABLE", on: `${conn.escapeId(r.db)}.${conn.escapeId(r.t)}`, privilege: r.p, grantable: yes(r.g) });
    const [column] = await conn.query<RowDataPacket[]>(
        "SELECT TABLE_SCHEMA AS db, TABLE_NAME AS t, COLUMN_NAME AS c, PRIVILEGE_TYPE AS p, IS_GRANTABLE AS g FROM information_schema.COLUMN_PRIVILEGES WHERE GRANTEE = ?",
        [grantee],
    );
    for (const r of column) out.push({ level: "COLUMN", on: `${conn.escapeId(r.db)}.${conn.escapeId(r.t)}`, column: r.c, privilege: r.p, grantable: yes(r.g) });
    return out;
}

/** GRANT / REVOKE so the account holds exactly `want`, then reads back and insists on equality. */
async function reconcile(conn: Connection, ctx: ProvisionContext, name: string, want: Array<{ on: string; privilege: string }>): Promise<void> {
    const who = account(conn, name);
    const have = await held(conn, name);
    const wanted = new Set(want.map(keyOf));
    const holding = new Set(have.map(keyOf));
    const statements: Array<{ action: "grant" | "revoke"; sql: string }> = [];
    for (const [on, privileges] of groupBy(want.filter((w) => !holding.has(keyOf(w))))) statements.push({ action: "grant", sql: `GRANT ${privileges.join(", ")} ON ${on} TO ${who}` });
    for (const [on, privileges] of groupBy(have.filter((h) => !wanted.has(keyOf(h))).map(withColumn)))
        statements.push({ action: "revoke", sql: `REVOKE ${privileges.join(", ")} ON ${on} FROM ${who}` });
    const grantOptions = new Set(have.filter((h) => h.grantable).map((h) => h.on));
    for (const on of grantOptions) statements.push({ action: "revoke", sql: `REVOKE GRANT OPTION ON ${on} FROM ${who}` });
    for (const s of statements) {
        await conn.query(s.sql);
        ctx.change({ action: s.action, user: name, detail: s.sql });
    }
    if (statements.length === 0) return;
    const after = await held(conn, name);
    const wrong = after.filter((h) => !wanted.has(keyOf(h)) || h.grantable).map(keyOf);
    const missing = [...wanted].filter((k) => !after.some((h) => keyOf(h) === k));
    if (wrong.length > 0 || missing.length > 0) {
        throw new ProvisioningError(`user ${name} does not match its declaration after reconciling (still held: ${wrong.join(", ") || "none"}; still missing: ${missing.join(", ") || "none"})`);
    }
}

/** Column privileges are revoked as `PRIV (col)`. */
const withColumn = (h: Held) => ({ on: h.on, privilege: h.column === undefined ? h.privilege : `${h.privilege} (\`${h.column.replace(/`/g, "``")}\`)` });

function groupBy(items: Array<{ on: string; privilege: string }>): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const item of items) groups.set(item.on, [...(groups.get(item.on) ?? []), item.privilege]);
    return groups;
}

/**
 * An account no longer declared: dropped (which ends its privileges) and forgotten. If the server
 * refuses (MySQL 8 will not drop an account named as a stored object's DEFINER), its privileges are
 * revoked and the account locked instead. Sessions already open stay open until they disconnect:
 * ending them needs CONNECTION_ADMIN, which the RDS master lacks (use CALL mysql.rds_kill).
 */
async function retire(conn: Connection, ctx: ProvisionContext, name: string, exists: boolean, row: RecordRow): Promise<void> {
    if (!exists) {
        await conn.query(`DELETE FROM ${record} WHERE user_name = ?`, [name]);
        return;
    }
    const who = account(conn, name);
    try {
        await conn.query(`DROP USER ${who}`);
        ctx.change({ action: "drop-user", user: name, detail: `DROP USER ${who}` });
        await conn.query(`DELETE FROM ${record} WHERE user_name = ?`, [name]);
    } catch (error) {
        await reconcile(conn, ctx, name, []);
        if (!(await isLocked(conn, name))) {
            await conn.query(`ALTER USER ${who} ACCOUNT LOCK`);
            ctx.change({ action: "disable-user", user: name, detail: `ALTER USER ${who} ACCOUNT LOCK (kept because ${(error as Error).message})` });
        }
        if (row.state !== "retired") await conn.query(`UPDATE ${record} SET state = 'retired' WHERE user_name = ?`, [name]);
    }
}
