// The engines ProductionDatabase runs, and what differs between them beyond the shared AWS
// knowledge (aws-facts/): default versions and the instance class.

export const productionDatabaseEngines = ["postgres", "mysql", "mariadb"] as const;
export type ProductionDatabaseEngine = (typeof productionDatabaseEngines)[number];

export const engineLabels: Record<ProductionDatabaseEngine, string> = {
    postgres: "PostgreSQL",
    mysql: "MySQL",
    mariadb: "MariaDB",
};

/**
 * Default engine versions: the major version only. With autoMinorVersionUpgrade on, RDS moves the
 * minor version during maintenance; a pinned minor ("16.4") would then show as drift, and Pulumi
 * would try to downgrade. RDS picks the default minor version of the major at creation.
 */
export const defaultEngineVersions: Record<ProductionDatabaseEngine, string> = {
    postgres: "16",
    mysql: "8.0",
    mariadb: "10.11",
};

/** A general-purpose Graviton class: 2 vCPUs, 8 GiB, no CPU credits to run out of. */
export const defaultInstanceClass = "db.m6g.large";
