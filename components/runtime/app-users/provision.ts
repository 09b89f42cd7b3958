// The app-users provisioner: validate the request (before anything else), read the master secret,
// and hand the engine-specific work a way to get each user's password, generated and stored in the
// user's own secret the first time, so no password ever passes through Pulumi.
import { SecretsStore } from "../aws";
import { redactingErrors, rememberingPasswords } from "../redact";
import { protocolOf } from "../../../aws-facts/rds";
import { TlsSettings, parseCredentials } from "../database";
import { AppUserChange, AppUserSecret, ProvisionContext, ResolvedUser } from "./model";
import { provisionMysql } from "./mysql";
import { generatePassword } from "./passwords";
import { provisionPostgres } from "./postgres";
import { AppUser, ParsedAppUsersRequest, parseAppUsersRequest, schemasOf } from "./request";

export interface AppUsersDeps {
    secrets: SecretsStore;
    tls: TlsSettings;
    connectTimeoutMs?: number;
    generatePassword?: () => string;
}

export interface AppUsersResult {
    engine: string;
    /** False when the database already matched the declaration: nothing was run that changes it. */
    changed: boolean;
    changes: AppUserChange[];
    users: Array<Pick<AppUser, "name" | "privilege" | "databases" | "schemas">>;
}

export const defaultConnectTimeoutMs = 10_000;

/**
 * Provisions the declared users. Whatever it throws is a redacted copy: no password it read, generated
 * or stored (master's included) can leave in an error, whatever the driver put in it.
 */
export async function provisionAppUsers(event: unknown, given: AppUsersDeps): Promise<AppUsersResult> {
    const request = parseAppUsersRequest(event);
    const { store, passwords } = rememberingPasswords(given.secrets);
    return redactingErrors(
        () => passwords,
        () => provision(request, { ...given, secrets: store }),
    );
}

async function provision(request: ParsedAppUsersRequest, deps: AppUsersDeps): Promise<AppUsersResult> {
    const masterSecret = await deps.secrets.getSecretValue(request.masterSecretArn);
    if (masterSecret === undefined) throw new Error(`master secret ${request.masterSecretArn} has no current value`);
    const changes: AppUserChange[] = [];
    const ctx: ProvisionContext = {
        request,
        endpoint: { engine: request.engine, host: request.host, port: request.port, database: request.database, tls: deps.tls },
        master: parseCredentials(masterSecret.secretString, request.masterSecretArn),
        connectTimeoutMs: deps.connectTimeoutMs ?? defaultConnectTimeoutMs,
        resolveUsers: () => resolveUsers(request, deps, (c) => changes.push(c)),
        change: (c) => changes.push(c),
    };
    const postgres = protocolOf(request.engine) === "postgresql";
    await (postgres ? provisionPostgres(ctx) : provisionMysql(ctx));
    return {
        engine: request.engine,
        changed: changes.length > 0,
        changes,
        users: request.users.map((u) => ({ name: u.name, privilege: u.privilege, databases: u.databases, ...(postgres ? { schemas: schemasOf(u) } : {}) })),
    };
}

async function resolveUsers(request: ParsedAppUsersRequest, deps: AppUsersDeps, change: (c: AppUserChange) => void): Promise<ResolvedUser[]> {
    const resolved: ResolvedUser[] = [];
    for (const user of request.users) {
        const fields = { engine: request.engine, host: request.host, port: request.port, username: user.name, dbname: user.databases[0] };
        const current = await deps.secrets.getSecretValue(user.secretArn);
        if (current === undefined) {
            const password = (deps.generatePassword ?? generatePassword)();
            const value: AppUserSecret = { ...fields, password };
            const passwordVersion = await deps.secrets.putSecretValue(user.secretArn, JSON.stringify(value));
            change({ action: "store-password", user: user.name, detail: `generated a password and stored it in ${user.secretArn}` });
            resolved.push({ ...user, password, passwordVersion });
            continue;
        }
        const stored = parseUserSecret(current.secretString, user.secretArn);
        const stale = (Object.keys(fields) as Array<keyof typeof fields>).filter((k) => stored[k] !== fields[k]);
        let passwordVersion = current.versionId;
        if (stale.length > 0) {
            passwordVersion = await deps.secrets.putSecretValue(user.secretArn, JSON.stringify({ ...stored, ...fields }));
            change({ action: "store-password", user: user.name, detail: `updated ${stale.join(", ")} in ${user.secretArn} (password kept)` });
        }
        resolved.push({ ...user, password: stored.password, passwordVersion });
    }
    return resolved;
}

function parseUserSecret(secretString: string, secretArn: string): Record<string, unknown> & { password: string } {
    let json: unknown;
    try {
        json = JSON.parse(secretString);
    } catch {
        throw new Error(`secret ${secretArn} is not JSON; it should hold {"username", "password", ...} (delete its value to have one generated)`);
    }
    const password = (json as { password?: unknown } | null)?.password;
    if (typeof password !== "string" || password === "") throw new Error(`secret ${secretArn} holds no "password"`);
    return { ...(json as Record<string, unknown>), password };
}
