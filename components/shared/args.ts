// What the database components' arguments have in common: the zod building blocks that word each
// error as "what was seen; the fix", the argument groups both components take (network, backup,
// logs, monitoring, health check, app users, runbook, ownership, drills, tags), and the checks that
// need several arguments at once (the copy region, the app users), with the interfaces and the
// resolution of the groups both take. Each component keeps its own schema and resolution (args.ts
// in its folder), extends DatabaseArgsCommon and builds the rest from these.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { auditLogExports, defaultAdminUsernames, defaultPorts, EngineFamily } from "../../aws-facts/knowledge";
import { defaultMinPrefixLength, isOverBroad, parseCidr } from "../../aws-facts/network";
import { logRetentionDays } from "../../aws-facts/logs";
import { enhancedMonitoringIntervals, insightsUnsupported } from "../../aws-facts/monitoring";
import { appUserPrivileges } from "../../aws-facts/privileges";
import { scheduleExpressionProblem } from "../../aws-facts/schedules";
import { backupWindowProblem, maintenanceWindowProblem } from "../../aws-facts/windows";
import { appUsersRequestSchema, identifierPattern as sqlIdentifierPattern } from "../runtime/app-users/request";
import { RuntimeEngine } from "../runtime/database";
import { ValidationQuery, defaultValidationTimeoutMs, maxValidationTimeoutMs, validationQueriesSchema } from "../runtime/restore-validation/queries";
import { defaultCopyRegions } from "./backup";
import { ConnectionBudget, ConnectionPool, describePools } from "./capacity";
import { urlCredentialProblem } from "./urls";

// ---- Building blocks ------------------------------------------------------------------------------

/** A value only the deployment will know (another resource's output): its shape is checked then. */
export function isDeferred(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** "a number", "an object", "an array": the expected type as a sentence says it. */
const withArticle = (type: string) => `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;

/** NaN and ±Infinity are numbers to typeof but not to zod: say "finite" so the message matches the value shown. */
const isNonFinite = (value: unknown) => typeof value === "number" && !Number.isFinite(value);

/** Messages for the checks no schema words itself. */
export const fallbackError: z.core.$ZodErrorMap = (issue) => {
    if (issue.code === "invalid_type") {
        if (issue.input === undefined) return "not set; it is required";
        if (isNonFinite(issue.input)) return `is not a finite number; pass ${withArticle(issue.expected)}`;
        return `is not ${withArticle(issue.expected)}; pass ${withArticle(issue.expected)}`;
    }
    if (issue.code === "invalid_value") return `is not one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}; use one of them`;
    return undefined;
};

/** `schema` on plain values; any pulumi Output or Promise passes as it is. */
export function deferrable<T extends z.ZodType>(schema: T) {
    return z.unknown().superRefine((value, ctx) => {
        if (isDeferred(value)) return;
        const result = schema.safeParse(value, { error: fallbackError });
        if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as PropertyKey[] });
    }) as unknown as z.ZodType<pulumi.Input<z.output<T>>>;
}

export const requiredString = (what: string, fix: string) =>
    z.string({ error: (i) => (i.input === undefined ? `not set; ${fix}` : `is not ${what}; ${fix}`) }).min(1, { error: `is empty; ${fix}` });

export const wholeNumber = (min: number, max: number, fix = `set a value from ${min} to ${max}`) =>
    z
        .number({ error: (i) => `is not a ${isNonFinite(i.input) ? "finite " : ""}number; ${fix}` })
        .int({ error: `is not a whole number; ${fix}` })
        .min(min, { error: `is outside ${min}-${max}; ${fix}` })
        .max(max, { error: `is outside ${min}-${max}; ${fix}` });

export const percent = wholeNumber(1, 100, "set a percentage from 1 to 100");

/** `"a", "b" or "c"`: the allowed values as a message lists them. */
export function listOf(values: readonly string[]): string {
    return values.map((e) => JSON.stringify(e)).join(", ").replace(/, ([^,]*)$/, " or $1");
}

export const identifierPattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const sqlNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
const isoDatePattern = /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A string argument whose problem (the message after the value) comes from a fact module's check. */
function checkedString(problemOf: (value: string) => string | undefined) {
    return z.string().superRefine((value, ctx) => {
        const problem = problemOf(value);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    });
}

function isHttpsUrl(value: string): boolean {
    try {
        const url = new URL(value);
        return url.protocol === "https:" && url.hostname !== "";
    } catch {
        return false;
    }
}

const cidrBlock = z.string({ error: "is not a CIDR block; write it like \"10.0.0.0/16\"" }).superRefine((value, ctx) => {
    const cidr = parseCidr(value);
    if (cidr === undefined) ctx.addIssue({ code: "custom", message: "is not a CIDR block; write it like \"10.0.0.0/16\"" });
    else if (cidr.prefixLength === 0) ctx.addIssue({ code: "custom", message: "admits every address; list the clients' security groups in network.allowedSecurityGroupIds, or their own CIDR blocks" });
    else if (isOverBroad(cidr, defaultMinPrefixLength))
        ctx.addIssue({
            code: "custom",
            message: `is wider than /${cidr.family === 4 ? defaultMinPrefixLength.ipv4 : defaultMinPrefixLength.ipv6}; list the clients' security groups in network.allowedSecurityGroupIds, or narrower CIDR blocks`,
        });
});

// App-user names become SQL identifiers: the provisioner's own pattern (lowercase, at most 63).
const sqlIdentifier = (what: string) =>
    z.string().regex(sqlIdentifierPattern, { error: `is not a ${what} the provisioner accepts; use lowercase letters, digits and underscores, at most 63, not starting with a digit` });

const appUserSchema = z.strictObject({
    name: requiredString("a user name", "name the user the application logs in with, e.g. \"orders_app\"").pipe(sqlIdentifier("user name")),
    privilege: z.enum(appUserPrivileges, {
        error: (i) => `${i.input === undefined ? "not set" : "is not a privilege level"}; set privilege to ${appUserPrivileges.map((p) => JSON.stringify(p)).join(", ")}`,
    }),
    databases: z
        .array(sqlIdentifier("database name"), {
            error: "is not a list of database names; list the databases the user works in, e.g. [\"orders\"]",
        })
        .min(1, { error: "is empty; list the databases the user works in, e.g. [\"orders\"]" }),
    schemas: z
        .array(sqlIdentifier("schema name"))
        .min(1, { error: "is empty; leave schemas out for [\"public\"], or list them" })
        .optional(),
});

const poolSchema = z.strictObject({
    name: requiredString("a name", "name the application that holds the pool, e.g. \"api\""),
    size: wholeNumber(1, 10000, "set the connections each process holds"),
    replicas: wholeNumber(1, 10000, "set the processes that each hold a pool, at their autoscaling maximum"),
});

// ---- The arguments both components take, as a user writes them -----------------------------------

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

/** How each restored copy is checked: the health query always, then these queries. */
export interface RestoreValidationArgs {
    /**
     * Checks that must each answer one row holding true, e.g.
     * `{ name: "orders present", sql: "SELECT count(*) > 0 FROM orders", database: "orders" }`
     * (database: default the initial database). They run in a READ ONLY transaction.
     */
    queries?: ValidationQuery[];
    /** The whole validation (login and every query), in ms. Default 60000. */
    timeoutMs?: number;
}

/**
 * The arguments ProductionDatabase and ProductionAuroraCluster both take, with the same names,
 * defaults and checks; each component adds its engine, sizing and placement, and its own alarms.
 */
export interface DatabaseArgsCommon<AlarmChoices> {
    /** Opt-out: allow a burstable class (db.t*), whose CPU credits run out under sustained load. */
    allowBurstableClass?: boolean;
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
    encryption?: {
        /** A customer managed key to use instead of the key the component creates. */
        kmsKeyArn?: pulumi.Input<string>;
    };
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
        /**
         * The weekly AWS Backup restore test, validated by a query on the restored copy (default on).
         * Opt-out: `false` for no restore test; `{ validation: false }` for restore tests nobody checks.
         */
        restoreTesting?: boolean | { validation?: false | RestoreValidationArgs };
    };
    /** Weekly maintenance window, UTC "ddd:hh:mm-ddd:hh:mm". Default "sun:05:00-sun:06:00". */
    maintenanceWindow?: string;
    /** max_connections (of each instance of a cluster); default: what the instance class memory supports. */
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
    /** The scheduled probe (of a cluster's writer endpoint). Opt-out: `false`. */
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
    /** Where the runbook lives (the `runbook` output is its text): an https URL, tagged on the database or cluster. */
    runbook: { url: string };
    /** Who owns the database and who is paged: tagged on it and written in the runbook. */
    ownership: { owner: string; onCall: string };
    /** Dates (YYYY-MM-DD) of the last restore and failover drills, tagged on the database (a cluster and its instances). */
    drills?: { restoreTestedAt?: string; failoverTestedAt?: string };
    /** Tags on every resource. */
    tags?: Record<string, string>;
}

/** The arguments both components take, once checked, with every default filled in. */
export interface ResolvedDatabaseArgsCommon<AlarmChoices> {
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
        /** What validates each restore test; false when restore tests are off or not validated. */
        restoreValidation: false | { queries: ValidationQuery[]; timeoutMs: number };
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
        /** Memory of an instance (Serverless v2: at maxCapacity), when known. */
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

// ---- Argument groups both components take ---------------------------------------------------------

/** Names and the master user: the schema of each; the checks that depend on the engine are the component's. */
export const nameSchemas = {
    identifier: z.string().optional(),
    databaseName: z.string().regex(sqlNamePattern, { error: "is not a database name; use letters, digits and underscores, starting with a letter" }).optional(),
    masterUsername: z.string().regex(sqlNamePattern, { error: "is not a user name; use letters, digits and underscores, starting with a letter" }).optional(),
};

export const networkSchema = z.strictObject(
    {
        vpcId: deferrable(requiredString("a VPC ID", "set network.vpcId to the VPC of the private subnets")),
        subnetIds: deferrable(
            z
                .array(deferrable(requiredString("a subnet ID", "list private subnet IDs")), { error: (i) => (i.input === undefined ? "not set; list at least 2 private subnets in different Availability Zones" : "is not a list of subnet IDs; list at least 2 private subnets in different Availability Zones") })
                .min(2, { error: "has fewer than 2 subnets; list at least 2 private subnets in different Availability Zones (RDS requires two)" }),
        ),
        allowedSecurityGroupIds: z.array(deferrable(requiredString("a security group ID", "list the clients' security group IDs"))).default([]),
        allowedCidrs: z.array(cidrBlock).default([]),
    },
    { error: (i) => `${i.input === undefined ? "not set" : "is not an object"}; set network: { vpcId, subnetIds: [at least 2 private subnets] }` },
);

export const encryptionSchema = z.strictObject({ kmsKeyArn: deferrable(requiredString("a KMS key ARN", "pass the ARN of a customer managed key")).optional() }).prefault({});

/**
 * `false`, or an object checked by `schema` (absent: the object's defaults). A union would word
 * every mistake as "Invalid input"; this keeps each field's own message.
 */
export function falseOr<T extends z.ZodType>(schema: T, fix: string) {
    return z.unknown().optional().transform((value, ctx): false | z.output<T> => {
        if (value === false) return false;
        if (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) {
            ctx.addIssue({ code: "custom", message: `is not false or an object; ${fix}` });
            return z.NEVER;
        }
        const parsed = schema.safeParse(value ?? {}, { error: fallbackError });
        if (parsed.success) return parsed.data;
        for (const issue of parsed.error.issues) ctx.addIssue({ ...(issue as object), path: [...issue.path] } as never);
        return z.NEVER;
    });
}

export const restoreValidationSchema = falseOr(
    z.strictObject({
        queries: validationQueriesSchema.default([]),
        timeoutMs: wholeNumber(1000, maxValidationTimeoutMs, `set milliseconds from 1000 to ${maxValidationTimeoutMs}`).default(defaultValidationTimeoutMs),
    }),
    "set validation: { queries: [{ name, sql, database }] }, or validation: false to leave restore tests unchecked",
);

/** `restoreTesting` as given: true / false, or `{ validation }` (which means on). */
function restoreTestingSchema() {
    return z
        .unknown()
        .optional()
        .transform((value, ctx): { enabled: boolean; explicit: boolean; validation: z.output<typeof restoreValidationSchema> } => {
            if (value === undefined || value === true || value === false) {
                return { enabled: value !== false, explicit: false, validation: value === false ? false : { queries: [], timeoutMs: defaultValidationTimeoutMs } };
            }
            const parsed = z.strictObject({ validation: restoreValidationSchema.optional() }).safeParse(value, { error: fallbackError });
            if (parsed.success) return { enabled: true, explicit: true, validation: parsed.data.validation ?? { queries: [], timeoutMs: defaultValidationTimeoutMs } };
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                ctx.addIssue({ code: "custom", message: "is not true, false or an object; leave it out for validated weekly restore tests, or set { validation: { queries: [...] } }" });
                return z.NEVER;
            }
            for (const issue of parsed.error.issues) ctx.addIssue({ ...(issue as object), path: [...issue.path] } as never);
            return z.NEVER;
        });
}

/** The fields of `backup` both components take; a component adds its own with `{ ...backupFields, more }`. */
export const backupFields = {
    retentionDays: wholeNumber(1, 35).default(14),
    window: checkedString(backupWindowProblem).default("03:00-04:00"),
    plan: z.boolean().default(true),
    planSchedule: checkedString((e) => scheduleExpressionProblem(e, { service: "AWS Backup", rate: false, hourlyAtMost: true })).default("cron(0 21 * * ? *)"),
    planRetentionDays: wholeNumber(1, 36500).default(35),
    copyToRegion: z.union([z.literal(false), z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: "is not an AWS region; write it like \"us-west-2\"" })]).optional(),
    copyProvider: z.custom<aws.Provider>((v) => pulumi.ProviderResource.isInstance(v), { error: "is not an aws.Provider; pass one for the copy's region or account" }).optional(),
    restoreTesting: restoreTestingSchema(),
};

export const maintenanceWindowSchema = checkedString(maintenanceWindowProblem).default("sun:05:00-sun:06:00");

/** maxConnections, connectionPools and reservedConnections. */
export const connectionSchemas = {
    maxConnections: wholeNumber(1, 100000, "set a positive number of connections").optional(),
    connectionPools: z.array(poolSchema).default([]),
    reservedConnections: wholeNumber(0, 100000, "set the connections kept for operators and probes").default(10),
};

export const logsSchema = z
    .strictObject({
        retentionDays: z
            .number()
            .refine((d) => (logRetentionDays as readonly number[]).includes(d), { error: `is not a retention CloudWatch Logs accepts; use one of ${logRetentionDays.join(", ")}` })
            .default(30),
        slowQueryMs: wholeNumber(0, 3_600_000, "set milliseconds from 0 to 3600000").default(1000),
    })
    .prefault({});

/** The fields of `monitoring` both components take; each adds its own `alarms`. */
export const monitoringFields = {
    alarmTopicArn: deferrable(requiredString("an SNS topic ARN", "pass the ARN of the topic alerts go to")).optional(),
    alarmEmails: z.array(z.string().regex(emailPattern, { error: "is not an e-mail address; write it like \"dba@example.com\"" })).default([]),
    enhancedMonitoringInterval: z
        .number()
        .refine((n) => (enhancedMonitoringIntervals as readonly number[]).includes(n), {
            error: `is not an interval RDS accepts; use one of ${enhancedMonitoringIntervals.join(", ")} (0 turns Enhanced Monitoring off)`,
        })
        .default(60),
    performanceInsights: z.boolean().default(true),
};

export const healthCheckSchema = z
    .union([
        z.literal(false),
        z.strictObject({
            schedule: checkedString((e) => scheduleExpressionProblem(e, { service: "EventBridge Scheduler", rate: true })).default("rate(1 minute)"),
            probeTimeoutMs: wholeNumber(100, 60000, "set milliseconds from 100 to 60000").default(5000),
            slowQueryMs: wholeNumber(1, 60000, "set milliseconds from 1 to 60000").default(1000),
        }),
    ])
    .prefault({});

/** appUsers and appUserRotationDays. */
export const appUserSchemas = {
    appUsers: z.array(appUserSchema).default([]),
    appUserRotationDays: wholeNumber(1, 1000).default(30),
};

/** runbook, ownership, drills and tags. */
export const operationsSchemas = {
    runbook: z.strictObject(
        {
            url: z
                .string({ error: (i) => (i.input === undefined ? "not set; set runbook: { url: \"https://...\" }, the page where the runbook lives (paste the runbook output there)" : "is not a URL; set an https URL") })
                .refine(isHttpsUrl, { error: "is not an https URL; set the https address of the runbook page" })
                .superRefine((url, ctx) => {
                    const problem = urlCredentialProblem(url);
                    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
                }),
        },
        { error: (i) => `${i.input === undefined ? "not set" : "is not an object"}; set runbook: { url: "https://..." }, the page where the runbook lives (paste the runbook output there)` },
    ),
    ownership: z.strictObject(
        {
            owner: requiredString("a team name", "name the team that owns the database"),
            onCall: requiredString("an on-call rotation", "name the rotation or pager that is called for it"),
        },
        { error: (i) => `${i.input === undefined ? "not set" : "is not an object"}; set ownership: { owner: "team-name", onCall: "rotation-name" }` },
    ),
    drills: z
        .strictObject({
            restoreTestedAt: z.string().regex(isoDatePattern, { error: "is not an ISO date; write it like \"2025-01-31\"" }).optional(),
            failoverTestedAt: z.string().regex(isoDatePattern, { error: "is not an ISO date; write it like \"2025-01-31\"" }).optional(),
        })
        .prefault({}),
    tags: z.record(z.string(), z.string({ error: "is not a string; tag values are strings" })).default({}),
};

// ---- Problems as the user reads them --------------------------------------------------------------

/** The value at `path` in the raw arguments, for the message. */
function valueAt(args: unknown, path: readonly PropertyKey[]): unknown {
    let value = args;
    for (const key of path) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<PropertyKey, unknown>)[key];
    }
    return value;
}

export function pathText(path: readonly PropertyKey[]): string {
    return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");
}

/** A value as the message shows it: JSON, but NaN and ±Infinity as themselves (JSON would print null). */
function show(value: unknown): string {
    if (isDeferred(value)) return "(an output)";
    if (isNonFinite(value)) return String(value);
    const marker = "@@db-preflight:non-finite@@";
    const json = JSON.stringify(value, (_key, v: unknown) => (isNonFinite(v) ? `${marker}${String(v)}` : v));
    const text = json === undefined ? undefined : json.replace(new RegExp(`"${marker}(-?Infinity|NaN)"`, "g"), "$1");
    return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** "path: seen problem; fix", or "path: not set; fix". */
export function problem(args: unknown, path: readonly PropertyKey[], message: string): string {
    const value = valueAt(args, path);
    return value === undefined ? `${pathText(path)}: ${message}` : `${pathText(path)}: ${show(value)} ${message}`;
}

/** Parses `raw` with `schema`: the data, or one problem per issue (unknown keys named one by one). */
export function parseArguments<T extends z.ZodType>(schema: T, raw: unknown): { data: z.output<T> } | { problems: string[] } {
    if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw) || isDeferred(raw))) {
        const seen = isDeferred(raw) ? "an output" : Array.isArray(raw) ? "an array" : `${show(raw)} (${typeof raw})`;
        return { problems: [`the arguments are ${seen}, not an object; pass an object such as { engine, network: { vpcId, subnetIds }, runbook: { url }, ownership: { owner, onCall } }`] };
    }
    const parsed = schema.safeParse(raw ?? {}, { error: fallbackError });
    if (parsed.success) return { data: parsed.data };
    const problems: string[] = [];
    for (const issue of parsed.error.issues) {
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) problems.push(`${pathText([...issue.path, key])}: unknown argument; remove it or check its spelling`);
        } else {
            problems.push(problem(raw, issue.path, issue.message));
        }
    }
    return { problems };
}

/** Collects problems for one component's arguments. */
export interface Problems {
    /** A problem with the argument at `path` (its value is shown). */
    add(path: PropertyKey[], message: string): void;
    /** A problem worded in full. */
    push(text: string): void;
    readonly list: string[];
}

export function problemsOf(raw: unknown): Problems {
    const list: string[] = [];
    return { add: (path, message) => list.push(problem(raw, path, message)), push: (text) => list.push(text), list };
}

// ---- Checks that need several arguments ---------------------------------------------------------

/** "orders" -> "orders"; "Orders_DB" -> "orders-db": the identifier a component name suggests. */
export function identifierFrom(name: string): string {
    return name
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-{2,}/g, "-")
        .replace(/^-+|-+$/g, "");
}

/** The RDS identifier (given, or from the component name), checked: at most `maxLength` characters. */
export function resolveIdentifier(name: string, given: string | undefined, problems: Problems, maxLength = 63): string {
    const identifier = given ?? identifierFrom(name);
    if (identifier.length > maxLength || !identifierPattern.test(identifier)) {
        const fix = `is not an RDS identifier; use 1-${maxLength} lowercase letters, digits and single hyphens, starting with a letter`;
        if (given === undefined) problems.push(`identifier (from the component name ${JSON.stringify(name)}): ${JSON.stringify(identifier)} ${fix}, or set identifier`);
        else problems.add(["identifier"], fix);
    }
    return identifier;
}

/** `${databaseName}_admin`, shortened to `maxLength`. */
export function defaultMasterUsername(databaseName: string, maxLength: number): string {
    const suffix = "_admin";
    return `${databaseName.slice(0, maxLength - suffix.length)}${suffix}`;
}

/** The master username (given, or `<databaseName>_admin`), checked against the default admin names and the engine's length. */
export function resolveMasterUsername(given: string | undefined, databaseName: string, engine: string, maxLength: number, problems: Problems): string {
    const masterUsername = given ?? defaultMasterUsername(databaseName, maxLength);
    if ((defaultAdminUsernames as readonly string[]).includes(masterUsername.toLowerCase())) {
        problems.push(
            `masterUsername: ${JSON.stringify(masterUsername)} is a default admin name attackers try first; choose another, e.g. "${defaultMasterUsername(databaseName, maxLength)}"`,
        );
    }
    if (masterUsername.length > maxLength) {
        problems.push(`masterUsername: ${JSON.stringify(masterUsername)} is longer than the ${maxLength} characters ${engine} accepts; choose a shorter name`);
    }
    return masterUsername;
}

/** App users: not the master user nor a default admin, unique, schemas on PostgreSQL only, and the provisioner's own rules. */
export function checkAppUsers(users: readonly AppUser[], context: { engine: RuntimeEngine; masterUsername: string; databaseName: string }, problems: Problems): void {
    const { engine, masterUsername } = context;
    const postgres = engine === "postgres" || engine === "aurora-postgresql";
    const userNames = new Set<string>();
    users.forEach((user, i) => {
        if (user.name.toLowerCase() === masterUsername.toLowerCase()) problems.add(["appUsers", i, "name"], "is the master username; give the application its own user");
        else if ((defaultAdminUsernames as readonly string[]).includes(user.name.toLowerCase())) problems.add(["appUsers", i, "name"], "is a default admin name; name the user after the application");
        if (userNames.has(user.name)) problems.add(["appUsers", i, "name"], "names another app user too; give each user its own name");
        userNames.add(user.name);
        if (user.schemas !== undefined && !postgres) problems.add(["appUsers", i, "schemas"], `applies to PostgreSQL only (on ${engine} a database is a schema); list the databases in databases instead`);
    });
    if (users.length > 0 && problems.list.length === 0) {
        // The provisioner's own rules (reserved names, engine limits), checked now rather than at deployment.
        const request = appUsersRequestSchema.safeParse({
            engine,
            host: "preview",
            port: defaultPorts[engine as EngineFamily],
            database: context.databaseName,
            masterSecretArn: "preview",
            users: users.map((u, i) => ({ ...u, secretArn: `preview-${i}` })),
        });
        for (const issue of request.success ? [] : request.error.issues) {
            const [head, ...rest] = issue.path;
            const path = head === "users" ? ["appUsers", ...rest] : head === "database" ? ["databaseName"] : issue.path;
            problems.push(`${pathText(path)}: ${issue.message}`);
        }
    }
}

/** max_connections within what the capacity supports, the pools and the reserve within max_connections, pool names unique. */
export function checkConnectionBudget(
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

/** Where the component is created: for the default copy region. */
export interface ResolveOptions {
    /** The region of the provider the database is created with, when known (the stack's aws:region). */
    homeRegion?: string;
    /** The component was given a provider: the stack's aws:region may not be where it lives. */
    explicitProvider?: boolean;
}

/** Where a component with these options is created: the stack's aws:region, unless it was given a provider. */
export function resolveOptionsOf(opts: pulumi.ComponentResourceOptions): ResolveOptions {
    return { homeRegion: aws.config.region, explicitProvider: opts.provider !== undefined || opts.providers !== undefined };
}

/** Thrown before anything is registered; each line names the argument, the value seen and the fix. */
export class DatabaseArgumentError extends Error {
    constructor(
        componentType: string,
        readonly component: string,
        readonly problems: readonly string[],
    ) {
        super(problems.map((p) => `${componentType} ${JSON.stringify(component)}: ${p}`).join("\n"));
        this.name = `${componentType}ArgumentError`;
    }
}

/** Where AWS Backup copies the recovery points: the region asked for, or the default for the home region. */
export function resolveCopyRegion(
    backup: { plan: boolean; copyToRegion?: string | false; copyProvider?: aws.Provider },
    options: ResolveOptions,
    problems: Problems,
): string | undefined {
    const copyProvider = backup.copyProvider;
    if (!backup.plan) {
        if (backup.copyToRegion || copyProvider) problems.add(["backup", backup.copyToRegion ? "copyToRegion" : "copyProvider"], "needs the AWS Backup plan, which backup.plan: false turns off; remove one of them");
        return undefined;
    }
    if (copyProvider !== undefined) {
        if (backup.copyToRegion !== undefined) problems.add(["backup", "copyToRegion"], "is set with backup.copyProvider; the provider decides where the copy goes: remove one of them");
        return undefined;
    }
    if (backup.copyToRegion !== undefined) {
        const copyToRegion = backup.copyToRegion === false ? undefined : backup.copyToRegion;
        if (copyToRegion !== undefined && copyToRegion === options.homeRegion && !options.explicitProvider) {
            problems.add(["backup", "copyToRegion"], `is the database's own region; choose another region, or backup.copyToRegion: false to keep backups in ${copyToRegion}`);
        }
        return copyToRegion;
    }
    const home = options.explicitProvider ? undefined : options.homeRegion;
    const copyToRegion = home === undefined ? undefined : defaultCopyRegions[home];
    if (copyToRegion === undefined) {
        const why = options.explicitProvider
            ? "the component was given a provider, whose region decides where the database lives"
            : home === undefined
              ? "the stack has no aws:region"
              : `${home} has no other region in the same country`;
        problems.push(`backup.copyToRegion: not set, and no default applies (${why}); set backup.copyToRegion to a region the data may be copied to, or backup.copyToRegion: false to keep backups in one region`);
    }
    return copyToRegion;
}

// ---- Resolution both components share -------------------------------------------------------------

/** The identifier (at most `limits.identifier` characters), the initial database and the master username, checked against the engine's limits. */
export function resolveNames(
    name: string,
    given: { identifier?: string; databaseName?: string; masterUsername?: string },
    limits: { engine: string; identifier?: number; databaseName: number; masterUsername: number },
    problems: Problems,
): { identifier: string; databaseName: string; masterUsername: string } {
    const identifier = resolveIdentifier(name, given.identifier, problems, limits.identifier);
    const databaseName = given.databaseName ?? identifier.replace(/-/g, "_");
    if (databaseName.length > limits.databaseName) problems.add(["databaseName"], `is longer than ${limits.databaseName} characters; choose a shorter name`);
    const masterUsername = resolveMasterUsername(given.masterUsername, databaseName, limits.engine, limits.masterUsername, problems);
    return { identifier, databaseName, masterUsername };
}

/** What the shared schemas above parse the groups from `backup` to `tags` into. */
type ParsedSharedGroups<AlarmChoices> = Pick<
    ResolvedDatabaseArgsCommon<AlarmChoices>,
    "maintenanceWindow" | "healthCheck" | "appUsers" | "appUserRotationDays" | "runbook" | "ownership" | "drills" | "tags"
> & {
    backup: Omit<ResolvedDatabaseArgsCommon<AlarmChoices>["backup"], "copyToRegion" | "restoreTesting" | "restoreValidation"> & {
        copyToRegion?: string | false;
        restoreTesting: { enabled: boolean; explicit: boolean; validation: false | { queries: ValidationQuery[]; timeoutMs: number } };
    };
    connectionPools: ConnectionPool[];
    logs: { retentionDays: number; slowQueryMs: number };
    monitoring: Omit<ResolvedDatabaseArgsCommon<AlarmChoices>["monitoring"], "memoryBytes">;
};

/**
 * Checks the app users and the copy region, and resolves the groups from `backup` to `tags` the
 * same way for both components (each adds its own backup fields and the instance memory).
 */
export function resolveSharedGroups<AlarmChoices>(
    a: ParsedSharedGroups<AlarmChoices>,
    context: { engine: RuntimeEngine; instanceClass: string; masterUsername: string; databaseName: string; budget: ConnectionBudget | undefined },
    options: ResolveOptions,
    problems: Problems,
) {
    const { engine, instanceClass } = context;
    checkAppUsers(a.appUsers, context, problems);
    const copyToRegion = resolveCopyRegion(a.backup, options, problems);
    const restoreTesting = a.backup.plan && a.backup.restoreTesting.enabled;
    if (!a.backup.plan && a.backup.restoreTesting.explicit) {
        problems.add(["backup", "restoreTesting"], "needs the AWS Backup plan, which backup.plan: false turns off; remove one of them");
    }
    const copyProvider = a.backup.copyProvider;
    // RDS refuses Performance Insights on the smallest MySQL-family classes.
    const performanceInsights = a.monitoring.performanceInsights && !insightsUnsupported(engine, instanceClass);
    return {
        backup: {
            retentionDays: a.backup.retentionDays,
            window: a.backup.window,
            plan: a.backup.plan,
            planSchedule: a.backup.planSchedule,
            planRetentionDays: a.backup.planRetentionDays,
            ...(copyToRegion !== undefined ? { copyToRegion } : {}),
            ...(copyProvider !== undefined ? { copyProvider } : {}),
            restoreTesting,
            restoreValidation: restoreTesting ? a.backup.restoreTesting.validation : false,
        },
        maintenanceWindow: a.maintenanceWindow,
        connections: { ...context.budget!, pools: a.connectionPools },
        logs: { retentionDays: a.logs.retentionDays, slowQueryMs: a.logs.slowQueryMs, exports: [...auditLogExports[engine]] },
        monitoring: {
            ...(a.monitoring.alarmTopicArn !== undefined ? { alarmTopicArn: a.monitoring.alarmTopicArn } : {}),
            alarmEmails: a.monitoring.alarmEmails,
            alarms: a.monitoring.alarms,
            enhancedMonitoringInterval: a.monitoring.enhancedMonitoringInterval,
            performanceInsights,
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
