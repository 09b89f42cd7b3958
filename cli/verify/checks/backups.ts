// Backups and restore, as the account shows them: the latest AWS Backup job and copy job, point-in-
// time restore, and the latest restore test with its validation.
import type { BackupJob, CopyJob, RestoreJobsListMember } from "@aws-sdk/client-backup";
import { CheckContext } from "../context";
import { lastFiring } from "../schedule";
import { BackupRuleDeclared } from "../targets";
import { defineCheck, fail, notApplicable, pages, pass, when } from "./define";
import { judgeDrillDate } from "../../../policies/lib/tags";
import { operationalTagKeys } from "../../../contract";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** AWS Backup's defaults when a rule sets no windows (CreateBackupPlan: start 8 hours, completion 7 days). */
export const defaultStartWindowMinutes = 8 * 60;
export const defaultCompletionWindowMinutes = 7 * 24 * 60;

/** Job states after which no recovery point comes (BackupJob State, CopyJob State). */
const failedStates = new Set(["FAILED", "ABORTED", "EXPIRED", "PARTIAL"]);

/**
 * By when the latest job must have been created: the last firing of the rule's schedule that has
 * had its start and completion windows to finish, less the margin. The earliest deadline over the
 * rules wins (a database in a daily and a weekly plan must have a daily backup).
 */
export function backupDeadline(rules: readonly BackupRuleDeclared[], now: number, marginHours: number): { deadline: number; rule: BackupRuleDeclared } | undefined {
    let best: { deadline: number; rule: BackupRuleDeclared } | undefined;
    for (const rule of rules) {
        if (!rule.schedule) continue;
        const windows = ((rule.startWindowMinutes ?? defaultStartWindowMinutes) + (rule.completionWindowMinutes ?? defaultCompletionWindowMinutes)) * MINUTE;
        const fired = lastFiring(rule.schedule, now - windows);
        if (fired === undefined) continue;
        const deadline = fired - marginHours * HOUR;
        if (!best || deadline > best.deadline) best = { deadline, rule };
    }
    return best;
}

const newestFirst = <T extends { CreationDate?: Date }>(list: T[]) => [...list].sort((a, b) => (b.CreationDate?.getTime() ?? 0) - (a.CreationDate?.getTime() ?? 0));

export const backupJobCompleted = defineCheck({
    name: "backup-job-completed",
    checklistItem: "backups",
    description: "The latest AWS Backup job of the database COMPLETED, and it started within the plan's schedule (its last run, start and completion windows, plus a margin).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Open the failed job in the AWS Backup console (Jobs) or run `aws backup describe-backup-job --backup-job-id <id>`: fix its cause (the backup role's permissions, the vault's KMS key policy, a window the database was busy in), then start an on-demand backup (`aws backup start-backup-job`) and run verify again.",
    async run(ctx) {
        const rules = ctx.target.backupRules;
        if (rules.length === 0) return notApplicable("no AWS Backup plan in the stack selects it (db-backup-plan flags that at deploy time)");
        const arn = await ctx.arn();
        const due = backupDeadline(rules, ctx.now, ctx.thresholds.backupMarginHours);
        const since = (due?.deadline ?? ctx.now - 2 * DAY) - 2 * DAY;
        const jobs = newestFirst(
            await pages<BackupJob>(async (NextToken) => {
                const r = await ctx.aws.send("listBackupJobs", ctx.region, { ByResourceArn: arn, ByCreatedAfter: new Date(since), MaxResults: 100, ...(NextToken ? { NextToken } : {}) });
                return { items: r.BackupJobs ?? [], ...(r.NextToken ? { next: r.NextToken } : {}) };
            }),
        );
        const completed = jobs.find((j) => j.State === "COMPLETED");
        const latest = jobs[0];
        if (!due) {
            const schedules = rules.map((r) => r.schedule ?? "(none)").join(", ");
            return fail(
                `its backup plan schedule ${schedules} is not an expression verify can read, so it cannot tell when a backup was due; latest job: ${latest ? `${latest.State} ${when(latest.CreationDate ?? 0, ctx.now)}` : "none"}`,
            );
        }
        if (latest && latest !== completed && failedStates.has(latest.State ?? "")) {
            return fail(
                `the latest backup job ${latest.BackupJobId ?? ""} (${when(latest.CreationDate ?? 0, ctx.now)}) ended ${latest.State}${latest.StatusMessage ? `: ${latest.StatusMessage}` : ""}; wanted COMPLETED`,
            );
        }
        if (!completed)
            return fail(
                `no AWS Backup job COMPLETED since ${new Date(since).toISOString()}; wanted one started after ${new Date(due.deadline).toISOString()} (${due.rule.label}, schedule ${due.rule.schedule})`,
            );
        const created = completed.CreationDate?.getTime() ?? 0;
        if (created < due.deadline) {
            return fail(
                `the latest COMPLETED backup job started ${when(created, ctx.now)}; wanted one started after ${new Date(due.deadline).toISOString()} (${due.rule.label}, schedule ${due.rule.schedule}, plus its windows and a ${ctx.thresholds.backupMarginHours} h margin)`,
            );
        }
        return pass(`latest backup job COMPLETED, started ${when(created, ctx.now)}`);
    },
});

export const copyJobCompleted = defineCheck({
    name: "copy-job-completed",
    checklistItem: "backups",
    description: "The latest copy of its recovery points to the other region or account COMPLETED, within the plan's schedule.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Look at the copy job (`aws backup list-copy-jobs --by-resource-arn <database ARN>`): the usual causes are the destination vault's access policy or KMS key (a copy to another account needs the destination to allow it, and a key it can use). Fix it and start a copy (`aws backup start-copy-job`).",
    async run(ctx) {
        const rules = ctx.target.backupRules.filter((r) => r.copyDestinations.length > 0);
        if (rules.length === 0) return notApplicable("no backup plan rule of it copies to another vault (db-offsite-copy flags that at deploy time)");
        const arn = await ctx.arn();
        const destinations = new Set(rules.flatMap((r) => r.copyDestinations));
        const due = backupDeadline(rules, ctx.now, ctx.thresholds.backupMarginHours);
        const since = (due?.deadline ?? ctx.now - 2 * DAY) - 2 * DAY;
        const jobs = newestFirst(
            (
                await pages<CopyJob>(async (NextToken) => {
                    const r = await ctx.aws.send("listCopyJobs", ctx.region, { ByResourceArn: arn, ByCreatedAfter: new Date(since), MaxResults: 100, ...(NextToken ? { NextToken } : {}) });
                    return { items: r.CopyJobs ?? [], ...(r.NextToken ? { next: r.NextToken } : {}) };
                })
            ).filter((j) => j.DestinationBackupVaultArn === undefined || destinations.has(j.DestinationBackupVaultArn)),
        );
        const latest = jobs[0];
        const completed = jobs.find((j) => j.State === "COMPLETED");
        const to = [...destinations].join(", ");
        if (latest && latest !== completed && failedStates.has(latest.State ?? "")) {
            return fail(
                `the latest copy job to ${latest.DestinationBackupVaultArn ?? to} (${when(latest.CreationDate ?? 0, ctx.now)}) ended ${latest.State}${latest.StatusMessage ? `: ${latest.StatusMessage}` : ""}; wanted COMPLETED`,
            );
        }
        if (!completed) return fail(`no copy job to ${to} COMPLETED since ${new Date(since).toISOString()}`);
        const created = completed.CreationDate?.getTime() ?? 0;
        if (due && created < due.deadline) {
            return fail(
                `the latest COMPLETED copy job to ${completed.DestinationBackupVaultArn ?? to} started ${when(created, ctx.now)}; wanted one after ${new Date(due.deadline).toISOString()} (${due.rule.label}, schedule ${due.rule.schedule})`,
            );
        }
        return pass(`latest copy to ${completed.DestinationBackupVaultArn ?? to} COMPLETED, started ${when(created, ctx.now)}`);
    },
});

export const pointInTimeRestoreCurrent = defineCheck({
    name: "pitr-current",
    checklistItem: "backups",
    description: "Point-in-time restore is current: automated backups are on and the latest restorable time is within minutes of now.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set `backupRetentionPeriod` (7 or more) in the database's args and `pulumi up`; if it is set, the transaction logs are not reaching S3: look at the database's events (`aws rds describe-events --source-identifier <id> --source-type db-instance`) and open an AWS Support case if it persists.",
    async run(ctx) {
        const live = await ctx.database();
        const [retention, latest] =
            live.kind === "instance" ? [live.instance.BackupRetentionPeriod, live.instance.LatestRestorableTime] : [live.cluster.BackupRetentionPeriod, live.cluster.LatestRestorableTime];
        if (live.kind === "instance" && live.instance.ReadReplicaSourceDBInstanceIdentifier && !retention) {
            return notApplicable(`a read replica of ${live.instance.ReadReplicaSourceDBInstanceIdentifier}, restored through its source`);
        }
        if (!retention) return fail(`BackupRetentionPeriod is ${retention ?? 0}: automated backups are off, so nothing can be restored to a point in time; wanted 7 or more days`);
        if (!latest) return fail("AWS reports no LatestRestorableTime: no point-in-time restore is possible yet");
        const lag = ctx.now - latest.getTime();
        if (lag > ctx.thresholds.pitrMaxLagMinutes * MINUTE) {
            return fail(`LatestRestorableTime is ${when(latest, ctx.now)}; wanted within ${ctx.thresholds.pitrMaxLagMinutes} minutes of now`);
        }
        return pass(`restorable to ${when(latest, ctx.now)}, ${retention} days kept`);
    },
});

/** How old the latest restore test may be: its plan's schedule plus windows and a margin, else the threshold. */
function restoreTestDeadline(ctx: CheckContext): { deadline: number; why: string } {
    const margin = ctx.thresholds.backupMarginHours * HOUR;
    let best: { deadline: number; why: string } | undefined;
    for (const plan of ctx.target.restoreTesting) {
        if (!plan.schedule) continue;
        const windows = ((plan.startWindowHours ?? 24) + (plan.validationWindowHours ?? 0)) * HOUR + 24 * HOUR; // a restore takes up to a day
        const fired = lastFiring(plan.schedule, ctx.now - windows);
        if (fired === undefined) continue;
        const deadline = fired - margin;
        if (!best || deadline > best.deadline) best = { deadline, why: `${plan.label}, schedule ${plan.schedule}` };
    }
    return best ?? { deadline: ctx.now - ctx.thresholds.restoreTestMaxAgeDays * DAY, why: `at most ${ctx.thresholds.restoreTestMaxAgeDays} days old` };
}

export const restoreTestValidated = defineCheck({
    name: "restore-test-validated",
    checklistItem: "backups",
    description: "The latest AWS Backup restore test of the database COMPLETED and its validation (a query on the restored copy) is SUCCESSFUL, recently enough for its restore testing plan.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Look at the restore job (`aws backup describe-restore-job --restore-job-id <id>`): a FAILED restore usually names a subnet group, security group or parameter in the restore metadata; a failed validation names the query that failed (the validation function's logs). Fix it, then run the plan on demand or a drill (`db-preflight verify --drill restore --yes`).",
    async run(ctx) {
        if (ctx.target.readReplica) return notApplicable("a read replica: restores are tested on its source");
        const arn = await ctx.arn();
        const planArns = new Set(ctx.target.restoreTesting.map((p) => p.arn).filter((a): a is string => a !== undefined));
        const due = restoreTestDeadline(ctx);
        const jobs = newestFirst(
            (
                await pages<RestoreJobsListMember>(async (NextToken) => {
                    const r = await ctx.aws.send("listRestoreJobsByProtectedResource", ctx.region, { ResourceArn: arn, MaxResults: 100, ...(NextToken ? { NextToken } : {}) });
                    return { items: r.RestoreJobs ?? [], ...(r.NextToken ? { next: r.NextToken } : {}) };
                })
            ).filter((j) => j.CreatedBy?.RestoreTestingPlanArn !== undefined && (planArns.size === 0 || planArns.has(j.CreatedBy.RestoreTestingPlanArn))),
        );
        const latest = jobs.find((j) => j.Status !== "PENDING" && j.Status !== "RUNNING" && j.ValidationStatus !== "VALIDATING") ?? jobs[0];
        if (!latest) {
            // The deploy gate also accepts a recorded restore drill instead of (or before the first run of) restore testing.
            const tag = ctx.target.tags[operationalTagKeys.restoreTestedAt];
            const drill = tag !== undefined ? judgeDrillDate(tag, ctx.thresholds.drillMaxAgeDays, ctx.now) : undefined;
            if (drill?.kind === "fresh") return pass(`no AWS Backup restore test has run yet; a restore drill is recorded on ${tag} (${drill.ageDays} days ago)`);
            if (ctx.target.restoreTesting.length === 0) {
                return fail("no AWS Backup restore test has run for it and no restore testing plan selects it; wanted a restore test COMPLETED with validation SUCCESSFUL (or a recent restore drill)");
            }
            return fail(
                `no restore test of ${ctx.target.restoreTesting.map((p) => p.label).join(", ")} has run for it yet; wanted one COMPLETED with validation SUCCESSFUL (${due.why}), or a restore drill (\`db-preflight verify --drill restore --yes\`) recorded in ${operationalTagKeys.restoreTestedAt}`,
            );
        }
        const created = latest.CreationDate?.getTime() ?? 0;
        const what = `the latest restore test ${latest.RestoreJobId ?? ""} (${when(created, ctx.now)})`;
        if (latest.Status !== "COMPLETED") return fail(`${what} is ${latest.Status}${latest.StatusMessage ? `: ${latest.StatusMessage}` : ""}; wanted COMPLETED`);
        if (latest.ValidationStatus !== "SUCCESSFUL") {
            const status = latest.ValidationStatus ?? "not validated (no validation result was sent)";
            return fail(`${what} COMPLETED but its validation is ${status}${latest.ValidationStatusMessage ? `: ${latest.ValidationStatusMessage}` : ""}; wanted SUCCESSFUL`);
        }
        if (created < due.deadline) return fail(`${what} is older than wanted (${due.why}); the restore testing plan has not run since`);
        return pass(`${what} COMPLETED, validation SUCCESSFUL`);
    },
});
