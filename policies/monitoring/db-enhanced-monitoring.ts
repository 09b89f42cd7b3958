import { z } from "zod";
import { isMultiAzDbCluster } from "../../aws-facts/capacity";
import { apiDefaults } from "../../aws-facts/rds";
import { enhancedMonitoringIntervals } from "../../aws-facts/monitoring";
import { types } from "../../aws-facts/resource-types";
import { DatabaseArgs, argsOf, databaseTypes, engineOf } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asNumber, asString, isInvalid } from "../lib/values";

export const dbEnhancedMonitoring = defineResourcePolicy({
    name: "db-enhanced-monitoring",
    checklistItem: "monitoring",
    description: "Enhanced Monitoring collects OS metrics (monitoringInterval > 0) with a monitoring role, on every instance.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set `monitoringInterval: 60` (or 1, 5, 10, 15, 30) and `monitoringRoleArn: role.arn` on each aws.rds.Instance and aws.rds.ClusterInstance, where the role trusts " +
        "monitoring.rds.amazonaws.com and has the AmazonRDSEnhancedMonitoringRole managed policy. Multi-AZ DB clusters set them on the aws.rds.Cluster; " +
        "an Aurora aws.rds.Cluster is judged only when it sets monitoringInterval itself.",
    peers: ["CKV_AWS_118", "Security Hub RDS.6"],
    config: {
        maxIntervalSeconds: z.literal([1, 5, 10, 15, 30, 60]).default(60).describe("Longest acceptable collection interval in seconds (1, 5, 10, 15, 30 or 60)."),
    },
    resourceTypes: databaseTypes,
    check(db, config, report) {
        const raw = db.get<DatabaseArgs>("monitoringInterval");
        if (db.type === types.cluster && raw === undefined) {
            // Aurora clusters collect Enhanced Monitoring per cluster instance (judged there); Multi-AZ DB clusters only on the cluster.
            const engine = engineOf(db);
            if (engine === UNKNOWN) return report.unknown("engine");
            if (!isMultiAzDbCluster(engine)) return;
        }
        const interval = asNumber(raw);
        if (interval === UNKNOWN) return report.unknown("monitoringInterval");
        const wanted = `one of ${enhancedMonitoringIntervals.filter((n) => n > 0 && n <= config.maxIntervalSeconds).join(", ")} seconds`;
        if (interval === undefined || isInvalid(interval) || interval <= 0 || interval > config.maxIntervalSeconds || !(enhancedMonitoringIntervals as readonly number[]).includes(interval)) {
            return report.violation({
                property: "monitoringInterval",
                seen: raw,
                wanted: `${wanted}${raw === undefined ? ` (unset means ${apiDefaults.monitoringInterval}: Enhanced Monitoring off)` : ""}`,
                fix: `set \`monitoringInterval: ${config.maxIntervalSeconds}\` and \`monitoringRoleArn: monitoringRole.arn\` in ${argsOf(db)}.`,
            });
        }
        const roleRaw = db.get<DatabaseArgs>("monitoringRoleArn");
        const role = asString(roleRaw);
        // A role ARN unknown at preview comes from a role created with the stack: it is set.
        if (role === UNKNOWN || (typeof role === "string" && role.trim() !== "")) return;
        report.violation({
            property: "monitoringRoleArn",
            seen: roleRaw,
            wanted: "the ARN of a role RDS can assume to publish Enhanced Monitoring metrics (monitoring.rds.amazonaws.com, AmazonRDSEnhancedMonitoringRole)",
            fix: `set \`monitoringRoleArn: monitoringRole.arn\` in ${argsOf(db)}.`,
        });
    },
});
