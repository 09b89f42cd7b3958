// AWS Backup for one database: a vault encrypted with the database's key, a daily plan that
// selects the database by ARN, a copy of each recovery point to a vault in another region, a
// weekly restore test that proves the backups restore, and an EventBridge rule that sends this
// database's failed backup, copy and restore jobs to its alert topic. RDS automated backups (point-in-time restore)
// stay on beside it: AWS Backup adds long-lived, copied, tested snapshots.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { backupJobStateChange, restoreTestingResourceTypes } from "../../aws-facts/backup";
import { serviceRole } from "./iam";

/**
 * Where recovery points are copied when the caller names no region: another region of the same
 * country or, in the EU, of the EU, so that a default never moves data across a border the caller
 * has not chosen. Regions without such a neighbour have no default: the caller decides.
 */
export const defaultCopyRegions: Readonly<Record<string, string>> = {
    "us-east-1": "us-west-2",
    "us-east-2": "us-west-2",
    "us-west-1": "us-east-2",
    "us-west-2": "us-east-1",
    "ca-central-1": "ca-west-1",
    "ca-west-1": "ca-central-1",
    "eu-west-1": "eu-central-1",
    "eu-central-1": "eu-west-1",
    "eu-west-3": "eu-central-1",
    "eu-north-1": "eu-central-1",
    "eu-south-1": "eu-central-1",
    "eu-south-2": "eu-west-3",
    "ap-northeast-1": "ap-northeast-3",
    "ap-northeast-3": "ap-northeast-1",
    "ap-south-1": "ap-south-2",
    "ap-south-2": "ap-south-1",
    "ap-southeast-2": "ap-southeast-4",
    "ap-southeast-4": "ap-southeast-2",
};

/** Failed job states worth a page: the backup policy's failed states, and recovery points that expired unused. */
export const failedJobStates = [...backupJobStateChange.failedStates, "EXPIRED"] as const;

/** AWS Backup job events that mean a backup, its off-site copy or its restore test did not happen. */
export const watchedJobEvents = [backupJobStateChange.detailType, "Copy Job State Change", "Restore Job State Change"] as const;

/**
 * How every ARN of the database ends: `:db:<identifier>` for an RDS instance, `:cluster:<identifier>`
 * for an Aurora cluster (RDS stores identifiers lowercase). Known at preview, unlike the ARN.
 */
export function databaseArnSuffix(protectedResourceType: BackupProtectionArgs["protectedResourceType"], identifier: string): string {
    return `:${protectedResourceType === restoreTestingResourceTypes.cluster ? "cluster" : "db"}:${identifier.toLowerCase()}`;
}

/**
 * The EventBridge pattern of one database's failure alert, as JSON: failed jobs about that database
 * only (backup and copy jobs name it in detail.resourceArn, restore jobs in detail.sourceResourceArn),
 * so each database's topic hears its own failures and no other database's.
 */
export function backupFailurePattern(arnSuffix: string): string {
    const ours = [{ suffix: arnSuffix }];
    return JSON.stringify({
        source: [backupJobStateChange.source],
        "detail-type": [...watchedJobEvents],
        detail: { state: [...failedJobStates], $or: [{ resourceArn: ours }, { sourceResourceArn: ours }] },
    });
}

/** AWS Backup and restore-testing names allow [A-Za-z0-9_] only, up to 50 characters. */
export function restoreTestingName(identifier: string, suffix: string): string {
    return `${identifier.replace(/[^A-Za-z0-9]/g, "_").slice(0, 49 - suffix.length)}_${suffix}`;
}

/** Vault and plan names: up to 50 characters. */
function backupName(identifier: string, suffix: string): string {
    return `${identifier.slice(0, 49 - suffix.length)}-${suffix}`;
}

export interface BackupProtectionArgs {
    identifier: string;
    protectedResourceType: (typeof restoreTestingResourceTypes)[keyof typeof restoreTestingResourceTypes];
    /** The database's ARN output: the selection and the restore test depend on the database through it. */
    resourceArn: pulumi.Input<string>;
    kmsKeyArn: pulumi.Input<string>;
    /** AWS Backup schedule (cron, UTC); keep it clear of the RDS backup and maintenance windows. */
    schedule: string;
    /** Days AWS Backup keeps each recovery point (and its copy). */
    retentionDays: number;
    /** Copy each recovery point to this region (with the default provider's credentials). */
    copyToRegion?: string;
    /** Or create the copy vault with this provider (another region or account). */
    copyProvider?: aws.Provider;
    restoreTesting: boolean;
    /** Where a restore test puts the database it restores: the database's own subnets and security group. */
    restoreInto: { subnetGroupName: pulumi.Input<string>; securityGroupIds: pulumi.Input<string>[] };
    topicArn: pulumi.Input<string>;
    tags: Record<string, string>;
}

export interface BackupProtection {
    vault: aws.backup.Vault;
    copyVault?: aws.backup.Vault;
    plan: aws.backup.Plan;
    selection: aws.backup.Selection;
    role: aws.iam.Role;
    restoreTestingPlan?: aws.backup.RestoreTestingPlan;
    restoreTestingSelection?: aws.backup.RestoreTestingSelection;
    failureRule: aws.cloudwatch.EventRule;
    failureTarget: aws.cloudwatch.EventTarget;
}

export function backupProtection(name: string, args: BackupProtectionArgs, parent: pulumi.Resource): BackupProtection {
    const { role } = serviceRole(
        `${name}-backup-role`,
        {
            service: "backup.amazonaws.com",
            description: `AWS Backup: backs up, copies and test-restores ${args.identifier}`,
            managedPolicies: ["service-role/AWSBackupServiceRolePolicyForBackup", "service-role/AWSBackupServiceRolePolicyForRestores"],
            tags: args.tags,
        },
        parent,
    );
    const vault = new aws.backup.Vault(`${name}-backup-vault`, { name: backupName(args.identifier, "backups"), kmsKeyArn: args.kmsKeyArn, tags: args.tags }, { parent });

    let copyVault: aws.backup.Vault | undefined;
    if (args.copyProvider !== undefined || args.copyToRegion !== undefined) {
        copyVault = new aws.backup.Vault(
            `${name}-backup-copy-vault`,
            {
                name: backupName(args.identifier, "backups-copy"),
                // With a provider of its own the vault lives where that provider points.
                ...(args.copyProvider === undefined ? { region: args.copyToRegion } : {}),
                tags: args.tags,
            },
            { parent, ...(args.copyProvider ? { provider: args.copyProvider } : {}) },
        );
    }
    const lifecycle = { deleteAfter: args.retentionDays };
    const plan = new aws.backup.Plan(
        `${name}-backup-plan`,
        {
            name: backupName(args.identifier, "daily"),
            rules: [
                {
                    ruleName: "daily",
                    targetVaultName: vault.name,
                    schedule: args.schedule,
                    startWindow: 60,
                    completionWindow: 240,
                    lifecycle,
                    recoveryPointTags: args.tags,
                    ...(copyVault ? { copyActions: [{ destinationVaultArn: copyVault.arn, lifecycle }] } : {}),
                },
            ],
            tags: args.tags,
        },
        { parent },
    );
    const selection = new aws.backup.Selection(
        `${name}-backup-selection`,
        { name: backupName(args.identifier, "database"), planId: plan.id, iamRoleArn: role.arn, resources: [args.resourceArn] },
        { parent },
    );

    let restoreTestingPlan: aws.backup.RestoreTestingPlan | undefined;
    let restoreTestingSelection: aws.backup.RestoreTestingSelection | undefined;
    if (args.restoreTesting) {
        restoreTestingPlan = new aws.backup.RestoreTestingPlan(
            `${name}-restore-test`,
            {
                name: restoreTestingName(args.identifier, "restore_test"),
                // Weekly, on the newest recovery point of the last week.
                scheduleExpression: "cron(0 6 ? * SUN *)",
                startWindowHours: 4,
                recoveryPointSelection: {
                    algorithm: "LATEST_WITHIN_WINDOW",
                    includeVaults: [vault.arn],
                    recoveryPointTypes: ["SNAPSHOT"],
                    selectionWindowDays: 7,
                },
                tags: args.tags,
            },
            { parent },
        );
        restoreTestingSelection = new aws.backup.RestoreTestingSelection(
            `${name}-restore-test-selection`,
            {
                name: restoreTestingName(args.identifier, "database"),
                restoreTestingPlanName: restoreTestingPlan.name,
                protectedResourceType: args.protectedResourceType,
                protectedResourceArns: [args.resourceArn],
                iamRoleArn: role.arn,
                // Without these AWS Backup infers the default VPC: restore into the database's own network.
                restoreMetadataOverrides: {
                    dbsubnetgroupname: args.restoreInto.subnetGroupName,
                    vpcSecurityGroupIds: pulumi.output(args.restoreInto.securityGroupIds).apply((ids) => JSON.stringify(ids)),
                },
                validationWindowHours: 2,
            },
            { parent },
        );
    }

    const failureRule = new aws.cloudwatch.EventRule(
        `${name}-backup-failed`,
        {
            description: `AWS Backup jobs of ${args.identifier} that failed`,
            eventPattern: backupFailurePattern(databaseArnSuffix(args.protectedResourceType, args.identifier)),
            tags: args.tags,
        },
        { parent },
    );
    const failureTarget = new aws.cloudwatch.EventTarget(`${name}-backup-failed-alert`, { rule: failureRule.name, arn: args.topicArn }, { parent });
    return {
        vault,
        ...(copyVault ? { copyVault } : {}),
        plan,
        selection,
        role,
        ...(restoreTestingPlan ? { restoreTestingPlan } : {}),
        ...(restoreTestingSelection ? { restoreTestingSelection } : {}),
        failureRule,
        failureTarget,
    };
}
