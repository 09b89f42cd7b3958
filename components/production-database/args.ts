// The arguments of ProductionDatabase: their shape and defaults (zod), the checks that need several
// of them at once (the connection budget, the copy region), and the error a user sees. Everything
// here runs before the component registers anything: a bad argument never leaves half a database.
import { z } from "zod";
import { nameMaxLengths } from "../../aws-facts/reserved-names";
import { protocolOf } from "../../aws-facts/rds";
import { instanceClassMemoryBytes } from "../../aws-facts/capacity";
import { AlarmChoices, defaultAlarmChoices } from "../shared/alarms";
import * as shared from "../shared/args";
import { describeClass } from "../shared/capacity";
import { ProductionDatabaseEngine, defaultEngineVersions, defaultInstanceClass, productionDatabaseEngines } from "./engines";

export type { AppUser } from "../shared/args";

export class ProductionDatabaseArgumentError extends shared.DatabaseArgumentError {
    constructor(component: string, problems: readonly string[]) {
        super("ProductionDatabase", component, problems);
    }
}

// ---- Schema -------------------------------------------------------------------------------------

const engineList = shared.listOf(productionDatabaseEngines);

// AlarmChoices documents the thresholds; the assignment checks the schema against it.
const alarmsSchema: z.ZodType<AlarmChoices, Partial<AlarmChoices>> = z.strictObject({
    cpuPercent: shared.percent.default(defaultAlarmChoices.cpuPercent),
    connectionsPercent: shared.percent.default(defaultAlarmChoices.connectionsPercent),
    freeStoragePercent: shared.percent.default(defaultAlarmChoices.freeStoragePercent),
    freeableMemoryPercent: shared.percent.default(defaultAlarmChoices.freeableMemoryPercent),
    latencyMs: shared.wholeNumber(1, 60000, "set milliseconds from 1 to 60000").default(defaultAlarmChoices.latencyMs),
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
    ...shared.allowBurstableClassFields,
    /** RDS identifier; default: the component name. Lowercase letters, digits and hyphens. */
    identifier: shared.identifierSchema,
    ...shared.nameFields,
    network: shared.networkSchema,
    storage: z
        .strictObject({
            /** GiB of gp3. */
            allocatedGiB: shared.wholeNumber(20, 65536, "set from 20 to 65536 GiB").default(100),
            /** Storage autoscaling ceiling; default 4 x allocatedGiB. */
            maxAllocatedGiB: shared.wholeNumber(21, 65536, "set from 21 to 65536 GiB").optional(),
            /** Opt-out: `false` turns storage autoscaling off. */
            autoscaling: z.boolean().default(true),
        })
        .prefault({}),
    encryption: shared.encryptionSchema,
    /** Opt-out: `false` for a single-AZ database (a staging copy). */
    multiAz: z.boolean().default(true),
    /** Opt-out: `false` lets the database be deleted through the API. */
    deletionProtection: z.boolean().default(true),
    /** Opt-out: `false` lets Pulumi delete the database and its key (tests, demo stacks). */
    protect: z.boolean().default(true),
    backup: z.strictObject(shared.backupFields).prefault({}),
    ...shared.operatingFields(alarmsSchema),
});

/** The arguments of ProductionDatabase, as a user writes them. */
export interface ProductionDatabaseArgs extends z.input<typeof schema> {}

// ---- Resolution --------------------------------------------------------------------------------

export type { ResolveOptions } from "../shared/args";

/**
 * Checks the arguments and fills in the defaults. Throws a ProductionDatabaseArgumentError listing
 * every problem found.
 */
export function resolveArgs(name: string, args: ProductionDatabaseArgs, options: shared.ResolveOptions = {}) {
    const { a, problems } = shared.parseComponentArguments(schema, args, (list) => new ProductionDatabaseArgumentError(name, list));
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
    shared.checkBurstableClass(instanceClass, a.allowBurstableClass, defaultInstanceClass, problems);

    const names = shared.resolveNames(name, a, { engine, ...nameMaxLengths[protocolOf(engine)] }, problems);

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

    const budget = shared.resolveConnectionBudget(a, { engine, instanceClass, capacity: describeClass(instanceClass), larger: "instanceClass" }, problems);

    // Deploy-time rules, app users, backups, monitoring and the other groups both components take.
    const common = shared.resolveSharedArguments(a, args, { engine, instanceClass, names, budget, memoryBytes: instanceClassMemoryBytes(instanceClass) }, options, problems);

    if (problems.list.length > 0) throw new ProductionDatabaseArgumentError(name, problems.list);
    return {
        engine,
        engineVersion,
        instanceClass,
        storage: { allocatedGiB, maxAllocatedGiB },
        multiAz: a.multiAz,
        ...common,
    };
}

/** The arguments once checked, with every default filled in. */
export type ResolvedArgs = ReturnType<typeof resolveArgs>;
