// The arguments of ProductionAuroraCluster: their shape and defaults (zod, from the building blocks
// both database components share), the checks that need several of them at once (instances and
// readers, Serverless v2 capacity, the connection budget, the copy region), and the error a user
// sees. Everything here runs before the component registers anything.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { auditLogExports, defaultPorts, instanceClassMemoryBytes, isBurstableClass } from "../../policies/aws/knowledge";
import { insightsUnsupported } from "../../policies/aws/monitoring";
import {
    ResolveOptions,
    appUserSchemas,
    backupFields,
    checkAppUsers,
    checkConnectionBudget,
    connectionSchemas,
    deferrable,
    encryptionSchema,
    healthCheckSchema,
    isDeferred,
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
    requiredString,
    resolveCopyRegion,
    resolveIdentifier,
    resolveMasterUsername,
    wholeNumber,
} from "../shared/args";
import { ConnectionBudget, ConnectionPool, connectionBudget, describeClass } from "../shared/capacity";
import type { AppUser } from "../production-database/args";
import { AuroraAlarmChoices, defaultAuroraAlarmChoices } from "./alarms";
import {
    AuroraEngine,
    acuMemoryBytes,
    auroraEngines,
    clusterIdentifierMaxLength,
    databaseNameMaxLength,
    defaultEngineVersions,
    defaultInstanceClass,
    masterUsernameMaxLength,
    maxBacktrackHours,
    maxClusterInstances,
    serverlessCapacityRange,
    serverlessInstanceClass,
} from "./engines";

export type { AppUser };

// ---- The arguments as a user writes them ------------------------------------------------------

export interface ProductionAuroraClusterArgs {
    engine: AuroraEngine;
    /** Default: "16" for Aurora PostgreSQL, an 8.0-compatible Aurora MySQL 3 version; a defaulted version is never changed on an existing cluster. */
    engineVersion?: string;
    /** Class of every instance; default db.r6g.large. Not with `serverless`. */
    instanceClass?: string;
    /** Opt-out: allow a burstable class (db.t*), whose CPU credits run out under sustained load. */
    allowBurstableClass?: boolean;
    /** Instances: a writer and readers, spread over Availability Zones. Default 2; at least 2 unless allowSingleInstance. */
    instances?: number;
    /** Opt-out: allow `instances: 1` (no reader to fail over to; db-multi-az still flags it). */
    allowSingleInstance?: boolean;
    /** Aurora Serverless v2: every instance is db.serverless and scales between these ACUs (0.5-256, steps of 0.5). */
    serverless?: { minCapacity?: number; maxCapacity: number };
    /** Aurora Auto Scaling adds readers (up to maxReaders) when the readers' average CPU passes targetCpuPercent (default 70). */
    readerAutoScaling?: { maxReaders: number; targetCpuPercent?: number; scaleInCooldownSeconds?: number; scaleOutCooldownSeconds?: number };
    /** Cluster identifier (instances are `<identifier>-1`, ...); default: the component name. At most 60 characters. */
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
        /**
         * The Availability Zones to place instances in, round robin (the writer in the first, the
         * first reader in the second, ...). Default: the zones of `subnetIds`, looked up.
         */
        availabilityZones?: pulumi.Input<string>[];
    };
    encryption?: {
        /** A customer managed key to use instead of the key the component creates. */
        kmsKeyArn?: pulumi.Input<string>;
    };
    /** Opt-out: `false` lets the cluster be deleted through the API. Default true. */
    deletionProtection?: boolean;
    /** Opt-out: `false` lets Pulumi delete the cluster and its key (tests, demo stacks). Default true. */
    protect?: boolean;
    backup?: {
        /** Days of automated backups (point-in-time restore), 1-35. Default 14. */
        retentionDays?: number;
        /** Daily backup window, UTC "hh:mm-hh:mm". Default "03:00-04:00". */
        window?: string;
        /** Opt-out: `false` for no AWS Backup plan (and so no copy and no restore testing). */
        plan?: boolean;
        /** AWS Backup schedule (cron, UTC). Default daily at 21:00. */
        planSchedule?: string;
        /** Days AWS Backup keeps each recovery point and its copy. Default 35. */
        planRetentionDays?: number;
        /** Region the recovery points are copied to; default another region of the same country (or the EU). Opt-out: `false`. */
        copyToRegion?: string | false;
        /** Or a provider for the copy vault (another region or account). */
        copyProvider?: aws.Provider;
        /** Opt-out: `false` for no weekly AWS Backup restore test. */
        restoreTesting?: boolean;
        /** Aurora MySQL only: rewind the cluster in place up to this many hours (1-72). Default off (it is billed per change record). */
        backtrackWindowHours?: number;
    };
    /** Weekly maintenance window, UTC "ddd:hh:mm-ddd:hh:mm". Default "sun:05:00-sun:06:00". */
    maintenanceWindow?: string;
    /** max_connections of each instance; default what the class memory supports. Required with `serverless`. */
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
        alarms?: Partial<AuroraAlarmChoices>;
        /** Enhanced Monitoring interval in seconds; opt-out: 0. Default 60. */
        enhancedMonitoringInterval?: number;
        /** Opt-out: `false` turns Performance Insights off. */
        performanceInsights?: boolean;
    };
    /** The scheduled probe of the writer endpoint. Opt-out: `false`. */
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
    /** Where the runbook lives (the `runbook` output is its text): an https URL, tagged on the cluster. */
    runbook: { url: string };
    /** Who owns the cluster and who is paged: tagged on it and written in the runbook. */
    ownership: { owner: string; onCall: string };
    /** Dates (YYYY-MM-DD) of the last restore and failover drills, tagged on the cluster and its instances. */
    drills?: { restoreTestedAt?: string; failoverTestedAt?: string };
    /** Tags on every resource. */
    tags?: Record<string, string>;
}

// ---- The arguments once checked, with every default filled in -------------------------------

export interface ResolvedAuroraArgs {
    engine: AuroraEngine;
    engineVersion: string;
    /** True when engineVersion is the component's default (changes of it are then ignored). */
    defaultEngineVersion: boolean;
    /** The class of every instance: db.serverless with `serverless`. */
    instanceClass: string;
    allowBurstableClass: boolean;
    instances: number;
    allowSingleInstance: boolean;
    serverless?: { minCapacity: number; maxCapacity: number };
    readerAutoScaling?: { minReaders: number; maxReaders: number; targetCpuPercent: number; scaleInCooldownSeconds: number; scaleOutCooldownSeconds: number };
    identifier: string;
    databaseName: string;
    masterUsername: string;
    port: number;
    network: {
        vpcId: pulumi.Input<string>;
        subnetIds: pulumi.Input<pulumi.Input<string>[]>;
        allowedSecurityGroupIds: pulumi.Input<string>[];
        allowedCidrs: string[];
        availabilityZones?: pulumi.Input<string>[];
    };
    encryption: { kmsKeyArn?: pulumi.Input<string> };
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
        backtrackWindowHours?: number;
    };
    maintenanceWindow: string;
    connections: ConnectionBudget & { pools: ConnectionPool[] };
    logs: { retentionDays: number; slowQueryMs: number; exports: string[] };
    monitoring: {
        alarmTopicArn?: pulumi.Input<string>;
        alarmEmails: string[];
        alarms: AuroraAlarmChoices;
        enhancedMonitoringInterval: number;
        performanceInsights: boolean;
        /** Memory of an instance (Serverless v2: at maxCapacity), when known. */
        memoryBytes: number | undefined;
        /** Memory the local storage is sized from (Serverless v2: at minCapacity), when known. */
        localStorageMemoryBytes: number | undefined;
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
export class ProductionAuroraClusterArgumentError extends Error {
    constructor(
        readonly component: string,
        readonly problems: readonly string[],
    ) {
        super(problems.map((p) => `ProductionAuroraCluster ${JSON.stringify(component)}: ${p}`).join("\n"));
        this.name = "ProductionAuroraClusterArgumentError";
    }
}

// ---- Schema -------------------------------------------------------------------------------------

const engineList = listOf(auroraEngines);

const acus = (what: string) =>
    z
        .number({ error: (i) => `${i.input === undefined ? "not set" : "is not a number"}; set ${what} in ACUs from ${serverlessCapacityRange.min} to ${serverlessCapacityRange.max}` })
        .min(serverlessCapacityRange.min, { error: `is outside ${serverlessCapacityRange.min}-${serverlessCapacityRange.max}; set ${what} in ACUs from ${serverlessCapacityRange.min} to ${serverlessCapacityRange.max}` })
        .max(serverlessCapacityRange.max, { error: `is outside ${serverlessCapacityRange.min}-${serverlessCapacityRange.max}; set ${what} in ACUs from ${serverlessCapacityRange.min} to ${serverlessCapacityRange.max}` })
        .refine((n) => Number.isInteger(n / serverlessCapacityRange.step), { error: `is not a multiple of ${serverlessCapacityRange.step}; Aurora scales in steps of ${serverlessCapacityRange.step} ACU` });

const schema = z.strictObject({
    engine: z.string({ error: (i) => `${i.input === undefined ? "not set" : "is not an engine name"}; set engine to ${engineList}` }),
    engineVersion: z
        .string()
        .regex(/^\d+(\.\d+)*(\.mysql_aurora\.\d+(\.\d+)*)?$/, { error: "is not a version; write it like \"16\", \"16.6\" or \"8.0.mysql_aurora.3.08.2\"" })
        .optional(),
    instanceClass: z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, { error: `is not an RDS instance class; write it like "${defaultInstanceClass}"` }).optional(),
    allowBurstableClass: z.boolean().default(false),
    instances: wholeNumber(1, maxClusterInstances, `set from 2 to ${maxClusterInstances} (a writer and up to 15 readers)`).default(2),
    allowSingleInstance: z.boolean().default(false),
    serverless: z
        .strictObject(
            {
                minCapacity: acus("serverless.minCapacity").default(serverlessCapacityRange.min),
                maxCapacity: acus("serverless.maxCapacity"),
            },
            { error: (i) => `${i.input === undefined ? "not set" : "is not an object"}; set serverless: { minCapacity: 0.5, maxCapacity: 16 }` },
        )
        .optional(),
    readerAutoScaling: z
        .strictObject(
            {
                maxReaders: wholeNumber(1, maxClusterInstances - 1, `set the most readers Aurora Auto Scaling may run, up to ${maxClusterInstances - 1}`),
                targetCpuPercent: wholeNumber(10, 90, "set a percentage from 10 to 90").default(70),
                scaleInCooldownSeconds: wholeNumber(0, 86400, "set seconds from 0 to 86400").default(300),
                scaleOutCooldownSeconds: wholeNumber(0, 86400, "set seconds from 0 to 86400").default(300),
            },
            { error: (i) => `${i.input === undefined ? "not set" : "is not an object"}; set readerAutoScaling: { maxReaders: 4 }` },
        )
        .optional(),
    ...nameSchemas,
    network: networkSchema.extend({
        availabilityZones: z
            .array(deferrable(requiredString("an Availability Zone", "list the zones of the subnets, e.g. \"us-east-1a\"")), {
                error: "is not a list of Availability Zones; list the zones of the subnets, e.g. [\"us-east-1a\", \"us-east-1b\"]",
            })
            .min(1, { error: "is empty; leave it out to use the zones of the subnets, or list them" })
            .optional(),
    }),
    encryption: encryptionSchema,
    deletionProtection: z.boolean().default(true),
    protect: z.boolean().default(true),
    backup: z
        .strictObject({
            ...backupFields,
            backtrackWindowHours: wholeNumber(1, maxBacktrackHours, `set hours from 1 to ${maxBacktrackHours}`).optional(),
        })
        .prefault({}),
    maintenanceWindow: maintenanceWindowSchema,
    ...connectionSchemas,
    logs: logsSchema,
    monitoring: z
        .strictObject({
            ...monitoringFields,
            alarms: z
                .strictObject({
                    cpuPercent: percent.default(defaultAuroraAlarmChoices.cpuPercent),
                    connectionsPercent: percent.default(defaultAuroraAlarmChoices.connectionsPercent),
                    freeableMemoryPercent: percent.default(defaultAuroraAlarmChoices.freeableMemoryPercent),
                    freeLocalStoragePercent: percent.default(defaultAuroraAlarmChoices.freeLocalStoragePercent),
                    replicaLagMs: wholeNumber(1, 3_600_000, "set milliseconds from 1 to 3600000").default(defaultAuroraAlarmChoices.replicaLagMs),
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

export type { ResolveOptions };

/**
 * Checks the arguments and fills in the defaults. Throws a ProductionAuroraClusterArgumentError
 * listing every problem found.
 */
export function resolveAuroraArgs(name: string, args: ProductionAuroraClusterArgs, options: ResolveOptions = {}): ResolvedAuroraArgs {
    const raw: unknown = args;
    const parsed = parseArguments(schema, raw);
    if ("problems" in parsed) throw new ProductionAuroraClusterArgumentError(name, parsed.problems);
    const a: Parsed = parsed.data;
    const problems = problemsOf(raw);
    const add = problems.add;

    // Engine.
    const engine = a.engine as AuroraEngine;
    if (!(auroraEngines as readonly string[]).includes(a.engine)) {
        const instance = ["postgres", "mysql", "mariadb"].includes(a.engine) ? " (an RDS instance: use ProductionDatabase)" : "";
        add(["engine"], `is not an engine ProductionAuroraCluster runs; set engine to ${engineList}${instance}`);
        throw new ProductionAuroraClusterArgumentError(name, problems.list);
    }
    const engineVersion = a.engineVersion ?? defaultEngineVersions[engine];
    if (a.engineVersion !== undefined && engine === "aurora-postgresql" && a.engineVersion.includes("mysql_aurora")) {
        add(["engineVersion"], `is an Aurora MySQL version; write an Aurora PostgreSQL version like "16" or "16.6"`);
    }

    // Instances, class and capacity.
    if (a.instances < 2 && !a.allowSingleInstance) {
        add(
            ["instances"],
            "leaves no reader in another Availability Zone to take over when the writer fails; set instances: 2 or more, or allowSingleInstance: true for a non-production copy (db-multi-az still flags it)",
        );
    }
    let serverless: ResolvedAuroraArgs["serverless"];
    let instanceClass = a.instanceClass ?? defaultInstanceClass;
    let memoryBytes = instanceClassMemoryBytes(instanceClass);
    let localStorageMemoryBytes = memoryBytes;
    if (a.serverless !== undefined) {
        serverless = { minCapacity: a.serverless.minCapacity, maxCapacity: a.serverless.maxCapacity };
        if (a.instanceClass !== undefined) add(["instanceClass"], `is set with serverless; Aurora Serverless v2 instances are "${serverlessInstanceClass}": remove one of them`);
        if (serverless.minCapacity > serverless.maxCapacity) add(["serverless", "minCapacity"], `is more than serverless.maxCapacity ${serverless.maxCapacity}; set at most ${serverless.maxCapacity}`);
        if (a.maxConnections === undefined) {
            add(
                ["maxConnections"],
                `not set; with serverless, set max_connections explicitly (Aurora derives its default from serverless.maxCapacity ${serverless.maxCapacity} ACUs, and a high value keeps capacity from scaling down)`,
            );
        }
        instanceClass = serverlessInstanceClass;
        memoryBytes = serverless.maxCapacity * acuMemoryBytes;
        localStorageMemoryBytes = serverless.minCapacity * acuMemoryBytes;
    } else if (isBurstableClass(instanceClass) && !a.allowBurstableClass) {
        add(["instanceClass"], `is a burstable class, whose CPU credits run out under sustained load; choose e.g. "${defaultInstanceClass}", or set allowBurstableClass: true for a non-production copy`);
    }
    let readerAutoScaling: ResolvedAuroraArgs["readerAutoScaling"];
    if (a.readerAutoScaling !== undefined) {
        const minReaders = a.instances - 1;
        readerAutoScaling = { minReaders, ...a.readerAutoScaling };
        if (minReaders < 1) add(["readerAutoScaling"], "needs a reader to scale from; set instances: 2 or more");
        else if (a.readerAutoScaling.maxReaders <= minReaders) {
            add(["readerAutoScaling", "maxReaders"], `is not more than the ${minReaders} reader${minReaders === 1 ? "" : "s"} instances: ${a.instances} already runs; set at least ${minReaders + 1}`);
        }
    }

    // Names.
    const identifier = resolveIdentifier(name, a.identifier, problems, clusterIdentifierMaxLength);
    const databaseName = a.databaseName ?? identifier.replace(/-/g, "_");
    if (databaseName.length > databaseNameMaxLength[engine]) add(["databaseName"], `is longer than ${databaseNameMaxLength[engine]} characters; choose a shorter name`);
    const masterUsername = resolveMasterUsername(a.masterUsername, databaseName, engine, masterUsernameMaxLength[engine], problems);

    // Placement: zones known now must spread the writer and the first reader.
    const zones = a.network.availabilityZones;
    if (zones !== undefined && a.instances >= 2 && zones.every((z) => !isDeferred(z)) && new Set(zones as string[]).size < 2) {
        add(["network", "availabilityZones"], "names one zone; list at least 2, so the writer and its readers are in different Availability Zones");
    }

    // Connections: each instance has its own max_connections.
    const budget = connectionBudget(engine, instanceClass, { maxConnections: a.maxConnections, pools: a.connectionPools, reserved: a.reservedConnections });
    if (budget === undefined) {
        if (serverless === undefined) {
            problems.push(`instanceClass: ${JSON.stringify(instanceClass)} has no known memory size, so max_connections cannot be computed; set maxConnections explicitly`);
        }
    } else {
        const capacity = serverless ? `serverless.maxCapacity ${serverless.maxCapacity} ACUs` : describeClass(instanceClass);
        checkConnectionBudget(
            budget,
            { engine, capacity, larger: serverless ? "serverless.maxCapacity" : "instanceClass", maxConnectionsGiven: a.maxConnections !== undefined, pools: a.connectionPools },
            problems,
        );
    }

    // App users.
    checkAppUsers(a.appUsers, { engine, masterUsername, databaseName }, problems);

    // Backups.
    const copyToRegion = resolveCopyRegion(a.backup, options, problems);
    const copyProvider = a.backup.copyProvider;
    if (a.backup.backtrackWindowHours !== undefined && engine !== "aurora-mysql") {
        add(["backup", "backtrackWindowHours"], `applies to Aurora MySQL only; ${engine} rewinds by restoring to a point in time: remove it`);
    }

    // Monitoring: RDS refuses Performance Insights on the smallest Aurora MySQL classes.
    const performanceInsights = a.monitoring.performanceInsights && !insightsUnsupported(engine, instanceClass);

    if (problems.list.length > 0) throw new ProductionAuroraClusterArgumentError(name, problems.list);
    return {
        engine,
        engineVersion,
        defaultEngineVersion: a.engineVersion === undefined,
        instanceClass,
        allowBurstableClass: a.allowBurstableClass,
        instances: a.instances,
        allowSingleInstance: a.allowSingleInstance,
        ...(serverless ? { serverless } : {}),
        ...(readerAutoScaling ? { readerAutoScaling } : {}),
        identifier,
        databaseName,
        masterUsername,
        port: defaultPorts[engine],
        network: a.network,
        encryption: a.encryption,
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
            ...(a.backup.backtrackWindowHours !== undefined ? { backtrackWindowHours: a.backup.backtrackWindowHours } : {}),
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
            memoryBytes,
            localStorageMemoryBytes,
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

