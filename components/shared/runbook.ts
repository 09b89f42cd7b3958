// The runbook of one database, as Markdown, with its real names filled in: what to do at 3 a.m.
// should not start with looking up an identifier. A pure function of the database's facts (the
// component feeds it resolved outputs), so its text is tested without the engine.
import { operationalTagKeys } from "../../contract";
import type { ResolvedDatabaseArgsCommon } from "./args";

/** What every database's runbook says: its names, backups, alarms, logs, users and people. */
export interface DatabaseRunbookFacts {
    identifier: string;
    /** The instance's or the cluster's. */
    arn: string;
    region: string;
    port: number;
    databaseName: string;
    masterUsername: string;
    masterSecretArn: string;
    backupRetentionDays: number;
    backupWindow: string;
    maintenanceWindow: string;
    subnetGroupName: string;
    securityGroupId: string;
    /** AWS Backup, when on. */
    backup?: RunbookBackup;
    alarmTopicArn: string;
    alarmNames: string[];
    logGroups: string[];
    healthCheckFunction?: string;
    appUsers: { name: string; privilege: string; secretArn: string }[];
    /** The function that creates app users and writes their passwords, when there are app users. */
    appUsersFunction?: string;
    owner: string;
    onCall: string;
    runbookUrl: string;
}

/** An RDS instance's runbook. */
export interface RunbookFacts extends DatabaseRunbookFacts {
    /** "PostgreSQL 16" */
    engine: string;
    endpoint: string;
    multiAz: boolean;
    parameterGroupName: string;
    optionGroupName?: string;
}

/** AWS Backup as the runbook describes it; `restoreTests` when restore testing is on. */
export interface RunbookBackup {
    vaultName: string;
    copy?: { vaultName: string; region: string };
    restoreTesting: boolean;
    restoreTests?: {
        planArn: string;
        /** The validation Lambda, when restore tests are validated. */
        validationFunction?: string;
        /** The names of the user's checks (the health query always runs). */
        checks?: string[];
    };
}

/** The runbook, owner, on-call and drill tags the policy pack reads, with the caller's tags. */
export function operationalTags(r: Pick<ResolvedDatabaseArgsCommon<unknown>, "tags" | "runbook" | "ownership" | "drills">): Record<string, string> {
    return {
        ...r.tags,
        [operationalTagKeys.runbook]: r.runbook.url,
        [operationalTagKeys.owner]: r.ownership.owner,
        [operationalTagKeys.onCall]: r.ownership.onCall,
        ...(r.drills.restoreTestedAt ? { [operationalTagKeys.restoreTestedAt]: r.drills.restoreTestedAt } : {}),
        ...(r.drills.failoverTestedAt ? { [operationalTagKeys.failoverTestedAt]: r.drills.failoverTestedAt } : {}),
    };
}

/** A fenced shell block. */
export const code = (lines: string[]) => ["```sh", ...lines, "```"];

/** An AWS CLI command, one option per line. */
export function cli(command: string, options: Array<[string, string?]>): string[] {
    return [`aws ${command} \\`, ...options.map(([flag, value], i) => `  ${flag}${value === undefined ? "" : ` ${value}`}${i < options.length - 1 ? " \\" : ""}`)];
}

export function renderRunbook(f: RunbookFacts): string {
    const region: Array<[string, string]> = [["--region", f.region]];
    const placement: Array<[string, string?]> = [
        ["--db-subnet-group-name", f.subnetGroupName],
        ["--vpc-security-group-ids", f.securityGroupId],
        ["--db-parameter-group-name", f.parameterGroupName],
        ...(f.optionGroupName ? [["--option-group-name", f.optionGroupName] as [string, string]] : []),
        [f.multiAz ? "--multi-az" : "--no-multi-az"],
        ["--no-publicly-accessible"],
        ["--enable-iam-database-authentication"],
        ["--copy-tags-to-snapshot"],
        ["--deletion-protection"],
    ];
    const restored = `${f.identifier}-restored`;
    const lines: string[] = [
        ...openingSections(f, {
            what: f.engine,
            risky: "restore or failover",
            faultInside: "RDS (storage, host, an event you cannot explain)",
            arnOf: "instance",
        }),
        `| Endpoint | \`${f.endpoint}\` (port ${f.port}) |`,
        `| Database | \`${f.databaseName}\` |`,
        `| Instance | \`${f.arn}\` |`,
        `| Master user | \`${f.masterUsername}\`, password in Secrets Manager \`${f.masterSecretArn}\` (RDS rotates it) |`,
        `| Availability | ${f.multiAz ? "Multi-AZ: a standby in another Availability Zone takes over on failure" : "**Single-AZ**: no standby; a host failure means a restore"} |`,
        `| Automated backups | ${f.backupRetentionDays} days of point-in-time restore; daily window ${f.backupWindow} UTC |`,
        `| Maintenance | ${f.maintenanceWindow} UTC |`,
        ...protectionRows(f),
        "",
        ...alarmsSection(f.alarmNames, "Check the health check and the RDS events first:", [
            ...cli("rds describe-events", [["--source-type", "db-instance"], ["--source-identifier", f.identifier], ["--duration", "360"], ...region]),
        ]),
        "## Restore to a point in time",
        "",
        "Use this after bad data (a wrong migration, a deleted table): it creates a new instance as the database was at that moment.",
        "",
        ...code([
            `aws rds describe-db-instances --db-instance-identifier ${f.identifier} --query 'DBInstances[0].LatestRestorableTime' --region ${f.region}`,
            "",
            ...cli("rds restore-db-instance-to-point-in-time", [
                ["--source-db-instance-identifier", f.identifier],
                ["--target-db-instance-identifier", restored],
                ["--restore-time", "2025-01-31T09:30:00Z"],
                ...placement,
                ...region,
            ]),
            `aws rds wait db-instance-available --db-instance-identifier ${restored} --region ${f.region}`,
        ]),
        "",
        `Check the data on \`${restored}\` (same master user and password), then copy the rows back or point the applications at its endpoint. ` +
            "The restored instance is not managed by this stack: agree with the owner how it replaces the original (copy the data back, or import it with `pulumi import`). " +
            `After a restore drill, record its date in the database's \`${operationalTagKeys.restoreTestedAt}\` tag (the component's \`drills.restoreTestedAt\`) and delete the restored instance.`,
        "",
        ...restoreFromSnapshotSection(f, {
            listSnapshots: `aws rds describe-db-snapshots --db-instance-identifier ${f.identifier} --region ${f.region}`,
            restore: cli("rds restore-db-instance-from-db-snapshot", [["--db-snapshot-identifier", "<snapshot identifier or ARN>"], ["--db-instance-identifier", restored], ...placement, ...region]),
            copyNeeds: " and a subnet group and security group",
        }),
        ...restoreTestResultsSection(f.backup, f.region),
        "## Fail over",
        "",
        ...(f.multiAz
            ? [
                  "Rebooting with failover moves the database to its standby (about a minute of errors). Do it when the primary's Availability Zone is impaired, and as a drill.",
                  "",
                  ...code([
                      `aws rds reboot-db-instance --db-instance-identifier ${f.identifier} --force-failover --region ${f.region}`,
                      `aws rds wait db-instance-available --db-instance-identifier ${f.identifier} --region ${f.region}`,
                  ]),
                  "",
                  `The endpoint \`${f.endpoint}\` stays the same; clients reconnect. Record the drill date in the database's \`${operationalTagKeys.failoverTestedAt}\` tag (the component's \`drills.failoverTestedAt\`).`,
              ]
            : ["This database is **single-AZ**: there is no standby to fail over to. Restore to a point in time instead (above)."]),
        "",
        ...rotateCredentialsSection(f),
        ...logsSection(f.logGroups[0] ?? `/aws/rds/instance/${f.identifier}`, f.region),
    ];
    return lines.join("\n");
}

/**
 * The title, the people, whom to call, and the head of the "At a glance" table. `what` follows the
 * identifier in the title; `risky` is what the owners hear about first; a fault inside
 * `faultInside` goes to AWS Support with the ARN of the `arnOf`.
 */
export function openingSections(
    f: Pick<DatabaseRunbookFacts, "identifier" | "owner" | "onCall" | "region" | "runbookUrl" | "alarmTopicArn">,
    text: { what: string; risky: string; faultInside: string; arnOf: string },
): string[] {
    return [
        `# Runbook: ${f.identifier} (${text.what})`,
        "",
        `Owner: **${f.owner}**. On call: **${f.onCall}**. Region: ${f.region}. This page: ${f.runbookUrl}`,
        "",
        "## Who to call",
        "",
        `1. Page **${f.onCall}** (alerts already go to ${f.alarmTopicArn}).`,
        `2. Tell the owning team, **${f.owner}**, before any ${text.risky}: applications will see errors.`,
        `3. For a fault inside ${text.faultInside}, open an AWS Support case (Production system down) with the ${text.arnOf} ARN below.`,
        "",
        "## At a glance",
        "",
        "| | |",
        "|---|---|",
    ];
}

/** The "At a glance" rows of what protects and watches the database: AWS Backup, logs, the health check (probing `probed`, when named). */
export function protectionRows(f: Pick<DatabaseRunbookFacts, "backup" | "logGroups" | "healthCheckFunction">, probed?: string): string[] {
    const healthCheck = f.healthCheckFunction ? `Lambda \`${f.healthCheckFunction}\`${probed ? ` on ${probed}` : ""}, every minute` : "**none**";
    return [awsBackupRow(f.backup), `| Logs | ${f.logGroups.map((g) => `\`${g}\``).join(", ")} |`, `| Health check | ${healthCheck} |`];
}

/** "Alarms": their names, then what to look at first and its commands. */
export function alarmsSection(alarmNames: readonly string[], firstLook: string, commands: string[]): string[] {
    return ["## Alarms", "", ...alarmNames.map((a) => `- \`${a}\``), "", firstLook, "", ...code(commands), ""];
}

/**
 * "Restore from a snapshot": list the snapshots and AWS Backup's recovery points, restore, and, with
 * a copy in another region, what restoring it there needs (`copyNeeds` follows the --region flag).
 */
export function restoreFromSnapshotSection(f: Pick<DatabaseRunbookFacts, "arn" | "region" | "backup">, steps: { listSnapshots: string; restore: string[]; copyNeeds: string }): string[] {
    return [
        "## Restore from a snapshot",
        "",
        "Use this when the point in time is older than the automated backups, or the region is lost.",
        "",
        ...code([steps.listSnapshots, ...recoveryPointCommands(f.backup, f.arn, f.region), "", ...steps.restore]),
        "",
        ...(f.backup?.copy ? [`If ${f.region} is unavailable, restore the copy in ${f.backup.copy.region} with \`--region ${f.backup.copy.region}\`${steps.copyNeeds} of that region.`, ""] : []),
    ];
}

/** The AWS Backup row of the "At a glance" table. */
function awsBackupRow(backup: RunbookFacts["backup"]): string {
    if (!backup) return "| AWS Backup | **none**: only the automated backups above |";
    const copy = backup.copy ? `, copied to \`${backup.copy.vaultName}\` in ${backup.copy.region}` : ", no copy outside the region";
    const tests = !backup.restoreTesting
        ? "**restores not tested automatically**"
        : backup.restoreTests?.validationFunction
          ? `restores tested weekly, each copy validated by \`${backup.restoreTests.validationFunction}\``
          : "restores tested weekly, **copies not validated**";
    return `| AWS Backup | vault \`${backup.vaultName}\`${copy}; ${tests} |`;
}

/** The commands that list AWS Backup's recovery points of `resourceArn`, and of its copy; none without AWS Backup. */
function recoveryPointCommands(backup: RunbookFacts["backup"], resourceArn: string, region: string): string[] {
    if (!backup) return [];
    return [
        `aws backup list-recovery-points-by-resource --resource-arn ${resourceArn} --region ${region}`,
        ...(backup.copy ? [`aws backup list-recovery-points-by-backup-vault --backup-vault-name ${backup.copy.vaultName} --region ${backup.copy.region}`] : []),
    ];
}

/**
 * "Read restore-test results": how the weekly restore test is judged and the commands that list
 * the restore jobs with their validation status and message; what to do when tests are off.
 */
export function restoreTestResultsSection(backup: RunbookFacts["backup"], region: string): string[] {
    const heading = ["## Read restore-test results", ""];
    if (!backup?.restoreTesting || !backup.restoreTests) {
        return [
            ...heading,
            `**No automatic restore test.** Run a restore drill (restore from a snapshot, above), check the data on the restored copy, delete it, and record the date in the \`${operationalTagKeys.restoreTestedAt}\` tag.`,
            "",
        ];
    }
    const t = backup.restoreTests;
    const jobs = cli("backup list-restore-jobs", [
        ["--by-restore-testing-plan-arn", t.planArn],
        ["--query", "'RestoreJobs[].[CreationDate,Status,ValidationStatus,ValidationStatusMessage,RestoreJobId]'"],
        ["--output", "table"],
        ["--region", region],
    ]);
    if (!t.validationFunction) {
        return [
            ...heading,
            "AWS Backup restores the newest snapshot every week, but **nothing checks the restored copy**: a restore that comes up empty still passes. " +
                "Turn validation on (leave out `backup.restoreTesting.validation: false`), or check each copy by hand within its validation window and report the result:",
            "",
            ...code([
                ...jobs,
                "",
                `aws backup put-restore-validation-result --restore-job-id <RestoreJobId> --validation-status SUCCESSFUL --validation-status-message "checked by hand" --region ${region}`,
            ]),
            "",
        ];
    }
    const checks = t.checks && t.checks.length > 0 ? `the health query and the checks ${t.checks.map((c) => `\`${c}\``).join(", ")}` : "the health query";
    return [
        ...heading,
        `Every week AWS Backup restores the newest snapshot into a throwaway copy that only \`${t.validationFunction}\` can reach. ` +
            `When the restore completes, it logs in (with the master secret version in force when the snapshot was taken), runs ${checks} read-only, ` +
            "and reports SUCCESSFUL or FAILED to AWS Backup, which then deletes the copy. A validated restore test counts as the restore drill.",
        "",
        "List the restore tests with their validation status and message (newest first), and read one in full:",
        "",
        ...code([...jobs, "", `aws backup describe-restore-job --restore-job-id <RestoreJobId> --region ${region}`]),
        "",
        "Why a validation failed, check by check (the message names the failed check and the server's words):",
        "",
        ...code([`aws logs tail /aws/lambda/${t.validationFunction} --since 7d --region ${region}`]),
        "",
        "- `FAILED` with `refused every login`: the master secret lost the version in force at the snapshot; `did not answer`: the copy's network (subnet group, security group) or its status.",
        "- `FAILED` naming a check: the snapshot lacks the data the check expects. Restore the previous recovery point by hand (Restore from a snapshot) to find the last good one.",
        "- No `COMPLETED` job for over a week (the `restore-test-stale` alarm): the plan stopped; check `aws backup list-restore-jobs` for `FAILED` jobs and their `StatusMessage`.",
        "",
    ];
}

/** "Logs": tail the first log group. */
export function logsSection(logGroup: string, region: string): string[] {
    return ["## Logs", "", ...code([`aws logs tail ${logGroup} --since 1h --region ${region}`]), ""];
}

/** "Rotate credentials": the master secret, and each app user's. */
export function rotateCredentialsSection(f: Pick<RunbookFacts, "masterSecretArn" | "region" | "appUsers" | "appUsersFunction">): string[] {
    return [
        "## Rotate credentials",
        "",
        "Master user (RDS manages the secret and changes the password itself):",
        "",
        ...code([`aws secretsmanager rotate-secret --secret-id ${f.masterSecretArn} --region ${f.region}`]),
        "",
        ...(f.appUsers.length > 0
            ? [
                  "Application users (each reads its own secret; applications must re-read the secret on authentication errors):",
                  "",
                  "| user | privilege | secret |",
                  "|---|---|---|",
                  ...f.appUsers.map((u) => `| \`${u.name}\` | ${u.privilege} | \`${u.secretArn}\` |`),
                  "",
                  ...code(f.appUsers.map((u) => `aws secretsmanager rotate-secret --secret-id ${u.secretArn} --region ${f.region}`)),
                  "",
                  ...(f.appUsersFunction ? [`The rotation runs the provisioner \`${f.appUsersFunction}\`; its logs say why a rotation failed.`, ""] : []),
              ]
            : []),
    ];
}
