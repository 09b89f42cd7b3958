// The alarms of an Aurora cluster, as decisions in a pure function: one set on the cluster's
// aggregated metrics (DBClusterIdentifier: they also cover readers Aurora Auto Scaling adds) and one
// per instance (DBInstanceIdentifier: an average over the cluster hides one hot instance). Aurora
// publishes no FreeStorageSpace (its volume grows by itself); what fills up is each instance's local
// storage for temporary tables and logs, FreeLocalStorage.
import * as pulumi from "@pulumi/pulumi";
import { auroraReplicaLagMetric, rdsDimensions, rdsNamespace } from "../../aws-facts/metrics";
import { AlarmDefinition, connectionsAlarm, fallbackFreeableMemoryBytes, formatBytes } from "../shared/alarms";

export interface AuroraAlarmChoices {
    /** Alarm when CPU stays above this percentage. */
    cpuPercent: number;
    /** Alarm when an instance's connections pass this share (percent) of its max_connections. */
    connectionsPercent: number;
    /** Alarm when freeable memory falls below this share (percent) of the instance's memory. */
    freeableMemoryPercent: number;
    /** Alarm when free local storage falls below this share (percent) of the instance's local storage. */
    freeLocalStoragePercent: number;
    /** Alarm when a reader lags the writer by more than this many milliseconds. */
    replicaLagMs: number;
}

export const defaultAuroraAlarmChoices: AuroraAlarmChoices = {
    cpuPercent: 80,
    connectionsPercent: 80,
    freeableMemoryPercent: 10,
    freeLocalStoragePercent: 10,
    replicaLagMs: 1000,
};

export interface AuroraFacts {
    /** max_connections of each instance. */
    maxConnections: number;
    /** Memory of an instance (Serverless v2: at its maximum capacity), when known. */
    memoryBytes: number | undefined;
    /** Memory the local storage scales with (Serverless v2: at its minimum capacity), when known. */
    localStorageMemoryBytes: number | undefined;
}

/**
 * Local storage of an Aurora instance: about twice its memory (db.r6g.large: 16 GiB of memory, 32
 * GiB of local storage). An approximation for the alarm threshold, not a figure AWS publishes per class.
 */
export function auroraLocalStorageBytes(memoryBytes: number): number {
    return 2 * memoryBytes;
}

/** Without a known memory size, alarm below this much free local storage. */
export const fallbackFreeLocalStorageBytes = 2 * 1024 ** 3;

/** The cluster's alarms (aggregated over its instances) and each instance's, with thresholds from the facts. */
export function auroraAlarmDefinitions(facts: AuroraFacts, choices: AuroraAlarmChoices = defaultAuroraAlarmChoices): { cluster: AlarmDefinition[]; instance: AlarmDefinition[] } {
    const rds = { namespace: rdsNamespace, period: 300, evaluationPeriods: 3, datapointsToAlarm: 3 } as const;
    const freeMemory = facts.memoryBytes === undefined ? fallbackFreeableMemoryBytes : Math.round((facts.memoryBytes * choices.freeableMemoryPercent) / 100);
    const localStorage = facts.localStorageMemoryBytes === undefined ? undefined : auroraLocalStorageBytes(facts.localStorageMemoryBytes);
    const freeLocal = localStorage === undefined ? fallbackFreeLocalStorageBytes : Math.round((localStorage * choices.freeLocalStoragePercent) / 100);
    const ofMemory = facts.memoryBytes === undefined ? "" : ` (${choices.freeableMemoryPercent}% of ${formatBytes(facts.memoryBytes)})`;
    const ofLocal = localStorage === undefined ? "" : ` (${choices.freeLocalStoragePercent}% of about ${formatBytes(localStorage)})`;

    const core = (scope: string): AlarmDefinition[] => [
        {
            ...rds,
            key: "cpu",
            metricName: "CPUUtilization",
            statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: choices.cpuPercent,
            description: `CPU of ${scope} above ${choices.cpuPercent}% for 15 minutes`,
        },
        {
            ...rds,
            key: "freeable-memory",
            metricName: "FreeableMemory",
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: freeMemory,
            description: `Freeable memory of ${scope} below ${formatBytes(freeMemory)}${ofMemory} for 15 minutes`,
        },
        connectionsAlarm(facts.maxConnections, choices.connectionsPercent, scope),
        {
            ...rds,
            key: "free-local-storage",
            metricName: "FreeLocalStorage",
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: freeLocal,
            evaluationPeriods: 2,
            datapointsToAlarm: 2,
            description: `Free local storage (temporary tables, logs) of ${scope} below ${formatBytes(freeLocal)}${ofLocal} for 10 minutes`,
        },
        // Only readers publish AuroraReplicaLag, and roles change at each failover: no data is no lag.
        {
            ...rds,
            key: "replica-lag",
            metricName: auroraReplicaLagMetric,
            statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: choices.replicaLagMs,
            period: 60,
            evaluationPeriods: 5,
            datapointsToAlarm: 5,
            treatMissingData: "notBreaching",
            description: `Replica lag of ${scope === "the cluster" ? "a reader" : "this instance, while a reader,"} above ${choices.replicaLagMs} ms for 5 minutes`,
        },
    ];
    return { cluster: core("the cluster"), instance: core("the instance") };
}

/** The dimensions of an Aurora cluster's aggregated metrics, from its identifier output. */
export function clusterDimensions(clusterIdentifier: pulumi.Input<string>): pulumi.Input<Record<string, pulumi.Input<string>>> {
    return { [rdsDimensions.cluster]: clusterIdentifier };
}
