// RDS engines and what RDS does by default: the engine families, their ports and audit log exports,
// the API's defaults for unset properties (not wishful ones), and names that betray a default or
// throwaway database. Facts by subject live beside this module: parameter-groups.ts (families, TLS
// switch), capacity.ts (instance memory, max_connections), certificates.ts, events.ts.

export type EngineFamily = "postgres" | "mysql" | "mariadb" | "aurora-postgresql" | "aurora-mysql" | "sqlserver" | "oracle" | "db2";

/** The engine family of an RDS `engine` value (CreateDBInstance / CreateDBCluster Engine), or undefined for a value RDS does not know. */
export function engineFamily(engine: string | undefined): EngineFamily | undefined {
    if (engine === undefined) return undefined;
    const e = engine.toLowerCase();
    if (e === "postgres" || e === "custom-postgres") return "postgres";
    if (e === "mysql") return "mysql";
    if (e === "mariadb") return "mariadb";
    if (e === "aurora-postgresql") return "aurora-postgresql";
    // "aurora" is the legacy name of Aurora MySQL 5.6.
    if (e === "aurora-mysql" || e === "aurora") return "aurora-mysql";
    if (e.startsWith("sqlserver-") || e.startsWith("custom-sqlserver-")) return "sqlserver";
    if (e.startsWith("oracle-") || e.startsWith("custom-oracle-")) return "oracle";
    if (e.startsWith("db2-")) return "db2";
    return undefined;
}

/**
 * The wire protocol (and SQL dialect) an engine speaks: Aurora speaks its base engine's, MariaDB
 * MySQL's. Takes an engine family or an RDS engine value of one of those five engines.
 */
export type Protocol = "postgresql" | "mysql";
export function protocolOf(engine: EngineFamily | string): Protocol {
    // Through the family, so "custom-postgres" or "Postgres" is not taken for MySQL.
    const family = engineFamily(engine);
    return family === "postgres" || family === "aurora-postgresql" ? "postgresql" : "mysql";
}

/**
 * CloudWatch log exports that carry the audit trail, per engine (RDS User Guide, "Publishing
 * database logs to Amazon CloudWatch Logs", per engine). Aurora PostgreSQL supports only
 * `postgresql` (plus `iam-db-auth-error` on recent versions); MySQL-family `audit` needs the
 * audit plugin / server_audit_logging enabled too. Policies take these as configurable defaults.
 */
export const auditLogExports: Record<EngineFamily, readonly string[]> = {
    postgres: ["postgresql", "upgrade"],
    mysql: ["audit", "error", "slowquery"],
    mariadb: ["audit", "error", "slowquery"],
    "aurora-postgresql": ["postgresql"],
    "aurora-mysql": ["audit", "error", "slowquery"],
    sqlserver: ["agent", "error"],
    oracle: ["alert", "audit", "listener", "trace"],
    db2: ["diag.log", "notify.log"],
};

/** DBInstanceIdentifier and DBClusterIdentifier: 1 to 63 letters, digits or hyphens (CreateDBInstance / CreateDBCluster API reference). */
export const rdsIdentifierMaxLength = 63;

/** The port RDS gives each engine when `port` is unset (CreateDBInstance / CreateDBCluster, Port). */
export const defaultPorts: Record<EngineFamily, number> = {
    postgres: 5432,
    "aurora-postgresql": 5432,
    mysql: 3306,
    mariadb: 3306,
    "aurora-mysql": 3306,
    sqlserver: 1433,
    oracle: 1521,
    db2: 50000,
};

/**
 * What RDS does when a property is not set: the defaults of the RDS API reference (CreateDBInstance,
 * CreateDBCluster, DeleteDBInstance parameters) unless a line says otherwise. A policy that passes
 * on "unset" must be right about these.
 */
export const apiDefaults = {
    /** Instances and clusters: 1 day through the API (the console shows 7; the API gives 1). */
    backupRetentionPeriod: 1,
    /**
     * A read replica is created with automated backups off (retention 0) unless its retention is
     * set; DeleteDBInstance takes no final snapshot of one (FinalDBSnapshotIdentifier "can't be
     * specified when deleting a read replica").
     */
    readReplicaBackupRetentionPeriod: 0,
    storageEncrypted: false,
    deletionProtection: false,
    copyTagsToSnapshot: false,
    multiAz: false,
    iamDatabaseAuthenticationEnabled: false,
    /** ManageMasterUserPassword: the master password is the one the request passes unless asked. */
    manageMasterUserPassword: false,
    autoMinorVersionUpgrade: true,
    monitoringInterval: 0,
    performanceInsightsEnabled: false,
    /** The Pulumi provider's default (aws.rds.Instance / Cluster skipFinalSnapshot); skipping must be asked for. */
    skipFinalSnapshot: false,
    /** DeleteDBInstance: automated backups are deleted with the instance unless told otherwise. */
    deleteAutomatedBackups: true,
    /**
     * PubliclyAccessible: with no DB subnet group the instance lands in the default VPC, whose
     * subnets are public, and the API default is then true; with a subnet group it is false.
     */
    publiclyAccessibleWithoutSubnetGroup: true,
    publiclyAccessibleWithSubnetGroup: false,
} as const;

/** Backup retention RDS accepts, in days (CreateDBInstance BackupRetentionPeriod: 0 to 35). */
export const backupRetentionRange = { min: 0, max: 35 } as const;

/** Master usernames attackers try first, and the engines' built-in admins (our list, not AWS's). */
export const defaultAdminUsernames = ["admin", "administrator", "root", "postgres", "sa", "master", "mysql", "rdsadmin", "awsuser", "user", "test", "dbadmin"] as const;

/** Database names and identifiers that betray a test or throwaway database (our list, not AWS's). */
export const testDatabaseNames = ["test", "demo", "example", "sample", "tmp", "mydb"] as const;
