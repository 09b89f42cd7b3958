// Secrets Manager rotation of an app-user secret, the single-user protocol of AWS's rotation
// templates: createSecret stores a new password as AWSPENDING, setSecret logs in as the user (with
// the pending, current or previous password, whichever works) and changes its own password,
// testSecret logs in with the pending one, finishSecret moves AWSCURRENT to it.
import { z } from "zod";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, SecretValue, SecretsStore } from "../aws";
import { protocolOf } from "../../../aws-facts/rds";
import { Credentials, Endpoint, TlsSettings, connectMysql, connectPostgres } from "../database";
import { AppUserSecret, appUserSecretSchema } from "./model";
import { generatePassword } from "./passwords";
import { redactingErrors, rememberingPasswords } from "../redact";
import { passwordSql } from "./postgres";

export const rotationSteps = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
export type RotationStep = (typeof rotationSteps)[number];

export const rotationEventSchema = z.object({
    SecretId: z.string().min(1),
    ClientRequestToken: z.string().min(1),
    Step: z.enum(rotationSteps),
});
export type RotationEvent = z.infer<typeof rotationEventSchema>;

export function isRotationEvent(event: unknown): boolean {
    return typeof event === "object" && event !== null && "Step" in event && "SecretId" in event;
}

export interface RotationDeps {
    secrets: SecretsStore;
    tls: TlsSettings;
    connectTimeoutMs?: number;
    generatePassword?: () => string;
}

export interface RotationResult {
    step: RotationStep;
    secretId: string;
    outcome: string;
}

/** One rotation step. Whatever it throws is a redacted copy: no password of any version of the secret leaves in an error. */
export async function rotateSecret(event: unknown, given: RotationDeps): Promise<RotationResult> {
    const parsed = rotationEventSchema.safeParse(event);
    if (!parsed.success) throw new Error(`invalid rotation event: ${z.prettifyError(parsed.error)}`);
    const { store, passwords } = rememberingPasswords(given.secrets);
    return redactingErrors(
        () => passwords,
        () => rotationStep(parsed.data, { ...given, secrets: store }),
    );
}

async function rotationStep(event: RotationEvent, deps: RotationDeps): Promise<RotationResult> {
    const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
    const done = (outcome: string): RotationResult => ({ step, secretId, outcome });

    const description = await deps.secrets.describeSecret(secretId);
    if (!description.rotationEnabled) throw new Error(`secret ${secretId} is not enabled for rotation`);
    const stages = description.versionIdsToStages[token];
    if (stages === undefined) throw new Error(`secret version ${token} has no stage for rotation of secret ${secretId}`);
    if (stages.includes(AWSCURRENT)) return done(`version ${token} is already ${AWSCURRENT}`);
    if (!stages.includes(AWSPENDING)) throw new Error(`secret version ${token} is not ${AWSPENDING} for rotation of secret ${secretId}`);

    switch (step) {
        case "createSecret": {
            const current = await required(deps, secretId, { versionStage: AWSCURRENT });
            if ((await deps.secrets.getSecretValue(secretId, { versionId: token, versionStage: AWSPENDING })) !== undefined) return done("pending version already stored");
            const next: AppUserSecret = { ...current.secret, password: (deps.generatePassword ?? generatePassword)() };
            await deps.secrets.putSecretValue(secretId, JSON.stringify(next), { clientRequestToken: token, versionStages: [AWSPENDING] });
            return done("stored a new password as AWSPENDING");
        }
        case "setSecret": {
            const pending = (await required(deps, secretId, { versionId: token, versionStage: AWSPENDING })).secret;
            const current = await deps.secrets.getSecretValue(secretId, { versionStage: AWSCURRENT });
            const previous = await deps.secrets.getSecretValue(secretId, { versionStage: AWSPREVIOUS });
            const candidates: Array<[string, AppUserSecret]> = [["pending", pending]];
            if (current !== undefined) candidates.push(["current", parseSecret(current, secretId)]);
            if (previous !== undefined) candidates.push(["previous", parseSecret(previous, secretId)]);
            const refusals: string[] = [];
            for (const [label, secret] of candidates) {
                // Always set the password, even when the pending one already logs in: under trust
                // authentication every login works, and setting it twice is harmless.
                try {
                    await changeOwnPassword(deps, { ...secret, username: pending.username }, pending.password);
                    return done(`logged in with the ${label} password and set the pending one`);
                } catch (error) {
                    refusals.push(`${label}: ${(error as Error).message}`);
                }
            }
            throw new Error(`setSecret could not log in as ${pending.username} with the pending, current or previous password of ${secretId} (${refusals.join("; ")})`);
        }
        case "testSecret": {
            const pending = (await required(deps, secretId, { versionId: token, versionStage: AWSPENDING })).secret;
            await testLogin(deps, pending);
            return done(`logged in as ${pending.username} with the pending password`);
        }
        case "finishSecret": {
            const currentVersion = Object.entries(description.versionIdsToStages).find(([, s]) => s.includes(AWSCURRENT))?.[0];
            await deps.secrets.updateSecretVersionStage(secretId, AWSCURRENT, token, currentVersion);
            return done(`moved ${AWSCURRENT} to version ${token}`);
        }
    }
}

async function required(deps: RotationDeps, secretId: string, version: { versionId?: string; versionStage: string }): Promise<{ value: SecretValue; secret: AppUserSecret }> {
    const value = await deps.secrets.getSecretValue(secretId, version);
    if (value === undefined) throw new Error(`secret ${secretId} has no ${version.versionStage} version${version.versionId ? ` ${version.versionId}` : ""}`);
    return { value, secret: parseSecret(value, secretId) };
}

function parseSecret(value: SecretValue, secretId: string): AppUserSecret {
    let json: unknown;
    try {
        json = JSON.parse(value.secretString);
    } catch {
        throw new Error(`secret ${secretId} version ${value.versionId} is not JSON`);
    }
    const parsed = appUserSecretSchema.safeParse(json);
    if (!parsed.success) {
        throw new Error(
            `secret ${secretId} version ${value.versionId} lacks the connection fields rotation needs (engine, host, port, username, password, dbname); run the app-users provisioner first`,
        );
    }
    return parsed.data;
}

function endpointOf(deps: RotationDeps, secret: AppUserSecret): Endpoint {
    return { engine: secret.engine, host: secret.host, port: secret.port, database: secret.dbname, tls: deps.tls };
}

const timeoutOf = (deps: RotationDeps) => deps.connectTimeoutMs ?? 10_000;

/** Logs in as the secret's user and changes that user's own password (no administrator involved). */
async function changeOwnPassword(deps: RotationDeps, login: AppUserSecret, newPassword: string): Promise<void> {
    const credentials: Credentials = { username: login.username, password: login.password };
    if (protocolOf(login.engine) === "postgresql") {
        const client = await connectPostgres(endpointOf(deps, login), credentials, { timeoutMs: timeoutOf(deps) });
        try {
            await client.query(`ALTER ROLE CURRENT_USER PASSWORD ${passwordSql(newPassword)}`);
        } finally {
            await client.end().catch(() => undefined);
        }
    } else {
        const conn = await connectMysql(endpointOf(deps, login), credentials, { timeoutMs: timeoutOf(deps) });
        try {
            // Both forms need no privilege for one's own account; MariaDB wants CREATE USER for ALTER USER, MySQL 8 has no PASSWORD().
            await conn.query(login.engine === "mariadb" ? "SET PASSWORD = PASSWORD(?)" : "ALTER USER USER() IDENTIFIED BY ?", [newPassword]);
        } finally {
            await conn.end().catch(() => conn.destroy());
        }
    }
}

async function testLogin(deps: RotationDeps, secret: AppUserSecret): Promise<void> {
    const credentials: Credentials = { username: secret.username, password: secret.password };
    if (protocolOf(secret.engine) === "postgresql") {
        const client = await connectPostgres(endpointOf(deps, secret), credentials, { timeoutMs: timeoutOf(deps) });
        await client.query("SELECT 1").finally(() => client.end().catch(() => undefined));
    } else {
        const conn = await connectMysql(endpointOf(deps, secret), credentials, { timeoutMs: timeoutOf(deps) });
        await conn.query("SELECT 1").finally(() => conn.end().catch(() => conn.destroy()));
    }
}
