// RDS parameter groups: the family an engine version takes (the engine name, then its major
// version: "postgres16", "aurora-mysql8.0", "aurora5.6" for legacy Aurora MySQL, "mariadb10.11",
// "sqlserver-se-15.0", "oracle-ee-19"), the names of AWS's default groups, and the parameter that
// forces TLS. Sources: RDS User Guide "Working with parameter groups" and "Using SSL/TLS to encrypt
// a connection to a DB instance or cluster" (per engine), Aurora User Guide "Securing Aurora
// PostgreSQL / MySQL data with SSL/TLS".
import { EngineFamily, engineFamily } from "./rds";

/** Parameter-group family for an engine and version, e.g. ("postgres", "16.4") -> "postgres16". */
export function parameterGroupFamily(engine: string, engineVersion: string): string {
    const major = engineVersion.split(".");
    switch (engineFamily(engine)) {
        case "postgres":
            return `postgres${major[0]}`;
        case "aurora-postgresql":
            return `aurora-postgresql${major[0]}`;
        case "mysql":
            return `mysql${major[0]}.${major[1] ?? "0"}`;
        case "mariadb":
            return `mariadb${major[0]}.${major[1] ?? "0"}`;
        case "aurora-mysql":
            // Aurora MySQL 3.x is MySQL 8.0-compatible; versions read "8.0.mysql_aurora.3.05.2".
            return major[0] === "5" ? "aurora-mysql5.7" : "aurora-mysql8.0";
        default:
            throw new Error(`no parameter group family known for engine ${JSON.stringify(engine)}`);
    }
}

/**
 * Names that mark a parameter group as AWS's default (not editable, so no TLS switch). AWS stores
 * parameter group names lowercase, so " Default.Postgres16" names the same group.
 */
export function isDefaultParameterGroupName(name: string): boolean {
    const normalised = name.trim().toLowerCase();
    return normalised.startsWith("default.") || normalised.startsWith("default:");
}

/** The inverse of parameterGroupFamily: the engine family of a parameter group family, or undefined for an unrecognised one. */
export function engineFamilyOfParameterGroupFamily(family: string): EngineFamily | undefined {
    const engine = family
        .trim()
        .toLowerCase()
        .replace(/[\d.]+$/, "")
        .replace(/-$/, "");
    return engineFamily(engine);
}

/**
 * The parameter that forces TLS for client connections, and the values that mean "on".
 * PostgreSQL's `ssl=1` only allows TLS; `rds.force_ssl=1` forces it. On Aurora it is a cluster
 * parameter. Oracle and Db2 force TLS through option groups / SSL ports instead: undefined here.
 */
export function tlsParameter(family: EngineFamily): { name: string; onValues: readonly string[] } | undefined {
    switch (family) {
        case "postgres":
        case "aurora-postgresql":
        case "sqlserver":
            return { name: "rds.force_ssl", onValues: ["1"] };
        case "mysql":
        case "mariadb":
        case "aurora-mysql":
            return { name: "require_secure_transport", onValues: ["1", "ON"] };
        default:
            return undefined;
    }
}

/** True when a parameter value means "on" for the TLS switch (RDS accepts 1/ON, case-insensitive). */
export function isTlsOn(family: EngineFamily, value: string): boolean {
    const p = tlsParameter(family);
    return p !== undefined && p.onValues.includes(value.trim().toUpperCase());
}
