// Connections the runtime functions open: the engines they speak to, TLS settings, the environment
// variables that name the database, credentials read from a secret, and connects with a hard
// deadline (the socket is destroyed when it passes, so a server that accepts TCP and never answers
// cannot hang a Lambda).
import { readFileSync } from "fs";
import type * as Mysql from "mysql2";
import type { Connection as MysqlCallbackConnection } from "mysql2";
import type { Connection as MysqlConnection } from "mysql2/promise";
import type * as Pg from "pg";
import type { Client as PgClient } from "pg";
import { z } from "zod";

// The drivers load on first connect: the components import this module's engine list and TLS
// settings at deploy time, where the installed package has no pg or mysql2 (the Lambda bundles,
// which esbuild builds with these requires inlined, carry them).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pgDriver = (): typeof Pg => require("pg");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mysqlDriver = (): typeof Mysql => require("mysql2");

/** RDS `engine` values the runtime functions serve. */
export const runtimeEngines = ["postgres", "mysql", "mariadb", "aurora-postgresql", "aurora-mysql"] as const;
export type RuntimeEngine = (typeof runtimeEngines)[number];

/**
 * `require`: TLS is mandatory and the server certificate is verified (chain and host name) against
 * Node's trust store plus `NODE_EXTRA_CA_CERTS`, or against `caFile` when set. `disable`: plain TCP,
 * for local tests against servers without TLS only; refused inside Lambda.
 */
export const tlsModes = ["require", "disable"] as const;
export type TlsMode = (typeof tlsModes)[number];
export interface TlsSettings {
    mode: TlsMode;
    /** PEM bundle to trust instead of the default store (e.g. the RDS global bundle). */
    caFile?: string;
}

/** Environment variables both functions read for TLS. */
export const tlsEnvVars = { mode: "DB_TLS", caFile: "DB_TLS_CA_FILE" } as const;

/**
 * Lambda's Node.js 20+ runtimes no longer load the Amazon CA certificates (the RDS CAs among them)
 * at start; this file holds them and NODE_EXTRA_CA_CERTS loads it. Set it on both functions so
 * `DB_TLS=require` verifies RDS certificates without shipping a bundle.
 */
export const lambdaCaEnvironment = { NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem" } as const;

export const tlsEnvSchema = z.object({
    [tlsEnvVars.mode]: z.enum(tlsModes).default("require"),
    [tlsEnvVars.caFile]: z.string().min(1).optional(),
});

/** The Lambda environment variables for TLS settings (both functions use them). */
export function tlsEnvironment(tls: TlsSettings): Record<string, string> {
    if (tls.caFile !== undefined) return { [tlsEnvVars.mode]: tls.mode, [tlsEnvVars.caFile]: tls.caFile };
    return { [tlsEnvVars.mode]: tls.mode, ...(tls.mode === "require" ? lambdaCaEnvironment : {}) };
}

export function tlsFromEnv(env: Record<string, string | undefined>): TlsSettings {
    const parsed = tlsEnvSchema.safeParse(env);
    if (!parsed.success) {
        throw new Error(`invalid TLS settings: ${z.prettifyError(parsed.error)} (want ${tlsEnvVars.mode}=require|disable, default require)`);
    }
    return tlsSettingsOf(parsed.data, env);
}

/** The TLS settings of a parsed environment; plain TCP is refused inside Lambda. */
function tlsSettingsOf(parsed: z.output<typeof tlsEnvSchema>, env: Record<string, string | undefined>): TlsSettings {
    assertTlsAllowed(parsed.DB_TLS, env);
    return { mode: parsed.DB_TLS, caFile: parsed.DB_TLS_CA_FILE };
}

/** `disable` exists for local test servers; inside Lambda (AWS_LAMBDA_FUNCTION_NAME is set) it is refused. */
export function assertTlsAllowed(mode: TlsMode, env: Record<string, string | undefined>): void {
    const fn = env.AWS_LAMBDA_FUNCTION_NAME;
    if (mode === "disable" && fn !== undefined && fn !== "") {
        throw new Error(`${tlsEnvVars.mode}=disable is for local tests only; Lambda function ${fn} must connect with TLS (unset ${tlsEnvVars.mode} or set it to require)`);
    }
}

/** Environment variables every function bound to one database reads (the health check, the restore validation), TLS's among them. */
export const databaseEnvVars = {
    engine: "DB_ENGINE",
    database: "DB_NAME",
    identifier: "DB_IDENTIFIER",
    secretArn: "DB_SECRET_ARN",
    tls: tlsEnvVars.mode,
    tlsCaFile: tlsEnvVars.caFile,
} as const;

/** What those variables say. */
export interface DatabaseEnv {
    engine: RuntimeEngine;
    /** The database to open. */
    database: string;
    /** The database's identifier: the metrics' dimension. */
    identifier: string;
    /** The master secret the function logs in with. */
    secretArn: string;
    tls: TlsSettings;
}

/** What a component gives for them: TLS is required unless told otherwise. */
export type DatabaseEnvSettings = Omit<DatabaseEnv, "tls"> & Partial<Pick<DatabaseEnv, "tls">>;

const databaseEnvShape = {
    [databaseEnvVars.engine]: z.enum(runtimeEngines),
    [databaseEnvVars.database]: z.string().min(1),
    [databaseEnvVars.identifier]: z.string().min(1),
    [databaseEnvVars.secretArn]: z.string().min(1),
};

/**
 * The schema of a function's environment: the database variables, the function's own, then TLS's.
 * One object, so a parse error lists every bad variable at once (in this order).
 */
export function databaseEnvSchema<Own extends z.ZodRawShape>(own: Own) {
    return z.object({ ...databaseEnvShape, ...own }).extend(tlsEnvSchema.shape);
}

type ParsedDatabaseEnv = z.output<ReturnType<typeof databaseEnvSchema<Record<never, never>>>>;

/**
 * A function's configuration from its parsed environment: the database settings, and its own variables
 * under the field names `ownVars` gives them (field: variable). Refuses plain TCP inside Lambda.
 */
export function databaseConfigOf<Parsed extends ParsedDatabaseEnv, OwnVars extends Record<string, keyof Parsed>>(
    parsed: Parsed,
    env: Record<string, string | undefined>,
    ownVars: OwnVars,
): DatabaseEnv & { [Field in keyof OwnVars]: Parsed[OwnVars[Field]] } {
    const tls = tlsSettingsOf(parsed, env);
    const own = Object.fromEntries(Object.entries(ownVars).map(([field, variable]) => [field, parsed[variable]])) as { [Field in keyof OwnVars]: Parsed[OwnVars[Field]] };
    // The database settings last: an own field can never replace the TLS settings just checked.
    return {
        ...own,
        engine: parsed.DB_ENGINE,
        database: parsed.DB_NAME,
        identifier: parsed.DB_IDENTIFIER,
        secretArn: parsed.DB_SECRET_ARN,
        tls,
    };
}

/** The Lambda environment variables: the database's, the function's own, then TLS's (by default required, with the RDS CAs trusted). */
export function databaseEnvironment(settings: DatabaseEnvSettings, own: Record<string, string>): Record<string, string> {
    return {
        [databaseEnvVars.engine]: settings.engine,
        [databaseEnvVars.database]: settings.database,
        [databaseEnvVars.identifier]: settings.identifier,
        [databaseEnvVars.secretArn]: settings.secretArn,
        ...own,
        ...tlsEnvironment(settings.tls ?? { mode: "require" }),
    };
}

/** Where to connect. `database` is the database to open (PostgreSQL always needs one). */
export interface Endpoint {
    engine: RuntimeEngine;
    host: string;
    port: number;
    database?: string;
    tls: TlsSettings;
}

export interface Credentials {
    username: string;
    password: string;
}

/** The fields of an RDS-managed master secret or an app-user secret that a login needs. */
const credentialsSchema = z.object({ username: z.string().min(1), password: z.string() });

/** Credentials from a secret's JSON; the error names the secret, never its content. */
export function parseCredentials(secretString: string, secretId: string): Credentials {
    let json: unknown;
    try {
        json = JSON.parse(secretString);
    } catch {
        throw new Error(`secret ${secretId} is not JSON; want {"username": ..., "password": ...}`);
    }
    const parsed = credentialsSchema.safeParse(json);
    if (!parsed.success) throw new Error(`secret ${secretId} lacks a string "username" and "password"`);
    return parsed.data;
}

/** Thrown when a deadline passes; the connection has been destroyed by then. */
export class DeadlineError extends Error {
    readonly code = "DEADLINE";
    constructor(what: string, ms: number) {
        super(`${what} did not finish within ${ms} ms`);
    }
}

/**
 * Settles with `work`, or rejects with a DeadlineError after `ms` and calls `onTimeout` (which
 * destroys the socket so nothing keeps the event loop alive).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
            () => {
                onTimeout();
                reject(new DeadlineError(what, ms));
            },
            Math.max(0, ms),
        );
    });
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function caBundle(tls: TlsSettings): string | undefined {
    return tls.caFile === undefined ? undefined : readFileSync(tls.caFile, "utf8");
}

export interface PgConnectOptions {
    timeoutMs: number;
    /** Server-side statement_timeout for the session, in ms. */
    statementTimeoutMs?: number;
}

/**
 * The only schemas the runtime's sessions resolve names in. An app role with CREATE on a schema of the
 * default search_path ("$user", public) could plant a function or operator there that beats
 * pg_catalog's in overload resolution and runs as the master; pg_temp last so a temporary object
 * never shadows a catalog one either. Sent as a startup option, which wins over role and database settings.
 */
export const pinnedSearchPath = "pg_catalog, pg_temp";

/** A connected pg client; on deadline the socket is destroyed and a DeadlineError thrown. */
export async function connectPostgres(endpoint: Endpoint, credentials: Credentials, options: PgConnectOptions): Promise<PgClient> {
    const client = new (pgDriver().Client)({
        host: endpoint.host,
        port: endpoint.port,
        database: endpoint.database,
        user: credentials.username,
        password: credentials.password,
        ssl: endpoint.tls.mode === "require" ? { rejectUnauthorized: true, ca: caBundle(endpoint.tls) } : false,
        statement_timeout: options.statementTimeoutMs,
        application_name: "db-preflight",
        options: `-c search_path=${pinnedSearchPath.replace(/ /g, "")}`,
    });
    // Errors after we gave up (socket destroyed, server gone) must not crash the process.
    client.on("error", () => undefined);
    try {
        await withDeadline(client.connect(), options.timeoutMs, `connecting to ${endpoint.host}:${endpoint.port}`, () => destroyPostgres(client));
    } catch (error) {
        destroyPostgres(client);
        throw error;
    }
    return client;
}

/** Tears the socket down without waiting for the server (pg's end() waits for a reply). */
export function destroyPostgres(client: PgClient): void {
    client.connection.stream.destroy();
}

export interface MysqlConnectOptions {
    timeoutMs: number;
}

/** A connected mysql2 promise connection; on deadline the socket is destroyed and a DeadlineError thrown. */
export async function connectMysql(endpoint: Endpoint, credentials: Credentials, options: MysqlConnectOptions): Promise<MysqlConnection> {
    const ca = caBundle(endpoint.tls);
    const connection: MysqlCallbackConnection = mysqlDriver().createConnection({
        host: endpoint.host,
        port: endpoint.port,
        database: endpoint.database,
        user: credentials.username,
        password: credentials.password,
        // verifyIdentity: mysql2 checks the host name only when asked.
        ssl: endpoint.tls.mode === "require" ? { rejectUnauthorized: true, verifyIdentity: true, ...(ca === undefined ? {} : { ca }) } : undefined,
        connectTimeout: options.timeoutMs + 1000,
        multipleStatements: false,
        supportBigNumbers: true,
    });
    const connected = new Promise<void>((resolve, reject) => {
        connection.once("connect", () => resolve());
        connection.once("error", reject);
    });
    connection.on("error", () => undefined);
    try {
        await withDeadline(connected, options.timeoutMs, `connecting to ${endpoint.host}:${endpoint.port}`, () => connection.destroy());
    } catch (error) {
        connection.destroy();
        throw error;
    }
    return connection.promise();
}
