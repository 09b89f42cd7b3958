// The components db-preflight ships: an RDS instance and an Aurora cluster that pass the whole
// pre-production checklist with their defaults.
export { ProductionDatabase, ProductionDatabaseArgumentError, operationalTagKeys, productionDatabaseType } from "./production-database";
export type { AppUser, ConnectionPool, ProductionDatabaseArgs } from "./production-database";
export { ProductionAuroraCluster, ProductionAuroraClusterArgumentError, productionAuroraClusterType } from "./production-aurora-cluster";
export type { AuroraAlarmChoices, ProductionAuroraClusterArgs } from "./production-aurora-cluster";
