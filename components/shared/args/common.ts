// What both components do with the argument groups they share once each component has checked its
// own: resolve the groups the same way, and register the resolved arguments the same way.
import { z } from "zod";
import { ConnectionBudget } from "../capacity";
import { RuntimeEngine } from "../../runtime/database";
import { appUserFields, checkAppUsers } from "./app-users";
import { ResolveOptions, backupFields, backupInputs, resolveBackup } from "./backup";
import { connectionFields, connectionInputs } from "./connections";
import { encryptionSchema } from "./encryption";
import { healthCheckFields } from "./health-check";
import { logsSchema, resolveLogs } from "./logs";
import { monitoringSchema, resolveMonitoring } from "./monitoring";
import { networkSchema } from "./network";
import { maintenanceWindowFields, operationsFields } from "./operations";
import { Problems } from "./problems";
import type { ComponentInputs } from "../../../contract";

export const allowBurstableClassFields = {
    /** Opt-out: allow a burstable class (db.t*), whose CPU credits run out under sustained load. */
    allowBurstableClass: z.boolean().default(false),
};

type OutputOf<Shape extends z.ZodRawShape> = z.output<z.ZodObject<Shape>>;

/** The shared groups as a component's schema parses them (its backup may carry fields of its own). */
type ParsedSharedGroups<Backup extends OutputOf<typeof backupFields>, AlarmChoices> = OutputOf<
    typeof maintenanceWindowFields & typeof connectionFields & typeof healthCheckFields & typeof appUserFields & typeof operationsFields
> & {
    backup: Backup;
    logs: z.output<typeof logsSchema>;
    monitoring: z.output<ReturnType<typeof monitoringSchema<AlarmChoices>>>;
};

/**
 * Checks the app users and the copy region, and resolves the groups from `backup` to `tags` the
 * same way for both components (a component's own backup fields come along).
 */
export function resolveSharedGroups<Backup extends OutputOf<typeof backupFields>, AlarmChoices>(
    a: ParsedSharedGroups<Backup, AlarmChoices>,
    context: { engine: RuntimeEngine; instanceClass: string; masterUsername: string; databaseName: string; budget: ConnectionBudget | undefined; memoryBytes: number | undefined },
    options: ResolveOptions,
    problems: Problems,
) {
    const { engine } = context;
    checkAppUsers(a.appUsers, context, problems);
    return {
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
export type ResolvedDatabaseArgsCommon<AlarmChoices> = ReturnType<typeof resolveSharedGroups<OutputOf<typeof backupFields>, AlarmChoices>> &
    OutputOf<typeof allowBurstableClassFields> & {
        identifier: string;
        databaseName: string;
        masterUsername: string;
        port: number;
        network: z.output<typeof networkSchema>;
        encryption: z.output<typeof encryptionSchema>;
        deletionProtection: boolean;
        protect: boolean;
    };

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
