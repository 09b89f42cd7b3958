// Restore tests that prove the restore works. AWS Backup restores the newest snapshot every week
// into a throwaway copy; a Lambda in the database's subnets, triggered when the restore job
// completes, logs in to the copy, runs the health query and the user's checks and reports
// SUCCESSFUL or FAILED to AWS Backup (which then deletes the copy). The copy lives in a security
// group that admits only the validator, so nothing else can ever reach it. Two alarms page: a
// validation that failed, and no validated restore test for longer than a week and a day (restore
// testing silently stopped), which a scheduled age check measures.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { restoreJobStateChange, restoreTestingResourceTypes } from "../../aws-facts/backup";
import { restoreValidationIamActions } from "../runtime/restore-validation/aws";
import { restoreValidationEnvironment, validationFile, validationFileName } from "../runtime/restore-validation/config";
import { restoreTestAgeInput } from "../runtime/restore-validation/handler";
import { restoreTestAgeMetric, restoreValidationDimension, restoreValidationNamespace, restoreValidationSucceededMetric } from "../runtime/restore-validation/metrics";
import { ValidationQuery } from "../runtime/restore-validation/queries";
import { AlarmDefinition, alarmName, metricAlarms } from "./alarms";
import { accountOf, partitionOf, regionOf, serviceRole } from "./iam";
import { DatabaseFunction, DatabaseReach, databaseFunction, functionCode } from "./lambda";

/** The restore test runs weekly: a validated one older than this (a week, plus the start window and a margin) means restore testing stopped. */
export const restoreTestMaxAgeHours = 8 * 24;

/** How often the age check runs; the stale alarm needs two checks in a row over the limit (or missing). */
export const restoreTestAgeSchedule = "rate(6 hours)";

/**
 * The restore job event the validator is triggered by: AWS Backup's "Restore Job State Change"
 * with status COMPLETED, for RDS and Aurora (the restore job's resourceType). The event does not
 * reliably name the restore testing plan, so the function checks it (DescribeRestoreJob
 * CreatedBy.RestoreTestingPlanArn) and ignores other plans' jobs.
 */
export function restoreCompletedPattern(): string {
    return JSON.stringify({
        source: [restoreJobStateChange.source],
        "detail-type": [restoreJobStateChange.detailType],
        detail: { status: [restoreJobStateChange.completedStatus], resourceType: [restoreTestingResourceTypes.instance, restoreTestingResourceTypes.cluster] },
    });
}

/** A failed validation pages at once; back to OK an hour later with no new result. */
export function restoreValidationFailedAlarm(): AlarmDefinition {
    return {
        key: "restore-validation-failed",
        namespace: restoreValidationNamespace,
        metricName: restoreValidationSucceededMetric,
        statistic: "Minimum",
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        period: 3600,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        // One result a week: the hours without one are not failures (the stale alarm watches those).
        treatMissingData: "notBreaching",
        description: "The weekly restore test's copy did not pass validation (login, health query or a check failed); read the restore job's ValidationStatusMessage",
    };
}

/** No validated restore test for 8 days, or the age check itself not reporting for 12 hours. */
export function restoreTestStaleAlarm(): AlarmDefinition {
    return {
        key: "restore-test-stale",
        namespace: restoreValidationNamespace,
        metricName: restoreTestAgeMetric,
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: restoreTestMaxAgeHours,
        period: 21600,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: "breaching",
        description: `No restore test passed validation in the last ${restoreTestMaxAgeHours / 24} days: restore testing stopped, keeps failing, or its age check does not run`,
    };
}

export interface RestoreTestNetwork {
    /** The only group a restored copy is in: it admits the database port from the validator, nothing else. */
    copySecurityGroup: aws.ec2.SecurityGroup;
    validatorSecurityGroup: aws.ec2.SecurityGroup;
    /** The copy's group admits the validator through this rule. */
    validatorIngress: aws.vpc.SecurityGroupIngressRule;
}

/** The two groups of a restore test: the copy's (no egress; ingress from the validator only) and the validator's. */
export function restoreTestNetwork(
    name: string,
    args: { identifier: string; description: string; vpcId: pulumi.Input<string>; port: pulumi.Input<number>; tags: Record<string, string> },
    parent: pulumi.Resource,
): RestoreTestNetwork {
    const copySecurityGroup = new aws.ec2.SecurityGroup(
        `${name}-restore-test-sg`,
        {
            namePrefix: `${args.identifier}-restore-test-`,
            description: `Restored copies of ${args.description} (AWS Backup restore tests): reachable from the restore validator only`,
            vpcId: args.vpcId,
            // A restored copy talks to nobody.
            egress: [],
            tags: { ...args.tags, Name: `${args.identifier}-restore-test` },
        },
        { parent },
    );
    const validatorSecurityGroup = new aws.ec2.SecurityGroup(
        `${name}-restore-validation-sg`,
        {
            namePrefix: `${args.identifier}-restore-validation-`,
            description: `Restore validator of ${args.description}`,
            vpcId: args.vpcId,
            egress: [
                { protocol: "tcp", fromPort: args.port, toPort: args.port, securityGroups: [copySecurityGroup.id], description: "restored copies" },
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "AWS APIs (Backup, RDS, Secrets Manager, CloudWatch) through NAT or VPC endpoints" },
            ],
            tags: { ...args.tags, Name: `${args.identifier}-restore-validation` },
        },
        { parent },
    );
    const validatorIngress = new aws.vpc.SecurityGroupIngressRule(
        `${name}-restore-test-from-validator`,
        {
            securityGroupId: copySecurityGroup.id,
            ipProtocol: "tcp",
            fromPort: args.port,
            toPort: args.port,
            referencedSecurityGroupId: validatorSecurityGroup.id,
            description: "the restore validator",
            tags: args.tags,
        },
        { parent },
    );
    return { copySecurityGroup, validatorSecurityGroup, validatorIngress };
}

/** The validator connects to each restored copy, not to the database's address. */
export interface RestoreValidationArgs extends Omit<DatabaseReach, "address" | "port"> {
    /** Outputs of the database: the validator depends on it through them. */
    databaseArn: pulumi.Input<string>;
    databaseIdentifier: pulumi.Input<string>;
    /** The restore testing plan whose jobs are validated (its ARN makes the validator depend on it). */
    planArn: pulumi.Input<string>;
    planName: pulumi.Input<string>;
    restoreNetwork: RestoreTestNetwork;
    queries: ValidationQuery[];
    timeoutMs: number;
    topicArn: pulumi.Input<string>;
    runbookUrl: string;
}

export interface RestoreValidation extends DatabaseFunction {
    trigger: aws.cloudwatch.EventRule;
    triggerTarget: aws.cloudwatch.EventTarget;
    triggerPermission: aws.lambda.Permission;
    ageSchedule: aws.scheduler.Schedule;
    schedulerRole: aws.iam.Role;
    failedAlarm: aws.cloudwatch.MetricAlarm;
    staleAlarm: aws.cloudwatch.MetricAlarm;
}

/** The IAM statements of the validator: the restore jobs, the copies' describes, the master secret's versions, its metrics. */
export function restoreValidationStatements(args: {
    databaseArn: pulumi.Input<string>;
    planArn: pulumi.Input<string>;
    masterSecretArn: pulumi.Input<string>;
    kmsKeyArn: pulumi.Input<string>;
}): pulumi.Output<Record<string, unknown>[]> {
    return pulumi.all([args.databaseArn, args.planArn, args.masterSecretArn, args.kmsKeyArn]).apply(([arn, planArn, masterSecretArn, kmsKeyArn]): Record<string, unknown>[] => {
        // Restored copies get names AWS Backup chooses: any instance or cluster of this account and region, describe only.
        const rds = `arn:${partitionOf(arn)}:rds:${regionOf(arn)}:${accountOf(arn)}`;
        return [
            // AWS Backup's restore-job actions take no resource ARN (the service authorization reference lists none).
            { Effect: "Allow", Action: [...restoreValidationIamActions.backup], Resource: "*" },
            { Effect: "Allow", Action: [...restoreValidationIamActions.plan], Resource: planArn },
            { Effect: "Allow", Action: [...restoreValidationIamActions.rds], Resource: [`${rds}:db:*`, `${rds}:cluster:*`] },
            { Effect: "Allow", Action: [...restoreValidationIamActions.secrets], Resource: masterSecretArn },
            { Effect: "Allow", Action: "kms:Decrypt", Resource: kmsKeyArn },
            // PutMetricData has no resource ARN; the namespace condition is its only scope.
            { Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": restoreValidationNamespace } } },
        ];
    });
}

/** The function's code: the bundle, and the checks and timeout in validation.json beside it. */
export function restoreValidationCode(queries: readonly ValidationQuery[], timeoutMs: number): pulumi.asset.AssetArchive {
    return functionCode("restore-validation", { [validationFileName]: validationFile({ queries, timeoutMs }) });
}

/** The names of the restore validation's alarms (as metricAlarms names them), none without it. */
export function restoreValidationAlarmNames(identifier: string, validation: RestoreValidation | undefined): string[] {
    return validation === undefined ? [] : [restoreValidationFailedAlarm(), restoreTestStaleAlarm()].map((d) => alarmName(identifier, d.key));
}

/** The runbook's facts about restore tests, from the resolved arguments and the resources' outputs. */
export function restoreTestsFacts(
    validation: false | { queries: ValidationQuery[] },
    planArn: string | undefined,
    validationFunction: string | undefined,
): { restoreTests?: { planArn: string; validationFunction?: string; checks?: string[] } } {
    if (planArn === undefined) return {};
    return {
        restoreTests: {
            planArn,
            ...(validationFunction !== undefined ? { validationFunction } : {}),
            ...(validation !== false && validation.queries.length > 0 ? { checks: validation.queries.map((q) => q.name) } : {}),
        },
    };
}

export function restoreValidation(name: string, args: RestoreValidationArgs, parent: pulumi.Resource): RestoreValidation {
    const environment = pulumi
        .all([args.databaseIdentifier, args.masterSecretArn, args.planArn, args.planName, args.restoreNetwork.copySecurityGroup.id])
        .apply(([identifier, secretArn, planArn, planName, copySecurityGroupId]) =>
            restoreValidationEnvironment({
                engine: args.engine,
                database: args.databaseName,
                identifier,
                secretArn,
                planArn,
                planName,
                securityGroupIds: [copySecurityGroupId],
            }),
        );
    const fn = databaseFunction(
        name,
        {
            database: args,
            purpose: "restore-validation",
            description: "Restore test validation",
            code: restoreValidationCode(args.queries, args.timeoutMs),
            environment,
            clientSecurity: { securityGroup: args.restoreNetwork.validatorSecurityGroup, ingressRule: args.restoreNetwork.validatorIngress },
            statements: restoreValidationStatements(args),
            // The validation gives up after timeoutMs; the function outlives it to report the result.
            timeoutSeconds: Math.ceil(args.timeoutMs / 1000) + 60,
        },
        parent,
    );
    const trigger = new aws.cloudwatch.EventRule(
        `${name}-restore-validation-trigger`,
        { description: `Completed AWS Backup restore jobs: validates the restore tests of ${args.identifier}`, eventPattern: restoreCompletedPattern(), tags: args.tags },
        { parent },
    );
    const triggerPermission = new aws.lambda.Permission(
        `${name}-restore-validation-invoke`,
        { action: "lambda:InvokeFunction", function: fn.function.name, principal: "events.amazonaws.com", sourceArn: trigger.arn },
        { parent },
    );
    const triggerTarget = new aws.cloudwatch.EventTarget(`${name}-restore-validation-target`, { rule: trigger.name, arn: fn.function.arn }, { parent, dependsOn: [triggerPermission] });
    const { role: schedulerRole } = serviceRole(
        `${name}-restore-test-age-scheduler-role`,
        {
            service: "scheduler.amazonaws.com",
            description: `EventBridge Scheduler: runs the restore-test age check of ${args.identifier}`,
            statements: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: fn.function.arn }],
            tags: args.tags,
        },
        parent,
    );
    const ageSchedule = new aws.scheduler.Schedule(
        `${name}-restore-test-age-schedule`,
        {
            description: `Measures how old the newest validated restore test of ${args.identifier} is`,
            scheduleExpression: restoreTestAgeSchedule,
            flexibleTimeWindow: { mode: "OFF" },
            target: { arn: fn.function.arn, roleArn: schedulerRole.arn, input: JSON.stringify(restoreTestAgeInput), retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 } },
        },
        { parent },
    );
    const [failedAlarm, staleAlarm] = metricAlarms(
        name,
        [restoreValidationFailedAlarm(), restoreTestStaleAlarm()],
        { identifier: args.identifier, dimensions: { [restoreValidationDimension]: args.databaseIdentifier }, topicArn: args.topicArn, runbookUrl: args.runbookUrl, tags: args.tags },
        parent,
    );
    return { ...fn, trigger, triggerTarget, triggerPermission, ageSchedule, schedulerRole, failedAlarm, staleAlarm };
}
