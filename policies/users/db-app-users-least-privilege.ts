import { z } from "zod";
import {
    appUserPrivileges,
    mysqlAdminPrivileges,
    normaliseMysqlPrivilege,
    normalisePostgresPrivilege,
    postgresAdminRoleAttributes,
    postgresAdminRoles,
    postgresAppDatabasePrivileges,
    postgresSchemaScopedObjectTypes,
} from "../../aws-facts/privileges";
import { typeLabel, types } from "../../aws-facts/resource-types";
import { ComponentInputs, componentTypeTokens } from "../../contract";
import { PolicyConfigOf, StackReport, defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asBoolean, asObjectList, asString, asStringList, indexedObjects, isInvalid } from "../lib/values";

const config = {
    postgresDatabasePrivileges: z
        .array(z.string())
        .default([...postgresAppDatabasePrivileges])
        .describe('Privileges a postgresql.Grant with objectType "database" may give (CONNECT, TEMPORARY); anything else (CREATE, ALL) is the owner\'s.'),
    mysqlDeniedPrivileges: z
        .array(z.string())
        .default([...mysqlAdminPrivileges])
        .describe("Privileges a mysql.Grant must not give (compared case-insensitively)."),
    appUserPrivileges: z
        .array(z.enum(appUserPrivileges))
        .default([...appUserPrivileges])
        .describe('Privilege levels the components\' declared app users may take (drop "owner" to keep schema changes out of application users).'),
};
type Config = PolicyConfigOf<typeof config>;

const of = (r: ResourceUnderCheck) => `the ${typeLabel(r.type)} args of ${JSON.stringify(r.name)}`;

function checkPostgresRole(role: ResourceUnderCheck, report: StackReport): void {
    for (const attribute of postgresAdminRoleAttributes) {
        const raw = role.get(attribute);
        const value = asBoolean(raw);
        if (value === UNKNOWN) {
            report.unknown(role, attribute);
        } else if (value === true || isInvalid(value)) {
            report.violation(role, {
                property: attribute,
                seen: raw,
                wanted: "false or unset (an application role is not an administrator)",
                fix: `remove \`${attribute}\` from ${of(role)}; keep administration with the master user.`,
            });
        }
    }
    const raw = role.get("roles");
    const memberOf = asStringList(raw);
    if (memberOf === UNKNOWN) return report.unknown(role, "roles");
    const admin = new Set<string>(postgresAdminRoles);
    const bad = Array.isArray(memberOf) ? memberOf.filter((r) => admin.has(r.trim().toLowerCase())) : [];
    if (isInvalid(memberOf) || bad.length > 0) {
        report.violation(role, {
            property: "roles",
            seen: raw,
            wanted: `no membership in ${postgresAdminRoles.join(", ")} (each is administrator power)`,
            fix: `remove ${bad.length > 0 ? bad.map((r) => `"${r}"`).join(", ") : "the administrator roles"} from \`roles\` in ${of(role)}.`,
        });
    }
}

/** A grant (PostgreSQL or MySQL) names one database. */
function checkOneDatabase(grant: ResourceUnderCheck, wanted: string, report: StackReport): void {
    const database = asString(grant.get("database"));
    if (database === UNKNOWN) report.unknown(grant, "database");
    else if (typeof database !== "string" || database.trim() === "" || database.trim() === "*") {
        report.violation(grant, {
            property: "database",
            seen: grant.get("database"),
            wanted,
            fix: `set \`database\` to the application's database in ${of(grant)}.`,
        });
    }
}

/** A grant does not let the role pass its privileges on (`property`: the provider's name for the option). */
function checkNoGrantOption(grant: ResourceUnderCheck, property: string, wanted: string, report: StackReport): void {
    const grantOption = asBoolean(grant.get(property));
    if (grantOption === UNKNOWN) report.unknown(grant, property);
    else if (grantOption === true || isInvalid(grantOption)) {
        report.violation(grant, {
            property,
            seen: grant.get(property),
            wanted,
            fix: `remove \`${property}\` from ${of(grant)}.`,
        });
    }
}

function checkPostgresGrant(grant: ResourceUnderCheck, config: Config, report: StackReport): void {
    checkOneDatabase(grant, "the name of one database", report);
    checkNoGrantOption(grant, "withGrantOption", "false or unset (the role must not pass its privileges on)", report);

    const objectTypeRaw = asString(grant.get("objectType"));
    if (objectTypeRaw === UNKNOWN) return report.unknown(grant, "objectType");
    if (typeof objectTypeRaw !== "string") return; // the provider requires it
    const objectType = objectTypeRaw.trim().toLowerCase();

    if ((postgresSchemaScopedObjectTypes as readonly string[]).includes(objectType)) {
        const schema = asString(grant.get("schema"));
        if (schema === UNKNOWN) report.unknown(grant, "schema");
        else if (typeof schema !== "string" || schema.trim() === "") {
            report.violation(grant, {
                property: "schema",
                seen: grant.get("schema"),
                wanted: `a named schema for a ${objectType} grant`,
                fix: `set \`schema\` (e.g. "public" or the application's schema) in ${of(grant)}.`,
            });
        }
    }
    if (objectType !== "database" && objectType !== "schema") return;

    const raw = grant.get("privileges");
    const privileges = asStringList(raw);
    if (privileges === UNKNOWN) return report.unknown(grant, "privileges");
    if (privileges === undefined) return;
    const allowed = objectType === "database" ? new Set(config.postgresDatabasePrivileges.map(normalisePostgresPrivilege)) : undefined;
    const tooMuch = isInvalid(privileges) ? true : privileges.map(normalisePostgresPrivilege).some((p) => p === "ALL" || (allowed !== undefined && !allowed.has(p)));
    if (!tooMuch) return;
    report.violation(grant, {
        property: "privileges",
        seen: raw,
        wanted:
            objectType === "database"
                ? `only ${config.postgresDatabasePrivileges.join(", ")} on a database (CREATE and ALL are the owner's)`
                : 'named privileges on a schema (e.g. ["USAGE"]), not ALL',
        fix:
            objectType === "database"
                ? `set \`privileges: ["CONNECT"]\` in ${of(grant)} and grant table privileges with objectType "table" in a named schema.`
                : `set \`privileges: ["USAGE"]\` in ${of(grant)} and grant table privileges with objectType "table".`,
    });
}

function checkMysqlGrant(grant: ResourceUnderCheck, config: Config, report: StackReport): void {
    checkOneDatabase(grant, 'the name of one database ("*" grants on every database of the server)', report);
    checkNoGrantOption(grant, "grant", "false or unset (WITH GRANT OPTION lets the user pass its privileges on)", report);
    const raw = grant.get("privileges");
    const privileges = asStringList(raw);
    if (privileges === UNKNOWN) return report.unknown(grant, "privileges");
    if (privileges === undefined) return;
    const denied = new Set(config.mysqlDeniedPrivileges.map(normaliseMysqlPrivilege));
    const bad = isInvalid(privileges) ? [] : privileges.filter((p) => denied.has(normaliseMysqlPrivilege(p)));
    if (!isInvalid(privileges) && bad.length === 0) return;
    report.violation(grant, {
        property: "privileges",
        seen: raw,
        wanted: `named data privileges (e.g. ["SELECT", "INSERT", "UPDATE", "DELETE"]), none of ${config.mysqlDeniedPrivileges.join(", ")}`,
        fix: `remove ${bad.length > 0 ? bad.map((p) => JSON.stringify(p)).join(", ") : "the administrative privileges"} from \`privileges\` in ${of(grant)}.`,
    });
}

function checkComponentAppUsers(component: ResourceUnderCheck, config: Config, report: StackReport): void {
    const raw = component.get<ComponentInputs>("appUsers");
    const users = asObjectList(raw);
    if (users === UNKNOWN) return report.unknown(component, "appUsers");
    if (users === undefined) return;
    const appUserFix = `{ name: "app", privilege: "readwrite", databases: ["app"] }`;
    if (isInvalid(users)) {
        return report.violation(component, {
            property: "appUsers",
            seen: raw,
            wanted: "a list of { name, privilege, databases }",
            fix: `pass \`appUsers: [${appUserFix}]\` in ${of(component)}.`,
        });
    }
    const { objects, others } = indexedObjects(raw);
    for (const [i, element] of others) {
        report.violation(component, {
            property: `appUsers[${i}]`,
            seen: element,
            wanted: "an object { name, privilege, databases }",
            fix: `write appUsers[${i}] as \`${appUserFix}\` in ${of(component)}.`,
        });
    }
    for (const [i, user] of objects) {
        if (user === UNKNOWN) {
            report.unknown(component, `appUsers[${i}]`);
            continue;
        }
        const userName = asString(user.name);
        const who = typeof userName === "string" ? ` (app user ${JSON.stringify(userName)})` : "";
        const privilege = asString(user.privilege);
        if (privilege === UNKNOWN) report.unknown(component, `appUsers[${i}].privilege`);
        else if (typeof privilege !== "string" || !(config.appUserPrivileges as readonly string[]).includes(privilege)) {
            report.violation(component, {
                property: `appUsers[${i}].privilege`,
                seen: user.privilege,
                wanted: `one of ${config.appUserPrivileges.map((p) => JSON.stringify(p)).join(", ")}${who}`,
                fix: `set \`privilege: "readwrite"\` (or "readonly") on appUsers[${i}] in ${of(component)}.`,
            });
        }
        const databases = asStringList(user.databases);
        if (databases === UNKNOWN) report.unknown(component, `appUsers[${i}].databases`);
        else if (!Array.isArray(databases) || databases.length === 0 || databases.some((d) => d.trim() === "" || d.trim() === "*")) {
            report.violation(component, {
                property: `appUsers[${i}].databases`,
                seen: user.databases,
                wanted: `a non-empty list of named databases${who}`,
                fix: `list the databases the user works in, e.g. \`databases: ["app"]\`, on appUsers[${i}] in ${of(component)}.`,
            });
        }
    }
}

export const dbAppUsersLeastPrivilege = defineStackPolicy({
    name: "db-app-users-least-privilege",
    checklistItem: "users",
    description: "Application users created by the stack are least-privilege: not superuser, cannot create roles or databases, and their grants are scoped to named databases and schemas.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "postgresql.Role: leave superuser, createRole, createDatabase, replication and bypassRowLevelSecurity unset, and keep rds_superuser out of `roles`. " +
        'postgresql.Grant: name the `database`; on objectType "database" grant only CONNECT / TEMPORARY; never ALL on a database or schema; ' +
        'grant table privileges with objectType "table" and a `schema`. ' +
        'mysql.Grant: name the `database` (not "*"), grant data privileges (SELECT, INSERT, UPDATE, DELETE, ...) rather than ALL or administrative ones, and leave `grant` unset. ' +
        'Components: each appUsers entry takes privilege "readonly", "readwrite" or "owner" and a non-empty list of databases.',
    peers: [],
    config,
    judges: [...componentTypeTokens, types.postgresqlRole, types.postgresqlGrant, types.mysqlGrant],
    check(stack, config, report) {
        for (const role of stack.ofType(types.postgresqlRole)) checkPostgresRole(role, report);
        for (const grant of stack.ofType(types.postgresqlGrant)) checkPostgresGrant(grant, config, report);
        for (const grant of stack.ofType(types.mysqlGrant)) checkMysqlGrant(grant, config, report);
        for (const component of stack.ofType(...componentTypeTokens)) {
            checkComponentAppUsers(component, config, report);
        }
    },
});
