// How a policy is written: its metadata, its config shape and its check in one object, turned
// here into the @pulumi/policy Policy the pack registers. Each policy file calls one of these.
import type { EnforcementLevel, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, Severity, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { z } from "zod";
import { ConfigShape, ScopeConfig, outOfScopeReason, parsePolicyConfig, stackFromUrn, toPolicyConfigSchema } from "./config";
import { StackUnderCheck, stackUnderCheck } from "./stack";
import { ResourceUnderCheck, resourceUnderCheck } from "./resource";
import { show } from "./values";

/** The six areas of the pre-production checklist. */
export const checklistItems = ["backups", "users", "security", "config", "monitoring", "runbook"] as const;
export type ChecklistItem = (typeof checklistItems)[number];

export interface PolicyMetadata<S extends ConfigShape> {
    /** Unique policy name, e.g. "db-backup-retention". */
    name: string;
    checklistItem: ChecklistItem;
    /** One sentence: what a compliant stack has. */
    description: string;
    severity: Severity;
    /** Default enforcement level: mandatory where data loss or exposure is at stake. */
    enforcementLevel: Extract<EnforcementLevel, "mandatory" | "advisory">;
    /** What to change, in Pulumi TypeScript terms. */
    remediationSteps: string;
    /** Peer rules that check the same thing (Checkov, Trivy, AWS Config, Security Hub, cdk-nag); empty when none. */
    peers: readonly string[];
    /** Thresholds and lists this policy reads (zod shape); the scope keys are added for every policy. */
    config: S;
}

export type PolicyConfigOf<S extends ConfigShape> = z.infer<z.ZodObject<S>> & ScopeConfig;

/** What a violation says: the property, the value seen, the value wanted, and the fix in Pulumi TypeScript. */
export interface Violation {
    property: string;
    seen: unknown;
    wanted: string;
    fix: string;
}

export interface ResourceReport {
    violation(v: Violation): void;
    /** The property cannot be judged yet (unknown during preview): say so, as an advisory note. */
    unknown(property: string): void;
    /** Advisory whatever the policy's level: the resource could not be judged, for the reason given. */
    note(message: string): void;
}

export interface StackReport {
    violation(resource: ResourceUnderCheck, v: Violation): void;
    unknown(resource: ResourceUnderCheck, property: string): void;
    /** Advisory whatever the policy's level: `resource` could not be judged (e.g. it names a group outside the stack). */
    note(resource: ResourceUnderCheck, message: string): void;
}

export interface ResourcePolicySpec<S extends ConfigShape> extends PolicyMetadata<S> {
    /** Pulumi type tokens this policy judges; other types are not applicable. */
    resourceTypes: readonly string[];
    check(resource: ResourceUnderCheck, config: PolicyConfigOf<S>, report: ResourceReport): void;
    /**
     * Safe fixes that need no decision and never force a replacement: the properties to set, or
     * undefined when nothing needs fixing. Runs only when the policy's level is "remediate".
     */
    remediate?(resource: ResourceUnderCheck, config: PolicyConfigOf<S>): Record<string, unknown> | undefined;
}

export interface StackPolicySpec<S extends ConfigShape> extends PolicyMetadata<S> {
    /** Pulumi type tokens of the databases (and database-side resources) this policy judges, for the README reference. */
    judges?: readonly string[];
    check(stack: StackUnderCheck, config: PolicyConfigOf<S>, report: StackReport): void;
}

/** The extra metadata the pack's own tools (registry, report, README) read from a registered policy. */
export interface DbPreflightMetadata {
    checklistItem: ChecklistItem;
    peers: readonly string[];
    configShape: ConfigShape;
    kind: "resource" | "stack";
    resourceTypes?: readonly string[];
    /** Stack policies: the database types they judge (resource policies list resourceTypes). */
    judges?: readonly string[];
}

export type DbResourcePolicy = ResourceValidationPolicy & { dbPreflight: DbPreflightMetadata };
export type DbStackPolicy = StackValidationPolicy & { dbPreflight: DbPreflightMetadata };
export type DbPolicy = DbResourcePolicy | DbStackPolicy;

export function formatViolation(label: string, v: Violation): string {
    return `${label}: ${v.property} is ${show(v.seen)}; wanted ${v.wanted}. Fix: ${v.fix}`;
}

export function formatUnknown(label: string, property: string): string {
    return `${label}: ${property} is not known during preview, so this policy cannot judge it yet; ` + `it is checked again when \`pulumi up\` runs with the real value.`;
}

/** Advisory notes travel as the SDK's object form of reportViolation, which carries its own level. */
function reportAdvisory(reportViolation: ReportViolation, message: string, urn: string | undefined): void {
    (reportViolation as unknown as (info: object, urn?: string) => void)({ message, urn, enforcementLevel: "advisory" }, urn);
}

function sdkMetadata<S extends ConfigShape>(spec: PolicyMetadata<S>) {
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        severity: spec.severity,
        remediationSteps: spec.remediationSteps,
        tags: [`checklist:${spec.checklistItem}`],
        configSchema: toPolicyConfigSchema(spec.config),
    };
}

/**
 * Parses a policy's config once per distinct config: the engine hands the same settings to every
 * call, and a zod parse per resource would dominate the cost of a 10,000-resource stack.
 */
function configParser<S extends ConfigShape>(spec: PolicyMetadata<S>): (raw: unknown) => PolicyConfigOf<S> {
    const parsed = new Map<string, PolicyConfigOf<S>>();
    return (raw) => {
        const key = JSON.stringify(raw ?? {});
        let config = parsed.get(key);
        if (!config) {
            config = parsePolicyConfig(spec.name, spec.config, raw) as PolicyConfigOf<S>;
            parsed.set(key, config);
        }
        return config;
    };
}

export function defineResourcePolicy<S extends ConfigShape>(spec: ResourcePolicySpec<S>): DbResourcePolicy {
    const types = new Set(spec.resourceTypes);

    /** The resource and its config when the policy applies to it; otherwise not applicable. */
    const configOf = configParser(spec);
    const prepare = (args: ResourceValidationArgs) => {
        if (!types.has(args.type)) args.notApplicable(`applies to ${spec.resourceTypes.join(", ")}`);
        const config = configOf(args.getConfig());
        const outOfScope = outOfScopeReason(config, stackFromUrn(args.urn), args.stackTags);
        if (outOfScope) args.notApplicable(outOfScope);
        return { resource: resourceUnderCheck(args), config };
    };

    const policy: DbResourcePolicy = {
        ...sdkMetadata(spec),
        validateResource: (args, reportViolation) => {
            const { resource, config } = prepare(args);
            spec.check(resource, config, {
                violation: (v) => reportViolation(formatViolation(resource.label, v)),
                unknown: (property) => reportAdvisory(reportViolation, formatUnknown(resource.label, property), args.urn),
                note: (message) => reportAdvisory(reportViolation, `${resource.label}: ${message}`, args.urn),
            });
        },
        dbPreflight: {
            checklistItem: spec.checklistItem,
            peers: spec.peers,
            configShape: spec.config,
            kind: "resource",
            resourceTypes: spec.resourceTypes,
        },
    };
    if (spec.remediate) {
        const remediate = spec.remediate;
        policy.remediateResource = (args) => {
            const { resource, config } = prepare(args);
            const changes = remediate(resource, config);
            if (!changes || Object.keys(changes).length === 0) return undefined;
            // Write through the SDK's proxy so secret inputs stay secret.
            const props = args.props as Record<string, unknown>;
            for (const [key, value] of Object.entries(changes)) props[key] = value;
            return props;
        };
    }
    return policy;
}

export function defineStackPolicy<S extends ConfigShape>(spec: StackPolicySpec<S>): DbStackPolicy {
    const configOf = configParser(spec);
    return {
        ...sdkMetadata(spec),
        validateStack: (args: StackValidationArgs, reportViolation) => {
            const config = configOf(args.getConfig());
            const outOfScope = outOfScopeReason(config, stackFromUrn(args.resources[0]?.urn), args.stackTags);
            if (outOfScope) args.notApplicable(outOfScope);
            const stack = stackUnderCheck(args.resources);
            spec.check(stack, config, {
                violation: (r, v) => reportViolation(formatViolation(r.label, v), r.urn),
                unknown: (r, property) => reportAdvisory(reportViolation, formatUnknown(r.label, property), r.urn),
                note: (r, message) => reportAdvisory(reportViolation, `${r.label}: ${message}`, r.urn),
            });
        },
        dbPreflight: {
            checklistItem: spec.checklistItem,
            peers: spec.peers,
            configShape: spec.config,
            kind: "stack",
            ...(spec.judges ? { judges: spec.judges } : {}),
        },
    };
}
