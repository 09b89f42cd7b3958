// appUsers and appUserRotationDays: the least-privilege users the application logs in with, checked
// against the master user, each other and the provisioner's own rules before anything is created.
import { z } from "zod";
import { defaultAdminUsernames, defaultPorts, protocolOf } from "../../../aws-facts/rds";
import { appUserPrivileges } from "../../../aws-facts/privileges";
import { appUsersRequestSchema, identifierPattern as sqlIdentifierPattern } from "../../runtime/app-users/request";
import { RuntimeEngine } from "../../runtime/database";
import { Problems, pathText } from "./problems";
import { requiredString, wholeNumber } from "./zod";

// App-user names become SQL identifiers: the provisioner's own pattern (lowercase, at most 63).
const sqlIdentifier = (what: string) =>
    z.string().regex(sqlIdentifierPattern, { error: `is not a ${what} the provisioner accepts; use lowercase letters, digits and underscores, at most 63, not starting with a digit` });

const appUserSchema = z.strictObject({
    /** The database role / user name the application logs in with. */
    name: requiredString("a user name", 'name the user the application logs in with, e.g. "orders_app"').pipe(sqlIdentifier("user name")),
    /** readonly: SELECT; readwrite: SELECT, INSERT, UPDATE, DELETE; owner: also creates and alters tables (migrations). */
    privilege: z.enum(appUserPrivileges, {
        error: (i) => `${i.input === undefined ? "not set" : "is not a privilege level"}; set privilege to ${appUserPrivileges.map((p) => JSON.stringify(p)).join(", ")}`,
    }),
    /** The databases the user may work in (created when missing). */
    databases: z
        .array(sqlIdentifier("database name"), {
            error: 'is not a list of database names; list the databases the user works in, e.g. ["orders"]',
        })
        .min(1, { error: 'is empty; list the databases the user works in, e.g. ["orders"]' }),
    /** PostgreSQL only: the schemas within those databases (default ["public"]). */
    schemas: z.array(sqlIdentifier("schema name")).min(1, { error: 'is empty; leave schemas out for ["public"], or list them' }).optional(),
});

export interface AppUser extends z.input<typeof appUserSchema> {}

/** appUsers and appUserRotationDays. */
export const appUserFields = {
    appUsers: z.array(appUserSchema).default([]),
    /** Days between automatic rotations of the app users' passwords (Secrets Manager). */
    appUserRotationDays: wholeNumber(1, 1000).default(30),
};

/** App users: not the master user nor a default admin, unique, schemas on PostgreSQL only, and the provisioner's own rules. */
export function checkAppUsers(users: readonly AppUser[], context: { engine: RuntimeEngine; masterUsername: string; databaseName: string }, problems: Problems): void {
    const { engine, masterUsername } = context;
    const postgres = protocolOf(engine) === "postgresql";
    const userNames = new Set<string>();
    users.forEach((user, i) => {
        if (user.name.toLowerCase() === masterUsername.toLowerCase()) problems.add(["appUsers", i, "name"], "is the master username; give the application its own user");
        else if ((defaultAdminUsernames as readonly string[]).includes(user.name.toLowerCase())) problems.add(["appUsers", i, "name"], "is a default admin name; name the user after the application");
        if (userNames.has(user.name)) problems.add(["appUsers", i, "name"], "names another app user too; give each user its own name");
        userNames.add(user.name);
        if (user.schemas !== undefined && !postgres)
            problems.add(["appUsers", i, "schemas"], `applies to PostgreSQL only (on ${engine} a database is a schema); list the databases in databases instead`);
    });
    if (users.length > 0 && problems.list.length === 0) {
        // The provisioner's own rules (reserved names, engine limits), checked now rather than at deployment.
        const request = appUsersRequestSchema.safeParse({
            engine,
            host: "preview",
            port: defaultPorts[engine],
            database: context.databaseName,
            masterSecretArn: "preview",
            users: users.map((u, i) => ({ ...u, secretArn: `preview-${i}` })),
        });
        for (const issue of request.success ? [] : request.error.issues) {
            const [head, ...rest] = issue.path;
            const path = head === "users" ? ["appUsers", ...rest] : head === "database" ? ["databaseName"] : issue.path;
            problems.push(`${pathText(path)}: ${issue.message}`);
        }
    }
}
