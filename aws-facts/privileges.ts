// Database privilege facts for least-privilege application users on RDS PostgreSQL and MySQL /
// MariaDB, as the @pulumi/postgresql and @pulumi/mysql providers spell them, and the privilege
// levels the db-preflight components accept for their declared app users.

/**
 * PostgreSQL role attributes that make a role an administrator (PostgreSQL docs, "Role
 * Attributes"), as @pulumi/postgresql Role args. Each defaults to false.
 */
export const postgresAdminRoleAttributes = ["superuser", "createRole", "createDatabase", "replication", "bypassRowLevelSecurity"] as const;

/**
 * Roles whose membership is administrator power: `rds_superuser` is RDS's master-user role; the
 * pg_*_server_* roles read and write server files or run programs (superuser-equivalent, PostgreSQL
 * docs, "Predefined Roles").
 */
export const postgresAdminRoles = ["rds_superuser", "pg_execute_server_program", "pg_read_server_files", "pg_write_server_files"] as const;

/** Database-level privileges an application role may hold: connect, and temporary tables. CREATE (schemas) and ALL are the owner's. */
export const postgresAppDatabasePrivileges = ["CONNECT", "TEMPORARY"] as const;

/** Object types whose grants must be scoped to a schema (@pulumi/postgresql Grant `objectType`). */
export const postgresSchemaScopedObjectTypes = ["table", "sequence", "function", "procedure", "routine", "column"] as const;

/** PostgreSQL privilege spellings: TEMP is TEMPORARY, ALL PRIVILEGES is ALL. */
export function normalisePostgresPrivilege(privilege: string): string {
    const p = privilege.trim().toUpperCase().replace(/\s+/g, " ");
    if (p === "TEMP") return "TEMPORARY";
    if (p === "ALL PRIVILEGES") return "ALL";
    return p;
}

/**
 * MySQL / MariaDB privileges an application user never needs: ALL, and the administrative ones
 * (server-wide: SUPER, FILE, PROCESS, SHUTDOWN, RELOAD, CREATE USER; GRANT OPTION passes
 * privileges on). MySQL Reference Manual, "Privileges Provided by MySQL".
 */
export const mysqlAdminPrivileges = ["ALL", "ALL PRIVILEGES", "SUPER", "GRANT OPTION", "CREATE USER", "FILE", "PROCESS", "SHUTDOWN", "RELOAD"] as const;

export function normaliseMysqlPrivilege(privilege: string): string {
    return privilege.trim().toUpperCase().replace(/\s+/g, " ");
}

/** The privilege levels the ProductionDatabase / ProductionAuroraCluster components accept in `appUsers`. */
export const appUserPrivileges = ["readonly", "readwrite", "owner"] as const;
export type AppUserPrivilege = (typeof appUserPrivileges)[number];
