// Policy configuration: each policy declares its thresholds as a zod object; the pack adds the
// scope keys every policy shares, exports the result as the JSON Schema the SDK wants, and parses
// what the engine passes (defaults filled in by zod, so a policy never sees a missing key).
import { z } from "zod";
import type { PolicyConfigSchema } from "@pulumi/policy";

/** Keys every policy accepts: which stacks count as production. */
export const scopeShape = {
    productionStacks: z
        .string()
        .optional()
        .describe(
            "Regular expression matched against the whole stack name; stacks that do not match are reported as not applicable (e.g. \"^prod(-.*)?$\"). Unset: every stack is in scope.",
        ),
    productionStackTag: z
        .string()
        .optional()
        .describe(
            "Stack tag that marks production stacks, as \"key\" or \"key=value\" (e.g. \"environment=production\"). Unset: every stack is in scope.",
        ),
};

export type ScopeConfig = { productionStacks?: string; productionStackTag?: string };

export type ConfigShape = z.ZodRawShape;

export function configSchemaOf(shape: ConfigShape) {
    return z.object({ ...scopeShape, ...shape }).strict();
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
export function parsePolicyConfig<S extends ConfigShape>(
    policyName: string,
    shape: S,
    raw: unknown,
): z.infer<z.ZodObject<S>> & ScopeConfig {
    const parsed = configSchemaOf(shape).safeParse(raw ?? {});
    if (!parsed.success) {
        const issues = parsed.error.issues
            .map((i) => `${i.path.join(".") || "(config)"}: ${i.message}`)
            .join("; ");
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
export function outOfScopeReason(
    scope: ScopeConfig,
    stack: string | undefined,
    stackTags: ReadonlyMap<string, string>,
): string | undefined {
    if (scope.productionStacks !== undefined) {
        let pattern: RegExp;
        try {
            pattern = new RegExp(`^(?:${scope.productionStacks})$`);
        } catch (e) {
            throw new Error(`productionStacks ${JSON.stringify(scope.productionStacks)} is not a valid regular expression: ${(e as Error).message}`);
        }
        if (stack === undefined || !pattern.test(stack)) {
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
