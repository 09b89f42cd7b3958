// The report as SARIF 2.1.0 (code-scanning tools, GitHub): one rule per policy of the pack, one
// result per finding, located on the resource's URN (a logical location: a stack has no source
// lines to point at; a finding about the whole stack has no location).
import { createHash } from "crypto";
import { FindingLevel, ReadinessReport, ReportRule, configuredLevel, inReportOrder } from "./model";
import type { PolicyPackConfig } from "@pulumi/policy";

export const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";

type SarifLevel = "error" | "warning" | "note" | "none";

const resultLevel: Record<FindingLevel, SarifLevel> = { mandatory: "error", advisory: "warning", remediate: "note" };

function ruleLevel(level: string): SarifLevel {
    return level === "mandatory" || level === "remediate" ? "error" : level === "disabled" ? "none" : "warning";
}

/** GitHub code scanning ranks security results by this score (CVSS-like, 0.0-10.0). */
const securitySeverity: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

export function renderSarif(report: ReadinessReport, policies: readonly ReportRule[], config?: PolicyPackConfig): object {
    const rules = inReportOrder(policies);
    const index = new Map(rules.map((p, i) => [p.name, i]));
    const findings = report.items.flatMap((i) => i.findings);
    return {
        $schema: sarifSchema,
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: report.tool.name,
                        version: report.tool.version,
                        rules: rules.map((p) => {
                            const severity = p.severity ?? "medium";
                            const item = p.dbPreflight.checklistItem;
                            return {
                                id: p.name,
                                shortDescription: { text: p.description },
                                fullDescription: {
                                    text: `${p.description} Checklist item: ${item}.${p.dbPreflight.peers.length > 0 ? ` Matches: ${p.dbPreflight.peers.join(", ")}.` : ""}`,
                                },
                                help: { text: p.remediationSteps ?? p.description, markdown: p.remediationSteps ?? p.description },
                                defaultConfiguration: { level: ruleLevel(configuredLevel(p, config)) },
                                properties: {
                                    tags: [report.tool.policyPack, `checklist:${item}`, severity, ...(item === "security" ? ["security"] : [])],
                                    "security-severity": securitySeverity[severity] ?? "5.5",
                                    checklistItem: item,
                                    severity,
                                    peers: p.dbPreflight.peers,
                                },
                            };
                        }),
                    },
                },
                invocations: [{ executionSuccessful: true }],
                results: findings.map((f) => {
                    const urn = f.urn;
                    return {
                        ruleId: f.policy,
                        ...(index.has(f.policy) ? { ruleIndex: index.get(f.policy) } : {}),
                        level: resultLevel[f.enforcementLevel],
                        message: { text: f.message },
                        ...(urn
                            ? {
                                  locations: [
                                      {
                                          logicalLocations: [{ fullyQualifiedName: urn, name: f.resource ?? "stack", kind: "resource" }],
                                      },
                                  ],
                              }
                            : {}),
                        partialFingerprints: {
                            "dbPreflightFinding/v1": createHash("sha256")
                                .update(JSON.stringify([f.policy, urn ?? "", f.message]))
                                .digest("hex")
                                .slice(0, 32),
                        },
                        properties: {
                            checklistItem: f.checklistItem,
                            enforcementLevel: f.enforcementLevel,
                            severity: f.severity,
                            fix: f.fix,
                            ...(f.outcome ? { outcome: f.outcome } : {}),
                        },
                    };
                }),
                properties: {
                    ready: report.ready,
                    checklist: report.items.map((i) => ({ id: i.id, title: i.title, status: i.status, blocking: i.blocking })),
                },
            },
        ],
    };
}
