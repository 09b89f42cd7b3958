// maxConnections, connectionPools and reservedConnections: the pools the application holds plus a
// reserve must fit in max_connections, which must fit in what the capacity supports.
import { z } from "zod";
import { ConnectionBudget, ConnectionPool, connectionBudget, describePools } from "../capacity";
import type { RuntimeEngine } from "../../runtime/database";
import { Problems } from "./problems";
import { requiredString, wholeNumber } from "./zod";
import type { ComponentInputs } from "../../../contract";

// ConnectionPool (capacity.ts) documents the fields; the assignment checks the schema against it.
const poolSchema: z.ZodType<ConnectionPool, ConnectionPool> = z.strictObject({
    name: requiredString("a name", 'name the application that holds the pool, e.g. "api"'),
    size: wholeNumber(1, 10000, "set the connections each process holds"),
    replicas: wholeNumber(1, 10000, "set the processes that each hold a pool, at their autoscaling maximum"),
});

/** maxConnections, connectionPools and reservedConnections. */
export const connectionFields = {
    /** max_connections (of each instance of a cluster); default: what the instance class memory supports. */
    maxConnections: wholeNumber(1, 100000, "set a positive number of connections").optional(),
    /** The application's connection pools; size x replicas of all of them plus reservedConnections must fit max_connections. */
    connectionPools: z.array(poolSchema).default([]),
    /** Connections kept for operators, migrations and the probes. */
    reservedConnections: wholeNumber(0, 100000, "set the connections kept for operators and probes").default(10),
};

/**
 * The connection budget: max_connections (given, or what `instanceClass` supports on the engine),
 * checked against the capacity and the pools. `capacity` names what the ceiling comes from, e.g.
 * "db.r6g.large (16 GiB)"; `larger` the argument that buys more connections. With no known
 * max_connections, a problem asks for maxConnections unless another check already does.
 */
export function resolveConnectionBudget(
    a: { maxConnections?: number; connectionPools: ConnectionPool[]; reservedConnections: number },
    context: { engine: RuntimeEngine; instanceClass: string; capacity: string; larger: string; maxConnectionsAskedFor?: boolean },
    problems: Problems,
): ConnectionBudget | undefined {
    const { engine, instanceClass } = context;
    const budget = connectionBudget(engine, instanceClass, { maxConnections: a.maxConnections, pools: a.connectionPools, reserved: a.reservedConnections });
    if (budget === undefined) {
        if (!context.maxConnectionsAskedFor) {
            problems.push(`instanceClass: ${JSON.stringify(instanceClass)} has no known memory size, so max_connections cannot be computed; set maxConnections explicitly`);
        }
        return undefined;
    }
    checkConnectionBudget(budget, { engine, capacity: context.capacity, larger: context.larger, maxConnectionsGiven: a.maxConnections !== undefined, pools: a.connectionPools }, problems);
    return budget;
}

/** max_connections within what the capacity supports, the pools and the reserve within max_connections, pool names unique. */
function checkConnectionBudget(
    budget: ConnectionBudget,
    context: {
        engine: string;
        /** What the ceiling was computed from, e.g. "db.r6g.large (16 GiB)". */
        capacity: string;
        /** The argument that buys more connections, e.g. "instanceClass". */
        larger: string;
        maxConnectionsGiven: boolean;
        pools: readonly ConnectionPool[];
    },
    problems: Problems,
): void {
    const { engine, capacity, larger } = context;
    if (budget.ceiling !== undefined && budget.maxConnections > budget.ceiling) {
        problems.add(["maxConnections"], `is more than the ${budget.ceiling} connections ${capacity} supports on ${engine}; set at most ${budget.ceiling}, or choose a larger ${larger}`);
    }
    if (budget.headroom < 0) {
        problems.push(
            `connectionPools: ${describePools(context.pools)}, plus reservedConnections ${budget.reserved}, need ${budget.demand + budget.reserved} connections, ` +
                `more than max_connections ${budget.maxConnections}${context.maxConnectionsGiven ? "" : ` (what ${capacity} supports on ${engine})`}; ` +
                `shrink the pools (size or replicas) or choose a larger ${larger}`,
        );
    }
    const seen = new Set<string>();
    context.pools.forEach((p, i) => {
        if (seen.has(p.name)) problems.add(["connectionPools", i, "name"], "names another pool too; give each pool its own name");
        seen.add(p.name);
    });
}

/** The connection fields as the component registers them. */
export function connectionInputs({ pools, ...budget }: ConnectionBudget & { pools: ConnectionPool[] }): Pick<ComponentInputs, "connectionPools" | "reservedConnections"> & Record<string, unknown> {
    return { maxConnections: budget.maxConnections, connectionPools: pools, reservedConnections: budget.reserved };
}
