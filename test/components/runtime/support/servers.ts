// The local PostgreSQL and MariaDB servers the runtime tests use, and throwaway databases / roles on
// them. Every test file gets its own random prefix, creates what it needs under it and drops it all
// in afterAll. A server that is down fails the file at once with a message saying what to run.
import { randomBytes } from "crypto";
import * as mysql from "mysql2/promise";
import { Client as PgClient } from "pg";

export const pgServer = { host: "127.0.0.1", port: 5432, adminUser: "postgres" } as const;
export const mariadbServer = { host: "127.0.0.1", port: 3306, adminUser: "root", adminPassword: "" } as const;

const hint = "start it with scripts/ensure-databases.sh";

/** A random lower-case prefix, e.g. "dbp_t3f9a1c", for everything one test file creates. */
export function testPrefix(): string {
    return `dbp_t${randomBytes(3).toString("hex")}`;
}

/** A superuser connection (trust auth on 127.0.0.1), or a clear error within 3 s. */
export async function pgAdmin(database = "postgres"): Promise<PgClient> {
    const client = new PgClient({ host: pgServer.host, port: pgServer.port, user: pgServer.adminUser, database, connectionTimeoutMillis: 3000 });
    client.on("error", () => undefined);
    try {
        await client.connect();
    } catch (error) {
        throw new Error(`PostgreSQL is not reachable at ${pgServer.host}:${pgServer.port} as ${pgServer.adminUser} (${(error as Error).message}); ${hint}`, { cause: error });
    }
    return client;
}

/** A root connection, or a clear error within 3 s. */
export async function mariadbAdmin(): Promise<mysql.Connection> {
    try {
        return await mysql.createConnection({
            host: mariadbServer.host,
            port: mariadbServer.port,
            user: mariadbServer.adminUser,
            password: mariadbServer.adminPassword,
            connectTimeout: 3000,
        });
    } catch (error) {
        throw new Error(`MariaDB is not reachable at ${mariadbServer.host}:${mariadbServer.port} as ${mariadbServer.adminUser} (${(error as Error).message}); ${hint}`, { cause: error });
    }
}

/**
 * A PostgreSQL master role shaped like RDS's (LOGIN CREATEROLE CREATEDB pg_signal_backend, not a superuser) and
 * databases it owns. Trust auth means any password logs in; the password here is only what the
 * fake master secret holds.
 */
export interface PgFixture {
    prefix: string;
    admin: PgClient;
    master: { username: string; password: string };
    /** Creates `${prefix}_${suffix}` owned by the master; returns its name. */
    createDatabase(suffix: string): Promise<string>;
    /** Runs SQL as the master in a database (e.g. to create tables the master owns). */
    asMaster(database: string, sql: string): Promise<void>;
    cleanup(): Promise<void>;
}

export async function pgFixture(): Promise<PgFixture> {
    const admin = await pgAdmin();
    const prefix = testPrefix();
    const master = { username: `${prefix}_master`, password: randomBytes(12).toString("hex") };
    await admin.query(`CREATE ROLE ${master.username} LOGIN CREATEROLE CREATEDB NOSUPERUSER`);
    // RDS's master gets this through rds_superuser: it may end other roles' sessions.
    await admin.query(`GRANT pg_signal_backend TO ${master.username}`);
    const databases: string[] = [];
    return {
        prefix,
        admin,
        master,
        async createDatabase(suffix) {
            const name = `${prefix}_${suffix}`;
            await admin.query(`CREATE DATABASE ${name} OWNER ${master.username}`);
            databases.push(name);
            return name;
        },
        async asMaster(database, sql) {
            const client = new PgClient({ host: pgServer.host, port: pgServer.port, user: master.username, database, connectionTimeoutMillis: 3000 });
            await client.connect();
            try {
                await client.query(sql);
            } finally {
                await client.end();
            }
        },
        async cleanup() {
            try {
                // Also the databases the provisioner created under the prefix.
                const created = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}\\_%`]);
                for (const name of new Set([...databases, ...created.rows.map((r) => r.datname)])) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
                const roles = await admin.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE $1 ORDER BY rolname = $2, rolname`, [`${prefix}\\_%`, master.username]);
                for (const { rolname } of roles.rows) await admin.query(`DROP ROLE IF EXISTS ${rolname}`);
            } finally {
                await admin.end();
            }
        },
    };
}

/**
 * A MariaDB master user with the privileges RDS gives its master user (no SUPER, no FILE, global
 * grants WITH GRANT OPTION) and databases under the test prefix.
 */
export interface MariadbFixture {
    prefix: string;
    admin: mysql.Connection;
    master: { username: string; password: string };
    createDatabase(suffix: string): Promise<string>;
    cleanup(): Promise<void>;
}

export const rdsMasterPrivileges =
    "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, REFERENCES, INDEX, ALTER, SHOW DATABASES, CREATE TEMPORARY TABLES, " +
    "LOCK TABLES, EXECUTE, REPLICATION SLAVE, BINLOG MONITOR, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER";

export async function mariadbFixture(): Promise<MariadbFixture> {
    const admin = await mariadbAdmin();
    const prefix = testPrefix();
    const master = { username: `${prefix}_master`, password: randomBytes(12).toString("hex") };
    await admin.query(`CREATE USER ?@'%' IDENTIFIED BY ?`, [master.username, master.password]);
    await admin.query(`GRANT ${rdsMasterPrivileges} ON *.* TO ?@'%' WITH GRANT OPTION`, [master.username]);
    const databases: string[] = [];
    return {
        prefix,
        admin,
        master,
        async createDatabase(suffix) {
            const name = `${prefix}_${suffix}`;
            await admin.query(`CREATE DATABASE ${admin.escapeId(name)}`);
            databases.push(name);
            return name;
        },
        async cleanup() {
            try {
                const [created] = await admin.query<mysql.RowDataPacket[]>("SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?", [`${prefix}\\_%`]);
                for (const name of new Set([...databases, ...created.map((r) => r.name as string)])) await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeId(name)}`);
                const [users] = await admin.query<mysql.RowDataPacket[]>(`SELECT User, Host FROM mysql.user WHERE User LIKE ?`, [`${prefix}\\_%`]);
                for (const u of users) await admin.query(`DROP USER IF EXISTS ?@?`, [u.User, u.Host]);
                const [record] = await admin.query<mysql.RowDataPacket[]>(`SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'db_preflight' AND TABLE_NAME = 'managed_users'`);
                if (record.length > 0) {
                    // Under the provisioner's own lock: a concurrent provisioner (another test file) could deadlock with this DELETE.
                    await admin.query("SELECT GET_LOCK('db_preflight.app_users', 60)");
                    await admin.query(`DELETE FROM db_preflight.managed_users WHERE user_name LIKE ?`, [`${prefix}\\_%`]);
                    await admin.query("SELECT RELEASE_LOCK('db_preflight.app_users')");
                }
            } finally {
                await admin.end();
            }
        },
    };
}
