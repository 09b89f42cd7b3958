// Redaction of driver errors: what the runtime functions throw and log never holds a known secret,
// in any quoting, and still says what failed.
import { inspect } from "util";
import { escape as mysqlEscape } from "mysql2";
import { ProvisioningError } from "../../../components/runtime/app-users/model";
import { redactText, redactedError, redactedMark, rememberingPasswords } from "../../../components/runtime/redact";
import { FakeSecretsStore } from "./support/fakes";

/** The shape mysql2 gives a failed query: the formatted statement in `sql`, the server's text in `sqlMessage`. */
function mysqlError(password: string): Error {
    return Object.assign(new Error(`You have an error in your SQL syntax near '${password.replace(/'/g, "\\'")}' at line 1`), {
        code: "ER_PARSE_ERROR",
        errno: 1064,
        sqlState: "42000",
        sqlMessage: `You have an error in your SQL syntax near '${password}'`,
        sql: `CREATE USER 'app'@'%' IDENTIFIED BY '${password.replace(/'/g, "\\'")}'`,
    });
}

describe("redactedError", () => {
    it("keeps the class, message, code, errno and SQLSTATE; drops sql and sqlMessage; removes the password from every printout", () => {
        const password = `it's "quotedpassword" \\ and long`;
        const copy = redactedError(mysqlError(password), [password]);
        expect(copy).toBeInstanceOf(Error);
        expect(copy).toMatchObject({ code: "ER_PARSE_ERROR", errno: 1064, sqlState: "42000" });
        expect(copy).not.toHaveProperty("sql");
        expect(copy).not.toHaveProperty("sqlMessage");
        // The message's half-escaped quoting matches no spelling of the whole password; its long plain run still goes.
        expect(copy.message).not.toContain("quotedpassword");
        for (const printed of [JSON.stringify(copy), inspect(copy, { showHidden: true, depth: 5 }), String(copy), copy.stack ?? ""]) {
            expect(printed).not.toContain("quotedpassword");
        }
    });

    it("keeps a ProvisioningError a ProvisioningError", () => {
        const copy = redactedError(new ProvisioningError("role x failed with secret-value-123"), ["secret-value-123"]);
        expect(copy).toBeInstanceOf(ProvisioningError);
        expect(copy.message).toBe(`role x failed with ${redactedMark}`);
    });

    it("turns a non-Error throw into an Error, redacted", () => {
        expect(redactedError("boom hunter2hunter2", ["hunter2hunter2"]).message).toBe(`boom ${redactedMark}`);
    });
});

describe("redactText", () => {
    it("removes a password quoted the way mysql2 quotes it in a statement", () => {
        const password = `a'b"c\\d-efgh`;
        expect(redactText(`IDENTIFIED BY ${mysqlEscape(password)}`, [password])).toBe(`IDENTIFIED BY '${redactedMark}'`);
    });

    it("replaces a secret that contains another whole, and a short secret only where it stands alone", () => {
        expect(redactText("x abcdefghij y", ["abcdefgh", "abcdefghij"])).toBe(`x ${redactedMark} y`);
        expect(redactText("password p for app", ["p"])).toBe(`password ${redactedMark} for app`);
        expect(redactText("anything", [""])).toBe("anything");
    });
});

describe("rememberingPasswords", () => {
    it("remembers the password of every secret read or written, and passes every other call through", async () => {
        const store = new FakeSecretsStore();
        store.create("m", { username: "u", password: "master-password" });
        store.create("a");
        const { store: wrapped, passwords } = rememberingPasswords(store);
        await wrapped.getSecretValue("m");
        await wrapped.putSecretValue("a", JSON.stringify({ username: "a", password: "generated-password" }));
        expect((await wrapped.describeSecret("a")).rotationEnabled).toBe(false);
        expect([...passwords].sort()).toEqual(["generated-password", "master-password"]);
    });
});
