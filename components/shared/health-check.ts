// The health check: a Lambda probe in the database's subnets logs in with the master secret, runs
// `SELECT 1` every minute (EventBridge Scheduler) and publishes HealthCheckSucceeded; an alarm
// counts a missing data point as a failure, so a probe that cannot run pages too.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { healthCheckEnvironment } from "../runtime/health-check/config";
import { healthCheckDimension, healthCheckNamespace, healthCheckSucceededMetric } from "../../contract";
import { AlarmDefinition, metricAlarms } from "./alarms";
import { serviceRole } from "./iam";
import { DatabaseFunction, DatabaseReach, databaseFunction } from "./lambda";

/** Three missed or failed minutes in a row page someone. */
export function healthCheckAlarmDefinition(): AlarmDefinition {
    return {
        key: "health-check",
        namespace: healthCheckNamespace,
        metricName: healthCheckSucceededMetric,
        statistic: "Minimum",
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        period: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: "breaching",
        description: "The health check could not log in and run SELECT 1 (or did not report) for 3 minutes",
    };
}

export interface HealthCheckArgs extends DatabaseReach {
    databaseIdentifier: pulumi.Input<string>;
    schedule: string;
    probeTimeoutMs: number;
    slowQueryMs: number;
    topicArn: pulumi.Input<string>;
    runbookUrl: string;
}

export interface HealthCheck extends DatabaseFunction {
    schedule: aws.scheduler.Schedule;
    schedulerRole: aws.iam.Role;
    alarm: aws.cloudwatch.MetricAlarm;
}

export function healthCheck(name: string, args: HealthCheckArgs, parent: pulumi.Resource): HealthCheck {
    const environment = pulumi.all([args.address, args.port, args.databaseIdentifier, args.masterSecretArn]).apply(([host, port, identifier, secretArn]) =>
        healthCheckEnvironment({
            engine: args.engine,
            host,
            port,
            database: args.databaseName,
            secretArn,
            identifier,
            probeTimeoutMs: args.probeTimeoutMs,
            slowQueryMs: args.slowQueryMs,
        }),
    );
    const probe = databaseFunction(
        name,
        {
            database: args,
            purpose: "health-check",
            description: "Health check probe",
            environment,
            statements: [
                { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: args.masterSecretArn },
                { Effect: "Allow", Action: "kms:Decrypt", Resource: args.kmsKeyArn },
                // PutMetricData has no resource ARN; the namespace condition is its only scope.
                { Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": healthCheckNamespace } } },
            ],
            // The probe gives up after probeTimeoutMs; the function outlives it to report the failure.
            timeoutSeconds: Math.ceil(args.probeTimeoutMs / 1000) + 10,
        },
        parent,
    );
    const { role: schedulerRole } = serviceRole(
        `${name}-health-check-scheduler-role`,
        {
            service: "scheduler.amazonaws.com",
            description: `EventBridge Scheduler: runs the health check of ${args.identifier}`,
            statements: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: probe.function.arn }],
            tags: args.tags,
        },
        parent,
    );
    const schedule = new aws.scheduler.Schedule(
        `${name}-health-check-schedule`,
        {
            description: `Runs the health check of ${args.identifier}`,
            scheduleExpression: args.schedule,
            flexibleTimeWindow: { mode: "OFF" },
            // A late probe is worth nothing: the next one is a minute away.
            target: { arn: probe.function.arn, roleArn: schedulerRole.arn, retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 } },
        },
        { parent },
    );
    const [alarm] = metricAlarms(
        name,
        [healthCheckAlarmDefinition()],
        { identifier: args.identifier, dimensions: { [healthCheckDimension]: args.databaseIdentifier }, topicArn: args.topicArn, runbookUrl: args.runbookUrl, tags: args.tags },
        parent,
    );
    return { ...probe, schedule, schedulerRole, alarm };
}
