// `db-preflight report` run in-process on an exported state, a real preview event log and a
// `pulumi preview --json` document: the report's sections, its JSON shape, exit codes, and the
// one-line errors for input it cannot use.
import * as fs from "fs";
import { checklistItems } from "../../policies/lib/define";
import { checklistTitles, policies, policiesOf } from "../../policies/registry";
import { compliantStack } from "../fixtures/compliant-stack";
import { cli, fixture, stackExport, tempFile } from "./helpers";
import type { ReadinessReport } from "../../cli/report/model";

jest.mock("commander", () => require("./helpers").commanderAsCommonJs());

const state = fixture("noncompliant-state.json");
const eventLog = fixture("preview-events.json");
const previewJson = fixture("preview.json");
const remediation = (name: string) => policies.find((p) => p.name === name)!.remediationSteps;

async function jsonReport(...argv: string[]): Promise<{ code: number; report: ReadinessReport }> {
    const run = await cli("report", ...argv, "--format", "json");
    expect(run.stderr).toBe("");
    return { code: run.code, report: JSON.parse(run.stdout) as ReadinessReport };
}

/** A bad-input run: exit code 2, nothing on stdout, exactly one line on stderr and no stack trace. */
async function expectOneLineError(argv: string[], pattern: RegExp): Promise<void> {
    const run = await cli(...argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).toMatch(pattern);
}

describe("db-preflight --help", () => {
    it("describes the report command, its inputs, formats and exit codes", async () => {
        const top = await cli("--help");
        expect(top.code).toBe(0);
        expect(top.stdout).toMatch(/Usage: db-preflight/);
        expect(top.stdout).toMatch(/report \[options\]/);

        const report = await cli("report", "--help");
        expect(report.code).toBe(0);
        for (const flag of ["--state <file>", "--event-log <file>", "--format <format>", "--config <file>", "--output <file>"]) {
            expect(report.stdout).toContain(flag);
        }
        expect(report.stdout).toMatch(/"markdown", "json", "sarif"/);
        expect(report.stdout).toMatch(/Exit codes: 0 ready, 1 a mandatory checklist item fails, 2/);
    });
});

describe("a report from an exported stack state (`pulumi stack export`)", () => {
    it("prints Markdown: the verdict, a summary row and a section per checklist item, and exits 1 on a mandatory failure", async () => {
        const run = await cli("report", "--state", state);
        expect(run.code).toBe(1);
        expect(run.stderr).toBe("");
        const md = run.stdout;
        expect(md).toMatch(/^# Go-live readiness: ❌ not ready \(\d+ mandatory findings?/);
        expect(md).toMatch(/Stack `production`: 4 resources \(1 database\) from the stack export/);

        // One summary row and one section per checklist item, in checklist order.
        const sections = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        expect(sections).toEqual(checklistItems.map((i) => checklistTitles[i]));
        for (const item of checklistItems) expect(md).toContain(`| [${checklistTitles[item]}](#`);

        // The backups section: failing, blocking, with the finding on the instance and the policy's fix.
        const backups = md.slice(md.indexOf(`## ${checklistTitles.backups}`), md.indexOf(`## ${checklistTitles.users}`));
        expect(backups).toContain("**Status:** ❌ fail (blocks go-live)");
        expect(backups).toMatch(/\| `db-backup-retention` \| mandatory \| high \| ❌ fail \(1 finding\) \|/);
        expect(backups).toMatch(/- \*\*orders\*\*: aws\.rds\.Instance "orders": backupRetentionPeriod is 1; wanted at least 7 days/);
        expect(backups).toContain(`**Fix:** ${remediation("db-backup-retention")}`);

        // The security group open to the world is named through its database.
        expect(md).toMatch(/- \*\*orders-db\*\*: aws\.ec2\.SecurityGroup "orders-db": ingress\[0\]\.cidrBlocks is \["0\.0\.0\.0\/0"\]/);
        // The encrypted password is reported as unknown, not guessed.
        expect(md).toMatch(/> 2 secret value\(s\) are encrypted in the export/);
    });

    it("has a JSON form: six items, each with a status, its policies and findings carrying resource, URN, message and fix", async () => {
        const { code, report } = await jsonReport("--state", state);
        expect(code).toBe(1);
        expect(report.ready).toBe(false);
        expect(report.tool).toMatchObject({ name: "db-preflight", policyPack: "db-preflight" });
        expect(report.source).toMatchObject({ kind: "stack-export", stack: "production", resources: 4, databases: 1 });
        expect(report.items.map((i) => i.id)).toEqual([...checklistItems]);

        for (const item of report.items) {
            expect(["pass", "fail", "not-applicable"]).toContain(item.status);
            expect(item.title).toBe(checklistTitles[item.id]);
            expect(item.policies.map((p) => p.name).sort()).toEqual(
                policiesOf(item.id)
                    .map((p) => p.name)
                    .sort(),
            );
            expect(item.blocking).toBe(item.findings.some((f) => f.enforcementLevel === "mandatory"));
            if (item.status === "not-applicable") expect(item.notApplicableReason).toEqual(expect.any(String));
            for (const f of item.findings) {
                expect(f.checklistItem).toBe(item.id);
                expect(f.fix).toBe(remediation(f.policy));
                expect(f.message).not.toBe("");
            }
        }
        const retention = report.items.find((i) => i.id === "backups")!.findings.find((f) => f.policy === "db-backup-retention");
        expect(retention).toMatchObject({
            enforcementLevel: "mandatory",
            severity: "high",
            resource: "orders",
            urn: "urn:pulumi:production::orders::aws:rds/instance:Instance::orders",
        });
        const all = report.items.flatMap((i) => i.findings);
        expect(report.summary.findings.mandatory).toBe(all.filter((f) => f.enforcementLevel === "mandatory").length);
        expect(report.summary.items.fail).toBe(report.items.filter((i) => i.status === "fail").length);
    });

    it("passes and exits 0 on a stack that meets the checklist", async () => {
        const file = tempFile("compliant-state.json", stackExport(compliantStack()));
        const run = await cli("report", "--state", file);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^# Go-live readiness: ✅ ready/);
        expect(run.stdout).not.toContain("❌");
    });

    it("applies a policy pack config: all advisory means nothing blocks (exit 0), a disabled policy is reported as such", async () => {
        const config = tempFile("advisory.json", { all: "advisory", "db-backup-retention": "disabled" });
        const { code, report } = await jsonReport("--state", state, "--config", config);
        expect(code).toBe(0);
        expect(report.ready).toBe(true);
        const findings = report.items.flatMap((i) => i.findings);
        expect(findings.length).toBeGreaterThan(0);
        expect(findings.every((f) => f.enforcementLevel === "advisory")).toBe(true);
        expect(findings.some((f) => f.policy === "db-backup-retention")).toBe(false);
        const backups = report.items.find((i) => i.id === "backups")!;
        expect(backups.policies.find((p) => p.name === "db-backup-retention")).toMatchObject({ enforcementLevel: "disabled", status: "disabled" });
        expect(backups).toMatchObject({ status: "fail", blocking: false });
    });

    it("reports an item as not applicable, with the reason, when its policies are scoped to other stacks", async () => {
        const scoped = Object.fromEntries(policiesOf("backups").map((p) => [p.name, { productionStacks: "prod-.*" }]));
        const { report } = await jsonReport("--state", state, "--config", tempFile("scoped.json", scoped));
        const backups = report.items.find((i) => i.id === "backups")!;
        expect(backups).toMatchObject({ status: "not-applicable", blocking: false, findings: [] });
        expect(backups.notApplicableReason).toMatch(/stack "production" does not match productionStacks "prod-\.\*"/);
    });

    it("writes the report to --output instead of stdout", async () => {
        const out = tempFile("report.md", "");
        const run = await cli("report", "--state", state, "--output", out);
        expect(run.code).toBe(1);
        expect(run.stdout).toBe("");
        expect(fs.readFileSync(out, "utf8")).toMatch(/^# Go-live readiness/);
    });
});

describe("a report from a preview's event log (`pulumi preview --policy-pack ./policies --event-log f.json`)", () => {
    const logged = fs
        .readFileSync(eventLog, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as { policyEvent?: { policyName: string; enforcementLevel: string; resourceUrn: string } })
        .flatMap((e) => (e.policyEvent ? [e.policyEvent] : []));

    it("reports the engine's policy events by checklist item, without the description line and colour codes the engine adds", async () => {
        const { code, report } = await jsonReport("--event-log", eventLog);
        expect(code).toBe(1);
        expect(report.source).toMatchObject({ kind: "event-log", stack: "production", databases: 1 });
        const findings = report.items.flatMap((i) => i.findings);
        const known = new Set(policies.map((p) => p.name));
        const expected = logged.filter((e) => known.has(e.policyName));
        expect(findings.filter((f) => f.enforcementLevel !== "remediate")).toHaveLength(expected.length);
        expect(new Set(findings.map((f) => f.policy))).toEqual(new Set(expected.map((e) => e.policyName)));

        const retention = findings.find((f) => f.policy === "db-backup-retention")!;
        expect(retention.message).toBe('aws.rds.Instance "orders": backupRetentionPeriod is 1; wanted at least 7 days. Fix: set `backupRetentionPeriod: 14` in the aws.rds.Instance args of "orders".');
        expect(retention).toMatchObject({ resource: "orders", urn: "urn:pulumi:production::orders::aws:rds/instance:Instance::orders" });
    });

    it("marks as passed the policies the engine's summaries list as passed", async () => {
        const { report } = await jsonReport("--event-log", eventLog);
        const ca = report.items.flatMap((i) => i.policies).find((p) => p.name === "db-ca-certificate");
        expect(ca).toMatchObject({ status: "pass", findings: 0 });
    });

    it("reads the single document `pulumi preview --json` prints by running the pack on its steps", async () => {
        const { code, report } = await jsonReport("--event-log", previewJson);
        expect(code).toBe(1);
        expect(report.source).toMatchObject({ kind: "preview-json", stack: "production", databases: 1 });
        expect(report.items.find((i) => i.id === "backups")!.findings.map((f) => f.policy)).toContain("db-backup-retention");
    });

    it("lists other packs' findings apart from the checklist", async () => {
        const other = JSON.stringify({
            sequence: 99,
            policyEvent: {
                resourceUrn: "urn:pulumi:production::orders::aws:rds/instance:Instance::orders",
                message: "Checks whether RDS DB instances have backups enabled.\nRDS Instances must have backups enabled.\n",
                policyName: "rds-instance-backup-enabled",
                policyPackName: "pulumi-awsguard",
                enforcementLevel: "advisory",
            },
        });
        const file = tempFile("two-packs.json", `${fs.readFileSync(eventLog, "utf8")}${other}\n`);
        const run = await cli("report", "--event-log", file);
        expect(run.stdout).toMatch(/## Other policy packs[\s\S]*`pulumi-awsguard\/rds-instance-backup-enabled` \(advisory\) \*\*orders\*\*/);
    });
});

describe("input the report cannot use: one line on stderr, exit code 2", () => {
    it("a missing file", () => expectOneLineError(["report", "--state", "no-such-state.json"], /cannot read no-such-state\.json: no such file/));
    it("a file that is not JSON", () => expectOneLineError(["report", "--state", tempFile("notes.txt", "hello\nworld\n")], /notes\.txt is not JSON .*pulumi stack export/));
    it("an empty file", () => expectOneLineError(["report", "--event-log", tempFile("empty.json", "\n")], /empty\.json is empty/));
    it("a state from another tool", () =>
        expectOneLineError(["report", "--state", tempFile("terraform.tfstate", { version: 4, terraform_version: "1.9.0", resources: [] })], /is a Terraform state but not a Pulumi stack export/));
    it("an event log given as a state, and a state given as an event log", async () => {
        await expectOneLineError(["report", "--state", eventLog], /is a Pulumi event log, not a stack export: pass it with --event-log/);
        await expectOneLineError(["report", "--event-log", state], /is a Pulumi stack export, not an event log: pass it with --state/);
    });
    it("an event log with no engine events", () => expectOneLineError(["report", "--event-log", tempFile("no-events.json", '{"a":1}\n{"b":2}\n')], /has no Pulumi engine events/));
    it("an event log of a preview run without the pack", () =>
        expectOneLineError(
            ["report", "--event-log", tempFile("no-pack.json", '{"sequence":0,"preludeEvent":{"config":{}}}\n{"sequence":1,"summaryEvent":{"PolicyPacks":{},"isPreview":true}}\n')],
            /has no results from the db-preflight policy pack: write it with `pulumi preview --policy-pack \.\/policies --event-log/,
        ));
    it("a line of an event log that is not JSON", () =>
        expectOneLineError(["report", "--event-log", tempFile("broken.json", '{"sequence":0,"policyLoadEvent":{}}\nnot json\n{"sequence":2,"cancelEvent":{}}\n')], /broken\.json:2 is not JSON/));
    it("no input, or two", async () => {
        await expectOneLineError(["report"], /give one input: --state <file> .* or --event-log <file>/);
        await expectOneLineError(["report", "--state", state, "--event-log", eventLog], /cannot be used with option '--event-log <file>'/);
    });
    it("an unknown format or option", async () => {
        await expectOneLineError(["report", "--state", state, "--format", "xml"], /argument 'xml' is invalid\. Allowed choices are markdown, json, sarif/);
        await expectOneLineError(["report", "--stat", state], /unknown option '--stat'/);
    });
    it("a policy pack config naming a policy the pack does not have, or an invalid setting", async () => {
        await expectOneLineError(
            ["report", "--state", state, "--config", tempFile("typo.json", { "db-backup-retension": "advisory" })],
            /"db-backup-retension" is not a policy of the pack \(did you mean "db-backup-retention"\?\)/,
        );
        await expectOneLineError(["report", "--state", state, "--config", tempFile("bad-value.json", { "db-backup-retention": { minDays: 90 } })], /"db-backup-retention\.minDays" is 90: .*35/);
    });
});
