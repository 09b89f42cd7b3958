// verify's report in the three formats `report` prints (one model): a database with a failing check,
// one that cannot be verified and the rest passing. The README's "Before go-live" sample is this
// run's Markdown: the test fails when it is stale (UPDATE_README=1 rewrites it).
jest.mock("commander", () => require("../helpers").commanderAsCommonJs());
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("../../components/production-database/fixtures").lambdaBundleStandIn);
import * as fs from "fs";
import * as path from "path";
import { main } from "../../../cli/db-preflight";
import type { ReadinessReport } from "../../../cli/report/model";
import { sarifSchema } from "../../../cli/report/sarif";
import { verifyChecks } from "../../../cli/verify/checks";
import { CapturedResource } from "../../support/capture";
import { Account, commands, componentResources, exportOf, healthyAccount, healthyDatabase, now } from "./support";

let resources: CapturedResource[];
let account: Account;

beforeAll(async () => {
    resources = await componentResources();
}, 120_000);
beforeEach(() => {
    account = healthyAccount(resources);
    // The alert topic's only subscriber has not clicked the confirmation link yet.
    account.sns.on(commands.GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: "0", SubscriptionsPending: "1", SubscriptionsDeleted: "0" } });
    // rds.force_ssl was changed and waits for a reboot.
    const db = healthyDatabase(resources);
    account.rds.on(commands.DescribeDBInstancesCommand, { DBInstanceIdentifier: "orders" }).resolves({
        DBInstances: [{ ...db, DBParameterGroups: [{ DBParameterGroupName: db.DBParameterGroups![0].DBParameterGroupName, ParameterApplyStatus: "pending-reboot" }] }],
    });
    // The CI role was not granted AWS Backup's restore job listing.
    account.backup
        .on(commands.ListRestoreJobsByProtectedResourceCommand)
        .rejects(Object.assign(new Error("User is not authorized to perform: backup:ListRestoreJobsByProtectedResource"), { name: "AccessDeniedException" }));
});
afterEach(() => account.restore());

async function run(format: string): Promise<{ code: number; stdout: string }> {
    let stdout = "";
    let stderr = "";
    const text = JSON.stringify(exportOf(resources));
    const code = await main(["verify", "--stack", "production", "--format", format], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        now: () => now,
        pulumi: () => ({ status: 0, stdout: text, stderr: "" }),
    });
    if (!stdout) throw new Error(stderr);
    return { code, stdout };
}

describe("verify's report formats", () => {
    it("JSON: the readiness model with each item's status and a summary per database", async () => {
        const { code, stdout } = await run("json");
        const report = JSON.parse(stdout) as ReadinessReport;
        expect(code).toBe(1);
        expect(report.ready).toBe(false);
        expect(Object.fromEntries(report.items.map((i) => [i.id, [i.status, i.blocking]]))).toEqual({
            backups: ["cannot-verify", true],
            users: ["pass", false],
            security: ["fail", true],
            config: ["not-applicable", false],
            monitoring: ["fail", true],
            runbook: ["pass", false],
        });
        expect(report.summary).toEqual({ items: { pass: 2, fail: 2, "not-applicable": 1, "cannot-verify": 1 }, findings: { mandatory: 3, advisory: 0, remediate: 0 } });
        expect(report.databases).toEqual([
            expect.objectContaining({ identifier: "orders", ready: false, items: { backups: "cannot-verify", users: "pass", security: "fail", monitoring: "fail", runbook: "pass" } }),
        ]);
        const cannot = report.items[0].findings[0];
        expect(cannot).toMatchObject({ policy: "restore-test-validated", outcome: "cannot-verify", enforcementLevel: "mandatory", resource: 'aws.rds.Instance "orders"' });
        expect(cannot.message).toBe(
            'aws.rds.Instance "orders" (orders): cannot verify: missing IAM permission backup:ListRestoreJobsByProtectedResource (AccessDeniedException); grant it (see `db-preflight verify --print-iam-policy`)',
        );
    });

    it("SARIF: one rule per verify check, one result per finding on the database's URN, cannot-verify marked", async () => {
        const { stdout } = await run("sarif");
        const sarif = JSON.parse(stdout);
        expect(sarif.$schema).toBe(sarifSchema);
        const run0 = sarif.runs[0];
        expect(run0.tool.driver.rules.map((r: { id: string }) => r.id).sort()).toEqual(verifyChecks.map((c) => c.name).sort());
        expect(run0.results.map((r: { ruleId: string; level: string; properties: { outcome?: string } }) => [r.ruleId, r.level, r.properties.outcome ?? "fail"])).toEqual([
            ["restore-test-validated", "error", "cannot-verify"],
            ["parameter-group-in-sync", "error", "fail"],
            ["alert-topics-confirmed", "error", "fail"],
        ]);
        const instanceUrn = resources.find((r) => r.type === "aws:rds/instance:Instance")!.urn;
        for (const r of run0.results) expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toBe(instanceUrn);
        expect(run0.properties.ready).toBe(false);
    });

    it("Markdown: the verdict, the per-database summary, what each check saw, and each finding with its fix", async () => {
        const { stdout } = await run("markdown");
        expect(stdout).toMatch(/^# Go-live readiness: ❌ not ready \(3 mandatory findings\)\n/);
        expect(stdout).toContain('| `orders` (aws.rds.Instance "orders") | ❌ no | ❔ cannot verify | ✅ pass | ❌ fail | ❌ fail | ✅ pass |');
        expect(stdout).toContain("| [Backups and restore](#backups-and-restore) | ❔ cannot verify (blocks go-live) | 1 | 0 |");
        expect(stdout).toContain("| `restore-test-validated` | mandatory | critical | ❔ cannot verify (1 finding) |");
        expect(stdout).toContain(
            '- **aws.rds.Instance "orders"** _(cannot verify)_: aws.rds.Instance "orders" (orders): cannot verify: missing IAM permission backup:ListRestoreJobsByProtectedResource',
        );
        expect(stdout).toMatch(
            /- ❌ `alert-topics-confirmed`: arn:aws:sns:us-east-1:123456789012:orders-alerts-[0-9a-f]+ has 0 confirmed subscription\(s\) and 1 pending confirmation: alerts reach nobody/,
        );
        expect(stdout).toContain("- ✅ `backup-job-completed`: latest backup job COMPLETED, started 2026-12-06T21:00Z (2.5 hours ago)");
        expect(stdout).toContain("**Fix:** Reboot the database in its maintenance window");
    });

    it('is the sample in the README\'s "Before go-live" section', async () => {
        const { stdout } = await run("markdown");
        const readmeFile = path.join(__dirname, "..", "..", "..", "README.md");
        const readme = fs.readFileSync(readmeFile, "utf8");
        const [start, end] = ["<!-- verify-sample:start -->", "<!-- verify-sample:end -->"];
        const sample = `\n<!-- Generated by test/cli/verify/formats.test.ts from a mocked account (UPDATE_README=1 rewrites it). -->\n\n\`\`\`markdown\n${stdout.trimEnd()}\n\`\`\`\n`;
        const i = readme.indexOf(start);
        const j = readme.indexOf(end);
        expect(i).toBeGreaterThan(0);
        expect(j).toBeGreaterThan(i);
        const current = readme.slice(i + start.length, j);
        if (current !== sample && process.env.UPDATE_README === "1") {
            fs.writeFileSync(readmeFile, `${readme.slice(0, i + start.length)}${sample}${readme.slice(j)}`);
            return;
        }
        expect(current).toBe(sample);
    });
});
