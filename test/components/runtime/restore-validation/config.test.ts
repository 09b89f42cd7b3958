// The restore validation's configuration: what the component writes (environment + validation.json)
// reads back the same, and every misconfiguration is named.
import { parseRestoreValidationConfig, restoreValidationEnvironment, validationFile } from "../../../../components/runtime/restore-validation/config";
import { judgeAnswer } from "../../../../components/runtime/restore-validation/validate";
import { isTrue } from "../../../../components/runtime/restore-validation/queries";

const settings = {
    engine: "aurora-postgresql" as const,
    database: "ledger",
    identifier: "ledger",
    secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1",
    planArn: "arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:ledger_restore_test-1",
    planName: "ledger_restore_test",
    securityGroupIds: ["sg-0copy"],
};
const queries = [{ name: "entries", sql: "SELECT count(*) > 0 FROM entries", database: "ledger" }];

describe("restore validation configuration", () => {
    it("reads back what the component writes, with TLS required and the RDS CAs trusted by default", () => {
        const env = restoreValidationEnvironment(settings);
        expect(env).toMatchObject({ DB_TLS: "require", NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem", RESTORE_SECURITY_GROUP_IDS: "sg-0copy" });
        expect(parseRestoreValidationConfig(env, validationFile({ queries, timeoutMs: 30000 }))).toEqual({
            ...settings,
            queries,
            timeoutMs: 30000,
            tls: { mode: "require", caFile: undefined },
        });
        expect(parseRestoreValidationConfig(env, validationFile({ queries: [] })).timeoutMs).toBe(60000);
    });

    it("names every bad variable and field", () => {
        expect(() => parseRestoreValidationConfig({ DB_ENGINE: "oracle" }, "{}")).toThrow(/restore validation misconfigured:[\s\S]*DB_ENGINE[\s\S]*RESTORE_TESTING_PLAN_ARN/);
        const env = restoreValidationEnvironment(settings);
        expect(() => parseRestoreValidationConfig(env, "not json")).toThrow("restore validation misconfigured: validation.json is not JSON");
        expect(() => parseRestoreValidationConfig(env, JSON.stringify({ queries: [{ name: "x", sql: "SELECT 1; SELECT 2" }] }))).toThrow(/validation\.json:[\s\S]*more than one statement/);
        expect(() => parseRestoreValidationConfig(env, JSON.stringify({ queries: [], timeoutMs: 5 }))).toThrow(/timeoutMs/);
    });

    it("refuses plain TCP inside Lambda", () => {
        const env = { ...restoreValidationEnvironment({ ...settings, tls: { mode: "disable" } }), AWS_LAMBDA_FUNCTION_NAME: "ledger-restore-validation" };
        expect(() => parseRestoreValidationConfig(env, validationFile({ queries: [] }))).toThrow(/DB_TLS=disable is for local tests only/);
    });
});

describe("what a check must answer", () => {
    it("is one row holding true (PostgreSQL) or 1 (MySQL and MariaDB)", () => {
        expect([true, 1, "1", 1n, "t"].map(isTrue)).toEqual([true, true, true, true, true]);
        expect([false, 0, "0", null, undefined, 2, "yes"].map(isTrue)).toEqual([false, false, false, false, false, false, false]);
        expect(judgeAnswer([[true]])).toBeUndefined();
        expect(judgeAnswer([[null]])).toBe("answered null; want true");
        expect(judgeAnswer([[5n]])).toBe("answered 5; want true");
        expect(judgeAnswer([])).toBe("answered 0 rows; want exactly one row holding true");
    });
});
