// The report as Markdown: a verdict, one summary table, then one section per checklist item with
// its policies and, per failing policy, the resources, messages and the fix.
import { ItemReport, ItemStatus, PolicyStatus, ReadinessReport, ReportFinding } from "./model";

const itemBadge: Record<ItemStatus, string> = { pass: "✅ pass", fail: "❌ fail", "not-applicable": "➖ not applicable", "cannot-verify": "❔ cannot verify" };
const policyBadge: Record<PolicyStatus, string> = {
    pass: "✅ pass",
    fail: "❌ fail",
    "not-applicable": "➖ not applicable",
    disabled: "⏸ disabled",
    "cannot-verify": "❔ cannot verify",
};

/** Text safe inside a table cell or a list item: one line, pipes escaped. */
function cell(text: string): string {
    return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function itemStatus(item: ItemReport): string {
    if (item.status !== "fail" && item.status !== "cannot-verify") return itemBadge[item.status];
    return `${itemBadge[item.status]} (${item.blocking ? "blocks go-live" : "advisory"})`;
}

function sourceLine(report: ReadinessReport): string {
    const s = report.source;
    if (s.kind === "live-account") {
        const where = [s.account && `account ${s.account}`, s.region].filter(Boolean).join(", ");
        return `${s.stack ? `Stack \`${s.stack}\`: ` : ""}${plural(s.databases, "database")} of \`${s.file}\` checked on the live AWS account${where ? ` (${where})` : ""} by db-preflight verify ${report.tool.version}.`;
    }
    const what = { "stack-export": "stack export", "event-log": "event log", "preview-json": "`pulumi preview --json` output" }[s.kind];
    const stack = s.stack ? `Stack \`${s.stack}\`: ` : "";
    return `${stack}${plural(s.resources, "resource")} (${plural(s.databases, "database")}) from the ${what} \`${s.file}\`, checked by the ${report.tool.policyPack} policy pack ${report.tool.version}.`;
}

function findingLine(f: ReportFinding): string {
    const where = f.resource !== undefined ? `**${cell(f.resource)}**` : "**stack**";
    const level = [f.outcome === "cannot-verify" ? "cannot verify" : "", f.enforcementLevel === "mandatory" ? "" : f.enforcementLevel].filter(Boolean).join(", ");
    return `- ${where}${level ? ` _(${level})_` : ""}: ${cell(f.message)}`;
}

/** `db-preflight verify`: one row per database, one column per checklist item it was checked on. */
function databaseTable(report: ReadinessReport): string[] {
    const databases = report.databases ?? [];
    if (databases.length === 0) return [];
    const items = report.items.filter((i) => databases.some((d) => d.items[i.id] !== undefined));
    const out = ["## Databases", "", `| Database | Ready | ${items.map((i) => i.title).join(" | ")} |`, `| --- | --- |${items.map(() => " --- |").join("")}`];
    for (const d of databases) {
        const cells = items.map((i) => {
            const status = d.items[i.id];
            return status === undefined ? "" : itemBadge[status];
        });
        out.push(`| \`${cell(d.identifier)}\` (${cell(d.resource)}) | ${d.ready ? "✅ yes" : "❌ no"} | ${cells.join(" | ")} |`);
    }
    out.push("");
    // What each check saw, passes included: the evidence behind "ready".
    for (const d of databases) {
        out.push(`### \`${cell(d.identifier)}\``, "");
        for (const c of d.checks) out.push(`- ${itemBadge[c.status].split(" ")[0]} \`${c.name}\`: ${cell(c.detail)}`);
        out.push("");
    }
    return out;
}

/** `rule` names what judged the item: a pack "Policy", or a verify "Check". */
function itemSection(item: ItemReport, rule = "Policy"): string[] {
    const reason = item.status === "not-applicable" && item.notApplicableReason ? `: ${item.notApplicableReason}` : "";
    const out = [`## ${item.title}`, "", `**Status:** ${itemStatus(item)}${reason}`, ""];
    if (item.policies.length > 0) {
        out.push(`| ${rule} | Level | Severity | Result |`, "| --- | --- | --- | --- |");
        for (const p of item.policies) {
            const result = p.status === "fail" || p.status === "cannot-verify" ? `${policyBadge[p.status]} (${plural(p.findings, "finding")})` : policyBadge[p.status];
            out.push(`| \`${p.name}\` | ${p.enforcementLevel} | ${p.severity} | ${result} |`);
        }
        out.push("");
    }
    const byPolicy = new Map<string, ReportFinding[]>();
    for (const f of item.findings) byPolicy.set(f.policy, [...(byPolicy.get(f.policy) ?? []), f]);
    for (const [policy, findings] of byPolicy) {
        const p = item.policies.find((x) => x.name === policy);
        out.push(`### \`${policy}\`${p ? ` (${p.enforcementLevel}, ${p.severity})` : ""}`, "");
        out.push(...findings.map(findingLine), "");
        if (findings.some((f) => f.enforcementLevel !== "remediate") && findings[0].fix) out.push(`**Fix:** ${cell(findings[0].fix)}`, "");
    }
    return out;
}

export function renderMarkdown(report: ReadinessReport): string {
    const { findings } = report.summary;
    const verdict = report.ready
        ? `# Go-live readiness: ✅ ready${findings.advisory > 0 ? ` (${plural(findings.advisory, "advisory finding")})` : ""}`
        : `# Go-live readiness: ❌ not ready (${plural(findings.mandatory, "mandatory finding")}${findings.advisory > 0 ? `, ${plural(findings.advisory, "advisory finding")}` : ""})`;
    const out = [verdict, "", sourceLine(report), ""];
    for (const note of report.source.notes) out.push(`> ${cell(note)}`, "");
    out.push(...databaseTable(report));
    out.push("| Checklist item | Status | Mandatory | Advisory |", "| --- | --- | --- | --- |");
    for (const item of report.items) {
        const n = (level: string) => item.findings.filter((f) => f.enforcementLevel === level).length;
        out.push(`| [${item.title}](#${anchor(item)}) | ${itemStatus(item)} | ${n("mandatory")} | ${n("advisory")} |`);
    }
    out.push("");
    for (const item of report.items) out.push(...itemSection(item, report.source.kind === "live-account" ? "Check" : "Policy"));
    if (report.otherFindings.length > 0) {
        out.push("## Other policy packs", "", "Findings of policies outside the checklist, from the same run:", "");
        for (const f of report.otherFindings)
            out.push(`- \`${f.policyPack}/${f.policy}\` (${f.enforcementLevel}) ${f.resource !== undefined ? `**${cell(f.resource)}**` : "**stack**"}: ${cell(f.message)}`);
        out.push("");
    }
    return out.join("\n");
}

/** GitHub's anchor for an item's heading. */
function anchor(item: ItemReport): string {
    return item.title
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}
