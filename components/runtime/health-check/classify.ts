// What went wrong, in the few words an operator acts on. Each mode points at a different fix: DNS
// (endpoint name), refused (port, instance stopped), TLS (certificates, force_ssl), auth (secret,
// user, database name), timeout (security group, overload), query (server-side error).

export const failureModes = ["dns", "refused", "tls", "auth", "timeout", "query", "secret", "unknown"] as const;
export type FailureMode = (typeof failureModes)[number];

/** Where the probe was when it failed. */
export type ProbeStage = "secret" | "connect" | "query";

interface ErrorLike {
    code?: unknown;
    errno?: unknown;
    message?: unknown;
}

const dnsCodes = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "EAI_NODATA"]);

// Node's TLS verification codes (X509_V_ERR_* names without the prefix) and its own TLS errors.
const tlsCodes = new Set([
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "CERT_HAS_EXPIRED",
    "CERT_NOT_YET_VALID",
    "CERT_REVOKED",
    "CERT_UNTRUSTED",
    "CERT_REJECTED",
    "CERT_SIGNATURE_FAILURE",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "ERR_TLS_HANDSHAKE_TIMEOUT",
    // mysql2: the server does not offer TLS.
    "HANDSHAKE_NO_SSL_SUPPORT",
    // MySQL require_secure_transport refused a plain connection.
    "ER_SECURE_TRANSPORT_REQUIRED",
]);

// MySQL / MariaDB: access denied (1045, and 1698 for an account that does not exist), to database
// (1044), unknown database (1049), host not allowed (1130), account locked (3118 MySQL, 4151
// MariaDB), password expired (1820, 1862).
const mysqlAuthErrnos = new Set([1044, 1045, 1049, 1130, 1698, 1820, 1862, 3118, 4151]);
// MySQL max_execution_time (3024), MariaDB max_statement_time (1969).
const mysqlTimeoutErrnos = new Set([1969, 3024]);

/** The code the probe gives an answer to `SELECT 1` other than 1. */
export const wrongAnswerCode = "WRONG_ANSWER";

/** The failure mode of an error thrown while connecting or querying. */
export function classifyError(error: unknown, stage: ProbeStage): FailureMode {
    if (stage === "secret") return "secret";
    const e = (typeof error === "object" && error !== null ? error : {}) as ErrorLike;
    const code = typeof e.code === "string" ? e.code : "";
    const errno = typeof e.errno === "number" ? e.errno : undefined;
    const message = typeof e.message === "string" ? e.message : String(error);

    if (code === "DEADLINE") return "timeout";
    if (code === wrongAnswerCode) return "query";
    if (dnsCodes.has(code)) return "dns";
    if (code === "ECONNREFUSED") return "refused";
    if (code === "ETIMEDOUT") return "timeout";
    if (tlsCodes.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_")) return "tls";
    // pg reports a server without TLS, and a TLS handshake it could not start, as plain Errors.
    if (/does not support SSL|error establishing an SSL connection/i.test(message)) return "tls";
    // PostgreSQL pg_hba refusing a plain connection when rds.force_ssl is on.
    if (code === "28000" && /no encryption/i.test(message)) return "tls";
    // PostgreSQL class 28 (invalid authorization / password) and 3D000 (database does not exist).
    if (code.startsWith("28") || code === "3D000") return "auth";
    if (errno !== undefined && mysqlAuthErrnos.has(errno)) return "auth";
    // PostgreSQL statement_timeout cancelled the query.
    if (code === "57014") return "timeout";
    if (errno !== undefined && mysqlTimeoutErrnos.has(errno)) return "timeout";
    // A five-character SQLSTATE (pg) or a server errno (mysql2) after login: the query failed.
    if (stage === "query" && (/^[0-9A-Z]{5}$/.test(code) || (errno !== undefined && errno > 0))) return "query";
    return "unknown";
}
