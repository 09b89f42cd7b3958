// The zod building blocks every argument group is written with: each error reads "what was seen;
// the fix", a value only the deployment knows (a pulumi Output) passes as it is, and the types a
// user writes (z.input) keep their pulumi Input wrapping.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** A value only the deployment will know (another resource's output): its shape is checked then. */
export function isDeferred(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** "a number", "an object", "an array": the expected type as a sentence says it. */
const withArticle = (type: string) => `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;

/** NaN and ±Infinity are numbers to typeof but not to zod: say "finite" so the message matches the value shown. */
export const isNonFinite = (value: unknown) => typeof value === "number" && !Number.isFinite(value);

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

/** `schema` on plain values; any pulumi Output or Promise passes as it is (the user writes a pulumi Input). */
export function deferrable<T extends z.ZodType>(schema: T) {
    return z.unknown().superRefine((value, ctx) => {
        if (isDeferred(value)) return;
        const result = schema.safeParse(value, { error: fallbackError });
        if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as PropertyKey[] });
    }) as unknown as z.ZodType<pulumi.Input<z.output<T>>, pulumi.Input<z.input<T>>>;
}

export const requiredString = (what: string, fix: string) => z.string({ error: (i) => (i.input === undefined ? `not set; ${fix}` : `is not ${what}; ${fix}`) }).min(1, { error: `is empty; ${fix}` });

export const wholeNumber = (min: number, max: number, fix = `set a value from ${min} to ${max}`) =>
    z
        .number({ error: (i) => `is not a ${isNonFinite(i.input) ? "finite " : ""}number; ${fix}` })
        .int({ error: `is not a whole number; ${fix}` })
        .min(min, { error: `is outside ${min}-${max}; ${fix}` })
        .max(max, { error: `is outside ${min}-${max}; ${fix}` });

export const percent = wholeNumber(1, 100, "set a percentage from 1 to 100");

/** `"a", "b" or "c"`: the allowed values as a message lists them. */
export function listOf(values: readonly string[]): string {
    return values
        .map((e) => JSON.stringify(e))
        .join(", ")
        .replace(/, ([^,]*)$/, " or $1");
}

export const identifierPattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const sqlNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A string argument whose problem (the message after the value) comes from a fact module's check. */
export function checkedString(problemOf: (value: string) => string | undefined) {
    return z.string().superRefine((value, ctx) => {
        const problem = problemOf(value);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    });
}

/**
 * `false`, or an object checked by `schema` (absent: the object's defaults). A union would word
 * every mistake as "Invalid input"; this keeps each field's own message.
 */
export function falseOr<T extends z.ZodType>(schema: T, fix: string) {
    return z
        .unknown()
        .optional()
        .transform((value, ctx): false | z.output<T> => {
            if (value === false) return false;
            if (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) {
                ctx.addIssue({ code: "custom", message: `is not false or an object; ${fix}` });
                return z.NEVER;
            }
            const parsed = schema.safeParse(value ?? {}, { error: fallbackError });
            if (parsed.success) return parsed.data;
            for (const issue of parsed.error.issues) ctx.addIssue({ ...(issue as object), path: [...issue.path] } as never);
            return z.NEVER;
        }) as unknown as z.ZodType<false | z.output<T>, false | z.input<T>>;
}
