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

/** A command class of an AWS SDK v3 client: built from the call's input, which its instances keep. */
type CommandClass = new (input: never) => { readonly input: object };

/**
 * The input and output types a command class declares: its instances are smithy Commands (every v3
 * client exports that base class as $Command, the same for all), and client.send infers its result
 * from them the same way.
 */
type CommandTypes<C extends CommandClass> = C extends new (input: never) => rds.$Command<infer I, infer O, unknown> ? { input: I; output: O } : never;

export interface CallSpec<C extends CommandClass = CommandClass> {
    service: Service;
    /** The IAM action: the service prefix and the API operation (the command class without "Command"). */
    action: string;
    mode: CallMode;
    /** Why verify makes this call. */
    purpose: string;
    command: C;
}

/** The calls of one service in one mode, each given by its command class and why verify makes it. */
function callsOf<T extends Record<string, readonly [CommandClass, string]>>(service: Service, mode: CallMode, entries: T): { [N in keyof T]: CallSpec<T[N][0]> } {
    const spec = ([command, purpose]: readonly [CommandClass, string]): CallSpec => ({ service, action: `${service}:${command.name.replace(/Command$/, "")}`, mode, purpose, command });
    return Object.fromEntries(Object.entries(entries).map(([name, entry]) => [name, spec(entry)])) as { [N in keyof T]: CallSpec<T[N][0]> };
}

export const calls = {
    ...callsOf("rds", "verify", {
        describeDbInstances: [rds.DescribeDBInstancesCommand, "database state, backups, TLS parameters, public access, encryption, tags"],
        describeDbClusters: [rds.DescribeDBClustersCommand, "cluster state, backups, TLS parameters, encryption, tags"],
        describeEventSubscriptions: [rds.DescribeEventSubscriptionsCommand, "RDS event subscriptions"],
    }),
    ...callsOf("backup", "verify", {
        listBackupJobs: [backup.ListBackupJobsCommand, "the latest AWS Backup job"],
        listCopyJobs: [backup.ListCopyJobsCommand, "the latest copy job"],
        listRestoreJobsByProtectedResource: [backup.ListRestoreJobsByProtectedResourceCommand, "the latest restore test and its validation"],
    }),
    ...callsOf("secretsmanager", "verify", {
        describeSecret: [secrets.DescribeSecretCommand, "secret rotation and versions (never the value)"],
    }),
    ...callsOf("cloudwatch", "verify", {
        describeAlarms: [cloudwatch.DescribeAlarmsCommand, "alarm state and actions"],
        getMetricStatistics: [cloudwatch.GetMetricStatisticsCommand, "the health check's recent results"],
    }),
    ...callsOf("sns", "verify", {
        getTopicAttributes: [sns.GetTopicAttributesCommand, "confirmed subscriptions of the alert topics"],
    }),

    ...callsOf("backup", "drill", {
        listRecoveryPointsByResource: [backup.ListRecoveryPointsByResourceCommand, "the latest recovery point"],
    }),
    ...callsOf("rds", "drill", {
        restoreDbInstanceFromDbSnapshot: [rds.RestoreDBInstanceFromDBSnapshotCommand, "restore an instance's recovery point"],
        restoreDbClusterFromSnapshot: [rds.RestoreDBClusterFromSnapshotCommand, "restore a cluster's recovery point"],
        createDbInstance: [rds.CreateDBInstanceCommand, "an instance in the restored cluster"],
        modifyDbCluster: [rds.ModifyDBClusterCommand, "an RDS-managed secret for the restored cluster"],
        deleteDbCluster: [rds.DeleteDBClusterCommand, "clean up the restored cluster"],
        deleteDbInstance: [rds.DeleteDBInstanceCommand, "clean up the restored instance"],
    }),
    ...callsOf("secretsmanager", "drill", {
        getSecretValue: [secrets.GetSecretValueCommand, "log in to the restored copy (its own RDS-managed secret)"],
    }),
} as const;

export type CallName = keyof typeof calls;
export type InputOf<N extends CallName> = CommandTypes<(typeof calls)[N]["command"]>["input"];
export type OutputOf<N extends CallName> = CommandTypes<(typeof calls)[N]["command"]>["output"];

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
