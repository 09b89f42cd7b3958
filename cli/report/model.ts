// The go-live readiness report: the pack's findings grouped by checklist item, each item pass,
// fail or not applicable, each finding with its resource, message and fix. Every output format
// (Markdown, JSON, SARIF) renders this one model.
import type { EnforcementLevel, PolicyPackConfig } from "@pulumi/policy";
import { ChecklistItem, DbPolicy, DbPreflightMetadata, checklistItems } from "../../policies/lib/define";
import { checklistTitles, packName } from "../../policies/registry";

export type FindingLevel = "mandatory" | "advisory" | "remediate";

/**
 * What the report reads of a rule: a policy of the pack, or a check of `db-preflight verify` (which
 * judges the live account rather than a stack, with the same metadata).
 */
export type ReportRule = Pick<DbPolicy, "name" | "description" | "enforcementLevel" | "severity" | "remediationSteps"> & {
    dbPreflight: Pick<DbPreflightMetadata, "checklistItem" | "peers">;
};

/** A finding that says a check could not be made (`db-preflight verify`: a permission is missing), not that it failed. */
export type FindingOutcome = "cannot-verify";

/** A finding as a run of the pack reports it (evaluate() or the engine's policy events). */
export interface RawFinding {
    policy: string;
    enforcementLevel: string;
    resource?: string;
    urn?: string;
    message: string;
    outcome?: FindingOutcome;
}

/** What one run of the pack tells besides its findings: which policies judged anything. */
export interface Evidence {
    findings: RawFinding[];
    /** Policies that judged at least one resource, or the stack with a database in it. */
    applied: ReadonlySet<string>;
    /** Why a policy judged nothing, when it said so (e.g. the stack is outside its production scope). */
    notApplicableReasons: ReadonlyMap<string, string>;
    /** Findings of policies of other packs in the same run (reported, not part of the checklist). */
    otherFindings: Array<RawFinding & { policyPack: string }>;
}

export interface Source {
    /** live-account: `db-preflight verify` asked the AWS account about the stack's databases. */
    kind: "stack-export" | "event-log" | "preview-json" | "live-account";
    file: string;
    stack?: string;
    resources: number;
    databases: number;
    /** What the reader should know about the input (hidden secrets, preview-time unknowns). */
    notes: string[];
    /** live-account: where the account was asked. */
    account?: string;
    region?: string;
}

export interface ReportFinding {
    policy: string;
    checklistItem: ChecklistItem;
    enforcementLevel: FindingLevel;
    severity: string;
    resource?: string;
    urn?: string;
    message: string;
    /** The policy's remediation steps. */
    fix: string;
    outcome?: FindingOutcome;
}

export type PolicyStatus = "pass" | "fail" | "not-applicable" | "disabled" | "cannot-verify";
export type ItemStatus = "pass" | "fail" | "not-applicable" | "cannot-verify";

export interface PolicyResult {
    name: string;
    enforcementLevel: EnforcementLevel;
    severity: string;
    status: PolicyStatus;
    findings: number;
}

export interface ItemReport {
    id: ChecklistItem;
    title: string;
    status: ItemStatus;
    /** A mandatory finding: this item blocks go-live. */
    blocking: boolean;
    notApplicableReason?: string;
    policies: PolicyResult[];
    findings: ReportFinding[];
}

export interface ReadinessReport {
    tool: { name: string; version: string; policyPack: string };
    source: Source;
    /** No mandatory finding. */
    ready: boolean;
    summary: {
        items: Record<ItemStatus, number>;
        findings: Record<FindingLevel, number>;
    };
    items: ItemReport[];
    otherFindings: Array<RawFinding & { policyPack: string }>;
    /** `db-preflight verify`: each database's result per checklist item. */
    databases?: DatabaseSummary[];
    /** `db-preflight verify --drill restore`: what the drill measured and cleaned up. */
    drill?: DrillReport;
}

export interface DrillReport {
    kind: "restore";
    database: string;
    status: "passed" | "failed" | "interrupted";
    recoveryPoint?: { arn: string; createdAt: string };
    temporaryInstance?: string;
    /** The queries the restored copy answered. */
    validation?: string[];
    /** Seconds from the restore request to the validation query answering on the copy (RTO). */
    restoreSeconds?: number;
    /** Seconds between the recovery point and the start of the drill: the data a restore would lose (RPO). */
    dataAgeSeconds?: number;
    error?: string;
    /** What the drill created and what became of it. */
    cleanup: string[];
    /** How to record the drill's date where the deploy gate and verify read it. */
    record?: string;
    /** The drill's result as Markdown. */
    summary: string;
}

/** One database's line of the `db-preflight verify` summary. */
export interface DatabaseSummary {
    resource: string;
    urn: string;
    identifier: string;
    /** No mandatory check failed or went unverified. */
    ready: boolean;
    items: Partial<Record<ChecklistItem, ItemStatus>>;
    checks: Array<{ name: string; checklistItem: ChecklistItem; status: "pass" | "fail" | "cannot-verify" | "not-applicable"; detail: string }>;
}

/** The level a policy runs at under a `--policy-pack-config` file, as the engine reconciles it. */
export function configuredLevel(policy: ReportRule, config: PolicyPackConfig = {}): EnforcementLevel {
    const levelIn = (c: PolicyPackConfig[string] | undefined) => (typeof c === "string" ? c : c?.enforcementLevel);
    return levelIn(config[policy.name]) ?? levelIn(config.all) ?? policy.enforcementLevel ?? "advisory";
}

/** The engine's and evaluate()'s levels as a finding level; undefined for levels that report nothing. */
export function findingLevel(level: string): FindingLevel | undefined {
    switch (level) {
        case "mandatory":
            return "mandatory";
        case "advisory":
        case "warning": // older engines' word for advisory
            return "advisory";
        case "remediate":
            return "remediate";
        default:
            return undefined;
    }
}

/** The pack's policies in report order: checklist order, then by name (independent of how the registry was built). */
export function inReportOrder<R extends ReportRule>(policies: readonly R[]): R[] {
    const rank = (p: R) => checklistItems.indexOf(p.dbPreflight.checklistItem);
    return [...policies].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

export function buildReport(evidence: Evidence, source: Source, options: { policies: readonly ReportRule[]; config?: PolicyPackConfig; version: string }): ReadinessReport {
    const ordered = inReportOrder(options.policies);
    const byName = new Map(ordered.map((p) => [p.name, p]));
    const findings: ReportFinding[] = [];
    for (const f of evidence.findings) {
        const policy = byName.get(f.policy);
        const level = findingLevel(f.enforcementLevel);
        if (!policy || !level) continue;
        findings.push({
            policy: f.policy,
            checklistItem: policy.dbPreflight.checklistItem,
            enforcementLevel: level,
            severity: policy.severity ?? "medium",
            ...(f.resource !== undefined ? { resource: f.resource } : {}),
            ...(f.urn !== undefined ? { urn: f.urn } : {}),
            message: f.message,
            fix: policy.remediationSteps ?? "",
        });
    }
    const policyRank = new Map(ordered.map((p, i) => [p.name, i]));
    findings.sort((a, b) => policyRank.get(a.policy)! - policyRank.get(b.policy)! || (a.resource ?? "").localeCompare(b.resource ?? "") || a.message.localeCompare(b.message));

    const items = checklistItems.map((item): ItemReport => {
        const itemPolicies = ordered.filter((p) => p.dbPreflight.checklistItem === item);
        const itemFindings = findings.filter((f) => f.checklistItem === item);
        const violations = itemFindings.filter((f) => f.enforcementLevel !== "remediate");
        const results = itemPolicies.map((p): PolicyResult => {
            const level = configuredLevel(p, options.config);
            const own = violations.filter((f) => f.policy === p.name).length;
            const status: PolicyStatus = level === "disabled" ? "disabled" : own > 0 ? "fail" : evidence.applied.has(p.name) ? "pass" : "not-applicable";
            return { name: p.name, enforcementLevel: level, severity: p.severity ?? "medium", status, findings: own };
        });
        const status: ItemStatus = violations.length > 0 ? "fail" : results.some((r) => r.status === "pass") ? "pass" : "not-applicable";
        return {
            id: item,
            title: checklistTitles[item],
            status,
            blocking: violations.some((f) => f.enforcementLevel === "mandatory"),
            ...(status === "not-applicable" ? { notApplicableReason: notApplicableReason(results, evidence, source) } : {}),
            policies: results,
            findings: itemFindings,
        };
    });

    const count = <K extends string>(keys: readonly K[], of: (k: K) => number) => Object.fromEntries(keys.map((k) => [k, of(k)])) as Record<K, number>;
    return {
        tool: { name: "db-preflight", version: options.version, policyPack: packName },
        source,
        ready: !items.some((i) => i.blocking),
        summary: {
            items: count(["pass", "fail", "not-applicable", "cannot-verify"] as const, (s) => items.filter((i) => i.status === s).length),
            findings: count(["mandatory", "advisory", "remediate"] as const, (l) => findings.filter((f) => f.enforcementLevel === l).length),
        },
        items,
        otherFindings: evidence.otherFindings,
    };
}

function notApplicableReason(results: readonly PolicyResult[], evidence: Evidence, source: Source): string {
    if (results.length === 0) return "the pack has no policy for this item yet";
    if (results.every((r) => r.status === "disabled")) return "every policy of this item is disabled by the policy pack config";
    const said = results.map((r) => evidence.notApplicableReasons.get(r.name)).find((r) => r !== undefined);
    if (said) return said;
    return source.databases === 0 ? "the stack has no database" : "no resource in the stack is one these policies judge";
}
