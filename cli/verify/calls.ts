// Every AWS API call `db-preflight verify` makes, in one table: the command class, the client it
// goes through, and the IAM action it needs. The clients only send commands built from this table,
// and `--print-iam-policy` prints exactly these actions (a test checks the two against the calls
// the mocked clients receive), so the policy can neither miss a call nor grant one it never makes.
import * as backup from "@aws-sdk/client-backup";
import * as cloudwatch from "@aws-sdk/client-cloudwatch";
import * as rds from "@aws-sdk/client-rds";
import * as secrets from "@aws-sdk/client-secrets-manager";
import * as sns from "@aws-sdk/client-sns";

export type Service = "rds" | "backup" | "cloudwatch" | "sns" | "secretsmanager";

/** "verify": the read-only checks; "drill": what `--drill restore` adds (it creates and deletes a temporary database). */
export type CallMode = "verify" | "drill";

export interface CallSpec<I, O> {
    service: Service;
    /** The IAM action: the service prefix and the API operation (the command class without "Command"). */
    action: string;
    mode: CallMode;
    /** Why verify makes this call (shown in the printed policy's statement ids). */
    purpose: string;
    command: new (input: I) => unknown;
    /** Typing only: the command's output. */
    output?: O;
}

function call<I, O>(service: Service, mode: CallMode, command: new (input: I) => unknown, purpose: string): CallSpec<I, O> {
    const operation = command.name.replace(/Command$/, "");
    return { service, action: `${service}:${operation}`, mode, purpose, command };
}

export const calls = {
    describeDbInstances: call<rds.DescribeDBInstancesCommandInput, rds.DescribeDBInstancesCommandOutput>(
        "rds",
        "verify",
        rds.DescribeDBInstancesCommand,
        "database state, backups, TLS parameters, public access, encryption, tags",
    ),
    describeDbClusters: call<rds.DescribeDBClustersCommandInput, rds.DescribeDBClustersCommandOutput>(
        "rds",
        "verify",
        rds.DescribeDBClustersCommand,
        "cluster state, backups, TLS parameters, encryption, tags",
    ),
    describeEventSubscriptions: call<rds.DescribeEventSubscriptionsCommandInput, rds.DescribeEventSubscriptionsCommandOutput>(
        "rds",
        "verify",
        rds.DescribeEventSubscriptionsCommand,
        "RDS event subscriptions",
    ),
    listBackupJobs: call<backup.ListBackupJobsCommandInput, backup.ListBackupJobsCommandOutput>("backup", "verify", backup.ListBackupJobsCommand, "the latest AWS Backup job"),
    listCopyJobs: call<backup.ListCopyJobsCommandInput, backup.ListCopyJobsCommandOutput>("backup", "verify", backup.ListCopyJobsCommand, "the latest copy job"),
    listRestoreJobsByProtectedResource: call<backup.ListRestoreJobsByProtectedResourceCommandInput, backup.ListRestoreJobsByProtectedResourceCommandOutput>(
        "backup",
        "verify",
        backup.ListRestoreJobsByProtectedResourceCommand,
        "the latest restore test and its validation",
    ),
    describeSecret: call<secrets.DescribeSecretCommandInput, secrets.DescribeSecretCommandOutput>(
        "secretsmanager",
        "verify",
        secrets.DescribeSecretCommand,
        "secret rotation and versions (never the value)",
    ),
    describeAlarms: call<cloudwatch.DescribeAlarmsCommandInput, cloudwatch.DescribeAlarmsCommandOutput>("cloudwatch", "verify", cloudwatch.DescribeAlarmsCommand, "alarm state and actions"),
    getMetricStatistics: call<cloudwatch.GetMetricStatisticsCommandInput, cloudwatch.GetMetricStatisticsCommandOutput>(
        "cloudwatch",
        "verify",
        cloudwatch.GetMetricStatisticsCommand,
        "the health check's recent results",
    ),
    getTopicAttributes: call<sns.GetTopicAttributesCommandInput, sns.GetTopicAttributesCommandOutput>("sns", "verify", sns.GetTopicAttributesCommand, "confirmed subscriptions of the alert topics"),

    listRecoveryPointsByResource: call<backup.ListRecoveryPointsByResourceCommandInput, backup.ListRecoveryPointsByResourceCommandOutput>(
        "backup",
        "drill",
        backup.ListRecoveryPointsByResourceCommand,
        "the latest recovery point",
    ),
    restoreDbInstanceFromDbSnapshot: call<rds.RestoreDBInstanceFromDBSnapshotCommandInput, rds.RestoreDBInstanceFromDBSnapshotCommandOutput>(
        "rds",
        "drill",
        rds.RestoreDBInstanceFromDBSnapshotCommand,
        "restore an instance's recovery point",
    ),
    restoreDbClusterFromSnapshot: call<rds.RestoreDBClusterFromSnapshotCommandInput, rds.RestoreDBClusterFromSnapshotCommandOutput>(
        "rds",
        "drill",
        rds.RestoreDBClusterFromSnapshotCommand,
        "restore a cluster's recovery point",
    ),
    createDbInstance: call<rds.CreateDBInstanceCommandInput, rds.CreateDBInstanceCommandOutput>("rds", "drill", rds.CreateDBInstanceCommand, "an instance in the restored cluster"),
    modifyDbCluster: call<rds.ModifyDBClusterCommandInput, rds.ModifyDBClusterCommandOutput>("rds", "drill", rds.ModifyDBClusterCommand, "an RDS-managed secret for the restored cluster"),
    deleteDbCluster: call<rds.DeleteDBClusterCommandInput, rds.DeleteDBClusterCommandOutput>("rds", "drill", rds.DeleteDBClusterCommand, "clean up the restored cluster"),
    deleteDbInstance: call<rds.DeleteDBInstanceCommandInput, rds.DeleteDBInstanceCommandOutput>("rds", "drill", rds.DeleteDBInstanceCommand, "clean up the restored instance"),
    getSecretValue: call<secrets.GetSecretValueCommandInput, secrets.GetSecretValueCommandOutput>(
        "secretsmanager",
        "drill",
        secrets.GetSecretValueCommand,
        "log in to the restored copy (its own RDS-managed secret)",
    ),
} as const;

export type CallName = keyof typeof calls;
export type InputOf<N extends CallName> = (typeof calls)[N] extends CallSpec<infer I, infer _O> ? I : never;
export type OutputOf<N extends CallName> = (typeof calls)[N] extends CallSpec<infer _I, infer O> ? O : never;

/**
 * Permissions AWS checks on behalf of a call besides its own action (RDS user guide: tagging on
 * create needs rds:AddTagsToResource; restoring an encrypted snapshot uses the KMS key through a
 * grant; RDS-managed master passwords create and delete a secret in Secrets Manager, "Permissions
 * required for Secrets Manager integration").
 */
export const impliedActions: Partial<Record<CallName, readonly string[]>> = {
    restoreDbInstanceFromDbSnapshot: ["rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey", "secretsmanager:CreateSecret", "secretsmanager:TagResource", "kms:GenerateDataKey", "kms:Decrypt"],
    restoreDbClusterFromSnapshot: ["rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey"],
    createDbInstance: ["rds:AddTagsToResource"],
    modifyDbCluster: ["secretsmanager:CreateSecret", "secretsmanager:TagResource", "kms:GenerateDataKey", "kms:Decrypt"],
    deleteDbCluster: ["secretsmanager:DeleteSecret"],
    deleteDbInstance: ["secretsmanager:DeleteSecret"],
    getSecretValue: ["kms:Decrypt"],
};

/** The actions of the calls made in the given modes. */
export function actionsOf(modes: readonly CallMode[]): string[] {
    return [
        ...new Set(
            Object.values(calls)
                .filter((c) => modes.includes(c.mode))
                .map((c) => c.action),
        ),
    ].sort();
}

/** The least-privilege IAM policy document: one statement for the read-only checks, one for the drill when asked. */
export function iamPolicy(modes: readonly CallMode[]): object {
    const statements: object[] = [{ Sid: "DbPreflightVerifyReadOnly", Effect: "Allow", Action: actionsOf(["verify"]), Resource: "*" }];
    if (modes.includes("drill")) {
        const drill = (Object.keys(calls) as CallName[]).filter((n) => calls[n].mode === "drill");
        const own = new Set(actionsOf(["verify"]));
        const actions = [...new Set(drill.flatMap((n) => [calls[n].action, ...(impliedActions[n] ?? [])]))].filter((a) => !own.has(a)).sort();
        statements.push({
            Sid: "DbPreflightRestoreDrill",
            Effect: "Allow",
            Action: actions,
            Resource: "*",
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}
