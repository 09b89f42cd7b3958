// Failure modes for errors the real servers cannot be made to produce here (RDS force_ssl, MySQL
// require_secure_transport, locked accounts, statement timeouts, expired certificates).
import { classifyError, wrongAnswerCode } from "../../../../components/runtime/health-check/classify";

const err = (fields: Record<string, unknown>, message = "x") => Object.assign(new Error(message), fields);

describe("classifyError", () => {
    it.each([
        [err({ code: "28000" }, 'no pg_hba.conf entry for host "10.0.1.5", user "app", database "orders", no encryption'), "connect", "tls"],
        [err({ code: "ER_SECURE_TRANSPORT_REQUIRED", errno: 3159 }), "connect", "tls"],
        [err({ code: "CERT_HAS_EXPIRED" }), "connect", "tls"],
        [err({ code: "ERR_SSL_WRONG_VERSION_NUMBER" }), "connect", "tls"],
        [err({}, "The server does not support SSL connections"), "connect", "tls"],
        [err({ code: "28P01" }, "password authentication failed"), "connect", "auth"],
        [err({ code: "ER_ACCOUNT_HAS_BEEN_LOCKED", errno: 3118 }), "connect", "auth"],
        [err({ code: "ER_DBACCESS_DENIED_ERROR", errno: 1044 }), "connect", "auth"],
        [err({ code: "ER_ACCESS_DENIED_NO_PASSWORD_ERROR", errno: 1698 }), "connect", "auth"],
        [err({ code: "EAI_AGAIN" }), "connect", "dns"],
        [err({ code: "ECONNREFUSED", errno: -111 }), "connect", "refused"],
        [err({ code: "ETIMEDOUT" }), "connect", "timeout"],
        [err({ code: "57014" }, "canceling statement due to statement timeout"), "query", "timeout"],
        [err({ errno: 1969 }, "Query execution was interrupted (max_statement_time exceeded)"), "query", "timeout"],
        [err({ code: "ER_QUERY_TIMEOUT", errno: 3024 }), "query", "timeout"],
        [err({ code: "53300" }, "too many connections"), "query", "query"],
        [err({ code: wrongAnswerCode }), "query", "query"],
        [err({ code: "ECONNRESET", errno: -104 }), "query", "unknown"],
        [err({ code: "53300" }, "sorry, too many clients already"), "connect", "unknown"],
        [new Error("AccessDeniedException"), "secret", "secret"],
    ] as const)("%s during %s is %s", (error, stage, mode) => {
        expect(classifyError(error, stage)).toBe(mode);
    });
});
