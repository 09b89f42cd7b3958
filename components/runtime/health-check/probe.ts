// One health probe: read the credentials, connect (TLS as configured), run `SELECT 1` with a
// statement timeout, time it, and say how it failed. Everything, the secret read included, runs
// under one hard deadline of PROBE_TIMEOUT_MS.
import { performance } from "perf_hooks";
import { TLSSocket } from "tls";
import type { Client as PgClient } from "pg";
import type { Connection as MysqlConnection } from "mysql2/promise";
import { CachingSecretsReader } from "../aws";
import { protocolOf } from "../../../aws-facts/rds";
import { Credentials, Endpoint, connectMysql, connectPostgres, destroyPostgres, parseCredentials, withDeadline } from "../database";
import { redactedError } from "../redact";
import { FailureMode, ProbeStage, classifyError, wrongAnswerCode } from "./classify";
import { HealthCheckConfig } from "./config";

/**
 * `ok`: answered within SLOW_QUERY_MS. `slow`: answered, but `SELECT 1` took longer than
 * SLOW_QUERY_MS; it still counts as a success (HealthCheckSucceeded = 1: the database is up) and
 * the latency metric carries the slowness. `failed`: no answer; see `failure.mode`.
 */
export type ProbeStatus = "ok" | "slow" | "failed";

export interface ProbeFailure {
    mode: FailureMode;
    stage: ProbeStage;
    code?: string;
    message: string;
}

export interface ProbeResult {
    status: ProbeStatus;
    success: boolean;
    /** connectMs + queryMs, when the probe succeeded. */
    latencyMs?: number;
    connectMs?: number;
    queryMs?: number;
    /** The negotiated TLS protocol (PostgreSQL), e.g. "TLSv1.3". */
    tlsProtocol?: string;
    /** True when a login refused with a cached secret was retried with a fresh one. */
    secretRefreshed: boolean;
    failure?: ProbeFailure;
}

class StageError extends Error {
    constructor(
        readonly stage: ProbeStage,
        readonly cause: unknown,
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
    }
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;

export async function probe(config: HealthCheckConfig, secrets: CachingSecretsReader): Promise<ProbeResult> {
    const deadline = performance.now() + config.probeTimeoutMs;
    const remaining = () => Math.max(1, Math.round(deadline - performance.now()));
    try {
        return { ...(await attempt(config, secrets, remaining)), secretRefreshed: false };
    } catch (error) {
        const first = failureOf(error);
        // The secret may have rotated since it was cached: one retry with a fresh read.
        if (first.mode === "auth" && secrets.cached(config.secretArn) && deadline - performance.now() > 0) {
            secrets.invalidate(config.secretArn);
            try {
                return { ...(await attempt(config, secrets, remaining)), secretRefreshed: true };
            } catch (retryError) {
                return { status: "failed", success: false, secretRefreshed: true, failure: failureOf(retryError) };
            }
        }
        return { status: "failed", success: false, secretRefreshed: false, failure: first };
    }
}

function failureOf(error: unknown): ProbeFailure {
    const stage = error instanceof StageError ? error.stage : "connect";
    const cause = error instanceof StageError ? error.cause : error;
    const code = typeof cause === "object" && cause !== null && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
    const message = cause instanceof Error ? cause.message : String(cause);
    return { mode: classifyError(cause, stage), stage, ...(code !== undefined && code !== "undefined" ? { code } : {}), message };
}

async function stage<T>(name: ProbeStage, work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw new StageError(name, error);
    }
}

type Measured = Omit<ProbeResult, "secretRefreshed">;

async function attempt(config: HealthCheckConfig, secrets: CachingSecretsReader, remaining: () => number): Promise<Measured> {
    const credentials = await stage("secret", () => readCredentials(config, secrets, remaining()));
    const endpoint: Endpoint = { engine: config.engine, host: config.host, port: config.port, database: config.database, tls: config.tls };
    try {
        return protocolOf(config.engine) === "postgresql" ? await probePostgres(config, endpoint, credentials, remaining) : await probeMysql(config, endpoint, credentials, remaining);
    } catch (error) {
        // The failure lands in the log line and the result: never with the password a driver may have quoted.
        if (error instanceof StageError) throw new StageError(error.stage, redactedError(error.cause, [credentials.password]));
        throw redactedError(error, [credentials.password]);
    }
}

async function readCredentials(config: HealthCheckConfig, secrets: CachingSecretsReader, timeoutMs: number): Promise<Credentials> {
    const abort = new AbortController();
    const value = await withDeadline(secrets.getSecretValue(config.secretArn, undefined, abort.signal), timeoutMs, "reading the secret", () => abort.abort());
    if (value === undefined) throw new Error(`secret ${config.secretArn} has no current value`);
    return parseCredentials(value.secretString, config.secretArn);
}

function measured(config: HealthCheckConfig, connectMs: number, queryMs: number, tlsProtocol?: string): Measured {
    return {
        status: queryMs > config.slowQueryMs ? "slow" : "ok",
        success: true,
        latencyMs: Math.round((connectMs + queryMs) * 10) / 10,
        connectMs,
        queryMs,
        ...(tlsProtocol !== undefined ? { tlsProtocol } : {}),
    };
}

function checkAnswer(value: unknown): void {
    if (Number(value) !== 1) throw Object.assign(new Error(`SELECT 1 answered ${JSON.stringify(value)}`), { code: wrongAnswerCode });
}

async function probePostgres(config: HealthCheckConfig, endpoint: Endpoint, credentials: Credentials, remaining: () => number): Promise<Measured> {
    const connectStart = performance.now();
    const client: PgClient = await stage("connect", () => connectPostgres(endpoint, credentials, { timeoutMs: remaining(), statementTimeoutMs: remaining() }));
    const connectMs = elapsed(connectStart);
    const stream = client.connection.stream;
    const tlsProtocol = stream instanceof TLSSocket ? (stream.getProtocol() ?? undefined) : undefined;
    const queryStart = performance.now();
    try {
        await stage("query", async () => {
            const result = await withDeadline(client.query("SELECT 1 AS ok"), remaining(), "SELECT 1", () => destroyPostgres(client));
            checkAnswer(result.rows[0]?.ok);
        });
    } catch (error) {
        destroyPostgres(client);
        throw error;
    }
    const queryMs = elapsed(queryStart);
    // A polite goodbye, but never waiting on the server past the deadline.
    await withDeadline(client.end(), remaining(), "closing", () => destroyPostgres(client)).catch(() => undefined);
    return measured(config, connectMs, queryMs, tlsProtocol);
}

/** SELECT 1 with a server-side time limit: MariaDB's SET STATEMENT, MySQL's optimizer hint. */
function mysqlProbeSql(config: HealthCheckConfig, limitMs: number): string {
    return config.engine === "mariadb" ? `SET STATEMENT max_statement_time = ${(limitMs / 1000).toFixed(3)} FOR SELECT 1 AS ok` : `SELECT /*+ MAX_EXECUTION_TIME(${limitMs}) */ 1 AS ok`;
}

async function probeMysql(config: HealthCheckConfig, endpoint: Endpoint, credentials: Credentials, remaining: () => number): Promise<Measured> {
    const connectStart = performance.now();
    const connection: MysqlConnection = await stage("connect", () => connectMysql(endpoint, credentials, { timeoutMs: remaining() }));
    const connectMs = elapsed(connectStart);
    const queryStart = performance.now();
    try {
        await stage("query", async () => {
            const limitMs = remaining();
            const [rows] = await withDeadline(connection.query(mysqlProbeSql(config, limitMs)), limitMs, "SELECT 1", () => connection.destroy());
            checkAnswer((rows as Array<{ ok: unknown }>)[0]?.ok);
        });
    } catch (error) {
        connection.destroy();
        throw error;
    }
    const queryMs = elapsed(queryStart);
    await withDeadline(connection.end(), remaining(), "closing", () => connection.destroy()).catch(() => undefined);
    return measured(config, connectMs, queryMs);
}
