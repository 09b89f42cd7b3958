// Capacity and availability facts for the config policies. Sources: RDS User Guide ("Maximum
// number of database connections", "Working with parameter groups: DB parameter values" for
// formulas, "Managing capacity automatically with Amazon RDS storage autoscaling", "Maintaining a
// DB instance: the maintenance window", "Multi-AZ DB cluster deployments"), Aurora User Guide
// ("Using Aurora Serverless v1"), Amazon RDS "DB instance classes" (memory per class), Aurora
// User Guide "Aurora Serverless v2 capacity" (an ACU is about 2 GiB).
import type { EngineFamily } from "./rds";

/** The parameter that caps client connections (same name on every engine RDS runs). */
export const maxConnectionsParameter = "max_connections";

/**
 * A parameter value RDS computes when the instance starts: a formula such as
 * `{DBInstanceClassMemory/9531392}` or `LEAST({DBInstanceClassMemory/9531392},5000)`. Variables
 * are in braces; functions are GREATEST, LEAST, SUM, IF, log.
 */
export function isParameterFormula(value: string): boolean {
    return /[{}]/.test(value) || /^\s*(GREATEST|LEAST|SUM|IF|log)\s*\(/i.test(value);
}

/**
 * What RDS does with no maintenance window: it assigns a random 30-minute window from an 8-hour
 * block of time for the region, which may fall in business hours.
 */
export const unsetMaintenanceWindow = "RDS assigns a random 30-minute window from an 8-hour regional block";

/**
 * Aurora Serverless v1 (engineMode "serverless"): runs in one AZ and fails over to another by
 * itself, so it is Multi-AZ by design; it supports no Performance Insights.
 */
export const auroraServerlessV1EngineMode = "serverless";

/**
 * A Multi-AZ DB cluster (aws.rds.Cluster with a non-Aurora engine and dbClusterInstanceClass)
 * always runs one writer and two readable standbys in three Availability Zones: Multi-AZ by design.
 */
export function isMultiAzDbCluster(engineFamily: string | undefined): boolean {
    return engineFamily !== undefined && !engineFamily.startsWith("aurora");
}

// ---- Instance class memory and connection limits -------------------------------------------

const GiB = 1024 ** 3;

/** Memory (GiB) of burstable classes by size. */
const burstableMemory: Record<string, number> = {
    micro: 1,
    small: 2,
    medium: 4,
    large: 8,
    xlarge: 16,
    "2xlarge": 32,
};

/** vCPUs by size for the fixed-performance classes. */
const sizeVcpus: Record<string, number> = {
    large: 2,
    xlarge: 4,
    "2xlarge": 8,
    "4xlarge": 16,
    "8xlarge": 32,
    "12xlarge": 48,
    "16xlarge": 64,
    "24xlarge": 96,
    "32xlarge": 128,
    "48xlarge": 192,
};

/** GiB of memory per vCPU by class family letter(s): m = general, r = memory, x = extra memory. */
function memoryPerVcpu(family: string): number | undefined {
    if (/^x2/.test(family)) return 16;
    if (/^z1d/.test(family)) return 8;
    if (/^x/.test(family)) return 16;
    if (/^r/.test(family)) return 8;
    if (/^m/.test(family)) return 4;
    if (/^c/.test(family)) return 2;
    return undefined;
}

/** True for burstable classes (db.t2, db.t3, db.t4g): CPU credits run out under sustained load. */
export function isBurstableClass(instanceClass: string): boolean {
    return /^db\.t\d/.test(instanceClass);
}

/** Nominal memory of an instance class in bytes, or undefined for a class this table does not know. */
export function instanceClassMemoryBytes(instanceClass: string): number | undefined {
    const match = /^db\.([a-z0-9-]+)\.([a-z0-9]+)$/.exec(instanceClass);
    if (!match) return undefined;
    const [, family, size] = match;
    if (/^t\d/.test(family)) {
        const gib = burstableMemory[size];
        return gib === undefined ? undefined : gib * GiB;
    }
    const vcpus = sizeVcpus[size];
    const perVcpu = memoryPerVcpu(family);
    if (vcpus === undefined || perVcpu === undefined) return undefined;
    return vcpus * perVcpu * GiB;
}

/**
 * The max_connections RDS itself would set for this class (its parameter-group formula), used as
 * the ceiling an explicit value should not exceed: every connection costs memory.
 *   PostgreSQL / Aurora PostgreSQL: LEAST({DBInstanceClassMemory/9531392}, 5000)
 *   MySQL / MariaDB:                {DBInstanceClassMemory/12582880}
 *   Aurora MySQL:                   GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})
 * DBInstanceClassMemory is the class memory less what the OS and RDS reserve; the nominal
 * memory used here makes this a slightly generous ceiling.
 */
export function maxConnectionsFor(family: EngineFamily, instanceClass: string): number | undefined {
    const memory = instanceClassMemoryBytes(instanceClass);
    return memory === undefined ? undefined : maxConnectionsForMemory(family, memory);
}

/** The same formulas for a memory size in bytes (see maxConnectionsFor). */
export function maxConnectionsForMemory(family: EngineFamily, memory: number): number | undefined {
    switch (family) {
        case "postgres":
        case "aurora-postgresql":
            return Math.min(Math.floor(memory / 9531392), 5000);
        case "mysql":
        case "mariadb":
            return Math.floor(memory / 12582880);
        case "aurora-mysql":
            return Math.max(Math.round(Math.log2(memory / 805306368) * 45), Math.round(Math.log2(memory / 8187281408) * 1000), 45);
        default:
            return undefined;
    }
}

/**
 * Aurora Serverless v2 instances (class "db.serverless") have no fixed memory: each Aurora capacity
 * unit (ACU) is about 2 GiB, and Aurora derives max_connections from the memory at the cluster's
 * maximum capacity (serverlessv2ScalingConfiguration.maxCapacity).
 */
export const serverlessV2InstanceClass = "db.serverless";

/** The memory of an Aurora Serverless v2 instance at a capacity in ACUs. */
export function serverlessV2MemoryBytes(capacityAcu: number): number {
    return capacityAcu * 2 * GiB;
}
