// The engines ProductionAuroraCluster runs, and what differs between them beyond the shared AWS
// knowledge (aws-facts/): default versions, name limits, the instance class.

import { maxClusterInstances } from "../../aws-facts/aurora";
import { rdsIdentifierMaxLength } from "../../aws-facts/rds";

export const auroraEngines = ["aurora-postgresql", "aurora-mysql"] as const;
export type AuroraEngine = (typeof auroraEngines)[number];

export const engineLabels: Record<AuroraEngine, string> = {
    "aurora-postgresql": "Aurora PostgreSQL",
    "aurora-mysql": "Aurora MySQL",
};

/**
 * Default engine versions. Aurora PostgreSQL takes the major version alone (RDS picks the minor,
 * automatic minor upgrades move it, and the provider keeps "16" as configured). Aurora MySQL names
 * full versions (8.0-compatible Aurora MySQL 3). A defaulted version is only the version at
 * creation: the component ignores later changes of it, so neither AWS's minor upgrades nor a newer
 * default here ever turn into a downgrade or an unplanned upgrade.
 */
export const defaultEngineVersions: Record<AuroraEngine, string> = {
    "aurora-postgresql": "16",
    "aurora-mysql": "8.0.mysql_aurora.3.08.2",
};

/**
 * A memory-optimised Graviton class: 2 vCPUs, 16 GiB. Aurora has no general-purpose (db.m) classes;
 * its smallest non-burstable classes are db.r*.large.
 */
export const defaultInstanceClass = "db.r6g.large";

/** The cluster's instances are `${identifier}-1`, `${identifier}-2`, ...: the cluster identifier leaves room for "-16". */
export const clusterIdentifierMaxLength = rdsIdentifierMaxLength - `-${maxClusterInstances}`.length;

/** The identifier of the cluster's n-th instance (1-based). */
export function instanceIdentifier(clusterIdentifier: string, n: number): string {
    return `${clusterIdentifier}-${n}`;
}
