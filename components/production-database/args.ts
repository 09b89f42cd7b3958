// The arguments of ProductionDatabase: their shape and defaults (zod), the checks that need several
// of them at once (the connection budget, the copy region), and the error a user sees. Everything
// here runs before the component registers anything: a bad argument never leaves half a database.
import { z } from "zod";
import { defaultPorts, protocolOf } from "../../aws-facts/rds";
import { nameMaxLengths } from "../../aws-facts/reserved-names";
import { instanceClassMemoryBytes, isBurstableClass } from "../../aws-facts/capacity";
import { AlarmChoices, defaultAlarmChoices } from "../shared/alarms";
import {
    DatabaseArgumentError,
    ResolveOptions,
    allowBurstableClassFields,
    appUserFields,
    backupFields,
    checkConnectionBudget,
    connectionFields,
    encryptionSchema,
    healthCheckFields,
    identifierSchema,
    listOf,
    logsSchema,
    maintenanceWindowFields,
    monitoringSchema,
    nameFields,
    networkSchema,
    operationsFields,
    parseArguments,
    percent,
    problemsOf,
    resolveNames,
    resolveSharedGroups,
    wholeNumber,
} from "../shared/args";
import { checkDeployTimeRules } from "../shared/checks";
import { connectionBudget, describeClass } from "../shared/capacity";
import { ProductionDatabaseEngine, defaultEngineVersions, defaultInstanceClass, productionDatabaseEngines } from "./engines";

export type { AppUser } from "../shared/args";

export class ProductionDatabaseArgumentError extends DatabaseArgumentError {
    constructor(component: string, problems: readonly string[]) {
        super("ProductionDatabase", component, problems);
    }
}

// ---- Schema -------------------------------------------------------------------------------------

const engineList = listOf(productionDatabaseEngines);

// AlarmChoices documents the thresholds; the assignment checks the schema against it.
const alarmsSchema: z.ZodType<AlarmChoices, Partial<AlarmChoices>> = z.strictObject({
    cpuPercent: percent.default(defaultAlarmChoices.cpuPercent),
    connectionsPercent: percent.default(defaultAlarmChoices.connectionsPercent),
    freeStoragePercent: percent.default(defaultAlarmChoices.freeStoragePercent),
    freeableMemoryPercent: percent.default(defaultAlarmChoices.freeableMemoryPercent),
    latencyMs: wholeNumber(1, 60000, "set milliseconds from 1 to 60000").default(defaultAlarmChoices.latencyMs),
});

// The engine is checked by resolveArgs (its message names the Aurora component); users write one of the engines.
const engineSchema = z.string({ error: (i) => `${i.input === undefined ? "not set" : "is not an engine name"}; set engine to ${engineList}` }) as z.ZodType<string, ProductionDatabaseEngine>;

/** The arguments of ProductionDatabase: their shape, documentation and defaults. */
const schema = z.strictObject({
    engine: engineSchema,
    /** Default: the major version of defaultEngineVersions (RDS picks the minor; auto minor upgrades move it). */
    engineVersion: z
        .string()
        .regex(/^\d+(\.\d+)*(-rds\.\d{8})?$/, { error: 'is not a version; write it like "16" or "16.4"' })
        .optional(),
    /** Default: a general-purpose Graviton class. */
    instanceClass: z
        .string()
        .regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, { error: 'is not an RDS instance class; write it like "db.m6g.large"' })
        .optional(),
    ...allowBurstableClassFields,
    /** RDS identifier; default: the component name. Lowercase letters, digits and hyphens. */
    identifier: identifierSchema,
    ...nameFields,
    network: networkSchema,
    storage: z
        .strictObject({
            /** GiB of gp3. */
            allocatedGiB: wholeNumber(20, 65536, "set from 20 to 65536 GiB").default(100),
            /** Storage autoscaling ceiling; default 4 x allocatedGiB. */
            maxAllocatedGiB: wholeNumber(21, 65536, "set from 21 to 65536 GiB").optional(),
            /** Opt-out: `false` turns storage autoscaling off. */
            autoscaling: z.boolean().default(true),
        })
        .prefault({}),
    encryption: encryptionSchema,
    /** Opt-out: `false` for a single-AZ database (a staging copy). */
    multiAz: z.boolean().default(true),
    /** Opt-out: `false` lets the database be deleted through the API. */
    deletionProtection: z.boolean().default(true),
    /** Opt-out: `false` lets Pulumi delete the database and its key (tests, demo stacks). */
    protect: z.boolean().default(true),
    backup: z.strictObject(backupFields).prefault({}),
    ...maintenanceWindowFields,
    ...connectionFields,
    logs: logsSchema,
    monitoring: monitoringSchema(alarmsSchema),
    ...healthCheckFields,
    ...appUserFields,
    ...operationsFields,
});

/** The arguments of ProductionDatabase, as a user writes them. */
export interface ProductionDatabaseArgs extends z.input<typeof schema> {}

type Parsed = z.output<typeof schema>;

// ---- Resolution --------------------------------------------------------------------------------

export type { ResolveOptions } from "../shared/args";

/**
 * Checks the arguments and fills in the defaults. Throws a ProductionDatabaseArgumentError listing
 * every problem found.
 */
export function resolveArgs(name: string, args: ProductionDatabaseArgs, options: ResolveOptions = {}) {
    const raw: unknown = args;
    const parsed = parseArguments(schema, raw);
    if ("problems" in parsed) throw new ProductionDatabaseArgumentError(name, parsed.problems);
    const a: Parsed = parsed.data;
    const problems = problemsOf(raw);
    const add = problems.add;

    // Engine and class.
    const engine = a.engine as ProductionDatabaseEngine;
    if (!(productionDatabaseEngines as readonly string[]).includes(a.engine)) {
        const aurora = a.engine.startsWith("aurora") ? " (Aurora: use ProductionAuroraCluster)" : "";
        add(["engine"], `is not an engine ProductionDatabase runs; set engine to ${engineList}${aurora}`);
        throw new ProductionDatabaseArgumentError(name, problems.list);
    }
    const engineVersion = a.engineVersion ?? defaultEngineVersions[engine];
    const instanceClass = a.instanceClass ?? defaultInstanceClass;
    if (isBurstableClass(instanceClass) && !a.allowBurstableClass) {
        add(
            ["instanceClass"],
            `is a burstable class, whose CPU credits run out under sustained load; choose e.g. "${defaultInstanceClass}", or set allowBurstableClass: true for a non-production copy`,
        );
    }

    // Names.
    const { identifier, databaseName, masterUsername } = resolveNames(name, a, { engine, ...nameMaxLengths[protocolOf(engine)] }, problems);

    // Storage.
    const allocatedGiB = a.storage.allocatedGiB;
    let maxAllocatedGiB: number | undefined;
    if (a.storage.autoscaling) {
        maxAllocatedGiB = a.storage.maxAllocatedGiB ?? Math.min(allocatedGiB * 4, 65536);
        if (maxAllocatedGiB < Math.ceil(allocatedGiB * 1.1)) {
            add(["storage", "maxAllocatedGiB"], `leaves no room to grow above storage.allocatedGiB ${allocatedGiB}; set at least ${Math.ceil(allocatedGiB * 1.1)}`);
        }
    } else if (a.storage.maxAllocatedGiB !== undefined) {
        add(["storage", "maxAllocatedGiB"], "is set while storage.autoscaling is false; remove one of them");
    }

    // Connections.
    const budget = connectionBudget(engine, instanceClass, { maxConnections: a.maxConnections, pools: a.connectionPools, reserved: a.reservedConnections });
    if (budget === undefined) {
        problems.push(`instanceClass: ${JSON.stringify(instanceClass)} has no known memory size, so max_connections cannot be computed; set maxConnections explicitly`);
    } else {
        checkConnectionBudget(
            budget,
            { engine, capacity: describeClass(instanceClass), larger: "instanceClass", maxConnectionsGiven: a.maxConnections !== undefined, pools: a.connectionPools },
            problems,
        );
    }

    // What AWS would otherwise refuse only at deploy time.
    checkDeployTimeRules(engine, raw, a, { databaseName, masterUsername }, problems);

    // App users, backups, monitoring and the other groups both components take.
    const shared = resolveSharedGroups(a, { engine, instanceClass, masterUsername, databaseName, budget, memoryBytes: instanceClassMemoryBytes(instanceClass) }, options, problems);

    if (problems.list.length > 0) throw new ProductionDatabaseArgumentError(name, problems.list);
    return {
        engine,
        engineVersion,
        instanceClass,
        allowBurstableClass: a.allowBurstableClass,
        identifier,
        databaseName,
        masterUsername,
        port: defaultPorts[engine],
        network: a.network,
        storage: { allocatedGiB, maxAllocatedGiB },
        encryption: a.encryption,
        multiAz: a.multiAz,
        deletionProtection: a.deletionProtection,
        protect: a.protect,
        ...shared,
    };
}

/** The arguments once checked, with every default filled in. */
export type ResolvedArgs = ReturnType<typeof resolveArgs>;
