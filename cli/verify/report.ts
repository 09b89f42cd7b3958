// Runs the checks on each database and builds the readiness report of `db-preflight report`'s
// model from them: per checklist item pass / fail / cannot-verify / not applicable, findings with
// the database, the message and the fix, and a summary line per database.
import { checklistItems } from "../../policies/lib/define";
import { checklistTitles, packName } from "../../policies/registry";
import { DatabaseSummary, ItemReport, ItemStatus, PolicyResult, PolicyStatus, ReadinessReport, ReportFinding, Source, inReportOrder } from "../report/model";
import { AwsAccess, CannotVerify, oneLineMessage } from "./aws";
import { CheckContext, DatabaseMissing, SharedLookups, Thresholds } from "./context";
import { Outcome, VerifyCheck } from "./checks/define";
import { Target } from "./targets";
import { InputError } from "../report/input-error";

export type CheckStatus = DatabaseSummary["checks"][number]["status"];

export interface CheckResult {
    target: Target;
    check: VerifyCheck;
    status: CheckStatus;
    detail: string;
    permission?: string;
}

/** One check on one database: its outcome, or cannot-verify with the reason; never an exception. */
export async function runCheck(check: VerifyCheck, ctx: CheckContext): Promise<CheckResult> {
    const base = { target: ctx.target, check };
    try {
        const outcome: Outcome = await check.run(ctx);
        return { ...base, status: outcome.status, detail: outcome.detail };
    } catch (e) {
        if (e instanceof InputError) throw e;
        if (e instanceof DatabaseMissing) {
            const where = [ctx.target.account && `account ${ctx.target.account}`, ctx.region].filter(Boolean).join(", ");
            return {
                ...base,
                status: "fail",
                detail: `${ctx.target.kind === "cluster" ? "DB cluster" : "DB instance"} ${ctx.target.identifier} does not exist${where ? ` in ${where}` : ""}; wanted the database the stack deployed`,
            };
        }
        if (e instanceof CannotVerify) return { ...base, status: "cannot-verify", detail: e.message, ...(e.permission ? { permission: e.permission } : {}) };
        return { ...base, status: "cannot-verify", detail: `AWS answered ${oneLineMessage(e)}` };
    }
}

export async function runChecks(
    targets: readonly Target[],
    checks: readonly VerifyCheck[],
    options: { aws: AwsAccess; thresholds: Thresholds; now: number; concurrency?: number },
): Promise<CheckResult[]> {
    const shared = new SharedLookups(options.aws);
    const results: CheckResult[][] = new Array(targets.length);
    let next = 0;
    // A few databases at a time: each asks a handful of APIs, and AWS throttles bursts.
    const worker = async () => {
        while (next < targets.length) {
            const i = next++;
            const ctx = new CheckContext(targets[i], options.aws, shared, options.thresholds, options.now);
            results[i] = await Promise.all(checks.map((c) => runCheck(c, ctx)));
        }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, targets.length) }, worker));
    return results.flat();
}

/** What to do when a check could not be made: grant the permission, or look at the error. */
function cannotVerifyFix(r: CheckResult): string {
    return r.permission
        ? `Grant ${r.permission} to the identity verify runs as (\`db-preflight verify --print-iam-policy\` prints every action it needs), then run verify again.`
        : "Run verify again; if the error stays, check the database exists in the account and region verify asked (--region, the credentials' account).";
}

const rank: Record<CheckStatus, number> = { fail: 3, "cannot-verify": 2, pass: 1, "not-applicable": 0 };
const worst = (statuses: readonly CheckStatus[]): CheckStatus | undefined => (statuses.length === 0 ? undefined : statuses.reduce((a, b) => (rank[b] > rank[a] ? b : a)));

function summaryOf(target: Target, results: readonly CheckResult[]): DatabaseSummary {
    const items: DatabaseSummary["items"] = {};
    for (const item of checklistItems) {
        const status = worst(results.filter((r) => r.check.dbPreflight.checklistItem === item).map((r) => r.status));
        if (status !== undefined) items[item] = status;
    }
    return {
        resource: target.db.label,
        urn: target.db.urn,
        identifier: target.identifier ?? target.db.name,
        ready: !results.some((r) => r.check.enforcementLevel === "mandatory" && (r.status === "fail" || r.status === "cannot-verify")),
        items,
        checks: results.map((r) => ({ name: r.check.name, checklistItem: r.check.dbPreflight.checklistItem, status: r.status, detail: r.detail })),
    };
}

export function buildVerifyReport(results: readonly CheckResult[], checks: readonly VerifyCheck[], source: Source, version: string): ReadinessReport {
    const ordered = inReportOrder(checks);
    const byTarget = new Map<Target, CheckResult[]>();
    const byCheck = new Map<string, CheckResult[]>();
    for (const r of results) {
        byTarget.set(r.target, [...(byTarget.get(r.target) ?? []), r]);
        const list = byCheck.get(r.check.name);
        if (list) list.push(r);
        else byCheck.set(r.check.name, [r]);
    }

    const items = checklistItems.map((item): ItemReport => {
        const itemChecks = ordered.filter((c) => c.dbPreflight.checklistItem === item);
        const findings: ReportFinding[] = [];
        const policies = itemChecks.map((c): PolicyResult => {
            const own = byCheck.get(c.name) ?? [];
            const bad = own.filter((r) => r.status === "fail" || r.status === "cannot-verify");
            for (const r of bad) {
                findings.push({
                    policy: c.name,
                    checklistItem: item,
                    enforcementLevel: c.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
                    severity: c.severity ?? "medium",
                    resource: r.target.db.label,
                    urn: r.target.db.urn,
                    message: `${r.target.db.label} (${r.target.identifier ?? "no identifier"}): ${r.status === "cannot-verify" ? `cannot verify: ${r.detail}` : r.detail}`,
                    fix: r.status === "cannot-verify" ? cannotVerifyFix(r) : (c.remediationSteps ?? ""),
                    ...(r.status === "cannot-verify" ? { outcome: "cannot-verify" as const } : {}),
                });
            }
            const status = (worst(own.map((r) => r.status)) ?? "not-applicable") as PolicyStatus;
            return { name: c.name, enforcementLevel: c.enforcementLevel ?? "advisory", severity: c.severity ?? "medium", status, findings: bad.length };
        });
        const status = (worst(policies.map((p) => p.status as CheckStatus)) ?? "not-applicable") as ItemStatus;
        const blocking = findings.some((f) => f.enforcementLevel === "mandatory");
        return {
            id: item,
            title: checklistTitles[item],
            status,
            blocking,
            ...(status === "not-applicable"
                ? {
                      notApplicableReason:
                          itemChecks.length === 0
                              ? "verify has no live check for this item (the deploy gate judges it)"
                              : source.databases === 0
                                ? "the stack has no database"
                                : "nothing to check on the live account",
                  }
                : {}),
            policies,
            findings,
        };
    });
    const all = items.flatMap((i) => i.findings);
    return {
        tool: { name: "db-preflight", version, policyPack: packName },
        source,
        ready: !items.some((i) => i.blocking),
        summary: {
            items: {
                pass: items.filter((i) => i.status === "pass").length,
                fail: items.filter((i) => i.status === "fail").length,
                "not-applicable": items.filter((i) => i.status === "not-applicable").length,
                "cannot-verify": items.filter((i) => i.status === "cannot-verify").length,
            },
            findings: {
                mandatory: all.filter((f) => f.enforcementLevel === "mandatory").length,
                advisory: all.filter((f) => f.enforcementLevel === "advisory").length,
                remediate: 0,
            },
        },
        items,
        otherFindings: [],
        databases: [...byTarget.entries()].map(([t, r]) => summaryOf(t, r)),
    };
}
