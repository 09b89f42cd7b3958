import type * as aws from "@pulumi/aws";
import { auroraServerlessV1EngineMode } from "../../aws-facts/capacity";
import { apiDefaults } from "../../aws-facts/rds";
import { advancedDatabaseInsightsMode, insightsUnsupported } from "../../aws-facts/monitoring";
import { types } from "../../aws-facts/resource-types";
import { DatabaseArgs, argsOf, databaseTypes, engineOf } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asBoolean, asString } from "../lib/values";
import { docdbDefaults, docdbTypes } from "../../aws-facts/docdb";
import { requireBoolean } from "../engines/settings";

export const dbPerformanceInsights = defineResourcePolicy({
    name: "db-performance-insights",
    checklistItem: "monitoring",
    description: "Performance Insights is on (or Database Insights in advanced mode), so slow queries and waits can be diagnosed.",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set `performanceInsightsEnabled: true` on the aws.rds.Instance, aws.rds.Cluster and each aws.rds.ClusterInstance " +
        '(or `databaseInsightsMode: "advanced"` with `performanceInsightsEnabled: true` on the instance or cluster). ' +
        "Not asked where AWS does not offer it: RDS for MySQL/MariaDB on db.t2/db.t3/db.t4g micro and small, Aurora MySQL on db.t2, db.t3 and db.t4g micro/small, Aurora Serverless v1." +
        " aws.docdb.ClusterInstance: `enablePerformanceInsights: true` (Neptune and Redshift have no Performance Insights).",
    peers: ["CKV_AWS_353"],
    config: {},
    resourceTypes: [...databaseTypes, docdbTypes.clusterInstance],
    check(db, _config, report) {
        if (db.type === docdbTypes.clusterInstance) return requireBoolean(db, report, "enablePerformanceInsights", true, docdbDefaults.enablePerformanceInsights);
        if (db.type === types.cluster) {
            const mode = asString(db.get<aws.rds.ClusterArgs>("engineMode"));
            if (mode === UNKNOWN) return report.unknown("engineMode");
            if (mode === auroraServerlessV1EngineMode) return;
        }
        const advanced = db.type === types.clusterInstance ? undefined : asString(db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("databaseInsightsMode"));
        if (advanced === advancedDatabaseInsightsMode) return;
        const raw = db.get<DatabaseArgs>("performanceInsightsEnabled");
        const enabled = asBoolean(raw);
        if (enabled === true) return;
        if (enabled === UNKNOWN) return report.unknown("performanceInsightsEnabled");
        if (advanced === UNKNOWN) return report.unknown("databaseInsightsMode");
        // Not applicable where AWS does not offer it for the engine and class.
        const engine = engineOf(db);
        const instanceClass = asString(db.get(db.type === types.cluster ? "dbClusterInstanceClass" : "instanceClass"));
        if (engine !== UNKNOWN && engine !== undefined && typeof instanceClass === "string" && insightsUnsupported(engine, instanceClass)) return;
        if (engine === UNKNOWN || instanceClass === UNKNOWN) {
            return report.unknown(engine === UNKNOWN ? "engine" : db.type === types.cluster ? "dbClusterInstanceClass" : "instanceClass");
        }
        report.violation({
            property: "performanceInsightsEnabled",
            seen: raw,
            wanted: `true${db.type === types.clusterInstance ? "" : ' (or databaseInsightsMode "advanced")'}${raw === undefined ? ` (unset means ${apiDefaults.performanceInsightsEnabled})` : ""}`,
            fix: `set \`performanceInsightsEnabled: true\` in ${argsOf(db)}.`,
        });
    },
});
