// What both components do with the argument groups they share: end their schemas with the same
// groups, parse and check them the same way, resolve them the same way once each component has
// checked its own, and register the resolved arguments the same way.
import { z } from "zod";
import { defaultPorts } from "../../../aws-facts/rds";
import { isBurstableClass } from "../../../aws-facts/capacity";
import { ConnectionBudget } from "../capacity";
import { RuntimeEngine } from "../../runtime/database";
import { appUserFields, checkAppUsers } from "./app-users";
import { checkDeployTimeRules } from "./deploy-time";
import { ResolveOptions, backupFields, backupInputs, resolveBackup } from "./backup";
import { connectionFields, connectionInputs } from "./connections";
import { encryptionSchema } from "./encryption";
import { healthCheckFields } from "./health-check";
import { logsSchema, resolveLogs } from "./logs";
import { monitoringSchema, resolveMonitoring } from "./monitoring";
import { networkSchema } from "./network";
import { maintenanceWindowFields, operationsFields } from "./operations";
import { Problems, parseArguments, problemsOf } from "./problems";
import { nameFields } from "./names";
import type { ComponentInputs } from "../../../contract";

export const allowBurstableClassFields = {
    /** Opt-out: allow a burstable class (db.t*), whose CPU credits run out under sustained load. */
    allowBurstableClass: z.boolean().default(false),
};

/**
 * The groups each component's schema ends with, after its own: the maintenance window, connections,
 * logs, monitoring with the component's alarm thresholds, the health check, app users and operations.
 */
export function operatingFields<AlarmChoices>(alarms: z.ZodType<AlarmChoices, Partial<AlarmChoices>>) {
    return {
        ...maintenanceWindowFields,
        ...connectionFields,
        logs: logsSchema,
        monitoring: monitoringSchema(alarms),
        ...healthCheckFields,
        ...appUserFields,
        ...operationsFields,
    };
}

/**
 * Parses a component's arguments with its schema, or throws the component's error listing every
 * problem the schema finds; `problems` then gathers the component's own checks.
 */
export function parseComponentArguments<Schema extends z.ZodType>(schema: Schema, args: unknown, fail: (problems: readonly string[]) => Error): { a: z.output<Schema>; problems: Problems } {
    const parsed = parseArguments(schema, args);
    if ("problems" in parsed) throw fail(parsed.problems);
    return { a: parsed.data, problems: problemsOf(args) };
}

/** A burstable class runs out of CPU credits under sustained load: refused unless allowBurstableClass. */
export function checkBurstableClass(instanceClass: string, allowBurstableClass: boolean, suggestion: string, problems: Problems): void {
    if (isBurstableClass(instanceClass) && !allowBurstableClass) {
        problems.add(
            ["instanceClass"],
            `is a burstable class, whose CPU credits run out under sustained load; choose e.g. "${suggestion}", or set allowBurstableClass: true for a non-production copy`,
        );
    }
}

type OutputOf<Shape extends z.ZodRawShape> = z.output<z.ZodObject<Shape>>;

/** The arguments both components take, as a component's schema parses them (its backup and network may carry fields of their own). */
type ParsedSharedArguments<Backup extends OutputOf<typeof backupFields>, Network extends z.output<typeof networkSchema>, AlarmChoices> = OutputOf<
    typeof allowBurstableClassFields & typeof nameFields & typeof maintenanceWindowFields & typeof connectionFields & typeof healthCheckFields & typeof appUserFields & typeof operationsFields
> & {
    engineVersion?: string;
    network: Network;
    encryption: z.output<typeof encryptionSchema>;
    deletionProtection: boolean;
    protect: boolean;
    backup: Backup;
    logs: z.output<typeof logsSchema>;
    monitoring: z.output<ReturnType<typeof monitoringSchema<AlarmChoices>>>;
};

/**
 * Resolves what both components take the same way, once each has checked its own arguments: the
 * rules AWS would otherwise apply only at deploy time, the app users, the copy region, and the
 * groups from `backup` to `tags` (a component's own backup and network fields come along). `raw` is
 * what the user passed; `names` the resolved identifier, initial database and master username.
 */
export function resolveSharedArguments<Backup extends OutputOf<typeof backupFields>, Network extends z.output<typeof networkSchema>, AlarmChoices>(
    a: ParsedSharedArguments<Backup, Network, AlarmChoices>,
    raw: unknown,
    context: {
        engine: RuntimeEngine;
        instanceClass: string;
        names: { identifier: string; databaseName: string; masterUsername: string };
        budget: ConnectionBudget | undefined;
        memoryBytes: number | undefined;
    },
    options: ResolveOptions,
    problems: Problems,
) {
    const { engine, names } = context;
    checkDeployTimeRules(engine, raw, a, names, problems);
    checkAppUsers(a.appUsers, { ...context, ...names }, problems);
    return {
        allowBurstableClass: a.allowBurstableClass,
        ...names,
        port: defaultPorts[engine],
        network: a.network,
        encryption: a.encryption,
        deletionProtection: a.deletionProtection,
        protect: a.protect,
        backup: resolveBackup(a.backup, options, problems),
        maintenanceWindow: a.maintenanceWindow,
        connections: { ...context.budget!, pools: a.connectionPools },
        logs: resolveLogs(a.logs, engine),
        monitoring: resolveMonitoring(a.monitoring, context),
        healthCheck: a.healthCheck,
        appUsers: a.appUsers,
        appUserRotationDays: a.appUserRotationDays,
        runbook: a.runbook,
        ownership: a.ownership,
        drills: a.drills,
        tags: a.tags,
    };
}

/** The arguments both components take, once checked, with every default filled in. */
export type ResolvedDatabaseArgsCommon<AlarmChoices> = ReturnType<typeof resolveSharedArguments<OutputOf<typeof backupFields>, z.output<typeof networkSchema>, AlarmChoices>>;

/**
 * What a component registers as its inputs: the resolved arguments, so policies see the defaults it
 * applied, as the arguments are named (the connection budget as maxConnections, connectionPools and
 * reservedConnections; the copy provider by its URN; not the memory the alarms are sized from).
 * `unregistered` names resolved values that are not registered.
 */
export function componentInputs<R extends ResolvedDatabaseArgsCommon<unknown>>(r: R, unregistered: readonly (keyof R)[]): ComponentInputs & Record<string, unknown> {
    const { backup, connections, monitoring, ...rest } = r;
    const { memoryBytes, localStorageMemoryBytes, ...registeredMonitoring } = monitoring as R["monitoring"] & { localStorageMemoryBytes?: number };
    const registered = Object.entries(rest).filter(([key]) => !unregistered.includes(key as keyof R));
    // appUsers is named again for its type only: its place among the inputs stays where the spread put it.
    return { ...Object.fromEntries(registered), appUsers: r.appUsers, backup: backupInputs(backup), ...connectionInputs(connections), monitoring: registeredMonitoring };
}
