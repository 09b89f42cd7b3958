// What the engine-specific provisioners share: the users with their passwords resolved, and the
// changes they report (the Lambda's result, which lands in Pulumi state: never a password).
import { z } from "zod";
import { Credentials, Endpoint, runtimeEngines } from "../database";
import { AppUser, ParsedAppUsersRequest } from "./request";

export type ChangeAction = "create-user" | "alter-user" | "set-password" | "store-password" | "grant" | "revoke" | "revoke-public" | "create-schema" | "create-database" | "drop-user" | "disable-user";

export interface AppUserChange {
    action: ChangeAction;
    user?: string;
    database?: string;
    /** The statement run (passwords elided) or what happened. */
    detail: string;
}

export interface ResolvedUser extends AppUser {
    password: string;
    /** The Secrets Manager version the password came from; recorded so an unchanged secret is not re-applied. */
    passwordVersion: string;
}

export interface ProvisionContext {
    request: ParsedAppUsersRequest;
    endpoint: Endpoint;
    master: Credentials;
    connectTimeoutMs: number;
    /** Reads (or generates and stores) every declared user's password; called once the provisioner holds its lock. */
    resolveUsers(): Promise<ResolvedUser[]>;
    change(change: AppUserChange): void;
}

/** Raised when the database does not end up as declared (e.g. a grant made by another role that the master cannot revoke). */
export class ProvisioningError extends Error {}

/**
 * An app-user secret: the password plus the connection fields, in the layout Secrets Manager's
 * rotation templates use. The provisioner writes it; the rotation steps read it to reach the database.
 */
export const appUserSecretSchema = z.object({
    engine: z.enum(runtimeEngines),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    username: z.string().min(1),
    password: z.string().min(1),
    dbname: z.string().min(1),
});
export type AppUserSecret = z.infer<typeof appUserSecretSchema>;
