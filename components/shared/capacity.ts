// How many connections a database takes, and whether the application's pools fit. Every
// connection costs the server memory, so max_connections is what the instance class memory
// supports (RDS's own formula, from the shared AWS knowledge), and the pools that will connect
// (size x replicas each) plus a reserve for operators, migrations and the probes must fit in it.
import { EngineFamily } from "../../aws-facts/rds";
import { instanceClassMemoryBytes, maxConnectionsFor } from "../../aws-facts/capacity";

export interface ConnectionPool {
    /** The application or service that holds the pool, e.g. "api". */
    name: string;
    /** Connections per process. */
    size: number;
    /** Processes (replicas, tasks, pods) that each hold a pool; at the autoscaling maximum. */
    replicas: number;
}

export interface ConnectionBudget {
    /** The max_connections the database runs with. */
    maxConnections: number;
    /** What the instance class memory supports, when the class is known. */
    ceiling: number | undefined;
    /** Connections the pools take at most: sum of size x replicas. */
    demand: number;
    reserved: number;
    /** Connections left once pools and reserve are counted; negative when they do not fit. */
    headroom: number;
}

export function poolDemand(pools: readonly ConnectionPool[]): number {
    return pools.reduce((sum, p) => sum + p.size * p.replicas, 0);
}

/**
 * The connection budget of a database: `maxConnections` when given, else the ceiling of the class.
 * Undefined when neither is known (a class the memory table does not know, and no explicit value).
 */
export function connectionBudget(family: EngineFamily, instanceClass: string, choices: { maxConnections?: number; pools: readonly ConnectionPool[]; reserved: number }): ConnectionBudget | undefined {
    const ceiling = maxConnectionsFor(family, instanceClass);
    const maxConnections = choices.maxConnections ?? ceiling;
    if (maxConnections === undefined) return undefined;
    const demand = poolDemand(choices.pools);
    return { maxConnections, ceiling, demand, reserved: choices.reserved, headroom: maxConnections - demand - choices.reserved };
}

/** "api 20 x 6 = 120, worker 10 x 4 = 40": the pools as a message shows them. */
export function describePools(pools: readonly ConnectionPool[]): string {
    return pools.map((p) => `${p.name} ${p.size} x ${p.replicas} = ${p.size * p.replicas}`).join(", ");
}

/** "db.m6g.large (8 GiB)": the class with the memory the budget was computed from. */
export function describeClass(instanceClass: string): string {
    const bytes = instanceClassMemoryBytes(instanceClass);
    return bytes === undefined ? instanceClass : `${instanceClass} (${bytes / 1024 ** 3} GiB)`;
}
