// Least-privilege application roles on PostgreSQL (RDS, Aurora). The master (rds_superuser on RDS,
// not a superuser) creates each declared role with no administrative attribute, then makes every
// database's grants match the declaration exactly: it reads what the role holds (aclexplode over
// databases, schemas, relations, columns and default privileges), grants what is missing, revokes
// what is extra, and checks the result. Roles it created are recorded in db_preflight.managed_users
// in the maintenance database; a role it did not create is never altered, revoked or dropped.
import { Client as PgClient, escapeIdentifier, escapeLiteral } from "pg";
import { connectPostgres, pinnedSearchPath } from "../database";
import { AppUserChange, ProvisionContext, ProvisioningError, ResolvedUser } from "./model";
import { passwordVerifier } from "./passwords";
import { AppUser, assertIdentifier, recordNamespace, schemasOf } from "./request";
import type { AppUserPrivilege } from "../../../aws-facts/privileges";

const id = (name: string) => escapeIdentifier(assertIdentifier(name));
const record = `${escapeIdentifier(recordNamespace)}.managed_users`;

/** Table privileges per level; ALTER / DROP / INDEX come with owning the tables an owner creates. */
const tablePrivileges: Record<AppUserPrivilege, string[]> = {
    readonly: ["SELECT"],
    readwrite: ["SELECT", "INSERT", "UPDATE", "DELETE"],
    owner: ["SELECT", "INSERT", "UPDATE", "DELETE", "REFERENCES"],
};
/** Sequence privileges: nextval() needs USAGE or UPDATE, currval() SELECT. */
const sequencePrivileges: Record<AppUserPrivilege, string[]> = {
    readonly: ["SELECT"],
    readwrite: ["USAGE", "SELECT", "UPDATE"],
    owner: ["USAGE", "SELECT", "UPDATE"],
};
const schemaPrivileges: Record<AppUserPrivilege, string[]> = {
    readonly: ["USAGE"],
    readwrite: ["USAGE"],
    owner: ["USAGE", "CREATE"],
};
/** Relation kinds granted on, and which table privileges make sense on each. */
const relationPrivileges = (relkind: string, level: AppUserPrivilege): string[] => {
    if (relkind === "S") return sequencePrivileges[level];
    if (relkind === "m") return ["SELECT"];
    if (relkind === "v" || relkind === "f") return tablePrivileges[level].filter((p) => p !== "REFERENCES");
    return tablePrivileges[level];
};
const grantedRelkinds = ["r", "p", "v", "m", "f", "S"];

/** The attributes every managed role has; anything else is corrected (and fails on RDS if it was made a superuser). */
const roleAttributes = [
    { column: "rolsuper", want: false, on: "SUPERUSER", off: "NOSUPERUSER" },
    { column: "rolcreatedb", want: false, on: "CREATEDB", off: "NOCREATEDB" },
    { column: "rolcreaterole", want: false, on: "CREATEROLE", off: "NOCREATEROLE" },
    { column: "rolreplication", want: false, on: "REPLICATION", off: "NOREPLICATION" },
    { column: "rolbypassrls", want: false, on: "BYPASSRLS", off: "NOBYPASSRLS" },
    { column: "rolcanlogin", want: true, on: "LOGIN", off: "NOLOGIN" },
] as const;

interface RoleRow {
    oid: number;
    rolname: string;
    rolsuper: boolean;
    rolcreatedb: boolean;
    rolcreaterole: boolean;
    rolreplication: boolean;
    rolbypassrls: boolean;
    rolcanlogin: boolean;
}

interface RecordRow {
    role_name: string;
    privilege: string;
    databases: string[];
    password_version: string | null;
}

/** One privilege a role holds or should hold. `target` is SQL (`TABLE "s"."t"`), or default privileges FOR ROLE `creator`. */
interface Privilege {
    target: string;
    privilege: string;
    column?: string;
    defaults?: { creator: string; schema: string | null; objects: string };
    grantable?: boolean;
}

const keyOf = (p: Privilege) => JSON.stringify([p.target, p.column ?? null, p.defaults ?? null, p.privilege]);

export async function provisionPostgres(ctx: ProvisionContext): Promise<void> {
    const { request } = ctx;
    const maintenance = await connect(ctx, request.database);
    try {
        // One provisioner at a time (the component may invoke while a rotation runs).
        await maintenance.query("SET statement_timeout = '60s'");
        await maintenance.query("SELECT pg_catalog.pg_advisory_lock(pg_catalog.hashtext('db_preflight.app_users'))");
        await maintenance.query("SET statement_timeout = 0");
        await ensureRecord(maintenance);

        const records = new Map((await maintenance.query<RecordRow>(`SELECT role_name, privilege, databases, password_version FROM ${record}`)).rows.map((r) => [r.role_name, r]));
        const declaredNames = request.users.map((u) => u.name);
        const existing = await roles(maintenance, [...new Set([...declaredNames, ...records.keys()])]);
        const foreign = declaredNames.filter((n) => existing.has(n) && !records.has(n));
        if (foreign.length > 0) {
            throw new ProvisioningError(
                `role ${foreign.join(", ")} already exists and was not created by db-preflight; it is left alone. ` + "Rename the app user, or drop the role yourself if it is unused.",
            );
        }
        await ensureDatabases(maintenance, ctx, request.users);
        const users = await ctx.resolveUsers();
        const master = (await maintenance.query<{ u: string; superuser: boolean }>("SELECT current_user AS u, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user")).rows[0];

        await transaction(maintenance, async () => {
            for (const user of users) await upsertRole(maintenance, ctx, user, existing.get(user.name), records.get(user.name), master.superuser);
            await reconcileDatabasePrivileges(maintenance, ctx, users, [...records.keys()]);
        });

        const declaredDatabases = new Set(users.flatMap((u) => u.databases));
        const recordedDatabases = [...records.values()].flatMap((r) => r.databases);
        const managed = [...new Set([...declaredNames, ...records.keys()])];
        for (const database of [...new Set([...declaredDatabases, ...recordedDatabases])].sort()) {
            const client = database === request.database ? maintenance : await connectIfExists(ctx, database, declaredDatabases.has(database));
            if (client === undefined) continue;
            try {
                await transaction(client, () => reconcileDatabase(client, ctx, database, users, managed, master.u));
            } finally {
                if (client !== maintenance) await client.end();
            }
        }

        await transaction(maintenance, () => retireUndeclared(maintenance, ctx, users, records));
    } finally {
        await maintenance.end().catch(() => undefined);
    }
}

/**
 * A master session in `database`. The search path is pinned at connect (startup option) and set again
 * here, so an object an owner-level app role planted in a schema it may create in is never resolved
 * (catalog calls below are schema-qualified as well).
 */
async function connect(ctx: ProvisionContext, database: string): Promise<PgClient> {
    const client = await connectPostgres({ ...ctx.endpoint, database }, ctx.master, { timeoutMs: ctx.connectTimeoutMs });
    try {
        await client.query(`SET search_path = ${pinnedSearchPath}`);
    } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
    }
    return client;
}

/** A database that was recorded but has since been dropped has nothing left to revoke. */
async function connectIfExists(ctx: ProvisionContext, database: string, declared: boolean): Promise<PgClient | undefined> {
    try {
        return await connect(ctx, database);
    } catch (error) {
        if (!declared && (error as { code?: string }).code === "3D000") return undefined;
        throw error;
    }
}

async function transaction<T>(client: PgClient, work: () => Promise<T>): Promise<T> {
    await client.query("BEGIN");
    try {
        const result = await work();
        await client.query("COMMIT");
        return result;
    } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
    }
}

async function ensureRecord(client: PgClient): Promise<void> {
    const exists = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'managed_users'", [recordNamespace]);
    if (exists.rowCount !== 0) return;
    await transaction(client, async () => {
        // A new schema grants nothing to PUBLIC: only the master reads or writes the record.
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(recordNamespace)}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${record} (
            role_name name PRIMARY KEY,
            privilege text NOT NULL,
            databases text[] NOT NULL,
            password_version text,
            state text NOT NULL DEFAULT 'active',
            updated_at timestamptz NOT NULL DEFAULT now()
        )`);
    });
}

async function roles(client: PgClient, names: string[]): Promise<Map<string, RoleRow>> {
    const result = await client.query<RoleRow>(
        `SELECT oid::int AS oid, rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin
           FROM pg_roles WHERE rolname = ANY($1::text[])`,
        [names],
    );
    return new Map(result.rows.map((r) => [r.rolname, r]));
}

/**
 * Creates each declared database that does not exist yet, owned by the master (CREATE DATABASE runs
 * outside a transaction). The component documents app-user databases as "created when missing".
 */
async function ensureDatabases(client: PgClient, ctx: ProvisionContext, users: AppUser[]): Promise<void> {
    const wanted = [...new Set(users.flatMap((u) => u.databases))].sort();
    const found = new Set((await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname = ANY($1::text[])", [wanted])).rows.map((r) => r.datname));
    for (const database of wanted.filter((d) => !found.has(d))) {
        const sql = `CREATE DATABASE ${id(database)}`;
        try {
            await client.query(sql);
        } catch (error) {
            const who = users
                .filter((u) => u.databases.includes(database))
                .map((u) => u.name)
                .join(", ");
            throw new ProvisioningError(`database ${database} (declared for ${who}) does not exist and could not be created: ${(error as Error).message}; create it, or give the master CREATEDB`);
        }
        ctx.change({ action: "create-database", database, detail: sql });
    }
}

/** The PASSWORD clause's literal: always a SCRAM verifier computed here (any password), so the server log never sees the password. */
export function passwordSql(password: string): string {
    return escapeLiteral(passwordVerifier(password));
}

async function run(client: PgClient, ctx: ProvisionContext, change: AppUserChange, sql: string): Promise<void> {
    await client.query(sql);
    ctx.change(change);
}

async function upsertRole(client: PgClient, ctx: ProvisionContext, user: ResolvedUser, role: RoleRow | undefined, previous: RecordRow | undefined, masterIsSuperuser: boolean): Promise<void> {
    const name = id(user.name);
    if (role === undefined) {
        const attributes = roleAttributes.map((a) => (a.want ? a.on : a.off)).join(" ");
        // The record row is written below in the same transaction: a role never exists without it.
        await client.query(`CREATE ROLE ${name} ${attributes} PASSWORD ${passwordSql(user.password)}`);
        ctx.change({ action: "create-user", user: user.name, detail: `CREATE ROLE ${name} ${attributes} PASSWORD <from ${user.secretArn}>` });
    } else {
        const wrong = roleAttributes.filter((a) => role[a.column] !== a.want);
        if (wrong.length > 0) {
            const attributes = wrong.map((a) => (a.want ? a.on : a.off)).join(" ");
            await run(client, ctx, { action: "alter-user", user: user.name, detail: `ALTER ROLE ${name} ${attributes}` }, `ALTER ROLE ${name} ${attributes}`);
        }
        if (previous?.password_version !== user.passwordVersion) {
            await client.query(`ALTER ROLE ${name} PASSWORD ${passwordSql(user.password)}`);
            ctx.change({ action: "set-password", user: user.name, detail: `password set from ${user.secretArn} version ${user.passwordVersion}` });
        }
        const memberships = await client.query<{ role: string }>("SELECT g.rolname AS role FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = $1::oid", [role.oid]);
        for (const { role: granted } of memberships.rows) {
            const sql = `REVOKE ${escapeIdentifier(granted)} FROM ${name}`;
            await run(client, ctx, { action: "revoke", user: user.name, detail: sql }, sql);
        }
    }
    // ALTER DEFAULT PRIVILEGES FOR ROLE x needs membership in x; RDS's master is not a superuser.
    if (user.privilege === "owner" && !masterIsSuperuser) {
        const member = await client.query<{ m: boolean }>("SELECT pg_catalog.pg_has_role(current_user, $1::pg_catalog.name, 'MEMBER') AS m", [user.name]);
        if (!member.rows[0].m) await run(client, ctx, { action: "grant", user: user.name, detail: `GRANT ${name} TO CURRENT_USER (the master)` }, `GRANT ${name} TO CURRENT_USER`);
    }
    await client.query(
        `INSERT INTO ${record} (role_name, privilege, databases, password_version, state, updated_at) VALUES ($1, $2, $3, $4, 'active', pg_catalog.now())
         ON CONFLICT (role_name) DO UPDATE SET privilege = $2, databases = $3, password_version = $4, state = 'active', updated_at = pg_catalog.now()`,
        // Until every database is reconciled, the record keeps the old databases too (to revoke there).
        [user.name, user.privilege, [...new Set([...(previous?.databases ?? []), ...user.databases])], user.passwordVersion],
    );
}

/**
 * CONNECT on exactly the declared databases (database privileges are cluster-wide, so this runs once,
 * from the maintenance database), and PUBLIC's default CONNECT / TEMPORARY revoked on each declared
 * database and on every other database the master owns (its own `postgres` and application
 * databases; never templates or databases of other owners), so an app role cannot even connect to a
 * database it was not given. The master keeps CONNECT as the owner; other roles that relied on
 * PUBLIC need an explicit GRANT CONNECT.
 */
async function reconcileDatabasePrivileges(client: PgClient, ctx: ProvisionContext, users: ResolvedUser[], recorded: string[]): Promise<void> {
    const declared = [...new Set(users.flatMap((u) => u.databases))].sort();
    const open = await client.query<{ datname: string; privileges: string[] }>(
        `SELECT d.datname, pg_catalog.array_agg(a.privilege_type ORDER BY a.privilege_type) AS privileges
           FROM pg_database d, pg_catalog.aclexplode(coalesce(d.datacl, pg_catalog.acldefault('d', d.datdba))) a
          WHERE (d.datname = ANY($1::text[]) OR (d.datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND NOT d.datistemplate AND d.datallowconn))
            AND a.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid AND a.privilege_type IN ('CONNECT', 'TEMPORARY')
          GROUP BY d.datname`,
        [declared],
    );
    for (const row of open.rows) {
        const sql = `REVOKE ${row.privileges.join(", ")} ON DATABASE ${escapeIdentifier(row.datname)} FROM PUBLIC`;
        await run(client, ctx, { action: "revoke-public", database: row.datname, detail: sql }, sql);
    }

    const names = [...new Set([...users.map((u) => u.name), ...recorded])];
    const held = await client.query<{ grantee: string; datname: string; privilege_type: string; is_grantable: boolean }>(
        `SELECT r.rolname AS grantee, d.datname, a.privilege_type, a.is_grantable
           FROM pg_database d, pg_catalog.aclexplode(d.datacl) a JOIN pg_roles r ON r.oid = a.grantee
          WHERE r.rolname = ANY($1::text[])`,
        [names],
    );
    for (const name of names) {
        const user = users.find((u) => u.name === name);
        const want: Privilege[] = (user?.databases ?? []).map((d) => ({ target: `DATABASE ${id(d)}`, privilege: "CONNECT" }));
        const have: Privilege[] = held.rows
            .filter((r) => r.grantee === name)
            .map((r) => ({ target: `DATABASE ${escapeIdentifier(r.datname)}`, privilege: r.privilege_type, grantable: r.is_grantable }));
        await applyDiff(client, ctx, name, undefined, want, have);
    }
}

interface RelationRow {
    schema: string;
    name: string;
    relkind: string;
    owner: string;
}

/** Makes the schema, relation, column and default privileges of every managed role in one database match the declaration. */
async function reconcileDatabase(client: PgClient, ctx: ProvisionContext, database: string, users: ResolvedUser[], managed: string[], master: string): Promise<void> {
    const here = users.filter((u) => u.databases.includes(database));
    const schemas = [...new Set(here.flatMap(schemasOf))].sort();
    await ensureSchemas(client, ctx, database, schemas);

    const relations = (
        await client.query<RelationRow>(
            `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, pg_catalog.pg_get_userbyid(c.relowner) AS owner
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = ANY($1::text[]) AND c.relkind::text = ANY($2::text[])
              ORDER BY 1, 2`,
            [schemas, grantedRelkinds],
        )
    ).rows;

    const present = await roles(client, managed);
    for (const name of managed) {
        if (!present.has(name)) continue;
        const user = here.find((u) => u.name === name);
        const want = user === undefined ? [] : desiredInDatabase(user, here, relations, master);
        await applyDiff(client, ctx, name, database, want, await heldInDatabase(client, name));
    }
}

/**
 * Creates the declared schemas that are missing, and takes CREATE away from PUBLIC on them and on
 * `public` (PostgreSQL before 15, and databases upgraded from it, let every role create objects there).
 */
async function ensureSchemas(client: PgClient, ctx: ProvisionContext, database: string, schemas: string[]): Promise<void> {
    const checked = [...new Set([...schemas, "public"])].sort();
    const rows = (
        await client.query<{ nspname: string; public_create: boolean }>(
            `SELECT n.nspname, EXISTS (SELECT 1 FROM pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) a
                                        WHERE a.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid AND a.privilege_type = 'CREATE') AS public_create
               FROM pg_namespace n WHERE n.nspname = ANY($1::text[])`,
            [checked],
        )
    ).rows;
    for (const schema of checked) {
        const row = rows.find((r) => r.nspname === schema);
        if (row === undefined) {
            if (!schemas.includes(schema)) continue;
            const sql = `CREATE SCHEMA ${id(schema)}`;
            await run(client, ctx, { action: "create-schema", database, detail: sql }, sql);
        } else if (row.public_create) {
            const sql = `REVOKE CREATE ON SCHEMA ${id(schema)} FROM PUBLIC`;
            await run(client, ctx, { action: "revoke-public", database, detail: sql }, sql);
        }
    }
}

function desiredInDatabase(user: AppUser, here: AppUser[], relations: RelationRow[], master: string): Privilege[] {
    const want: Privilege[] = [];
    for (const schema of schemasOf(user)) {
        for (const privilege of schemaPrivileges[user.privilege]) want.push({ target: `SCHEMA ${id(schema)}`, privilege });
        for (const rel of relations) {
            if (rel.schema !== schema || rel.owner === user.name) continue;
            const kind = rel.relkind === "S" ? "SEQUENCE" : "TABLE";
            for (const privilege of relationPrivileges(rel.relkind, user.privilege)) {
                want.push({ target: `${kind} ${escapeIdentifier(rel.schema)}.${escapeIdentifier(rel.name)}`, privilege });
            }
        }
        // Future tables and sequences follow, whoever of the master and the owner roles creates them.
        const creators = [master, ...here.filter((u) => u.privilege === "owner" && schemasOf(u).includes(schema)).map((u) => u.name)];
        for (const creator of new Set(creators)) {
            if (creator === user.name) continue;
            for (const privilege of tablePrivileges[user.privilege]) {
                want.push({ target: "", privilege, defaults: { creator, schema, objects: "TABLES" } });
            }
            for (const privilege of sequencePrivileges[user.privilege]) {
                want.push({ target: "", privilege, defaults: { creator, schema, objects: "SEQUENCES" } });
            }
        }
    }
    return want;
}

const defaultObjects: Record<string, string> = { r: "TABLES", S: "SEQUENCES", f: "FUNCTIONS", T: "TYPES", n: "SCHEMAS" };

async function heldInDatabase(client: PgClient, role: string): Promise<Privilege[]> {
    const rows = (
        await client.query<{ kind: string; schema: string | null; name: string | null; col: string | null; creator: string | null; objtype: string | null; privilege: string; grantable: boolean }>(
            `WITH r AS (SELECT oid FROM pg_roles WHERE rolname = $1)
             SELECT 'SCHEMA' AS kind, n.nspname AS schema, NULL AS name, NULL AS col, NULL AS creator, NULL AS objtype, a.privilege_type AS privilege, a.is_grantable AS grantable
               FROM pg_namespace n, pg_catalog.aclexplode(n.nspacl) a, r WHERE a.grantee = r.oid AND n.nspowner <> r.oid
             UNION ALL
             SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname, NULL, NULL, NULL, a.privilege_type, a.is_grantable
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_catalog.aclexplode(c.relacl) a, r WHERE a.grantee = r.oid AND c.relowner <> r.oid
             UNION ALL
             SELECT 'TABLE', n.nspname, c.relname, att.attname, NULL, NULL, a.privilege_type, a.is_grantable
               FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace, pg_catalog.aclexplode(att.attacl) a, r
              WHERE att.attacl IS NOT NULL AND a.grantee = r.oid AND c.relowner <> r.oid
             UNION ALL
             SELECT 'DEFAULT', n.nspname, NULL, NULL, pg_catalog.pg_get_userbyid(d.defaclrole), d.defaclobjtype::text, a.privilege_type, a.is_grantable
               FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace, pg_catalog.aclexplode(d.defaclacl) a, r WHERE a.grantee = r.oid`,
            [role],
        )
    ).rows;
    return rows.map((r) => {
        if (r.kind === "DEFAULT") {
            return { target: "", privilege: r.privilege, grantable: r.grantable, defaults: { creator: r.creator!, schema: r.schema, objects: defaultObjects[r.objtype!] ?? r.objtype! } };
        }
        const target = r.kind === "SCHEMA" ? `SCHEMA ${escapeIdentifier(r.schema!)}` : `${r.kind} ${escapeIdentifier(r.schema!)}.${escapeIdentifier(r.name!)}`;
        return { target, privilege: r.privilege, grantable: r.grantable, ...(r.col !== null ? { column: r.col } : {}) };
    });
}

/** GRANT / REVOKE so that `have` becomes `want`, grouped per object; then reads back and insists on equality. */
async function applyDiff(client: PgClient, ctx: ProvisionContext, role: string, database: string | undefined, want: Privilege[], have: Privilege[]): Promise<void> {
    const wanted = new Map(want.map((p) => [keyOf(p), p]));
    const held = new Map(have.map((p) => [keyOf(p), p]));
    const grants = [...wanted.entries()].filter(([k]) => !held.has(k)).map(([, p]) => p);
    const revokes = [...held.entries()].filter(([k]) => !wanted.has(k)).map(([, p]) => p);
    const grantOptions = [...held.entries()].filter(([k, p]) => wanted.has(k) && p.grantable).map(([, p]) => p);
    const statements = [
        ...grouped(grants).map((g) => ({ action: "grant" as const, sql: statement("GRANT", g, role) })),
        ...grouped(revokes).map((g) => ({ action: "revoke" as const, sql: statement("REVOKE", g, role) })),
        ...grouped(grantOptions).map((g) => ({ action: "revoke" as const, sql: statement("REVOKE GRANT OPTION FOR", g, role) })),
    ];
    for (const s of statements) await run(client, ctx, { action: s.action, user: role, ...(database !== undefined ? { database } : {}), detail: s.sql }, s.sql);
    if (statements.length === 0 || database === undefined) return;
    const after = new Set((await heldInDatabase(client, role)).map(keyOf));
    const leftover = [...after].filter((k) => !wanted.has(k));
    const missing = [...wanted.keys()].filter((k) => !after.has(k));
    if (leftover.length > 0 || missing.length > 0) {
        throw new ProvisioningError(
            `role ${role} in database ${database} does not match its declaration after reconciling ` +
                `(still held: ${leftover.join(", ") || "none"}; still missing: ${missing.join(", ") || "none"}). ` +
                "A privilege granted by another role can only be revoked by that role (or a superuser).",
        );
    }
}

interface Group {
    sample: Privilege;
    privileges: string[];
}

function grouped(privileges: Privilege[]): Group[] {
    const groups = new Map<string, Group>();
    for (const p of privileges) {
        const key = JSON.stringify([p.target, p.column ?? null, p.defaults ?? null]);
        const group = groups.get(key) ?? { sample: p, privileges: [] };
        group.privileges.push(p.privilege);
        groups.set(key, group);
    }
    return [...groups.values()];
}

function statement(verb: "GRANT" | "REVOKE" | "REVOKE GRANT OPTION FOR", group: Group, role: string): string {
    const p = group.sample;
    const privileges = group.privileges.sort().join(", ");
    const to = verb === "GRANT" ? "TO" : "FROM";
    if (p.defaults !== undefined) {
        const inSchema = p.defaults.schema === null ? "" : ` IN SCHEMA ${escapeIdentifier(p.defaults.schema)}`;
        return `ALTER DEFAULT PRIVILEGES FOR ROLE ${escapeIdentifier(p.defaults.creator)}${inSchema} ${verb} ${privileges} ON ${p.defaults.objects} ${to} ${id(role)}`;
    }
    const columns = p.column !== undefined ? ` (${escapeIdentifier(p.column)})` : "";
    const privilegeList = p.column !== undefined ? group.privileges.map((x) => `${x}${columns}`).join(", ") : privileges;
    return `${verb} ${privilegeList} ON ${p.target} ${to} ${id(role)}`;
}

/**
 * Roles recorded but no longer declared: their sessions are ended and the role dropped; one that
 * still owns objects (tables an owner-level role created) keeps its data and is made NOLOGIN, with
 * the reason reported. Privileges are already revoked by the per-database pass.
 */
async function retireUndeclared(client: PgClient, ctx: ProvisionContext, users: ResolvedUser[], records: Map<string, RecordRow>): Promise<void> {
    const declared = new Set(users.map((u) => u.name));
    const existing = await roles(client, [...records.keys()]);
    for (const name of records.keys()) {
        if (declared.has(name)) continue;
        const role = existing.get(name);
        if (role === undefined) {
            await client.query(`DELETE FROM ${record} WHERE role_name = $1`, [name]);
            continue;
        }
        await client.query("SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_catalog.pg_backend_pid()", [name]);
        await client.query("SAVEPOINT retire");
        try {
            await client.query(`DROP ROLE ${id(name)}`);
            await client.query(`DELETE FROM ${record} WHERE role_name = $1`, [name]);
            ctx.change({ action: "drop-user", user: name, detail: `DROP ROLE ${id(name)}` });
        } catch (error) {
            await client.query("ROLLBACK TO SAVEPOINT retire");
            const reason = [(error as Error).message, (error as { detail?: string }).detail].filter(Boolean).join(": ");
            if (role.rolcanlogin) {
                await client.query(`ALTER ROLE ${id(name)} NOLOGIN`);
                ctx.change({ action: "disable-user", user: name, detail: `ALTER ROLE ${id(name)} NOLOGIN (kept because ${reason}; REASSIGN OWNED BY ${id(name)} TO another role, then re-run)` });
            }
            await client.query(`UPDATE ${record} SET state = 'retired', updated_at = pg_catalog.now() WHERE role_name = $1`, [name]);
        }
    }
    for (const user of users) await client.query(`UPDATE ${record} SET databases = $2 WHERE role_name = $1`, [user.name, user.databases]);
}
