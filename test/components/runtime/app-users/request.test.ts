// The app-users request: hostile or reserved names are refused with a message naming the field and
// the value, before the master secret is read or a connection opened.
import fc from "fast-check";
import { escapeIdentifier } from "pg";
import * as mysql from "mysql2";
import { createAppUsersHandler } from "../../../../components/runtime/app-users/handler";
import { AppUsersRequest, AppUsersRequestError, identifierPattern, parseAppUsersRequest } from "../../../../components/runtime/app-users/request";
import { FakeSecretsStore } from "../support/fakes";

const base: AppUsersRequest = {
    engine: "postgres",
    host: "orders.abc.eu-west-1.rds.amazonaws.com",
    port: 5432,
    database: "orders",
    masterSecretArn: "arn:master",
    users: [{ name: "orders_app", privilege: "readwrite", databases: ["orders"], secretArn: "arn:orders_app" }],
};

const withUser = (patch: Partial<AppUsersRequest["users"][number]>, engine: AppUsersRequest["engine"] = "postgres"): AppUsersRequest => ({
    ...base,
    engine,
    users: [{ ...base.users[0], ...patch }],
});

const hostile = [
    'bob"; DROP ROLE postgres; --',
    "robert'); DROP TABLE orders;--",
    "app user",
    "App",
    "ünïcode",
    "аpp", // Cyrillic а
    "app\u0000",
    "app;",
    "app.name",
    "`app`",
    "1app",
    "",
    "a".repeat(64),
];

describe("app-users request validation", () => {
    it("accepts a well-formed request and leaves schemas unset (PostgreSQL defaults to public)", () => {
        expect(parseAppUsersRequest(base).users[0]).toEqual(base.users[0]);
    });

    it.each(hostile)("refuses the user name %j, naming the field, the value and the pattern", (name) => {
        expect(() => parseAppUsersRequest(withUser({ name }))).toThrow(AppUsersRequestError);
        expect(() => parseAppUsersRequest(withUser({ name }))).toThrow(/users\[0\]\.name|users\.0\.name/);
        expect(() => parseAppUsersRequest(withUser({ name }))).toThrow(JSON.stringify(name).slice(0, 20));
    });

    it.each(hostile)("refuses %j as a database or schema name too", (bad) => {
        expect(() => parseAppUsersRequest(withUser({ databases: ["orders", bad] }))).toThrow(/databases/);
        expect(() => parseAppUsersRequest(withUser({ schemas: [bad] }))).toThrow(/schemas/);
        expect(() => parseAppUsersRequest({ ...base, database: bad })).toThrow(/database/);
    });

    it("refuses any name outside the pattern (property), and quotes every accepted one into a single identifier", () => {
        fc.assert(
            fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 70 }), fc.stringMatching(identifierPattern)), (name) => {
                const ok = identifierPattern.test(name);
                let accepted = true;
                try {
                    parseAppUsersRequest(withUser({ name }));
                } catch (error) {
                    accepted = false;
                    expect(error).toBeInstanceOf(AppUsersRequestError);
                }
                // Reserved names (pg_*, rds*, public ...) are refused even when they match.
                if (!ok) expect(accepted).toBe(false);
                if (accepted) {
                    expect(escapeIdentifier(name)).toBe(`"${name}"`);
                    expect(mysql.escapeId(name)).toBe(`\`${name}\``);
                }
            }),
            { numRuns: 600 },
        );
    });

    it("refuses reserved names: engine and RDS roles, system databases and schemas, db-preflight's own", () => {
        for (const name of ["pg_monitor", "rdsadmin", "rds_superuser", "public", "db_preflight", "current_user"]) {
            expect(() => parseAppUsersRequest(withUser({ name }))).toThrow(/reserved/);
        }
        for (const db of ["template1", "mysql", "information_schema", "rdsadmin", "db_preflight"]) {
            expect(() => parseAppUsersRequest(withUser({ databases: [db] }))).toThrow(/belongs to the engine/);
        }
        expect(() => parseAppUsersRequest(withUser({ schemas: ["pg_catalog"] }))).toThrow(/belongs to the engine/);
        expect(() => parseAppUsersRequest({ ...base, database: "template1" })).toThrow(/reserved/);
    });

    it("refuses duplicates, shared secrets, PostgreSQL-only schemas on MySQL, and MySQL's 32-character user limit", () => {
        const twice = { ...base, users: [base.users[0], { ...base.users[0], secretArn: "arn:other" }] };
        expect(() => parseAppUsersRequest(twice)).toThrow(/declared twice/);
        const shared = { ...base, users: [base.users[0], { ...base.users[0], name: "other_app" }] };
        expect(() => parseAppUsersRequest(shared)).toThrow(/share one secret/);
        expect(() => parseAppUsersRequest(withUser({ schemas: ["public"] }, "mysql"))).toThrow(/schemas apply to PostgreSQL only/);
        expect(() => parseAppUsersRequest(withUser({ name: "a".repeat(33) }, "mariadb"))).toThrow(/longer than MySQL's 32/);
        expect(() => parseAppUsersRequest(withUser({ name: "a".repeat(33) }, "postgres"))).not.toThrow();
    });

    it("refuses unknown fields, privilege levels and engines", () => {
        expect(() => parseAppUsersRequest({ ...base, superuser: true })).toThrow(/superuser/);
        expect(() => parseAppUsersRequest(withUser({ privilege: "admin" as never }))).toThrow(/privilege/);
        expect(() => parseAppUsersRequest({ ...base, engine: "oracle-ee" })).toThrow(/engine/);
    });

    it("the handler refuses a hostile request before reading any secret or opening any connection", async () => {
        const secrets = new FakeSecretsStore();
        const handler = createAppUsersHandler({ secrets, env: { DB_TLS: "disable" }, log: () => undefined });
        await expect(handler(withUser({ name: 'x"; DROP ROLE postgres; --' }))).rejects.toThrow(/invalid app-users request, nothing was changed/);
        expect(secrets.calls).toEqual([]);
    });
});
