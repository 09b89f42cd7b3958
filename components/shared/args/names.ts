// The names: the RDS identifier (from the component name unless given), the initial database and
// the master username, checked against the engine's limits and the default admin names.
import { z } from "zod";
import { defaultAdminUsernames, rdsIdentifierMaxLength } from "../../../aws-facts/rds";
import { Problems } from "./problems";
import { identifierPattern, sqlNamePattern } from "./zod";

/** `identifier`: each component documents it (an instance's or a cluster's) and checks its length. */
export const identifierSchema = z.string().optional();

/** databaseName and masterUsername. */
export const nameFields = {
    /** The initial database; default: the identifier with "_" for "-". */
    databaseName: z.string().regex(sqlNamePattern, { error: "is not a database name; use letters, digits and underscores, starting with a letter" }).optional(),
    /** Master username (not a default admin name); default `<databaseName>_admin`, shortened to fit. */
    masterUsername: z.string().regex(sqlNamePattern, { error: "is not a user name; use letters, digits and underscores, starting with a letter" }).optional(),
};

/** "orders" -> "orders"; "Orders_DB" -> "orders-db": the identifier a component name suggests. */
export function identifierFrom(name: string): string {
    return name
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-{2,}/g, "-")
        .replace(/^-+|-+$/g, "");
}

/** The RDS identifier (given, or from the component name), checked: at most `maxLength` characters. */
export function resolveIdentifier(name: string, given: string | undefined, problems: Problems, maxLength = rdsIdentifierMaxLength): string {
    const identifier = given ?? identifierFrom(name);
    if (identifier.length > maxLength || !identifierPattern.test(identifier)) {
        const fix = `is not an RDS identifier; use 1-${maxLength} lowercase letters, digits and single hyphens, starting with a letter`;
        if (given === undefined) problems.push(`identifier (from the component name ${JSON.stringify(name)}): ${JSON.stringify(identifier)} ${fix}, or set identifier`);
        else problems.add(["identifier"], fix);
    }
    return identifier;
}

/** `${databaseName}_admin`, shortened to `maxLength`. */
export function defaultMasterUsername(databaseName: string, maxLength: number): string {
    const suffix = "_admin";
    return `${databaseName.slice(0, maxLength - suffix.length)}${suffix}`;
}

/** The master username (given, or `<databaseName>_admin`), checked against the default admin names and the engine's length. */
export function resolveMasterUsername(given: string | undefined, databaseName: string, engine: string, maxLength: number, problems: Problems): string {
    const masterUsername = given ?? defaultMasterUsername(databaseName, maxLength);
    if ((defaultAdminUsernames as readonly string[]).includes(masterUsername.toLowerCase())) {
        problems.push(`masterUsername: ${JSON.stringify(masterUsername)} is a default admin name attackers try first; choose another, e.g. "${defaultMasterUsername(databaseName, maxLength)}"`);
    }
    if (masterUsername.length > maxLength) {
        problems.push(`masterUsername: ${JSON.stringify(masterUsername)} is longer than the ${maxLength} characters ${engine} accepts; choose a shorter name`);
    }
    return masterUsername;
}

/** The identifier (at most `limits.identifier` characters), the initial database and the master username, checked against the engine's limits. */
export function resolveNames(
    name: string,
    given: { identifier?: string; databaseName?: string; masterUsername?: string },
    limits: { engine: string; identifier?: number; databaseName: number; masterUsername: number },
    problems: Problems,
): { identifier: string; databaseName: string; masterUsername: string } {
    const identifier = resolveIdentifier(name, given.identifier, problems, limits.identifier);
    const databaseName = given.databaseName ?? identifier.replace(/-/g, "_");
    if (databaseName.length > limits.databaseName) problems.add(["databaseName"], `is longer than ${limits.databaseName} characters; choose a shorter name`);
    const masterUsername = resolveMasterUsername(given.masterUsername, databaseName, limits.engine, limits.masterUsername, problems);
    return { identifier, databaseName, masterUsername };
}
