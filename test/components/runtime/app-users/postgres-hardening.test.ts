// The app-users provisioner on the real local PostgreSQL against a hostile app role: an owner-level
// role may create objects in its schemas, so it can plant functions, aggregates and operators that
// would be resolved before pg_catalog's under the default search_path ("$user", public) and run as
// the master. Also: passwords never reach the server in clear (SCRAM verifier, non-ASCII included),
// and an app role cannot connect to a database it was not given.
import { randomBytes } from "crypto";
import { Client as PgClient, escapeLiteral } from "pg";
import { AppUsersRequest } from "../../../../components/runtime/app-users/request";
import { AppUsersResult, provisionAppUsers } from "../../../../components/runtime/app-users/provision";
import { connectPostgres } from "../../../../components/runtime/database";
import { saslprepPassword } from "../../../../components/runtime/app-users/passwords";
import { FakeSecretsStore } from "../support/fakes";
import { PgFixture, pgFixture, pgServer } from "../support/servers";
import { scramVerifierMatches } from "../support/scram";

type DeclaredUser = AppUsersRequest["users"][number];

const masterArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master";
const arnOf = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-preflight/${name}`;

let fx: PgFixture;
let secrets: FakeSecretsStore;
let app: string;

beforeAll(async () => {
    fx = await pgFixture();
    app = await fx.createDatabase("app");
    secrets = new FakeSecretsStore();
    secrets.create(masterArn, { username: fx.master.username, password: fx.master.password });
});
afterAll(() => fx?.cleanup());

function user(name: string, privilege: DeclaredUser["privilege"], databases: string[], schemas?: string[]): DeclaredUser {
    return { name, privilege, databases, ...(schemas ? { schemas } : {}), secretArn: arnOf(name) };
}

async function provision(users: DeclaredUser[], database = app): Promise<AppUsersResult> {
    for (const u of users) {
        try {
            await secrets.describeSecret(u.secretArn);
        } catch {
            secrets.create(u.secretArn);
        }
    }
    const request: AppUsersRequest = { engine: "postgres", host: pgServer.host, port: pgServer.port, database, masterSecretArn: masterArn, users };
    return provisionAppUsers(request, { secrets, tls: { mode: "disable" } });
}

async function as(role: string, database: string, sql: string): Promise<Array<Record<string, unknown>>> {
    const client = new PgClient({ host: pgServer.host, port: pgServer.port, user: role, database, connectionTimeoutMillis: 3000 });
    client.on("error", () => undefined);
    await client.connect();
    try {
        return (await client.query(sql)).rows;
    } finally {
        await client.end();
    }
}

/**
 * Objects an owner role can create in `public` that beat pg_catalog's in overload resolution for the
 * provisioner's queries (a better type match wins over search_path order). Each one records who ran
 * it and tries to make the attacker a member of the master.
 */
function plantedObjects(master: string, attacker: string): string {
    const payload = (label: string) => `
        BEGIN EXECUTE pg_catalog.format('GRANT %I TO %I', '${master}', '${attacker}'); EXCEPTION WHEN others THEN NULL; END;
        BEGIN EXECUTE pg_catalog.format('ALTER ROLE %I CREATEROLE CREATEDB', '${attacker}'); EXCEPTION WHEN others THEN NULL; END;
        INSERT INTO public.pwned VALUES (current_user, '${label}');`;
    return `
        CREATE TABLE public.pwned (who name, via text);
        GRANT INSERT ON public.pwned TO PUBLIC;
        CREATE FUNCTION public.pg_has_role(name, text, text) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN ${payload("pg_has_role")} RETURN true; END $$;
        CREATE FUNCTION public.acldefault(text, oid) RETURNS aclitem[] LANGUAGE plpgsql AS $$
            BEGIN ${payload("acldefault")} RETURN pg_catalog.acldefault($1::"char", $2); END $$;
        CREATE FUNCTION public.evil_accum(text[], text) RETURNS text[] LANGUAGE plpgsql AS $$
            BEGIN ${payload("array_agg")} RETURN pg_catalog.array_append($1, $2); END $$;
        CREATE AGGREGATE public.array_agg(text) (SFUNC = public.evil_accum, STYPE = text[], INITCOND = '{}');
        CREATE FUNCTION public.evil_eq(oid, integer) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN ${payload("=")} RETURN $1 OPERATOR(pg_catalog.=) $2::oid; END $$;
        CREATE OPERATOR public.= (LEFTARG = oid, RIGHTARG = integer, FUNCTION = public.evil_eq);
        CREATE FUNCTION public.evil_eq_name(name, text) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN ${payload("= (name, text)")} RETURN $1::text OPERATOR(pg_catalog.=) $2; END $$;
        CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = text, FUNCTION = public.evil_eq_name);`;
}

describe("the provisioner's PostgreSQL sessions resolve nothing an app role planted", () => {
    it("an owner role that planted pg_has_role, acldefault, array_agg and = in public gains nothing when the provisioner runs again", async () => {
        const attacker = `${fx.prefix}_own`;
        const reader = `${fx.prefix}_ro`;
        const users = [user(attacker, "owner", [app]), user(reader, "readonly", [app])];
        await provision(users);
        await as(attacker, app, plantedObjects(fx.master.username, attacker));
        // A newly declared database and a changed password make the provisioner walk every query path again.
        const second = await fx.createDatabase("second");
        await secrets.putSecretValue(arnOf(attacker), JSON.stringify({ ...secrets.current(arnOf(attacker))!, password: "changed" }));
        const result = await provision([user(attacker, "owner", [app, second]), user(reader, "readonly", [app])]);

        expect(await as(attacker, app, "SELECT who, via FROM public.pwned")).toEqual([]);
        const membership = await fx.admin.query("SELECT pg_catalog.pg_has_role($1, $2, 'MEMBER') AS m", [attacker, fx.master.username]);
        expect(membership.rows[0].m).toBe(false);
        const attributes = await fx.admin.query("SELECT rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1", [attacker]);
        expect(attributes.rows[0]).toEqual({ rolcreaterole: false, rolcreatedb: false });
        // Truthful: what it reports is what it did, and the next run has nothing to put right.
        expect(result.changes.map((c) => c.action)).toEqual(expect.arrayContaining(["set-password", "grant"]));
        expect(await provision([user(attacker, "owner", [app, second]), user(reader, "readonly", [app])])).toMatchObject({ changed: false, changes: [] });
        expect(await as(attacker, app, "SELECT who, via FROM public.pwned")).toEqual([]);
    });

    it("pins every runtime session to search_path pg_catalog, pg_temp, even when the login role has its own search_path", async () => {
        const role = `${fx.prefix}_pathy`;
        await fx.admin.query(`CREATE ROLE ${role} LOGIN`);
        await fx.admin.query(`ALTER ROLE ${role} SET search_path = public, "$user"`);
        const client = await connectPostgres(
            { engine: "postgres", host: pgServer.host, port: pgServer.port, database: "postgres", tls: { mode: "disable" } },
            { username: role, password: "x" },
            { timeoutMs: 3000 },
        );
        try {
            expect((await client.query("SHOW search_path")).rows[0].search_path.replace(/\s/g, "")).toBe("pg_catalog,pg_temp");
        } finally {
            await client.end();
        }
    });
});

/** Passwords SASLprep rewrites (NFKC, mapped spaces, mapped-to-nothing) or refuses (then PostgreSQL uses the raw bytes). */
const nonAsciiPasswords = {
    accented: "pässwörd-Ünïcode",
    "decomposed (NFKC composes it)": "pa\u0073\u0308ss-e\u0301",
    "fullwidth and ligature (NFKC rewrites them)": "ｐａｓｓ\ufb01ｗｏｒｄ",
    "no-break space and soft hyphen (mapped)": "pass\u00a0word\u00adx",
    "only soft hyphens (empty after mapping: raw)": "\u00ad\u00ad",
    "a C1 control (prohibited: raw)": "pass\u0085word",
    "mixed right-to-left and left-to-right (bidi rule: raw)": "abc\u05d0\u05d1",
    "right-to-left only": "\u05e9\u05dc\u05d5\u05dd",
    "an emoji (unassigned in Unicode 3.2: raw)": "pass😀word",
    "combining grave tone mark (prohibited before NFKC rewrites it)": "pa\u0340ss",
    cjk: "密码パスワード",
};

describe("PostgreSQL passwords travel as SCRAM verifiers only", () => {
    it.each(Object.entries(nonAsciiPasswords))("stores the verifier PostgreSQL itself computes for a %s password, and never sends it in clear", async (_label, password) => {
        const role = `${fx.prefix}_pw${randomBytes(2).toString("hex")}`;
        secrets.create(arnOf(role), { engine: "postgres", host: pgServer.host, port: pgServer.port, username: role, dbname: app, password });
        const sent: string[] = [];
        const query = PgClient.prototype.query;
        const spy = jest.spyOn(PgClient.prototype, "query").mockImplementation(function (this: PgClient, ...args: unknown[]) {
            sent.push(typeof args[0] === "string" ? args[0] : JSON.stringify(args[0]));
            return (query as (...a: unknown[]) => unknown).apply(this, args);
        } as never);
        try {
            await provision([user(role, "readonly", [app])]);
        } finally {
            spy.mockRestore();
        }
        const stored = (await fx.admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [role])).rows[0].rolpassword as string;
        expect(stored).toMatch(/^SCRAM-SHA-256\$4096:/);
        // What PostgreSQL computes from the clear password (SASLprep included), in a throwaway role: salts differ, so check by the SCRAM math.
        const reference = `${fx.prefix}_ref${randomBytes(2).toString("hex")}`;
        await fx.admin.query("SET password_encryption = 'scram-sha-256'");
        await fx.admin.query(`CREATE ROLE ${reference} PASSWORD ${escapeLiteral(password)}`);
        const theirs = (await fx.admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [reference])).rows[0].rolpassword as string;
        // pg_hba trusts 127.0.0.1, so the login is proven by the SCRAM math: the prepared password is the one
        // PostgreSQL's own verifier accepts, and ours accepts it too.
        expect(scramVerifierMatches(theirs, saslprepPassword(password))).toBe(true);
        expect(scramVerifierMatches(stored, saslprepPassword(password))).toBe(true);
        expect(sent.join("\n")).not.toContain(password);
        await fx.admin.query(`DROP ROLE ${reference}`);
    });
});

describe("an app role reaches only the databases it was given (PostgreSQL)", () => {
    it("cannot connect to another database the master owns, nor create in public where the old PUBLIC CREATE default applies", async () => {
        const given = await fx.createDatabase("given");
        const spare = await fx.createDatabase("spare");
        // PostgreSQL before 15 (and clusters upgraded from it) grant CREATE on public to PUBLIC.
        for (const db of [given, spare]) await fx.asMaster(db, "GRANT CREATE ON SCHEMA public TO PUBLIC");
        await fx.asMaster(given, "CREATE SCHEMA app");
        const name = `${fx.prefix}_scoped`;
        const result = await provision([user(name, "readwrite", [given], ["app"])], given);

        await expect(as(name, spare, "SELECT 1")).rejects.toMatchObject({ code: "42501" });
        await expect(as(name, given, "CREATE TABLE public.planted (x int)")).rejects.toMatchObject({ code: "42501" });
        await expect(as(name, given, "CREATE TEMPORARY TABLE scratch (x int)")).rejects.toMatchObject({ code: "42501" });
        expect(result.changes.filter((c) => c.action === "revoke-public").map((c) => c.detail)).toEqual(
            expect.arrayContaining([`REVOKE CONNECT, TEMPORARY ON DATABASE "${spare}" FROM PUBLIC`, 'REVOKE CREATE ON SCHEMA "public" FROM PUBLIC']),
        );
        // The master still connects to what it owns; nothing left to do on the next run.
        await fx.asMaster(spare, "SELECT 1");
        expect(await provision([user(name, "readwrite", [given], ["app"])], given)).toMatchObject({ changed: false });
    });
});
