// How RDS handles master users and database authentication: which databases take their master
// user from somewhere else, and which engines support IAM database authentication.
import type { EngineFamily } from "./rds";

/**
 * Properties that make a database take its master user (name and password) from another
 * database instead of from its own args: read replicas (CreateDBInstanceReadReplica has no
 * MasterUsername), restores from a snapshot or to a point in time (the snapshot carries the
 * master user), and Aurora cross-region replica or global secondary clusters (the primary's).
 * For every other new database RDS requires a master username (CreateDBInstance /
 * CreateDBCluster reject a request without one).
 */
export const inheritedMasterUserProperties = {
    instance: ["replicateSourceDb", "snapshotIdentifier", "restoreToPointInTime"],
    cluster: ["snapshotIdentifier", "restoreToPointInTime", "replicationSourceIdentifier", "globalClusterIdentifier"],
} as const;

/**
 * Engines that support IAM database authentication (RDS User Guide, "IAM database
 * authentication": MariaDB, MySQL, PostgreSQL, Aurora MySQL, Aurora PostgreSQL). SQL Server,
 * Oracle and Db2 use Kerberos / directory authentication instead.
 */
export const iamAuthEngines: readonly EngineFamily[] = ["postgres", "mysql", "mariadb", "aurora-postgresql", "aurora-mysql"];

export function supportsIamAuth(family: EngineFamily): boolean {
    return iamAuthEngines.includes(family);
}
