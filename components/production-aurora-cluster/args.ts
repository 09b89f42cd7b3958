// The arguments of ProductionAuroraCluster: their shape and defaults (zod, from the building blocks
// both database components share), the checks that need several of them at once (instances and
// readers, Serverless v2 capacity, the connection budget, the copy region), and the error a user
// sees. Everything here runs before the component registers anything.
import { z } from "zod";
import { nameMaxLengths } from "../../aws-facts/reserved-names";
import { protocolOf } from "../../aws-facts/rds";
import { instanceClassMemoryBytes, serverlessV2InstanceClass, serverlessV2MemoryBytes } from "../../aws-facts/capacity";
import { maxBacktrackHours, maxClusterInstances, serverlessV2CapacityRange } from "../../aws-facts/aurora";
import * as shared from "../shared/args";
import { describeClass } from "../shared/capacity";
import { AuroraAlarmChoices, defaultAuroraAlarmChoices } from "./alarms";
import { AuroraEngine, auroraEngines, clusterIdentifierMaxLength, defaultEngineVersions, defaultInstanceClass } from "./engines";

export type { AppUser } from "../shared/args";

export class ProductionAuroraClusterArgumentError extends shared.DatabaseArgumentError {
    constructor(component: string, problems: readonly string[]) {
        super("ProductionAuroraCluster", component, problems);
    }
}

// ---- Schema -------------------------------------------------------------------------------------

const engineList = shared.listOf(auroraEngines);

const acus = (what: string) =>
    z
        .number({ error: (i) => `${i.input === undefined ? "not set" : "is not a number"}; set ${what} in ACUs from ${serverlessV2CapacityRange.min} to ${serverlessV2CapacityRange.max}` })
        .min(serverlessV2CapacityRange.min, {
            error: `is outside ${serverlessV2CapacityRange.min}-${serverlessV2CapacityRange.max}; set ${what} in ACUs from ${serverlessV2CapacityRange.min} to ${serverlessV2CapacityRange.max}`,
        })
        .max(serverlessV2CapacityRange.max, {
            error: `is outside ${serverlessV2CapacityRange.min}-${serverlessV2CapacityRange.max}; set ${what} in ACUs from ${serverlessV2CapacityRange.min} to ${serverlessV2CapacityRange.max}`,
        })
        .refine((n) => Number.isInteger(n / serverlessV2CapacityRange.step), {
            error: `is not a multiple of ${serverlessV2CapacityRange.step}; Aurora scales in steps of ${serverlessV2CapacityRange.step} ACU`,
        });

// AuroraAlarmChoices documents the thresholds; the assignment checks the schema against it.
const alarmsSchema: z.ZodType<AuroraAlarmChoices, Partial<AuroraAlarmChoices>> = z.strictObject({
    cpuPercent: shared.percent.default(defaultAuroraAlarmChoices.cpuPercent),
    connectionsPercent: shared.percent.default(defaultAuroraAlarmChoices.connectionsPercent),
    freeableMemoryPercent: shared.percent.default(defaultAuroraAlarmChoices.freeableMemoryPercent),
    freeLocalStoragePercent: shared.percent.default(defaultAuroraAlarmChoices.freeLocalStoragePercent),
    replicaLagMs: shared.wholeNumber(1, 3_600_000, "set milliseconds from 1 to 3600000").default(defaultAuroraAlarmChoices.replicaLagMs),
});

// The engine is checked by resolveAuroraArgs (its message names the instance component); users write one of the engines.
const engineSchema = z.string({ error: (i) => `${i.input === undefined ? "not set" : "is not an engine name"}; set engine to ${engineList}` }) as z.ZodType<string, AuroraEngine>;

/** The arguments of ProductionAuroraCluster: their shape, documentation and defaults. */
const schema = z.strictObject({
    engine: engineSchema,
    /** Default: "16" for Aurora PostgreSQL, an 8.0-compatible Aurora MySQL 3 version; a defaulted version is never changed on an existing cluster. */
    engineVersion: z
        .string()
        .regex(/^\d+(\.\d+)*(\.mysql_aurora\.\d+(\.\d+)*)?$/, { error: 'is not a version; write it like "16", "16.6" or "8.0.mysql_aurora.3.08.2"' })
        .optional(),
    /** Class of every instance; default: a memory-optimized Graviton class. Not with `serverless`. */
    instanceClass: z
        .string()
        .regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, { error: `is not an RDS instance class; write it like "${defaultInstanceClass}"` })
        .optional(),
    ...shared.allowBurstableClassFields,
    /** Instances: a writer and readers, spread over Availability Zones; a writer and at least one reader unless allowSingleInstance. */
    instances: shared.wholeNumber(1, maxClusterInstances, `set from 2 to ${maxClusterInstances} (a writer and up to 15 readers)`).default(2),
    /** Opt-out: allow `instances: 1` (no reader to fail over to; db-multi-az still flags it). */
    allowSingleInstance: z.boolean().default(false),
    /** Aurora Serverless v2: every instance is db.serverless and scales between these ACUs (0.5-256, steps of 0.5). */
    serverless: z
        .strictObject(
            {
                minCapacity: acus("serverless.minCapacity").default(serverlessV2CapacityRange.min),
                maxCapacity: acus("serverless.maxCapacity"),
            },
            { error: (i) => `${i.input === undefined ? "not set" : "is not an object"}; set serverless: { minCapacity: 0.5, maxCapacity: 16 }` },
        )
        .optional(),
    /** Aurora Auto Scaling adds readers (up to maxReaders) when the readers' average CPU passes targetCpuPercent. */
    readerAutoScaling: z
        .strictObject(
            {
                maxReaders: shared.wholeNumber(1, maxClusterInstances - 1, `set the most readers Aurora Auto Scaling may run, up to ${maxClusterInstances - 1}`),
                targetCpuPercent: shared.wholeNumber(10, 90, "set a percentage from 10 to 90").default(70),
                scaleInCooldownSeconds: shared.wholeNumber(0, 86400, "set seconds from 0 to 86400").default(300),
                scaleOutCooldownSeconds: shared.wholeNumber(0, 86400, "set seconds from 0 to 86400").default(300),
            },
            { error: (i) => `${i.input === undefined ? "not set" : "is not an object"}; set readerAutoScaling: { maxReaders: 4 }` },
        )
        .optional(),
    /** Cluster identifier (instances are `<identifier>-1`, ...); default: the component name. At most 60 characters. */
    identifier: shared.identifierSchema,
    ...shared.nameFields,
    network: shared.networkSchema.extend({
        /**
         * The Availability Zones to place instances in, round robin (the writer in the first, the
         * first reader in the second, ...). Default: the zones of `subnetIds`, looked up.
         */
        availabilityZones: z
            .array(shared.deferrable(shared.requiredString("an Availability Zone", 'list the zones of the subnets, e.g. "us-east-1a"')), {
                error: 'is not a list of Availability Zones; list the zones of the subnets, e.g. ["us-east-1a", "us-east-1b"]',
            })
            .min(1, { error: "is empty; leave it out to use the zones of the subnets, or list them" })
            .optional(),
    }),
    encryption: shared.encryptionSchema,
    /** Opt-out: `false` lets the cluster be deleted through the API. */
    deletionProtection: z.boolean().default(true),
    /** Opt-out: `false` lets Pulumi delete the cluster and its key (tests, demo stacks). */
    protect: z.boolean().default(true),
    backup: z
        .strictObject({
            ...shared.backupFields,
            /** Aurora MySQL only: rewind the cluster in place up to this many hours. Default off (it is billed per change record). */
            backtrackWindowHours: shared.wholeNumber(1, maxBacktrackHours, `set hours from 1 to ${maxBacktrackHours}`).optional(),
        })
        .prefault({}),
    ...shared.operatingFields(alarmsSchema),
    /** max_connections of each instance; default what the class memory supports. Required with `serverless`. */
    maxConnections: shared.connectionFields.maxConnections,
});

/** The arguments of ProductionAuroraCluster, as a user writes them. */
export interface ProductionAuroraClusterArgs extends z.input<typeof schema> {}

// ---- Resolution --------------------------------------------------------------------------------

export type { ResolveOptions } from "../shared/args";

/**
 * Checks the arguments and fills in the defaults. Throws a ProductionAuroraClusterArgumentError
 * listing every problem found.
 */
export function resolveAuroraArgs(name: string, args: ProductionAuroraClusterArgs, options: shared.ResolveOptions = {}) {
    const { a, problems } = shared.parseComponentArguments(schema, args, (list) => new ProductionAuroraClusterArgumentError(name, list));
    const add = problems.add;

    // Engine.
    const engine = a.engine as AuroraEngine;
    if (!(auroraEngines as readonly string[]).includes(a.engine)) {
        const instance = ["postgres", "mysql", "mariadb"].includes(a.engine) ? " (an RDS instance: use ProductionDatabase)" : "";
        add(["engine"], `is not an engine ProductionAuroraCluster runs; set engine to ${engineList}${instance}`);
        throw new ProductionAuroraClusterArgumentError(name, problems.list);
    }
    const engineVersion = a.engineVersion ?? defaultEngineVersions[engine];

    // Instances, class and capacity.
    if (a.instances < 2 && !a.allowSingleInstance) {
        add(
            ["instances"],
            "leaves no reader in another Availability Zone to take over when the writer fails; set instances: 2 or more, or allowSingleInstance: true for a non-production copy (db-multi-az still flags it)",
        );
    }
    let serverless: { minCapacity: number; maxCapacity: number } | undefined;
    let instanceClass = a.instanceClass ?? defaultInstanceClass;
    let memoryBytes = instanceClassMemoryBytes(instanceClass);
    let localStorageMemoryBytes = memoryBytes;
    if (a.serverless !== undefined) {
        serverless = { minCapacity: a.serverless.minCapacity, maxCapacity: a.serverless.maxCapacity };
        if (a.instanceClass !== undefined) add(["instanceClass"], `is set with serverless; Aurora Serverless v2 instances are "${serverlessV2InstanceClass}": remove one of them`);
        if (serverless.minCapacity > serverless.maxCapacity) add(["serverless", "minCapacity"], `is more than serverless.maxCapacity ${serverless.maxCapacity}; set at most ${serverless.maxCapacity}`);
        if (a.maxConnections === undefined) {
            add(
                ["maxConnections"],
                `not set; with serverless, set max_connections explicitly (Aurora derives its default from serverless.maxCapacity ${serverless.maxCapacity} ACUs, and a high value keeps capacity from scaling down)`,
            );
        }
        instanceClass = serverlessV2InstanceClass;
        memoryBytes = serverlessV2MemoryBytes(serverless.maxCapacity);
        localStorageMemoryBytes = serverlessV2MemoryBytes(serverless.minCapacity);
    } else {
        shared.checkBurstableClass(instanceClass, a.allowBurstableClass, defaultInstanceClass, problems);
    }
    let readerAutoScaling: { minReaders: number; maxReaders: number; targetCpuPercent: number; scaleInCooldownSeconds: number; scaleOutCooldownSeconds: number } | undefined;
    if (a.readerAutoScaling !== undefined) {
        const minReaders = a.instances - 1;
        readerAutoScaling = { minReaders, ...a.readerAutoScaling };
        if (minReaders < 1) add(["readerAutoScaling"], "needs a reader to scale from; set instances: 2 or more");
        else if (a.readerAutoScaling.maxReaders <= minReaders) {
            add(["readerAutoScaling", "maxReaders"], `is not more than the ${minReaders} reader${minReaders === 1 ? "" : "s"} instances: ${a.instances} already runs; set at least ${minReaders + 1}`);
        }
    }

    const names = shared.resolveNames(name, a, { engine, identifier: clusterIdentifierMaxLength, ...nameMaxLengths[protocolOf(engine)] }, problems);

    // Placement: zones known now must spread the writer and the first reader.
    const zones = a.network.availabilityZones;
    if (zones !== undefined && a.instances >= 2 && zones.every((z) => !shared.isDeferred(z)) && new Set(zones as string[]).size < 2) {
        add(["network", "availabilityZones"], "names one zone; list at least 2, so the writer and its readers are in different Availability Zones");
    }

    // Connections: each instance has its own max_connections (with serverless, maxConnections is required above).
    const budget = shared.resolveConnectionBudget(
        a,
        {
            engine,
            instanceClass,
            capacity: serverless ? `serverless.maxCapacity ${serverless.maxCapacity} ACUs` : describeClass(instanceClass),
            larger: serverless ? "serverless.maxCapacity" : "instanceClass",
            maxConnectionsAskedFor: serverless !== undefined,
        },
        problems,
    );

    // Deploy-time rules, app users, backups, monitoring and the other groups both components take.
    const common = shared.resolveSharedArguments(a, args, { engine, instanceClass, names, budget, memoryBytes }, options, problems);
    if (a.backup.backtrackWindowHours !== undefined && engine !== "aurora-mysql") {
        add(["backup", "backtrackWindowHours"], `applies to Aurora MySQL only; ${engine} rewinds by restoring to a point in time: remove it`);
    }

    if (problems.list.length > 0) throw new ProductionAuroraClusterArgumentError(name, problems.list);
    return {
        engine,
        engineVersion,
        defaultEngineVersion: a.engineVersion === undefined,
        instanceClass,
        instances: a.instances,
        allowSingleInstance: a.allowSingleInstance,
        ...(serverless ? { serverless } : {}),
        ...(readerAutoScaling ? { readerAutoScaling } : {}),
        ...common,
        monitoring: {
            ...common.monitoring,
            /** Memory the local storage is sized from (Serverless v2: at minCapacity), when known. */
            localStorageMemoryBytes,
        },
    };
}

/** The arguments once checked, with every default filled in. */
export type ResolvedAuroraArgs = ReturnType<typeof resolveAuroraArgs>;
