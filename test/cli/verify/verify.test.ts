// `db-preflight verify` end to end through the command line: a stack built by ProductionDatabase,
// an AWS account stood in by aws-sdk-client-mock (responses shaped as the API references give
// them), each check's pass, fail and cannot-verify paths, the report formats and the exit codes.
jest.mock("commander", () => require("../helpers").commanderAsCommonJs());
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("../../components/production-database/fixtures").lambdaBundleStandIn);
import { main } from "../../../cli/db-preflight";
import type { ReadinessReport } from "../../../cli/report/model";
import { tempFile } from "../helpers";
import { CapturedResource } from "../../support/capture";
import { Account, DAY, HOUR, ago, commands, componentResources, exportOf, healthyAccount, healthyDatabase, now } from "./support";

let resources: CapturedResource[];
let stateFile: string;
let account: Account;

beforeAll(async () => {
    resources = await componentResources();
    stateFile = tempFile("verify-state.json", exportOf(resources));
}, 120_000);
beforeEach(() => {
    account = healthyAccount(resources);
});
afterEach(() => account.restore());

async function verify(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(["verify", "--state", stateFile, ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), now: () => now });
    return { code, stdout, stderr };
}

async function json(...args: string[]): Promise<{ code: number; report: ReadinessReport; stderr: string }> {
    const r = await verify("--format", "json", ...args);
    if (r.stdout === "") throw new Error(r.stderr);
    return { code: r.code, report: JSON.parse(r.stdout) as ReadinessReport, stderr: r.stderr };
}

function check(report: ReadinessReport, name: string) {
    const found = report.databases![0].checks.find((c) => c.name === name);
    if (!found) throw new Error(`no check ${name}`);
    return found;
}

describe("db-preflight verify on a healthy account", () => {
    it("passes every check of the component's database and exits 0", async () => {
        const { code, report } = await json();
        expect(report.databases![0].checks.filter((c) => c.status !== "pass")).toEqual([]);
        expect(report.ready).toBe(true);
        expect(code).toBe(0);
        expect(report.source).toMatchObject({ kind: "live-account", stack: "production", databases: 1, account: "123456789012", region: "us-east-1" });
    });
});

/** An error as the SDK throws it for a call the caller's IAM policy does not allow. */
function denied(name = "AccessDeniedException"): Error {
    const e = new Error("User: arn:aws:iam::123456789012:user/ci is not authorized to perform this action");
    e.name = name;
    return e;
}

const db = () => healthyDatabase(resources);
const onDb = (a: Account, changes: object) => a.rds.on(commands.DescribeDBInstancesCommand, { DBInstanceIdentifier: "orders" }).resolves({ DBInstances: [{ ...db(), ...changes }] });

/** Each check: a way to make it fail on the account, what its message says, and the call whose denial it names. */
const cases: Array<{ check: string; item: string; breakIt: (a: Account) => void; says: RegExp; denyIt: (a: Account) => void; action: string }> = [
    {
        check: "backup-job-completed",
        item: "backups",
        breakIt: (a) =>
            a.backup.on(commands.ListBackupJobsCommand).resolves({
                BackupJobs: [
                    { BackupJobId: "job-today", State: "FAILED", StatusMessage: "Insufficient privileges to perform this action.", CreationDate: ago(2.5 * HOUR) },
                    { BackupJobId: "job-yesterday", State: "COMPLETED", CreationDate: ago(26.5 * HOUR) },
                ],
            }),
        says: /the latest backup job job-today .* ended FAILED: Insufficient privileges/,
        denyIt: (a) => a.backup.on(commands.ListBackupJobsCommand).rejects(denied()),
        action: "backup:ListBackupJobs",
    },
    {
        check: "copy-job-completed",
        item: "backups",
        breakIt: (a) => a.backup.on(commands.ListCopyJobsCommand).resolves({ CopyJobs: [] }),
        says: /no copy job to arn:aws:backup:us-west-2:123456789012:backup-vault:.* COMPLETED/,
        denyIt: (a) => a.backup.on(commands.ListCopyJobsCommand).rejects(denied()),
        action: "backup:ListCopyJobs",
    },
    {
        check: "pitr-current",
        item: "backups",
        breakIt: (a) => onDb(a, { LatestRestorableTime: ago(3 * HOUR) }),
        says: /LatestRestorableTime is .* \(3\.0 hours ago\); wanted within 15 minutes of now/,
        denyIt: (a) => a.rds.on(commands.DescribeDBInstancesCommand).rejects(denied("AccessDenied")),
        action: "rds:DescribeDBInstances",
    },
    {
        check: "restore-test-validated",
        item: "backups",
        breakIt: (a) =>
            a.backup.on(commands.ListRestoreJobsByProtectedResourceCommand).resolves({
                RestoreJobs: [
                    {
                        RestoreJobId: "restore-test-sunday",
                        Status: "COMPLETED",
                        CreationDate: ago(17 * HOUR),
                        ValidationStatus: "FAILED",
                        ValidationStatusMessage: 'relation "orders" does not exist',
                        CreatedBy: { RestoreTestingPlanArn: restorePlanArn() },
                    },
                ],
            }),
        says: /COMPLETED but its validation is FAILED: relation "orders" does not exist; wanted SUCCESSFUL/,
        denyIt: (a) => a.backup.on(commands.ListRestoreJobsByProtectedResourceCommand).rejects(denied()),
        action: "backup:ListRestoreJobsByProtectedResource",
    },
    {
        check: "master-secret-rotated",
        item: "users",
        breakIt: (a) =>
            a.secrets
                .on(commands.DescribeSecretCommand, { SecretId: db().MasterUserSecret!.SecretArn })
                .resolves({ RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 7 }, LastRotatedDate: ago(30 * DAY), CreatedDate: ago(60 * DAY) }),
        says: /last rotated .*30\.0 days ago.*; wanted within 7 days/,
        denyIt: (a) => a.secrets.on(commands.DescribeSecretCommand).rejects(denied()),
        action: "secretsmanager:DescribeSecret",
    },
    {
        check: "app-user-secrets-populated",
        item: "users",
        breakIt: (a) => {
            const secret = resources.find((r) => r.type === "aws:secretsmanager/secret:Secret")!;
            a.secrets.on(commands.DescribeSecretCommand, { SecretId: secret.outputs.arn as string }).resolves({ ARN: secret.outputs.arn as string, VersionIdsToStages: {} });
        },
        says: /has no AWSCURRENT version: it is empty, the provisioner never wrote the login/,
        denyIt: (a) => {
            const secret = resources.find((r) => r.type === "aws:secretsmanager/secret:Secret")!;
            a.secrets.on(commands.DescribeSecretCommand, { SecretId: secret.outputs.arn as string }).rejects(denied());
        },
        action: "secretsmanager:DescribeSecret",
    },
    {
        check: "parameter-group-in-sync",
        item: "security",
        breakIt: (a) => onDb(a, { DBParameterGroups: [{ DBParameterGroupName: "orders-postgres16", ParameterApplyStatus: "pending-reboot" }] }),
        says: /parameter group orders-postgres16 is pending-reboot \(TLS and other static parameters are not in force until a reboot\)/,
        denyIt: (a) => a.rds.on(commands.DescribeDBInstancesCommand).rejects(denied()),
        action: "rds:DescribeDBInstances",
    },
    {
        check: "not-publicly-accessible",
        item: "security",
        breakIt: (a) => onDb(a, { PubliclyAccessible: true }),
        says: /instance orders PubliclyAccessible is true; wanted false/,
        denyIt: (a) => a.rds.on(commands.DescribeDBInstancesCommand).rejects(denied()),
        action: "rds:DescribeDBInstances",
    },
    {
        check: "encryption-as-declared",
        item: "security",
        breakIt: (a) => onDb(a, { KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/00000000-1111-2222-3333-444444444444" }),
        says: /encrypted with arn:aws:kms:us-east-1:123456789012:key\/00000000-1111-2222-3333-444444444444; the stack declares kmsKeyId arn:aws:kms/,
        denyIt: (a) => a.rds.on(commands.DescribeDBInstancesCommand).rejects(denied()),
        action: "rds:DescribeDBInstances",
    },
    {
        check: "health-check-reporting",
        item: "monitoring",
        breakIt: (a) =>
            a.cloudwatch.on(commands.GetMetricStatisticsCommand).resolves({
                Datapoints: [
                    { Timestamp: ago(60_000), Minimum: 0, Unit: "Count" },
                    { Timestamp: ago(120_000), Minimum: 1, Unit: "Count" },
                ],
            }),
        says: /DbPreflight\/HealthCheck HealthCheckSucceeded \{DatabaseIdentifier=orders\} reported failure \(0\)/,
        denyIt: (a) => a.cloudwatch.on(commands.GetMetricStatisticsCommand).rejects(denied("AccessDenied")),
        action: "cloudwatch:GetMetricStatistics",
    },
    {
        check: "alarms-armed",
        item: "monitoring",
        breakIt: (a) =>
            a.cloudwatch.on(commands.DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
                MetricAlarms: (input.AlarmNames ?? [])
                    .filter((n) => n !== "orders-cpu")
                    .map((n) => ({
                        AlarmName: n,
                        ActionsEnabled: n !== "orders-free-storage",
                        AlarmActions: ["arn:aws:sns:us-east-1:123456789012:orders-alerts"],
                        StateValue: n === "orders-health-check" ? "ALARM" : "OK",
                        StateReason: "3 datapoints were less than the threshold",
                    })),
            })),
        says: /orders-cpu does not exist; orders-free-storage has its actions disabled; orders-health-check is in ALARM/,
        denyIt: (a) => a.cloudwatch.on(commands.DescribeAlarmsCommand).rejects(denied("AccessDenied")),
        action: "cloudwatch:DescribeAlarms",
    },
    {
        check: "alert-topics-confirmed",
        item: "monitoring",
        breakIt: (a) => a.sns.on(commands.GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: "0", SubscriptionsPending: "1", SubscriptionsDeleted: "0" } }),
        says: /has 0 confirmed subscription\(s\) and 1 pending confirmation: alerts reach nobody/,
        denyIt: (a) => a.sns.on(commands.GetTopicAttributesCommand).rejects(denied("AuthorizationError")),
        action: "sns:GetTopicAttributes",
    },
    {
        check: "event-subscription-active",
        item: "monitoring",
        breakIt: (a) =>
            a.rds.on(commands.DescribeEventSubscriptionsCommand).resolves({
                EventSubscriptionsList: [
                    {
                        CustSubscriptionId: "orders-events",
                        Status: "no-permission",
                        Enabled: true,
                        SourceType: "db-instance",
                        SourceIdsList: ["orders"],
                        SnsTopicArn: "arn:aws:sns:us-east-1:123456789012:orders-alerts",
                    },
                ],
            }),
        says: /orders-events is no-permission; wanted enabled and active/,
        denyIt: (a) => a.rds.on(commands.DescribeEventSubscriptionsCommand).rejects(denied()),
        action: "rds:DescribeEventSubscriptions",
    },
    {
        check: "drills-recent",
        item: "runbook",
        breakIt: (a) => onDb(a, { TagList: [{ Key: "restore-tested-at", Value: "2026-01-05" }] }),
        says: /restore-tested-at is "2026-01-05", 335 days old, more than 90: .*failover drill is recorded \(tag failover-tested-at missing\): after the drill, set `drills: \{ failoverTestedAt: "2026-12-06" \}` in the ProductionDatabase args of "orders"/,
        denyIt: (a) => a.rds.on(commands.DescribeDBInstancesCommand).rejects(denied()),
        action: "rds:DescribeDBInstances",
    },
];

function restorePlanArn(): string {
    return resources.find((r) => r.type === "aws:backup/restoreTestingPlan:RestoreTestingPlan")!.outputs.arn as string;
}

describe.each(cases)("$check", ({ check: name, item, breakIt, says, denyIt, action }) => {
    it("fails with a message naming what is wrong, and blocks go-live when mandatory", async () => {
        breakIt(account);
        const { code, report } = await json();
        const result = check(report, name);
        expect(result.status).toBe("fail");
        expect(result.detail).toMatch(says);
        const finding = report.items.find((i) => i.id === item)!.findings.find((f) => f.policy === name)!;
        expect(finding.message).toContain('aws.rds.Instance "orders" (orders): ');
        expect(finding.fix).not.toBe("");
        const mandatory = finding.enforcementLevel === "mandatory";
        expect(report.ready).toBe(!mandatory);
        expect(code).toBe(mandatory ? 1 : 0);
    });

    it("cannot verify when the call is denied, naming the missing IAM permission", async () => {
        denyIt(account);
        const { report, code } = await json();
        const result = check(report, name);
        expect(result.status).toBe("cannot-verify");
        expect(result.detail).toContain(`missing IAM permission ${action}`);
        expect(result.detail).not.toMatch(/\n| {4}at /);
        const finding = report.items.find((i) => i.id === item)!.findings.find((f) => f.policy === name)!;
        expect(finding.outcome).toBe("cannot-verify");
        // An advisory check that cannot be verified does not block by itself (the denied call may block others that read it).
        if (finding.enforcementLevel === "mandatory") expect(report.ready).toBe(false);
        expect(code).toBe(report.ready ? 0 : 1);
    });
});

describe("restore-test-validated before the restore testing plan has run", () => {
    it("accepts a recent restore drill recorded on the database, as the deploy gate does", async () => {
        account.backup.on(commands.ListRestoreJobsByProtectedResourceCommand).resolves({ RestoreJobs: [] });
        const { report } = await json();
        expect(check(report, "restore-test-validated")).toMatchObject({
            status: "pass",
            detail: expect.stringMatching(/^no AWS Backup restore test has run yet; a restore drill is recorded on 2026-11-26 \(10 days ago\)$/),
        });
    });

    it("fails when no drill is recorded either", async () => {
        account.backup.on(commands.ListRestoreJobsByProtectedResourceCommand).resolves({ RestoreJobs: [] });
        const file = tempFile("no-drill.json", exportOf(await componentResources({ drills: {} })));
        let stdout = "";
        const code = await main(["verify", "--state", file, "--format", "json"], { stdout: (t) => (stdout += t), stderr: () => undefined, now: () => now });
        const report = JSON.parse(stdout) as ReadinessReport;
        expect(check(report, "restore-test-validated").detail).toMatch(
            /^no restore test of aws\.backup\.RestoreTestingPlan "orders-restore-test" has run for it yet; wanted one COMPLETED with validation SUCCESSFUL/,
        );
        expect(code).toBe(1);
    }, 120_000);
});

describe("what verify asks AWS", () => {
    it("asks each API once per database (alarms for both alarm checks, the event subscriptions once per region)", async () => {
        await json();
        expect(account.cloudwatch.commandCalls(commands.DescribeAlarmsCommand)).toHaveLength(1);
        expect(account.rds.commandCalls(commands.DescribeEventSubscriptionsCommand)).toHaveLength(1);
        expect(account.rds.commandCalls(commands.DescribeDBInstancesCommand)).toHaveLength(1);
        const described = account.cloudwatch.commandCalls(commands.DescribeAlarmsCommand)[0].args[0].input;
        expect(described.AlarmNames).toEqual(
            resources
                .filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")
                .map((a) => a.outputs.name)
                .sort(),
        );
    });

    it("never reads a secret's value in the read-only checks", async () => {
        await json();
        expect(account.secrets.commandCalls(commands.GetSecretValueCommand)).toHaveLength(0);
    });
});

describe("master-secret-rotated reads the rotation period the secret has", () => {
    it.each([
        [{ ScheduleExpression: "rate(4 days)" }, 6, "fail", /wanted within 4 days/],
        [{ ScheduleExpression: "cron(0 8 ? * MON *)" }, 6, "pass", /every 7 days/],
        [{ AutomaticallyAfterDays: 30 }, 20, "pass", /every 30 days/],
    ])("%j, last rotated %d days ago: %s", async (rules, days, status, detail) => {
        const db = healthyDatabase(resources);
        account.secrets.on(commands.DescribeSecretCommand, { SecretId: db.MasterUserSecret!.SecretArn }).resolves({ RotationEnabled: true, RotationRules: rules, LastRotatedDate: ago(days * DAY) });
        const { report } = await json();
        expect(check(report, "master-secret-rotated")).toMatchObject({ status, detail: expect.stringMatching(detail) });
    });
});
