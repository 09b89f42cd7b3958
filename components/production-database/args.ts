// The arguments of ProductionDatabase: their shape and defaults (zod), the checks that need several
// of them at once (the connection budget, the copy region), and the error a user sees. Everything
// here runs before the component registers anything: a bad argument never leaves half a database.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { instanceClassMemoryBytes, isBurstableClass, defaultPorts, auditLogExports } from "../../policies/aws/knowledge";
import { insightsUnsupported } from "../../policies/aws/monitoring";
import { appUserPrivileges } from "../../policies/aws/privileges";
import { AlarmChoices, defaultAlarmChoices } from "../shared/alarms";
import {
    ResolveOptions,
    appUserSchemas,
    backupFields,
    checkAppUsers,
    checkConnectionBudget,
    connectionSchemas,
    encryptionSchema,
    healthCheckSchema,
    listOf,
    logsSchema,
    maintenanceWindowSchema,
    monitoringFields,
    nameSchemas,
    networkSchema,
    operationsSchemas,
    parseArguments,
    percent,
    problemsOf,
    resolveCopyRegion,
    resolveIdentifier,
    resolveMasterUsername,
    wholeNumber,
} from "../shared/args";
import { ConnectionBudget, ConnectionPool, connectionBudget, describeClass } from "../shared/capacity";
import {
    ProductionDatabaseEngine,
    databaseNameMaxLength,
    defaultEngineVersions,
    defaultInstanceClass,
    masterUsernameMaxLength,
    productionDatabaseEngines,
} from "./engines";

// ---- The arguments as a user writes them ------------------------------------------------------

export interface AppUser {
    /** The database role / user name the application logs in with. */
    name: string;
    /** readonly: SELECT; readwrite: SELECT, INSERT, UPDATE, DELETE; owner: also creates and alters tables (migrations). */
    privilege: (typeof appUserPrivileges)[number];
    /** The databases the user may work in (created when missing). */
    databases: string[];
    /** PostgreSQL only: the schemas within those databases (default ["public"]). */
    schemas?: string[];
}

export interface ProductionDatabaseArgs {
    engine: ProductionDatabaseEngine;
    /** Default: the major version of defaultEngineVersions (RDS picks the minor; auto minor upgrades move it). */
    engineVersion?: string;
    /** Default db.m6g.large. */
    instanceClass?: string;
    /** Opt-out: allow a burstable class (db.t*), whose CPU credits run out under sustained load. */
    allowBurstableClass?: boolean;
    /** RDS identifier; default: the component name. Lowercase letters, digits and hyphens. */
    identifier?: string;
    /** The initial database; default: the identifier with "_" for "-". */
    databaseName?: string;
    /** Master username (not a default admin name); default `<databaseName>_admin`, shortened to fit. */
    masterUsername?: string;
    network: {
        vpcId: pulumi.Input<string>;
        /** Private subnets, at least 2, in different Availability Zones. */
        subnetIds: pulumi.Input<pulumi.Input<string>[]>;
        /** Security groups of the clients that may connect on the database port. */
        allowedSecurityGroupIds?: pulumi.Input<string>[];
        /** CIDR blocks that may connect (never 0.0.0.0/0 or ::/0). */
        allowedCidrs?: string[];
    };
    storage?: {
        /** Default 100 GiB of gp3. */
        allocatedGiB?: number;
        /** Storage autoscaling ceiling; default 4 x allocatedGiB. */
        maxAllocatedGiB?: number;
        /** Opt-out: `false` turns storage autoscaling off. */
        autoscaling?: boolean;
    };
    encryption?: {
        /** A customer managed key to use instead of the key the component creates. */
        kmsKeyArn?: pulumi.Input<string>;
    };
    /** Opt-out: `false` for a single-AZ database (a staging copy). Default true. */
    multiAz?: boolean;
    /** Opt-out: `false` lets the database be deleted through the API. Default true. */
    deletionProtection?: boolean;
    /** Opt-out: `false` lets Pulumi delete the database and its key (tests, demo stacks). Default true. */
    protect?: boolean;
    backup?: {
        /** Days of automated backups (point-in-time restore), 1-35. Default 14. */
        retentionDays?: number;
        /** Daily RDS backup window, UTC "hh:mm-hh:mm". Default "03:00-04:00". */
        window?: string;
        /** Opt-out: `false` for no AWS Backup plan (and so no copy and no restore testing). */
        plan?: boolean;
        /** AWS Backup schedule (cron, UTC). Default daily at 21:00, clear of the RDS windows. */
        planSchedule?: string;
        /** Days AWS Backup keeps each recovery point and its copy. Default 35. */
        planRetentionDays?: number;
        /**
         * Region the recovery points are copied to. Default: another region of the same country
         * (or the EU) as the stack's aws:region, when there is one. Opt-out: `false`.
         */
        copyToRegion?: string | false;
        /** Or a provider for the copy vault (another region or account). */
        copyProvider?: aws.Provider;
        /** Opt-out: `false` for no weekly AWS Backup restore test. */
        restoreTesting?: boolean;
    };
    /** Weekly maintenance window, UTC "ddd:hh:mm-ddd:hh:mm". Default "sun:05:00-sun:06:00". */
    maintenanceWindow?: string;
    /** max_connections; default: what the instance class memory supports. */
    maxConnections?: number;
    /** The application's connection pools; size x replicas of all of them plus reservedConnections must fit max_connections. */
    connectionPools?: ConnectionPool[];
    /** Connections kept for operators, migrations and the probes. Default 10. */
    reservedConnections?: number;
    logs?: {
        /** Retention of the exported log groups. Default 30 days. */
        retentionDays?: number;
        /** Statements slower than this are logged. Default 1000 ms. */
        slowQueryMs?: number;
    };
    monitoring?: {
        /** An SNS topic to alert instead of the one the component creates. */
        alarmTopicArn?: pulumi.Input<string>;
        /** E-mail addresses subscribed to the alert topic. */
        alarmEmails?: string[];
        /** Alarm thresholds (percent, milliseconds). */
        alarms?: Partial<AlarmChoices>;
        /** Enhanced Monitoring interval in seconds; opt-out: 0. Default 60. */
        enhancedMonitoringInterval?: number;
        /** Opt-out: `false` turns Performance Insights off. */
        performanceInsights?: boolean;
    };
    /** The scheduled probe. Opt-out: `false`. */
    healthCheck?:
        | false
        | {
              /** EventBridge Scheduler expression. Default "rate(1 minute)". */
              schedule?: string;
              /** How long the probe waits for the database. Default 5000 ms. */
              probeTimeoutMs?: number;
              /** A probe slower than this is reported slow. Default 1000 ms. */
              slowQueryMs?: number;
          };
    appUsers?: AppUser[];
    /** Days between automatic rotations of the app users' passwords (Secrets Manager). Default 30. */
    appUserRotationDays?: number;
    /** Where the runbook lives (the `runbook` output is its text): an https URL, tagged on the database. */
    runbook: { url: string };
    /** Who owns the database and who is paged: tagged on the database and written in the runbook. */
    ownership: { owner: string; onCall: string };
    /** Dates (YYYY-MM-DD) of the last restore and failover drills, tagged on the database. */
    drills?: { restoreTestedAt?: string; failoverTestedAt?: string };
    /** Tags on every resource. */
    tags?: Record<string, string>;
}

// ---- The arguments once checked, with every default filled in -------------------------------

export interface ResolvedArgs {
    engine: ProductionDatabaseEngine;
    engineVersion: string;
    instanceClass: string;
    allowBurstableClass: boolean;
    identifier: string;
    databaseName: string;
    masterUsername: string;
    port: number;
    network: {
        vpcId: pulumi.Input<string>;
        subnetIds: pulumi.Input<pulumi.Input<string>[]>;
        allowedSecurityGroupIds: pulumi.Input<string>[];
        allowedCidrs: string[];
    };
    storage: { allocatedGiB: number; maxAllocatedGiB: number | undefined };
    encryption: { kmsKeyArn?: pulumi.Input<string> };
    multiAz: boolean;
    deletionProtection: boolean;
    protect: boolean;
    backup: {
        retentionDays: number;
        window: string;
        plan: boolean;
        planSchedule: string;
        planRetentionDays: number;
        copyToRegion?: string;
        copyProvider?: aws.Provider;
        restoreTesting: boolean;
    };
    maintenanceWindow: string;
    connections: ConnectionBudget & { pools: ConnectionPool[] };
    logs: { retentionDays: number; slowQueryMs: number; exports: string[] };
    monitoring: {
        alarmTopicArn?: pulumi.Input<string>;
        alarmEmails: string[];
        alarms: AlarmChoices;
        enhancedMonitoringInterval: number;
        performanceInsights: boolean;
        memoryBytes: number | undefined;
    };
    healthCheck: false | { schedule: string; probeTimeoutMs: number; slowQueryMs: number };
    appUsers: AppUser[];
    appUserRotationDays: number;
    runbook: { url: string };
    ownership: { owner: string; onCall: string };
    drills: { restoreTestedAt?: string; failoverTestedAt?: string };
    tags: Record<string, string>;
}

/** Thrown before anything is registered; each line names the argument, the value seen and the fix. */
export class ProductionDatabaseArgumentError extends Error {
    constructor(
        readonly component: string,
        readonly problems: readonly string[],
    ) {
        super(problems.map((p) => `ProductionDatabase ${JSON.stringify(component)}: ${p}`).join("\n"));
        this.name = "ProductionDatabaseArgumentError";
    }
}

// ---- Schema -------------------------------------------------------------------------------------

const engineList = listOf(productionDatabaseEngines);

const schema = z.strictObject({
    engine: z.string({ error: (i) => `${i.input === undefined ? "not set" : "is not an engine name"}; set engine to ${engineList}` }),
    engineVersion: z.string().regex(/^\d+(\.\d+)*$/, { error: "is not a version; write it like \"16\" or \"16.4\"" }).optional(),
    instanceClass: z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, { error: "is not an RDS instance class; write it like \"db.m6g.large\"" }).optional(),
    allowBurstableClass: z.boolean().default(false),
    ...nameSchemas,
    network: networkSchema,
    storage: z
        .strictObject({
            allocatedGiB: wholeNumber(20, 65536, "set from 20 to 65536 GiB").default(100),
            maxAllocatedGiB: wholeNumber(21, 65536, "set from 21 to 65536 GiB").optional(),
            autoscaling: z.boolean().default(true),
        })
        .prefault({}),
    encryption: encryptionSchema,
    multiAz: z.boolean().default(true),
    deletionProtection: z.boolean().default(true),
    protect: z.boolean().default(true),
    backup: z.strictObject(backupFields).prefault({}),
    maintenanceWindow: maintenanceWindowSchema,
    ...connectionSchemas,
    logs: logsSchema,
    monitoring: z
        .strictObject({
            ...monitoringFields,
            alarms: z
                .strictObject({
                    cpuPercent: percent.default(defaultAlarmChoices.cpuPercent),
                    connectionsPercent: percent.default(defaultAlarmChoices.connectionsPercent),
                    freeStoragePercent: percent.default(defaultAlarmChoices.freeStoragePercent),
                    freeableMemoryPercent: percent.default(defaultAlarmChoices.freeableMemoryPercent),
                    latencyMs: wholeNumber(1, 60000, "set milliseconds from 1 to 60000").default(defaultAlarmChoices.latencyMs),
                })
                .prefault({}),
        })
        .prefault({}),
    healthCheck: healthCheckSchema,
    ...appUserSchemas,
    ...operationsSchemas,
});

type Parsed = z.output<typeof schema>;

// ---- Resolution --------------------------------------------------------------------------------

export type { ResolveOptions } from "../shared/args";

/**
 * Checks the arguments and fills in the defaults. Throws a ProductionDatabaseArgumentError listing
 * every problem found.
 */
export function resolveArgs(name: string, args: ProductionDatabaseArgs, options: ResolveOptions = {}): ResolvedArgs {
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
        add(["instanceClass"], `is a burstable class, whose CPU credits run out under sustained load; choose e.g. "${defaultInstanceClass}", or set allowBurstableClass: true for a non-production copy`);
    }

    // Names.
    const identifier = resolveIdentifier(name, a.identifier, problems);
    const databaseName = a.databaseName ?? identifier.replace(/-/g, "_");
    if (databaseName.length > databaseNameMaxLength[engine]) add(["databaseName"], `is longer than ${databaseNameMaxLength[engine]} characters; choose a shorter name`);
    const masterUsername = resolveMasterUsername(a.masterUsername, databaseName, engine, masterUsernameMaxLength[engine], problems);

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
        checkConnectionBudget(budget, { engine, capacity: describeClass(instanceClass), larger: "instanceClass", maxConnectionsGiven: a.maxConnections !== undefined, pools: a.connectionPools }, problems);
    }

    // App users.
    checkAppUsers(a.appUsers, { engine, masterUsername, databaseName }, problems);

    // Backups.
    const copyToRegion = resolveCopyRegion(a.backup, options, problems);
    const copyProvider = a.backup.copyProvider;

    // Monitoring: RDS refuses Performance Insights on the smallest MySQL-family classes.
    const performanceInsights = a.monitoring.performanceInsights && !insightsUnsupported(engine, instanceClass);

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
        backup: {
            retentionDays: a.backup.retentionDays,
            window: a.backup.window,
            plan: a.backup.plan,
            planSchedule: a.backup.planSchedule,
            planRetentionDays: a.backup.planRetentionDays,
            ...(copyToRegion !== undefined ? { copyToRegion } : {}),
            ...(copyProvider !== undefined ? { copyProvider } : {}),
            restoreTesting: a.backup.plan && a.backup.restoreTesting,
        },
        maintenanceWindow: a.maintenanceWindow,
        connections: { ...budget!, pools: a.connectionPools },
        logs: { retentionDays: a.logs.retentionDays, slowQueryMs: a.logs.slowQueryMs, exports: [...auditLogExports[engine]] },
        monitoring: {
            ...(a.monitoring.alarmTopicArn !== undefined ? { alarmTopicArn: a.monitoring.alarmTopicArn } : {}),
            alarmEmails: a.monitoring.alarmEmails,
            alarms: a.monitoring.alarms,
            enhancedMonitoringInterval: a.monitoring.enhancedMonitoringInterval,
            performanceInsights,
            memoryBytes: instanceClassMemoryBytes(instanceClass),
        },
        healthCheck: a.healthCheck,
        appUsers: a.appUsers,
        appUserRotationDays: a.appUserRotationDays,
        runbook: a.runbook,
        ownership: a.ownership,
        drills: a.drills,
        tags: a.tags,
    };
}
