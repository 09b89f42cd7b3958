// Policy configuration: each policy declares its thresholds as a zod object; the pack adds the
// scope keys every policy shares, exports the result as the JSON Schema the SDK wants, and parses
// what the engine passes (defaults filled in by zod, so a policy never sees a missing key).
import { z } from "zod";
import { RE2JS } from "re2js";
import type { PolicyConfigSchema } from "@pulumi/policy";

/**
 * productionStacks patterns are matched with RE2 (re2js), whose matching time is linear in the
 * stack name whatever the pattern: a pattern such as "(a+)+b" cannot hang a preview the way it
 * hangs JavaScript's backtracking RegExp. RE2 has no lookaround or backreferences; a pattern that
 * uses them is refused with RE2's reason.
 */
const compiledPatterns = new Map<string, RE2JS>();

function compileStackPattern(pattern: string): RE2JS {
    let compiled = compiledPatterns.get(pattern);
    if (!compiled) {
        compiled = RE2JS.compile(pattern);
        compiledPatterns.set(pattern, compiled);
    }
    return compiled;
}

/** Why a productionStacks pattern cannot be used, or undefined when it can. */
export function stackPatternProblem(pattern: string): string | undefined {
    if (pattern.trim() === "") {
        return 'an empty pattern matches no stack, so every policy would be skipped everywhere; give a pattern such as "prod(-.*)?", or leave the key out to gate every stack';
    }
    try {
        compileStackPattern(pattern);
        return undefined;
    } catch (e) {
        return `${JSON.stringify(pattern)} is not a regular expression the pack can match safely (RE2 syntax: no lookaround, no backreferences): ${(e as Error).message}`;
    }
}

/** Whether the whole stack name matches a productionStacks pattern (linear time, see above). */
export function stackMatches(pattern: string, stack: string): boolean {
    return compileStackPattern(pattern).matches(stack);
}

/** Keys every policy accepts: which stacks count as production. */
export const scopeShape = {
    productionStacks: z
        .string()
        .superRefine((pattern, ctx) => {
            const problem = stackPatternProblem(pattern);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .optional()
        .describe(
            'Regular expression (RE2 syntax, matched in linear time) against the whole stack name; stacks that do not match are reported as not applicable (e.g. "prod(-.*)?"). Unset: every stack is in scope.',
        ),
    productionStackTag: z
        .string()
        .superRefine((tag, ctx) => {
            if (tag.split("=")[0].trim() === "") {
                ctx.addIssue({ code: "custom", message: 'the tag key is empty; give "key" or "key=value", e.g. "environment=production"' });
            }
        })
        .optional()
        .describe('Stack tag that marks production stacks, as "key" or "key=value" (e.g. "environment=production"). Unset: every stack is in scope.'),
};

export type ScopeConfig = { productionStacks?: string; productionStackTag?: string };

export type ConfigShape = z.ZodRawShape;

const schemas = new WeakMap<ConfigShape, ReturnType<typeof buildConfigSchema>>();

function buildConfigSchema(shape: ConfigShape) {
    return z.object({ ...scopeShape, ...shape }).strict();
}

/** A policy's config schema (scope keys included), built once per shape: building a zod object costs more than parsing with it. */
export function configSchemaOf(shape: ConfigShape) {
    let schema = schemas.get(shape);
    if (!schema) schemas.set(shape, (schema = buildConfigSchema(shape)));
    return schema;
}

/** The JSON Schema (draft 7, as the engine validates) of a policy's configuration. */
export function toPolicyConfigSchema(shape: ConfigShape): PolicyConfigSchema {
    const json = z.toJSONSchema(configSchemaOf(shape), { io: "input", target: "draft-7" }) as {
        properties?: PolicyConfigSchema["properties"];
        required?: string[];
    };
    return { properties: json.properties ?? {}, ...(json.required?.length ? { required: json.required } : {}) };
}

/** Parses the config the engine passed for one policy; a bad value fails with the policy and key named. */
export function parsePolicyConfig<S extends ConfigShape>(policyName: string, shape: S, raw: unknown): z.infer<z.ZodObject<S>> & ScopeConfig {
    const parsed = configSchemaOf(shape).safeParse(raw ?? {});
    if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(config)"}: ${i.message}`).join("; ");
        throw new Error(`policy "${policyName}" has invalid configuration: ${issues}. Fix the policy pack config file.`);
    }
    return parsed.data as z.infer<z.ZodObject<S>> & ScopeConfig;
}

/** The stack name from a URN (urn:pulumi:<stack>::<project>::<type>::<name>). */
export function stackFromUrn(urn: string | undefined): string | undefined {
    const match = /^urn:pulumi:([^:]+)::/.exec(urn ?? "");
    return match?.[1];
}

/** Why a stack is outside the configured production scope, or undefined when it is in scope. */
export function outOfScopeReason(scope: ScopeConfig, stack: string | undefined, stackTags: ReadonlyMap<string, string>): string | undefined {
    if (scope.productionStacks !== undefined) {
        const problem = stackPatternProblem(scope.productionStacks);
        if (problem) throw new Error(`productionStacks: ${problem}`);
        if (stack === undefined || !stackMatches(scope.productionStacks, stack)) {
            return `stack ${JSON.stringify(stack ?? "")} does not match productionStacks ${JSON.stringify(scope.productionStacks)}`;
        }
    }
    if (scope.productionStackTag !== undefined) {
        const [key, ...rest] = scope.productionStackTag.split("=");
        const wanted = rest.length > 0 ? rest.join("=") : undefined;
        const actual = stackTags.get(key);
        if (actual === undefined || (wanted !== undefined && actual !== wanted)) {
            return `stack has no tag ${scope.productionStackTag} (productionStackTag)`;
        }
    }
    return undefined;
}
