// The queries a restore validation runs on the restored copy: first the health query (the copy logs
// in and answers), then the user's checks, each of which must answer exactly one row holding one
// true value (e.g. `SELECT count(*) > 0 FROM orders`). The component's arguments and the Lambda's
// environment read the same schema, so what a user may write is checked before anything deploys.
import { z } from "zod";

export interface ValidationQuery {
    /** Names the check in the result message, e.g. "orders present". */
    name: string;
    /** One SELECT that answers a single true. It runs in a READ ONLY transaction with a statement timeout. */
    sql: string;
    /** The database to run it in; default: the component's initial database. */
    database?: string;
}

/** The health query every validation runs first, in the initial database: the copy logs in and answers. */
export const healthQuery: ValidationQuery = { name: "health", sql: "SELECT 1 = 1" };

/** Database names as the provisioner and the engines accept them: letters, digits, underscores. */
const databaseNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Highest timeout for a whole validation: a Lambda function runs at most 15 minutes. */
export const maxValidationTimeoutMs = 600_000;
export const defaultValidationTimeoutMs = 60_000;

export const validationQuerySchema = z.strictObject({
    name: z
        .string({ error: (i) => (i.input === undefined ? 'not set; name the check, e.g. "orders present"' : 'is not a string; name the check, e.g. "orders present"') })
        .min(1, { error: 'is empty; name the check, e.g. "orders present"' })
        .max(100, { error: "is longer than 100 characters; use a short name" }),
    sql: z
        .string({
            error: (i) =>
                i.input === undefined ? 'not set; write one SELECT that answers a single true, e.g. "SELECT count(*) > 0 FROM orders"' : "is not a string; write one SELECT that answers a single true",
        })
        .trim()
        .min(1, { error: 'is empty; write one SELECT that answers a single true, e.g. "SELECT count(*) > 0 FROM orders"' })
        .max(10_000, { error: "is longer than 10000 characters; keep the check to one short SELECT" })
        // One statement: a second one (after a `;`) would run outside the check's meaning.
        .refine((sql) => !/;\s*\S/.test(sql.replace(/;\s*$/, "").replace(/'(?:[^']|'')*'/g, "''")), {
            error: "holds more than one statement; write a single SELECT (no `;` between statements)",
        }),
    database: z
        .string({ error: "is not a string; name the database the query runs in" })
        .regex(databaseNamePattern, { error: "is not a database name; use letters, digits and underscores, starting with a letter, at most 63" })
        .optional(),
});

/** Unique names: a result message that says which check failed must not be ambiguous. */
export const validationQueriesSchema = z.array(validationQuerySchema, { error: "is not a list of queries; list { name, sql, database? } checks" }).superRefine((queries, ctx) => {
    const seen = new Set<string>([healthQuery.name]);
    queries.forEach((q, i) => {
        if (seen.has(q.name)) {
            ctx.addIssue({
                code: "custom",
                path: [i, "name"],
                message: `names another check too${q.name === healthQuery.name ? ' ("health" is the built-in health query)' : ""}; give each check its own name`,
            });
        }
        seen.add(q.name);
    });
});

/** What a check's single value must be: true (PostgreSQL), or 1 (MySQL and MariaDB have no boolean type). */
export function isTrue(value: unknown): boolean {
    return value === true || value === 1 || value === "1" || value === 1n || value === "t" || value === "true";
}
