// Validation of one restored copy: log in (trying each candidate login in turn while the server
// refuses it), then run the health query and the user's checks, each in its own READ ONLY
// transaction under a statement timeout, and say in one message what passed or why not. Everything
// runs under one deadline; a server that never answers costs the remaining time, never more.
import { performance } from "perf_hooks";
import type { Client as PgClient } from "pg";
import type { Connection as MysqlConnection } from "mysql2/promise";
import { protocolOf } from "../../../aws-facts/rds";
import { Credentials, Endpoint, RuntimeEngine, TlsSettings, connectMysql, connectPostgres, destroyPostgres, withDeadline } from "../database";
import { FailureMode, ProbeStage, classifyError } from "../health-check/classify";
import { ValidationQuery, healthQuery, isTrue } from "./queries";

/** Where the restored copy answers. `database` is the initial database (the health query's). */
export interface RestoredEndpoint {
    engine: RuntimeEngine;
    host: string;
    port: number;
    database: string;
    tls: TlsSettings;
}

/** One way to log in, tried in order; `label` says which in the result (never the secret itself). */
export interface CredentialCandidate {
    label: string;
    load(signal: AbortSignal): Promise<Credentials>;
}

export interface ValidationSettings {
    /** The user's checks; the health query always runs first. */
    queries: readonly ValidationQuery[];
    /** The whole validation: reading secrets, logging in and every query. */
    timeoutMs: number;
}

export interface CheckOutcome {
    name: string;
    database: string;
    ok: boolean;
    ms?: number;
    /** Why the check failed: the failure mode and the server's (or driver's) words. */
    mode?: FailureMode | "answer";
    message?: string;
}

export interface ValidationOutcome {
    status: "SUCCESSFUL" | "FAILED";
    /** One line for PutRestoreValidationResult and the log: what passed, or every reason why not. */
    message: string;
    checks: CheckOutcome[];
    /** The candidate that logged in, and how many were tried. */
    login?: { candidate: string; attempts: number };
    ms: number;
}

/** The message AWS Backup keeps; longer ones are cut (the log line keeps every check). */
export const maxMessageLength = 1000;

class StageError extends Error {
    constructor(
        readonly stage: ProbeStage,
        readonly cause: unknown,
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
    }
}

async function stage<T>(name: ProbeStage, work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw error instanceof StageError ? error : new StageError(name, error);
    }
}

function describe(error: unknown): { mode: FailureMode; message: string } {
    const stageName = error instanceof StageError ? error.stage : "connect";
    const cause = error instanceof StageError ? error.cause : error;
    const code = typeof cause === "object" && cause !== null && "code" in cause ? String((cause as { code: unknown }).code) : "";
    const text = cause instanceof Error ? cause.message : String(cause);
    const mode = classifyError(cause, stageName);
    return { mode, message: code !== "" && code !== "undefined" && !text.includes(code) ? `${text} (${code})` : text };
}

/** A connection to one database of the copy that runs a check and tears itself down. */
interface Session {
    check(sql: string, timeoutMs: number): Promise<unknown[][]>;
    close(timeoutMs: number): Promise<void>;
    destroy(): void;
}

async function openPostgres(endpoint: Endpoint, credentials: Credentials, timeoutMs: number): Promise<Session> {
    const client: PgClient = await connectPostgres(endpoint, credentials, { timeoutMs, statementTimeoutMs: timeoutMs });
    return {
        async check(sql, ms) {
            await client.query("BEGIN TRANSACTION READ ONLY");
            try {
                await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(ms))}`);
                // The session is pinned to pg_catalog (database.ts); the user's checks name their tables
                // as the application does, so they get PostgreSQL's default path back, pg_catalog first.
                // READ ONLY and one statement bound what an object planted in public could do, on a copy
                // AWS Backup deletes after validation.
                await client.query(`SET LOCAL search_path = pg_catalog, "$user", public`);
                // A query first takes the snapshot: after it, the check cannot switch the transaction to READ WRITE.
                await client.query("SELECT 1");
                // The extended protocol runs exactly one statement (a second one is a syntax error).
                const result = await client.query({ text: sql, rowMode: "array", queryMode: "extended" } as never);
                return (result as unknown as { rows: unknown[][]; fields: unknown[] }).rows.map((row) => (Array.isArray(row) ? row : [row]));
            } finally {
                await client.query("ROLLBACK").catch(() => undefined);
            }
        },
        async close(ms) {
            await withDeadline(client.end(), ms, "closing", () => destroyPostgres(client)).catch(() => undefined);
        },
        destroy: () => destroyPostgres(client),
    };
}

async function openMysql(endpoint: Endpoint, credentials: Credentials, timeoutMs: number): Promise<Session> {
    const connection: MysqlConnection = await connectMysql(endpoint, credentials, { timeoutMs });
    const mariadb = endpoint.engine === "mariadb";
    // Every later transaction of the session is READ ONLY too: DDL (which commits implicitly) is refused.
    await connection.query("SET SESSION TRANSACTION READ ONLY");
    return {
        async check(sql, ms) {
            const limit = Math.max(1, Math.round(ms));
            await connection.query(mariadb ? `SET SESSION max_statement_time = ${(limit / 1000).toFixed(3)}` : `SET SESSION max_execution_time = ${limit}`);
            await connection.query("SET SESSION TRANSACTION READ ONLY");
            await connection.query("START TRANSACTION READ ONLY");
            try {
                const [rows] = await connection.query({ sql, rowsAsArray: true });
                return Array.isArray(rows) ? (rows as unknown[]).map((row) => (Array.isArray(row) ? row : [row])) : [];
            } finally {
                await connection.query("ROLLBACK").catch(() => undefined);
            }
        },
        async close(ms) {
            await withDeadline(connection.end(), ms, "closing", () => connection.destroy()).catch(() => undefined);
        },
        destroy: () => connection.destroy(),
    };
}

function open(endpoint: Endpoint, credentials: Credentials, timeoutMs: number): Promise<Session> {
    return protocolOf(endpoint.engine) === "postgresql" ? openPostgres(endpoint, credentials, timeoutMs) : openMysql(endpoint, credentials, timeoutMs);
}

/** Why a check's answer is not "one row, one true value"; undefined when it is. */
export function judgeAnswer(rows: unknown[][]): string | undefined {
    if (rows.length !== 1) return `answered ${rows.length} rows; want exactly one row holding true`;
    if (rows[0].length !== 1) return `answered ${rows[0].length} columns; want one column holding true`;
    const value = rows[0][0];
    if (!isTrue(value)) return `answered ${typeof value === "bigint" ? value.toString() : JSON.stringify(value ?? null)}; want true`;
    return undefined;
}

/** Replaces every password read in `text`: drivers do not echo them, but a message must never carry one. */
function redact(text: string, secrets: readonly string[]): string {
    return secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join("***"), text);
}

function cut(text: string): string {
    return text.length > maxMessageLength ? `${text.slice(0, maxMessageLength - 3)}...` : text;
}

export async function validateRestoredCopy(endpoint: RestoredEndpoint, candidates: readonly CredentialCandidate[], settings: ValidationSettings): Promise<ValidationOutcome> {
    const started = performance.now();
    const deadline = started + settings.timeoutMs;
    const remaining = () => Math.max(1, Math.round(deadline - performance.now()));
    const ms = () => Math.round(performance.now() - started);
    const passwords: string[] = [];
    const queries = [healthQuery, ...settings.queries].map((q) => ({ ...q, database: q.database ?? endpoint.database }));
    const checks: CheckOutcome[] = [];
    const finish = (status: ValidationOutcome["status"], message: string, login?: ValidationOutcome["login"]): ValidationOutcome => ({
        status,
        message: cut(redact(message, passwords)),
        checks: checks.map((c) => (c.message === undefined ? c : { ...c, message: redact(c.message, passwords) })),
        ...(login ? { login } : {}),
        ms: ms(),
    });

    // Log in to the initial database, trying the candidates while the server refuses the login.
    let credentials: Credentials | undefined;
    let login: ValidationOutcome["login"];
    const refusals: string[] = [];
    let first: Session | undefined;
    for (const [i, candidate] of candidates.entries()) {
        if (performance.now() >= deadline) break;
        try {
            const abort = new AbortController();
            const loaded = await stage("secret", () => withDeadline(candidate.load(abort.signal), remaining(), `reading ${candidate.label}`, () => abort.abort()));
            passwords.push(loaded.password);
            first = await stage("connect", () => open({ ...endpoint }, loaded, remaining()));
            credentials = loaded;
            login = { candidate: candidate.label, attempts: i + 1 };
            break;
        } catch (error) {
            const { mode, message } = describe(error);
            if (mode === "auth" || mode === "secret") {
                refusals.push(`${candidate.label}: ${message}`);
                continue;
            }
            const where = error instanceof StageError && error.stage === "secret" ? "reading the login" : `connecting to ${endpoint.host}:${endpoint.port}`;
            return finish("FAILED", `restored copy did not answer: ${where} failed (${mode}): ${message}`);
        }
    }
    if (first === undefined || credentials === undefined) {
        const why = refusals.length > 0 ? refusals.join("; ") : `no login could be tried within ${settings.timeoutMs} ms`;
        return finish("FAILED", `restored copy refused every login (auth): ${why}`);
    }

    // The checks, one connection per database, in the order they were given.
    const sessions = new Map<string, Session>([[endpoint.database, first]]);
    let unreachable: string | undefined;
    try {
        for (const q of queries) {
            if (unreachable !== undefined) {
                checks.push({ name: q.name, database: q.database, ok: false, mode: "timeout", message: `not run: ${unreachable}` });
                continue;
            }
            const checkStart = performance.now();
            let session = sessions.get(q.database);
            try {
                if (session === undefined) {
                    const creds = credentials;
                    session = await stage("connect", () => open({ ...endpoint, database: q.database }, creds, remaining()));
                    sessions.set(q.database, session);
                }
                const s = session;
                const limit = remaining();
                const rows = await stage("query", () => withDeadline(s.check(q.sql, limit), limit, `check ${JSON.stringify(q.name)}`, () => s.destroy()));
                const wrong = judgeAnswer(rows);
                const took = Math.round(performance.now() - checkStart);
                checks.push(
                    wrong === undefined ? { name: q.name, database: q.database, ok: true, ms: took } : { name: q.name, database: q.database, ok: false, ms: took, mode: "answer", message: wrong },
                );
            } catch (error) {
                const { mode, message } = describe(error);
                checks.push({ name: q.name, database: q.database, ok: false, mode, message });
                if (mode === "timeout" && performance.now() >= deadline) unreachable = `the validation timeout of ${settings.timeoutMs} ms passed`;
                if (session !== undefined && mode === "timeout") sessions.delete(q.database);
            }
        }
    } finally {
        for (const s of sessions.values()) await s.close(Math.min(remaining(), 2000));
    }

    const failed = checks.filter((c) => !c.ok);
    const via = login!.attempts > 1 ? ` (logged in with ${login!.candidate}, after ${login!.attempts - 1} refused)` : "";
    if (failed.length === 0) {
        return finish("SUCCESSFUL", `restored copy answered ${checks.length} check${checks.length === 1 ? "" : "s"} in ${ms()} ms: ${checks.map((c) => c.name).join(", ")}${via}`, login);
    }
    const reasons = failed.map((c) => `check ${JSON.stringify(c.name)} in database ${c.database} ${c.mode === "answer" ? c.message : `failed (${c.mode}): ${c.message}`}`);
    return finish("FAILED", `${failed.length} of ${checks.length} checks failed on the restored copy: ${reasons.join("; ")}`, login);
}
