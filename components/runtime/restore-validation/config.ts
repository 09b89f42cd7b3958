// The restore validation's configuration: where the source database's facts are (environment
// variables) and what to check (a JSON file beside the code, so long checks do not run into
// Lambda's 4 KB environment limit). The component writes both with the functions below.
import { readFileSync } from "fs";
import * as path from "path";
import { z } from "zod";
import { RuntimeEngine, TlsSettings, assertTlsAllowed, runtimeEngines, tlsEnvSchema, tlsEnvironment } from "../database";
import { ValidationQuery, defaultValidationTimeoutMs, maxValidationTimeoutMs, validationQueriesSchema } from "./queries";

export const restoreValidationEnvVars = {
    engine: "DB_ENGINE",
    database: "DB_NAME",
    identifier: "DB_IDENTIFIER",
    secretArn: "DB_SECRET_ARN",
    planArn: "RESTORE_TESTING_PLAN_ARN",
    planName: "RESTORE_TESTING_PLAN_NAME",
    securityGroupIds: "RESTORE_SECURITY_GROUP_IDS",
} as const;

/** The file, beside index.js in the function's code, holding the checks and the timeout. */
export const validationFileName = "validation.json";

const envSchema = z
    .object({
        DB_ENGINE: z.enum(runtimeEngines),
        DB_NAME: z.string().min(1),
        DB_IDENTIFIER: z.string().min(1),
        DB_SECRET_ARN: z.string().min(1),
        RESTORE_TESTING_PLAN_ARN: z.string().startsWith("arn:"),
        RESTORE_TESTING_PLAN_NAME: z.string().min(1),
        RESTORE_SECURITY_GROUP_IDS: z
            .string()
            .min(1)
            .transform((s) =>
                s
                    .split(",")
                    .map((id) => id.trim())
                    .filter((id) => id !== ""),
            ),
    })
    .extend(tlsEnvSchema.shape);

const fileSchema = z.strictObject({
    queries: validationQueriesSchema,
    timeoutMs: z.number().int().min(1000).max(maxValidationTimeoutMs).default(defaultValidationTimeoutMs),
});

export interface RestoreValidationConfig {
    engine: RuntimeEngine;
    /** The initial database: the health query runs there, and checks that name no database. */
    database: string;
    /** The source database's identifier: the metrics' dimension. */
    identifier: string;
    /** The source's master secret: its version as of the snapshot logs in to the copy. */
    secretArn: string;
    /** Only restore jobs of this restore testing plan are validated. */
    planArn: string;
    /** Its name (GetRestoreTestingPlan takes the name). */
    planName: string;
    /** The security groups a restored copy must be in, and no other (only the validator may reach it). */
    securityGroupIds: string[];
    queries: ValidationQuery[];
    timeoutMs: number;
    tls: TlsSettings;
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
    const e = parsed.data;
    assertTlsAllowed(e.DB_TLS, env);
    return {
        engine: e.DB_ENGINE,
        database: e.DB_NAME,
        identifier: e.DB_IDENTIFIER,
        secretArn: e.DB_SECRET_ARN,
        planArn: e.RESTORE_TESTING_PLAN_ARN,
        planName: e.RESTORE_TESTING_PLAN_NAME,
        securityGroupIds: e.RESTORE_SECURITY_GROUP_IDS,
        queries: checks.data.queries,
        timeoutMs: checks.data.timeoutMs,
        tls: { mode: e.DB_TLS, caFile: e.DB_TLS_CA_FILE },
    };
}

/** The Lambda environment variables (TLS required by default, with the RDS CAs trusted). */
export function restoreValidationEnvironment(settings: RestoreValidationSettings): Record<string, string> {
    return {
        [restoreValidationEnvVars.engine]: settings.engine,
        [restoreValidationEnvVars.database]: settings.database,
        [restoreValidationEnvVars.identifier]: settings.identifier,
        [restoreValidationEnvVars.secretArn]: settings.secretArn,
        [restoreValidationEnvVars.planArn]: settings.planArn,
        [restoreValidationEnvVars.planName]: settings.planName,
        [restoreValidationEnvVars.securityGroupIds]: settings.securityGroupIds.join(","),
        ...tlsEnvironment(settings.tls ?? { mode: "require" }),
    };
}

/** The content of validation.json. */
export function validationFile(settings: { queries: readonly ValidationQuery[]; timeoutMs?: number }): string {
    return JSON.stringify({ queries: settings.queries, timeoutMs: settings.timeoutMs ?? defaultValidationTimeoutMs }, null, 2);
}

/** validation.json beside the running bundle (/var/task in Lambda). */
export function readValidationFile(): string {
    return readFileSync(path.join(__dirname, validationFileName), "utf8");
}
