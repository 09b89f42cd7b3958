// Evidence from resources (an exported state, or the steps of a preview): the pack run in-process
// with evaluate(), each policy watched for whether it judged anything or said "not applicable".
import type { PolicyPackConfig, ReportViolation, ResourceValidation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { evaluate, ResourceInput } from "../../policies/evaluate";
import { databaseTypes } from "../../policies/lib/databases";
import type { DbPolicy } from "../../policies/lib/define";
import { Evidence } from "./model";
import { InputError } from "./input-error";

export interface RunOptions {
    policies: readonly DbPolicy[];
    config?: PolicyPackConfig;
    preview: boolean;
    stackTags?: Record<string, string>;
}

const databaseTypeSet = new Set<string>(databaseTypes);

export function isDatabaseType(type: string | undefined): boolean {
    return type !== undefined && databaseTypeSet.has(type);
}

export function hasDatabase(resources: readonly { type: string }[]): boolean {
    return resources.some((r) => isDatabaseType(r.type));
}

export async function evidenceFromResources(resources: ResourceInput[], options: RunOptions): Promise<Evidence> {
    const judged = new Set<string>();
    const reasons = new Map<string, string>();
    const stackHasDatabase = hasDatabase(resources);

    /** Runs a check with notApplicable watched; a check that returns or throws anything else has judged. */
    const watch = async (name: string, run: (notApplicable: (reason?: string) => never) => unknown, forward: (reason?: string) => never, judges = true) => {
        let skipped = false;
        try {
            await run((reason?: string) => {
                skipped = true;
                if (reason && !reasons.has(name)) reasons.set(name, reason);
                return forward(reason);
            });
        } finally {
            if (!skipped && judges) judged.add(name);
        }
    };
    const watchResource =
        (name: string, validate: ResourceValidation): ResourceValidation =>
        (args: ResourceValidationArgs, report: ReportViolation) =>
            watch(name, (notApplicable) => validate({ ...args, notApplicable }, report), args.notApplicable);

    const watched = options.policies.map((p): DbPolicy => {
        if ("validateStack" in p) {
            return {
                ...p,
                // A stack policy only judges something when the stack has a database in it.
                validateStack: (args: StackValidationArgs, report) => watch(p.name, (notApplicable) => p.validateStack({ ...args, notApplicable }, report), args.notApplicable, stackHasDatabase),
            };
        }
        const validate = p.validateResource;
        if (!validate) return p;
        return {
            ...p,
            validateResource: Array.isArray(validate) ? validate.map((v) => watchResource(p.name, v)) : watchResource(p.name, validate),
        };
    });

    let findings;
    try {
        findings = await evaluate(resources, {
            policies: watched,
            preview: options.preview,
            ...(options.config ? { config: options.config } : {}),
            ...(options.stackTags ? { stackTags: options.stackTags } : {}),
        });
    } catch (e) {
        throw new InputError(oneLine((e as Error).message ?? String(e)));
    }
    return { findings, applied: judged, notApplicableReasons: reasons, otherFindings: [] };
}

export function oneLine(text: string): string {
    return text.replace(/\s*\n\s*/g, " ").trim();
}
