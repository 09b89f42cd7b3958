// Users and credentials, as Secrets Manager shows them: the master secret exists and rotates, and
// each app user's secret holds a login (the provisioner ran). Only DescribeSecret: verify never
// reads a secret's value.
import type { DescribeSecretCommandOutput } from "@aws-sdk/client-secrets-manager";
import { isNotFound } from "../aws";
import { CheckContext } from "../context";
import { lastFiring, rateMs } from "../schedule";
import { defineCheck, fail, notApplicable, pass, when } from "./define";

const DAY = 86_400_000;

/** The gap between the two latest firings of a cron schedule before now. */
function cronPeriodMs(expression: string, now: number): number | undefined {
    const last = lastFiring(expression, now);
    const before = last === undefined ? undefined : lastFiring(expression, last - 60_000);
    return last !== undefined && before !== undefined ? last - before : undefined;
}

/** RDS-managed master secrets rotate every 7 days unless changed (RDS user guide, "Rotating the master user password secret"). */
export const rdsManagedRotationDays = 7;

async function describe(ctx: CheckContext, arn: string): Promise<DescribeSecretCommandOutput | undefined> {
    const region = arn.split(":")[3] || ctx.region;
    try {
        return await ctx.aws.send("describeSecret", region, { SecretId: arn });
    } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
    }
}

export const masterSecretRotated = defineCheck({
    name: "master-secret-rotated",
    checklistItem: "users",
    description: "The master password is managed by RDS in Secrets Manager: the secret exists, rotation is on, and the last rotation is within the rotation period.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set `manageMasterUserPassword: true` in the database's args (the components do); if the secret's rotation failed, look at its status (`aws secretsmanager describe-secret --secret-id <arn>`) and rotate it (`aws secretsmanager rotate-secret --secret-id <arn>`).",
    async run(ctx) {
        const live = await ctx.database();
        const secret = live.kind === "instance" ? live.instance.MasterUserSecret : live.cluster.MasterUserSecret;
        if (live.kind === "instance" && live.instance.DBClusterIdentifier) return notApplicable(`its master user belongs to cluster ${live.instance.DBClusterIdentifier}`);
        if (live.kind === "instance" && live.instance.ReadReplicaSourceDBInstanceIdentifier) {
            return notApplicable(`a read replica of ${live.instance.ReadReplicaSourceDBInstanceIdentifier}: its master user is its source's`);
        }
        if (!secret?.SecretArn) return fail("the master password is not managed in Secrets Manager (no MasterUserSecret); wanted manageMasterUserPassword true");
        if (secret.SecretStatus && secret.SecretStatus !== "active" && secret.SecretStatus !== "rotating") {
            return fail(`the master secret ${secret.SecretArn} has status ${secret.SecretStatus}; wanted active`);
        }
        const described = await describe(ctx, secret.SecretArn);
        if (!described || described.DeletedDate) return fail(`the master secret ${secret.SecretArn} does not exist (or is scheduled for deletion)`);
        if (!described.RotationEnabled) return fail(`rotation of the master secret ${secret.SecretArn} is off; wanted on`);
        // The rotation period: a number of days, or a schedule expression ("rate(7 days)", "cron(...)").
        const schedule = described.RotationRules?.ScheduleExpression;
        const scheduleDays = schedule ? (rateMs(schedule) ?? cronPeriodMs(schedule, ctx.now)) : undefined;
        const periodDays = described.RotationRules?.AutomaticallyAfterDays ?? (scheduleDays !== undefined ? Math.ceil(scheduleDays / DAY) : rdsManagedRotationDays);
        const allowed = (periodDays + 1) * DAY;
        const rotated = described.LastRotatedDate?.getTime();
        if (rotated === undefined) {
            const created = described.CreatedDate?.getTime();
            if (created !== undefined && ctx.now - created <= allowed) return pass(`rotation on (every ${periodDays} days); created ${when(created, ctx.now)}, first rotation not due yet`);
            return fail(
                `the master secret ${secret.SecretArn} has never rotated${created !== undefined ? ` since it was created ${when(created, ctx.now)}` : ""}; wanted a rotation every ${periodDays} days`,
            );
        }
        if (ctx.now - rotated > allowed) return fail(`the master secret ${secret.SecretArn} last rotated ${when(rotated, ctx.now)}; wanted within ${periodDays} days (its rotation period) plus a day`);
        return pass(`rotation on (every ${periodDays} days), last rotated ${when(rotated, ctx.now)}`);
    },
});

export const appUserSecretsPopulated = defineCheck({
    name: "app-user-secrets-populated",
    checklistItem: "users",
    description: "Each app user's secret holds a current login (an AWSCURRENT version): the app-user provisioner ran and wrote it.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Run the app-user provisioner again (`pulumi up --replace` on its aws.lambda.Invocation, or `aws lambda invoke` with the request in the state) and read its logs: it cannot reach the database (subnets, security group, VPC endpoint for Secrets Manager) or the master secret.",
    async run(ctx) {
        const secrets = ctx.target.appUserSecrets;
        if (secrets.length === 0) return notApplicable("the stack declares no app users for it");
        const problems: string[] = [];
        for (const s of secrets) {
            const described = await describe(ctx, s.arn);
            if (!described || described.DeletedDate) {
                problems.push(`${s.label} (${s.arn}) does not exist`);
                continue;
            }
            const current = Object.values(described.VersionIdsToStages ?? {}).some((stages) => stages.includes("AWSCURRENT"));
            if (!current) problems.push(`${s.label} (${s.arn}) has no AWSCURRENT version: it is empty, the provisioner never wrote the login`);
        }
        if (problems.length > 0) return fail(`${problems.join("; ")}; wanted each app user's secret populated`);
        return pass(`${secrets.length} app-user secret(s) populated`);
    },
});
