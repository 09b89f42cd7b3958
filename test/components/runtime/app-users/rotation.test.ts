// Secrets Manager rotation of app-user secrets through the app-users Lambda handler: the four steps
// against the fake secret store (which labels versions as Secrets Manager does) and the real
// servers. MariaDB checks real logins; PostgreSQL trusts local logins, so there the proof is the
// SCRAM verifier in pg_authid matching the new password and not the old one.
import * as mysql from "mysql2/promise";
import { createAppUsersHandler } from "../../../../components/runtime/app-users/handler";
import { AppUsersRequest } from "../../../../components/runtime/app-users/request";
import { rotationSteps } from "../../../../components/runtime/app-users/rotation";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from "../../../../components/runtime/aws";
import { FakeSecretsStore } from "../support/fakes";
import { MariadbFixture, PgFixture, mariadbFixture, mariadbServer, pgFixture, pgServer } from "../support/servers";
import { scramVerifierMatches } from "../support/scram";

const masterArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master";
const userArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-preflight/app";
const env = { DB_TLS: "disable" };

async function rotate(handler: (e: unknown) => Promise<unknown>, secrets: FakeSecretsStore): Promise<string> {
    const token = secrets.startRotation(userArn);
    for (const Step of rotationSteps) await handler({ SecretId: userArn, ClientRequestToken: token, Step });
    return token;
}

function stagesOf(secrets: FakeSecretsStore) {
    return secrets.describeSecret(userArn).then((d) => d.versionIdsToStages);
}

describe("rotation on MariaDB (real password logins)", () => {
    let fx: MariadbFixture;
    let secrets: FakeSecretsStore;
    let handler: (e: unknown) => Promise<unknown>;
    let name: string;
    let request: AppUsersRequest;

    beforeAll(async () => {
        fx = await mariadbFixture();
        const db = await fx.createDatabase("rot");
        name = `${fx.prefix}_app`;
        secrets = new FakeSecretsStore();
        secrets.create(masterArn, { username: fx.master.username, password: fx.master.password });
        secrets.create(userArn);
        handler = createAppUsersHandler({ secrets, env, log: () => undefined });
        request = {
            engine: "mariadb",
            host: mariadbServer.host,
            port: mariadbServer.port,
            database: db,
            masterSecretArn: masterArn,
            users: [{ name, privilege: "readwrite", databases: [db], secretArn: userArn }],
        };
        await handler(request);
    });
    afterAll(() => fx?.cleanup());

    const login = async (password: string) => {
        const conn = await mysql.createConnection({ host: mariadbServer.host, port: mariadbServer.port, user: name, password, connectTimeout: 3000 });
        await conn.end();
    };

    it("runs the four steps: the new password logs in, the old one no longer does, AWSCURRENT/AWSPREVIOUS move", async () => {
        const before = secrets.current(userArn)!.password as string;
        await login(before);
        const token = await rotate(handler, secrets);
        const after = secrets.current(userArn)!;
        expect(after.password).not.toBe(before);
        expect(after).toMatchObject({ username: name, engine: "mariadb" });
        await login(after.password as string);
        await expect(login(before)).rejects.toMatchObject({ code: "ER_ACCESS_DENIED_ERROR" });
        const stages = await stagesOf(secrets);
        expect(stages[token]).toEqual(expect.arrayContaining([AWSCURRENT]));
        expect(Object.values(stages).filter((s) => s.includes(AWSPREVIOUS))).toHaveLength(1);
    });

    it("repeats a step safely (Secrets Manager retries): createSecret keeps the stored pending value", async () => {
        const token = secrets.startRotation(userArn);
        await handler({ SecretId: userArn, ClientRequestToken: token, Step: "createSecret" });
        const pending = await secrets.getSecretValue(userArn, { versionId: token, versionStage: AWSPENDING });
        await expect(handler({ SecretId: userArn, ClientRequestToken: token, Step: "createSecret" })).resolves.toMatchObject({ outcome: "pending version already stored" });
        expect((await secrets.getSecretValue(userArn, { versionId: token, versionStage: AWSPENDING }))!.secretString).toBe(pending!.secretString);
        // testSecret has teeth: the pending password is not set yet, so it cannot log in.
        await expect(handler({ SecretId: userArn, ClientRequestToken: token, Step: "testSecret" })).rejects.toMatchObject({ code: "ER_ACCESS_DENIED_ERROR" });
        for (const Step of ["setSecret", "testSecret", "finishSecret", "finishSecret"]) await handler({ SecretId: userArn, ClientRequestToken: token, Step });
        await login(secrets.current(userArn)!.password as string);
    });

    it("the provisioner afterwards keeps the rotated password (it re-applies the current version, nothing else)", async () => {
        const result = (await handler(request)) as { changes: Array<{ action: string }> };
        expect(result.changes.map((c) => c.action)).toEqual(["set-password"]);
        await login(secrets.current(userArn)!.password as string);
        expect(((await handler(request)) as { changed: boolean }).changed).toBe(false);
    });
});

describe("rotation on PostgreSQL (trust auth: checked through pg_authid)", () => {
    let fx: PgFixture;
    let secrets: FakeSecretsStore;
    let handler: (e: unknown) => Promise<unknown>;
    let name: string;

    beforeAll(async () => {
        fx = await pgFixture();
        const db = await fx.createDatabase("rot");
        name = `${fx.prefix}_app`;
        secrets = new FakeSecretsStore();
        secrets.create(masterArn, { username: fx.master.username, password: fx.master.password });
        secrets.create(userArn);
        handler = createAppUsersHandler({ secrets, env, log: () => undefined });
        await handler({
            engine: "postgres",
            host: pgServer.host,
            port: pgServer.port,
            database: db,
            masterSecretArn: masterArn,
            users: [{ name, privilege: "readonly", databases: [db], secretArn: userArn }],
        });
    });
    afterAll(() => fx?.cleanup());

    const verifier = async () => (await fx.admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [name])).rows[0].rolpassword as string;

    it("sets the pending password as the role itself (ALTER ROLE CURRENT_USER) and finishes", async () => {
        const before = secrets.current(userArn)!.password as string;
        expect(scramVerifierMatches(await verifier(), before)).toBe(true);
        await rotate(handler, secrets);
        const after = secrets.current(userArn)!.password as string;
        expect(after).not.toBe(before);
        expect(scramVerifierMatches(await verifier(), after)).toBe(true);
        expect(scramVerifierMatches(await verifier(), before)).toBe(false);
    });
});

describe("rotation guards", () => {
    it("refuses a secret that is not enabled for rotation, and a token that is not AWSPENDING", async () => {
        const secrets = new FakeSecretsStore();
        secrets.create(userArn, { username: "u", password: "p" });
        const handler = createAppUsersHandler({ secrets, env, log: () => undefined });
        await expect(handler({ SecretId: userArn, ClientRequestToken: "t", Step: "createSecret" })).rejects.toThrow(`secret ${userArn} is not enabled for rotation`);
        secrets.startRotation(userArn);
        await expect(handler({ SecretId: userArn, ClientRequestToken: "unknown", Step: "createSecret" })).rejects.toThrow("has no stage for rotation");
    });

    it("says to run the provisioner first when the secret has no connection fields yet", async () => {
        const secrets = new FakeSecretsStore();
        secrets.create(userArn, { username: "u", password: "p" });
        const token = secrets.startRotation(userArn);
        const handler = createAppUsersHandler({ secrets, env, log: () => undefined });
        await expect(handler({ SecretId: userArn, ClientRequestToken: token, Step: "createSecret" })).rejects.toThrow(
            /lacks the connection fields rotation needs.*run the app-users provisioner first/,
        );
    });
});
