// The restore validation's configuration: where the source database's facts are (environment
// variables) and what to check (a JSON file beside the code, so long checks do not run into
// Lambda's 4 KB environment limit). The component writes both with the functions below.
import { readFileSync } from "fs";
import * as path from "path";
import { z } from "zod";
import { DatabaseEnv, databaseConfigOf, databaseEnvSchema, databaseEnvironment } from "../database";
import { ValidationQuery, defaultValidationTimeoutMs, maxValidationTimeoutMs, validationQueriesSchema } from "./queries";

/** The validator's own variables (beside the database's), by the config field each fills. */
const restoreTestEnvVars = { planArn: "RESTORE_TESTING_PLAN_ARN", planName: "RESTORE_TESTING_PLAN_NAME", securityGroupIds: "RESTORE_SECURITY_GROUP_IDS" } as const;

/** The file, beside index.js in the function's code, holding the checks and the timeout. */
export const validationFileName = "validation.json";

const envSchema = databaseEnvSchema({
    [restoreTestEnvVars.planArn]: z.string().startsWith("arn:"),
    [restoreTestEnvVars.planName]: z.string().min(1),
    [restoreTestEnvVars.securityGroupIds]: z
        .string()
        .min(1)
        .transform((s) =>
            s
                .split(",")
                .map((id) => id.trim())
                .filter((id) => id !== ""),
        ),
});

const fileSchema = z.strictObject({
    queries: validationQueriesSchema,
    timeoutMs: z.number().int().min(1000).max(maxValidationTimeoutMs).default(defaultValidationTimeoutMs),
});

/**
 * The database settings are the source database's: `database` is the copy's initial database (the
 * health query runs there, and checks that name no database), and the master secret's version as of
 * the snapshot logs in to the copy.
 */
export interface RestoreValidationConfig extends DatabaseEnv {
    /** Only restore jobs of this restore testing plan are validated. */
    planArn: string;
    /** Its name (GetRestoreTestingPlan takes the name). */
    planName: string;
    /** The security groups a restored copy must be in, and no other (only the validator may reach it). */
    securityGroupIds: string[];
    queries: ValidationQuery[];
    timeoutMs: number;
}

/** What the environment carries: everything but the checks and the timeout, which validation.json holds. */
export type RestoreValidationSettings = Omit<RestoreValidationConfig, "tls" | "timeoutMs" | "queries"> & Partial<Pick<RestoreValidationConfig, "tls">>;

/** The configuration; the error lists every bad variable or field. */
export function parseRestoreValidationConfig(env: Record<string, string | undefined>, file: string): RestoreValidationConfig {
    const parsed = envSchema.safeParse(env);
    if (!parsed.success) throw new Error(`restore validation misconfigured:\n${z.prettifyError(parsed.error)}`);
    let json: unknown;
    try {
        json = JSON.parse(file);
    } catch {
        throw new Error(`restore validation misconfigured: ${validationFileName} is not JSON`);
    }
    const checks = fileSchema.safeParse(json);
    if (!checks.success) throw new Error(`restore validation misconfigured: ${validationFileName}:\n${z.prettifyError(checks.error)}`);
    return { ...databaseConfigOf(parsed.data, env, restoreTestEnvVars), queries: checks.data.queries, timeoutMs: checks.data.timeoutMs };
}

/** The Lambda environment variables (TLS required by default, with the RDS CAs trusted). */
export function restoreValidationEnvironment(settings: RestoreValidationSettings): Record<string, string> {
    return databaseEnvironment(settings, {
        [restoreTestEnvVars.planArn]: settings.planArn,
        [restoreTestEnvVars.planName]: settings.planName,
        [restoreTestEnvVars.securityGroupIds]: settings.securityGroupIds.join(","),
    });
}

/** The content of validation.json. */
export function validationFile(settings: { queries: readonly ValidationQuery[]; timeoutMs?: number }): string {
    return JSON.stringify({ queries: settings.queries, timeoutMs: settings.timeoutMs ?? defaultValidationTimeoutMs }, null, 2);
}

/** validation.json beside the running bundle (/var/task in Lambda). */
export function readValidationFile(): string {
    return readFileSync(path.join(__dirname, validationFileName), "utf8");
}
