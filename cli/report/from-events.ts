// Evidence from the engine's events of a `pulumi preview --policy-pack ./policies` run: the policy
// events are the findings; the per-resource and stack policy summaries tell which policies judged
// something (the engine lists a policy as passed or failed only when it was applicable).
import { packName } from "../../policies/registry";
import type { DbPolicy } from "../../policies/lib/define";
import { Evidence, RawFinding } from "./model";
import { InputError } from "./input-error";
import { EngineEvent } from "./read-input";
import { nameFromUrn, typeFromUrn } from "./state";
import { isDatabaseType } from "./from-resources";

export interface EventEvidence {
    evidence: Evidence;
    /** URNs of the resources the run registered or judged. */
    urns: string[];
    notes: string[];
}

/** The policy message without the engine's colour directives and the description line the SDK prepends. */
export function cleanPolicyMessage(raw: string, description: string | undefined): string {
    const text = raw
        .replace(/<\{%[^%]*%\}>/g, "")
        // eslint-disable-next-line no-control-regex -- the terminal's escape character starts a colour code
        .replace(/\u001b\[[0-9;]*m/g, "")
        .trim();
    if (description && text.startsWith(description)) {
        const rest = text.slice(description.length).trim();
        if (rest !== "") return rest;
    }
    return text;
}

export function evidenceFromEvents(events: readonly EngineEvent[], policies: readonly DbPolicy[], file: string): EventEvidence {
    const byName = new Map(policies.map((p) => [p.name, p]));
    const ours = (pack: string | undefined) => pack === packName;
    const urns = new Set<string>();
    const judged = new Set<string>();
    const stackJudged = new Set<string>();
    const findings: RawFinding[] = [];
    const otherFindings: Evidence["otherFindings"] = [];
    const seen = new Set<string>();
    let packRan = false;
    let summaries = 0;

    for (const e of events) {
        for (const meta of [e.resourcePreEvent?.metadata, e.resOutputsEvent?.metadata]) {
            if (typeof meta?.urn === "string") urns.add(meta.urn);
        }
        // Keys are "<name>" or, for a local pack, "<name>|local|<path>".
        if (Object.keys(e.summaryEvent?.PolicyPacks ?? {}).some((key) => key.split("|")[0] === packName)) packRan = true;

        // Only the analyze summaries: a remediate summary lists policies with no remediation as passed on every resource.
        const resourceSummary = e.policyAnalyzeSummaryEvent;
        if (resourceSummary && ours(resourceSummary.policyPackName)) {
            packRan = true;
            summaries++;
            if (resourceSummary.resourceUrn) urns.add(resourceSummary.resourceUrn);
            for (const name of [...(resourceSummary.passed ?? []), ...(resourceSummary.failed ?? [])]) judged.add(name);
        }
        const stackSummary = e.policyAnalyzeStackSummaryEvent;
        if (stackSummary && ours(stackSummary.policyPackName)) {
            packRan = true;
            summaries++;
            for (const name of [...(stackSummary.passed ?? []), ...(stackSummary.failed ?? [])]) stackJudged.add(name);
        }

        const violation = e.policyEvent;
        if (violation && typeof violation.policyName === "string") {
            const urn = violation.resourceUrn || undefined;
            if (urn) urns.add(urn);
            const policy = ours(violation.policyPackName) ? byName.get(violation.policyName) : undefined;
            const finding: RawFinding = {
                policy: violation.policyName,
                enforcementLevel: violation.enforcementLevel ?? "advisory",
                ...(urn ? { resource: nameFromUrn(urn), urn } : {}),
                message: cleanPolicyMessage(violation.message ?? "", policy?.description),
            };
            const key = JSON.stringify([violation.policyPackName, finding.policy, finding.urn, finding.enforcementLevel, finding.message]);
            if (seen.has(key)) continue;
            seen.add(key);
            if (policy) {
                packRan = true;
                judged.add(policy.name);
                // A violation reported at the remediate level blocks like a mandatory one (as the engine treats it).
                findings.push(finding.enforcementLevel === "remediate" ? { ...finding, enforcementLevel: "mandatory" } : finding);
            } else {
                if (ours(violation.policyPackName)) packRan = true;
                otherFindings.push({ ...finding, policyPack: violation.policyPackName ?? "(unknown pack)" });
            }
        }

        const remediation = e.policyRemediationEvent;
        if (remediation && ours(remediation.policyPackName) && remediation.policyName && byName.has(remediation.policyName)) {
            packRan = true;
            const urn = remediation.resourceUrn || undefined;
            const name = urn ? nameFromUrn(urn) : undefined;
            findings.push({
                policy: remediation.policyName,
                enforcementLevel: "remediate",
                ...(urn ? { resource: name, urn } : {}),
                message: `${name ?? "the stack"}: remediated by ${remediation.policyName}`,
            });
        }
    }

    if (!packRan) {
        throw new InputError(`${file} has no results from the ${packName} policy pack: write it with \`pulumi preview --policy-pack ./policies --event-log ${file}\``);
    }
    const stackHasDatabase = [...urns].some((u) => isDatabaseType(typeFromUrn(u)));
    const notes: string[] = [];
    if (stackHasDatabase) for (const name of stackJudged) judged.add(name);
    if (summaries === 0 && stackHasDatabase) {
        // Older engines log no policy summaries: count every policy as having judged the databases.
        for (const p of policies) judged.add(p.name);
        notes.push("The event log has no policy summaries (an older Pulumi CLI): policies without findings are counted as passed.");
    }
    return {
        evidence: { findings, applied: judged, notApplicableReasons: new Map(), otherFindings },
        urns: [...urns],
        notes,
    };
}
