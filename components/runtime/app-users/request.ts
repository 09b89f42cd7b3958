// The app-users invocation event (the component sends it through aws.lambda.Invocation whenever the
// declared users change) and the rules every name must pass before any SQL is written: a strict
// pattern, no reserved names, no duplicates. Anything else is refused with the path, the value
// seen and the pattern wanted.
import { z } from "zod";
import { appUserPrivileges } from "../../../aws-facts/privileges";
import { protocolOf } from "../../../aws-facts/rds";
import { runtimeEngines } from "../database";

/** Lower-case ASCII letters, digits and underscores, not starting with a digit, at most 63 characters (PostgreSQL's limit). */
export const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;
/** MySQL limits user names to 32 characters (MariaDB to 80); the stricter one applies to both. */
export const mysqlUserNameMaxLength = 32;

/** Where db-preflight records the users it manages (a schema in PostgreSQL, a database in MySQL). */
export const recordNamespace = "db_preflight";

/** Role names the engines or RDS reserve. */
const reservedRoleNames = new Set(["public", "none", "current_user", "current_role", "session_user", recordNamespace]);
const reservedRolePrefixes = ["pg_", "rds"];
/** Databases and schemas that belong to the engine, to RDS or to db-preflight. */
const reservedDatabases = new Set(["mysql", "information_schema", "performance_schema", "sys", "template0", "template1", "rdsadmin", recordNamespace]);
const reservedSchemas = new Set(["information_schema", recordNamespace]);

const identifier = (what: string) =>
    z.string().regex(identifierPattern, {
        error: (issue) =>
            `${what} ${JSON.stringify(issue.input)} is not allowed: want ${identifierPattern} ` +
            "(lower-case ASCII letters, digits, underscore; at most 63 characters); quotes, spaces, semicolons, dots and non-ASCII letters are refused",
    });

export const appUserSchema = z
    .object({
        name: identifier("user name"),
        privilege: z.enum(appUserPrivileges),
        databases: z.array(identifier("database name")).min(1, "list at least one database"),
        /** PostgreSQL only; default ["public"]. */
        schemas: z.array(identifier("schema name")).min(1).optional(),
        /** The user's own Secrets Manager secret; the provisioner fills it when it has no value yet. */
        secretArn: z.string().min(1),
    })
    .strict();

export const appUsersRequestSchema = z
    .object({
        engine: z.enum(runtimeEngines),
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535),
        /** The database the provisioner connects to (PostgreSQL keeps its record there). */
        database: identifier("maintenance database"),
        /** The RDS-managed master secret: JSON with username and password. */
        masterSecretArn: z.string().min(1),
        users: z.array(appUserSchema),
    })
    .strict()
    .superRefine((request, ctx) => {
        const mysql = protocolOf(request.engine) === "mysql";
        const seenNames = new Map<string, number>();
        const seenSecrets = new Map<string, number>();
        request.users.forEach((user, i) => {
            const at = (...path: (string | number)[]) => ["users", i, ...path];
            if (reservedRoleNames.has(user.name) || reservedRolePrefixes.some((p) => user.name.startsWith(p))) {
                ctx.addIssue({ code: "custom", path: at("name"), message: `user name ${JSON.stringify(user.name)} is reserved (pg_*, rds*, public, ${recordNamespace}); pick another` });
            }
            if (mysql && user.name.length > mysqlUserNameMaxLength) {
                ctx.addIssue({ code: "custom", path: at("name"), message: `user name ${JSON.stringify(user.name)} is longer than MySQL's ${mysqlUserNameMaxLength} characters` });
            }
            if (mysql && user.schemas !== undefined) {
                ctx.addIssue({ code: "custom", path: at("schemas"), message: `schemas apply to PostgreSQL only; MySQL grants on whole databases (remove schemas from ${user.name})` });
            }
            user.databases.forEach((db, j) => {
                if (reservedDatabases.has(db)) ctx.addIssue({ code: "custom", path: at("databases", j), message: `database ${JSON.stringify(db)} belongs to the engine, RDS or db-preflight` });
            });
            (user.schemas ?? []).forEach((schema, j) => {
                if (reservedSchemas.has(schema) || schema.startsWith("pg_")) {
                    ctx.addIssue({ code: "custom", path: at("schemas", j), message: `schema ${JSON.stringify(schema)} belongs to the engine or db-preflight` });
                }
            });
            const other = seenNames.get(user.name);
            if (other !== undefined) ctx.addIssue({ code: "custom", path: at("name"), message: `user ${user.name} is declared twice (users[${other}] and users[${i}])` });
            seenNames.set(user.name, i);
            const shared = seenSecrets.get(user.secretArn);
            if (shared !== undefined) ctx.addIssue({ code: "custom", path: at("secretArn"), message: `users[${shared}] and users[${i}] share one secret; each user needs its own` });
            seenSecrets.set(user.secretArn, i);
        });
        // Connecting to MySQL's own `mysql` database is harmless (nothing is written there); a
        // PostgreSQL template would pass the record schema on to every new database.
        if (reservedDatabases.has(request.database) && request.database !== "mysql") {
            ctx.addIssue({ code: "custom", path: ["database"], message: `maintenance database ${JSON.stringify(request.database)} is reserved` });
        }
    });

/** What the component sends (schemas optional). */
export type AppUsersRequest = z.input<typeof appUsersRequestSchema>;
export type ParsedAppUsersRequest = z.output<typeof appUsersRequestSchema>;
export type AppUser = z.output<typeof appUserSchema>;

export class AppUsersRequestError extends Error {}

/** The request, or an AppUsersRequestError listing every problem; nothing has touched a database yet. */
export function parseAppUsersRequest(event: unknown): ParsedAppUsersRequest {
    const parsed = appUsersRequestSchema.safeParse(event);
    if (!parsed.success) throw new AppUsersRequestError(`invalid app-users request, nothing was changed:\n${z.prettifyError(parsed.error)}`);
    return parsed.data;
}

/** A name checked again at the point it becomes SQL (belt and braces: it is quoted too). */
export function assertIdentifier(name: string): string {
    if (!identifierPattern.test(name)) throw new AppUsersRequestError(`refusing identifier ${JSON.stringify(name)}: want ${identifierPattern}`);
    return name;
}

/** The PostgreSQL schemas a user's grants cover. */
export function schemasOf(user: AppUser): string[] {
    return user.schemas ?? ["public"];
}
