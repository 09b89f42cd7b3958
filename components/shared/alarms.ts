// CloudWatch alarms on a database's own metrics. The thresholds are decisions, so they come from
// one pure function over the database's facts (max_connections, storage, class memory) and the
// caller's percentages; the resources only carry them out, each alarm named after the database so
// a page says which one, and each pointing at the runbook.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rdsDimensions, rdsNamespace } from "../../aws-facts/metrics";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export interface AlarmDefinition {
    /** Names the alarm: `${identifier}-${key}` in AWS, `${name}-alarm-${key}` in Pulumi. */
    key: string;
    namespace: string;
    metricName: string;
    statistic: "Average" | "Minimum" | "Maximum" | "Sum";
    comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
    threshold: number;
    /** Seconds. */
    period: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
    treatMissingData?: "breaching" | "notBreaching" | "ignore" | "missing";
    description: string;
}

export interface AlarmChoices {
    /** Alarm when average CPU stays above this percentage. */
    cpuPercent: number;
    /** Alarm when connections pass this share (percent) of max_connections. */
    connectionsPercent: number;
    /** Alarm when free storage falls below this share (percent) of the allocated storage. */
    freeStoragePercent: number;
    /** Alarm when freeable memory falls below this share (percent) of the class memory. */
    freeableMemoryPercent: number;
    /** Alarm when average read or write latency passes this many milliseconds. */
    latencyMs: number;
}

export const defaultAlarmChoices: AlarmChoices = {
    cpuPercent: 80,
    connectionsPercent: 80,
    freeStoragePercent: 10,
    freeableMemoryPercent: 10,
    latencyMs: 20,
};

export interface DatabaseFacts {
    maxConnections: number;
    allocatedGiB: number;
    /** Memory of the instance class, when the class is known. */
    memoryBytes: number | undefined;
}

/** Without a known class memory, alarm below this much freeable memory. */
export const fallbackFreeableMemoryBytes = 256 * MiB;

/**
 * Connections above `percent` of max_connections for 10 minutes, in both components; `scope` names
 * what is counted ("instance ledger-2") where the description needs it.
 */
export function connectionsAlarm(maxConnections: number, percent: number, scope?: string): AlarmDefinition {
    const threshold = Math.floor((maxConnections * percent) / 100);
    return {
        namespace: rdsNamespace,
        period: 300,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        key: "connections",
        metricName: "DatabaseConnections",
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        threshold,
        description: `Connections${scope === undefined ? "" : ` to ${scope}`} above ${threshold} (${percent}% of max_connections ${maxConnections}) for 10 minutes`,
    };
}

/** The alarms an RDS instance needs, with thresholds computed from its facts. */
export function instanceAlarmDefinitions(facts: DatabaseFacts, choices: AlarmChoices = defaultAlarmChoices): AlarmDefinition[] {
    const rds = { namespace: rdsNamespace, period: 300, evaluationPeriods: 3, datapointsToAlarm: 3 } as const;
    const freeStorage = Math.round((facts.allocatedGiB * GiB * choices.freeStoragePercent) / 100);
    const freeMemory = facts.memoryBytes === undefined ? fallbackFreeableMemoryBytes : Math.round((facts.memoryBytes * choices.freeableMemoryPercent) / 100);
    const latency = choices.latencyMs / 1000;
    return [
        {
            ...rds,
            key: "cpu",
            metricName: "CPUUtilization",
            statistic: "Average",
            comparisonOperator: "GreaterThanThreshold",
            threshold: choices.cpuPercent,
            description: `Average CPU above ${choices.cpuPercent}% for 15 minutes`,
        },
        {
            ...rds,
            key: "free-storage",
            metricName: "FreeStorageSpace",
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: freeStorage,
            evaluationPeriods: 2,
            datapointsToAlarm: 2,
            description: `Free storage below ${choices.freeStoragePercent}% of the ${facts.allocatedGiB} GiB allocated (${formatBytes(freeStorage)}) for 10 minutes`,
        },
        {
            ...rds,
            key: "freeable-memory",
            metricName: "FreeableMemory",
            statistic: "Average",
            comparisonOperator: "LessThanThreshold",
            threshold: freeMemory,
            description: `Freeable memory below ${formatBytes(freeMemory)}${facts.memoryBytes === undefined ? "" : ` (${choices.freeableMemoryPercent}% of ${formatBytes(facts.memoryBytes)})`} for 15 minutes`,
        },
        connectionsAlarm(facts.maxConnections, choices.connectionsPercent),
        {
            ...rds,
            key: "read-latency",
            metricName: "ReadLatency",
            statistic: "Average",
            comparisonOperator: "GreaterThanThreshold",
            threshold: latency,
            description: `Average read latency above ${choices.latencyMs} ms for 15 minutes`,
        },
        {
            ...rds,
            key: "write-latency",
            metricName: "WriteLatency",
            statistic: "Average",
            comparisonOperator: "GreaterThanThreshold",
            threshold: latency,
            description: `Average write latency above ${choices.latencyMs} ms for 15 minutes`,
        },
    ];
}

/** "10 GiB", "819.2 MiB": bytes as an alarm description shows them. */
export function formatBytes(bytes: number): string {
    if (bytes >= GiB) return `${+(bytes / GiB).toFixed(1)} GiB`;
    return `${+(bytes / MiB).toFixed(1)} MiB`;
}

/** An alarm's name: the identifier of what it watches, then the alarm's key. Alarms and runbooks name them this way. */
export function alarmName(identifier: string, key: string): string {
    return `${identifier}-${key}`;
}

export interface MetricAlarmsArgs {
    /** The database identifier: alarm names, and the value of the dimension. */
    identifier: string;
    /** The dimensions that name the database, from its outputs so that each alarm depends on it. */
    dimensions: pulumi.Input<Record<string, pulumi.Input<string>>>;
    topicArn: pulumi.Input<string>;
    runbookUrl: string;
    tags: Record<string, string>;
}

export function metricAlarms(name: string, definitions: readonly AlarmDefinition[], args: MetricAlarmsArgs, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm[] {
    return definitions.map(
        (d) =>
            new aws.cloudwatch.MetricAlarm(
                `${name}-alarm-${d.key}`,
                {
                    name: alarmName(args.identifier, d.key),
                    alarmDescription: pulumi.interpolate`${args.identifier}: ${d.description}. Runbook: ${args.runbookUrl}`,
                    namespace: d.namespace,
                    metricName: d.metricName,
                    dimensions: args.dimensions,
                    statistic: d.statistic,
                    comparisonOperator: d.comparisonOperator,
                    threshold: d.threshold,
                    period: d.period,
                    evaluationPeriods: d.evaluationPeriods,
                    datapointsToAlarm: d.datapointsToAlarm,
                    ...(d.treatMissingData ? { treatMissingData: d.treatMissingData } : {}),
                    alarmActions: [args.topicArn],
                    okActions: [args.topicArn],
                    tags: args.tags,
                },
                { parent },
            ),
    );
}

/** The dimensions of an RDS instance's metrics, from its identifier output. */
export function instanceDimensions(identifier: pulumi.Input<string>): pulumi.Input<Record<string, pulumi.Input<string>>> {
    return { [rdsDimensions.instance]: identifier };
}
