// backup: RDS automated backups (point-in-time restore) and the AWS Backup plan on top of them,
// its copy to another region or account, and the weekly restore test with its validation.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { backupRetentionRange } from "../../../aws-facts/rds";
import { scheduleExpressionProblem } from "../../../aws-facts/schedules";
import { backupWindowProblem } from "../../../aws-facts/windows";
import { ValidationQuery, defaultValidationTimeoutMs, maxValidationTimeoutMs, validationQueriesSchema } from "../../runtime/restore-validation/queries";
import { defaultCopyRegions } from "../backup";
import { Problems } from "./problems";
import { checkedString, falseOr, fallbackError, wholeNumber } from "./zod";
import type { ComponentInputs } from "../../../contract";

// The queries' own interface carries their documentation; the assignment checks the schema against it.
const queriesSchema: z.ZodType<ValidationQuery[], ValidationQuery[]> = validationQueriesSchema;

/** How each restored copy is checked: the health query always, then these queries. */
const restoreValidationObject = z.strictObject({
    /**
     * Checks that must each answer one row holding true, e.g.
     * `{ name: "orders present", sql: "SELECT count(*) > 0 FROM orders", database: "orders" }`
     * (database: default the initial database). They run in a READ ONLY transaction.
     */
    queries: queriesSchema.default([]),
    /** The whole validation (login and every query), in ms. */
    timeoutMs: wholeNumber(1000, maxValidationTimeoutMs, `set milliseconds from 1000 to ${maxValidationTimeoutMs}`).default(defaultValidationTimeoutMs),
});

/** How each restored copy is checked: the health query always, then these queries. */
export type RestoreValidationArgs = z.input<typeof restoreValidationObject>;

export const restoreValidationSchema = falseOr(restoreValidationObject, "set validation: { queries: [{ name, sql, database }] }, or validation: false to leave restore tests unchecked");

/** `restoreTesting` as given: true / false, or `{ validation }` (which means on). */
function restoreTestingSchema() {
    const validationByDefault = () => ({ queries: [], timeoutMs: defaultValidationTimeoutMs });
    return (
        z.unknown().transform((value, ctx): { enabled: boolean; explicit: boolean; validation: z.output<typeof restoreValidationSchema> } => {
            if (value === true || value === false) return { enabled: value, explicit: false, validation: value ? validationByDefault() : false };
            const parsed = z.strictObject({ validation: restoreValidationSchema.optional() }).safeParse(value, { error: fallbackError });
            if (parsed.success) return { enabled: true, explicit: true, validation: parsed.data.validation ?? validationByDefault() };
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                ctx.addIssue({ code: "custom", message: "is not true, false or an object; leave it out for validated weekly restore tests, or set { validation: { queries: [...] } }" });
                return z.NEVER;
            }
            for (const issue of parsed.error.issues) ctx.addIssue({ ...(issue as object), path: [...issue.path] } as never);
            return z.NEVER;
        }) as unknown as z.ZodType<{ enabled: boolean; explicit: boolean; validation: z.output<typeof restoreValidationSchema> }, boolean | { validation?: false | RestoreValidationArgs }>
    ).prefault(true); // left out: the same as true
}

/** The fields of `backup` both components take; a component adds its own with `{ ...backupFields, more }`. */
export const backupFields = {
    /** Days of automated backups (point-in-time restore), at most what RDS keeps. */
    retentionDays: wholeNumber(1, backupRetentionRange.max).default(14),
    /** Daily RDS backup window, UTC "hh:mm-hh:mm". */
    window: checkedString(backupWindowProblem).default("03:00-04:00"),
    /** Opt-out: `false` for no AWS Backup plan (and so no copy and no restore testing). */
    plan: z.boolean().default(true),
    /** AWS Backup schedule (cron, UTC); the default runs daily, clear of the RDS windows. */
    planSchedule: checkedString((e) => scheduleExpressionProblem(e, { service: "AWS Backup", rate: false, hourlyAtMost: true })).default("cron(0 21 * * ? *)"),
    /** Days AWS Backup keeps each recovery point and its copy. */
    planRetentionDays: wholeNumber(1, 36500).default(35),
    /**
     * Region the recovery points are copied to. Default: another region of the same country
     * (or the EU) as the stack's aws:region, when there is one. Opt-out: `false`.
     */
    copyToRegion: z.union([z.literal(false), z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'is not an AWS region; write it like "us-west-2"' })]).optional(),
    /** Or a provider for the copy vault (another region or account). */
    copyProvider: z.custom<aws.Provider>((v) => pulumi.ProviderResource.isInstance(v), { error: "is not an aws.Provider; pass one for the copy's region or account" }).optional(),
    /**
     * The weekly AWS Backup restore test, validated by a query on the restored copy (on unless turned off).
     * Opt-out: `false` for no restore test; `{ validation: false }` for restore tests nobody checks.
     */
    restoreTesting: restoreTestingSchema(),
};

/** `backup` as the schema parses it (a component's own fields come along). */
type ParsedBackup = z.output<z.ZodObject<typeof backupFields>>;

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

/** Where AWS Backup copies the recovery points: the region asked for, or the default for the home region. */
export function resolveCopyRegion(backup: { plan: boolean; copyToRegion?: string | false; copyProvider?: aws.Provider }, options: ResolveOptions, problems: Problems): string | undefined {
    const copyProvider = backup.copyProvider;
    if (!backup.plan) {
        if (backup.copyToRegion || copyProvider)
            problems.add(["backup", backup.copyToRegion ? "copyToRegion" : "copyProvider"], "needs the AWS Backup plan, which backup.plan: false turns off; remove one of them");
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
        problems.push(
            `backup.copyToRegion: not set, and no default applies (${why}); set backup.copyToRegion to a region the data may be copied to, or backup.copyToRegion: false to keep backups in one region`,
        );
    }
    return copyToRegion;
}

/**
 * The copy region, and whether restore tests run and how they are validated; the other fields
 * (a component's own among them) as parsed.
 */
export function resolveBackup<B extends ParsedBackup>(backup: B, options: ResolveOptions, problems: Problems) {
    const { copyToRegion: asked, copyProvider, restoreTesting: testing, ...fields } = backup;
    const copyToRegion = resolveCopyRegion(backup, options, problems);
    const restoreTesting = backup.plan && testing.enabled;
    if (!backup.plan && testing.explicit) {
        problems.add(["backup", "restoreTesting"], "needs the AWS Backup plan, which backup.plan: false turns off; remove one of them");
    }
    return {
        ...fields,
        ...(copyToRegion !== undefined ? { copyToRegion } : {}),
        ...(copyProvider !== undefined ? { copyProvider } : {}),
        restoreTesting,
        /** What validates each restore test; false when restore tests are off or not validated. */
        restoreValidation: restoreTesting ? testing.validation : (false as const),
    };
}

/** `backup` once resolved. */
export type ResolvedBackup = ReturnType<typeof resolveBackup<ParsedBackup>>;

/** `backup` as the component registers it: the copy provider by its URN. */
export function backupInputs({ copyProvider, ...backup }: ResolvedBackup): ComponentInputs["backup"] & Record<string, unknown> {
    return { ...backup, ...(copyProvider ? { copyProvider: copyProvider.urn } : {}) };
}
