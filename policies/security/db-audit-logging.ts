import type * as aws from "@pulumi/aws";
import { z } from "zod";
import { EngineFamily, auditLogExports } from "../../aws-facts/rds";
import { argsOf, databaseRole, engineOf, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asStringList, isInvalid } from "../lib/values";
import { isKeyValueStore } from "../lib/key-value-stores";
import { checkStoreLogDelivery, defaultCacheLogTypes, loggingStoreTypes } from "./key-value-stores";
import { auditLogSlots, auditLogTypes, checkAuditLogExports } from "../engines/security";
import { docdbLogExports } from "../../aws-facts/docdb";
import { neptuneLogExports } from "../../aws-facts/neptune";
import { redshiftLogExports } from "../../aws-facts/redshift";

const logTypeList = (family: EngineFamily) =>
    z
        .array(z.string())
        .default([...auditLogExports[family]])
        .describe(`CloudWatch log exports required for ${family}.`);

export const dbAuditLogging = defineResourcePolicy({
    name: "db-audit-logging",
    checklistItem: "security",
    description: "Databases export their engine's audit and error logs to CloudWatch Logs (enabledCloudwatchLogsExports), so activity survives the instance and can be searched and alarmed on.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set `enabledCloudwatchLogsExports` on the aws.rds.Instance (read replicas too) or aws.rds.Cluster (Aurora: on the cluster) to the engine's log types: " +
        "postgres: postgresql, upgrade; aurora-postgresql: postgresql; mysql, mariadb, aurora-mysql: audit, error, slowquery " +
        "(MySQL-family `audit` also needs the audit plugin / server_audit_logging in the parameter or option group). " +
        "Engines the pack does not know are not judged; read replicas with no `engine` take their source's and are not judged. " +
        "ElastiCache Redis OSS / Valkey replication groups and clusters: `logDeliveryConfigurations` with the engine-log and slow-log (Memcached, serverless caches and MemoryDB deliver no logs; DynamoDB's audit trail is CloudTrail data events, outside the table)." +
        ' aws.docdb.Cluster: `enabledCloudwatchLogsExports: ["audit", "profiler"]`; aws.neptune.Cluster: `enableCloudwatchLogsExports: ["audit"]`; aws.redshiftserverless.Namespace: `logExports: ["connectionlog", "userlog", "useractivitylog"]` (Redshift clusters: db-audit-trail).',
    peers: ["CKV_AWS_129", "CKV_AWS_324", "CKV_AWS_325", "Security Hub RDS.9", "Security Hub RDS.34", "CKV_AWS_85", "CKV_AWS_101", "AVD-AWS-0020", "AVD-AWS-0075", "cdk-nag AwsSolutions-DOC5"],
    config: {
        logTypes: z
            .object({
                postgres: logTypeList("postgres"),
                mysql: logTypeList("mysql"),
                mariadb: logTypeList("mariadb"),
                "aurora-postgresql": logTypeList("aurora-postgresql"),
                "aurora-mysql": logTypeList("aurora-mysql"),
                sqlserver: logTypeList("sqlserver"),
                oracle: logTypeList("oracle"),
                db2: logTypeList("db2"),
                elasticache: z
                    .array(z.string())
                    .default([...defaultCacheLogTypes])
                    .describe("Log types (logDeliveryConfigurations logType) each node-based ElastiCache Redis OSS or Valkey cache must deliver."),
                docdb: z
                    .array(z.string())
                    .default([...docdbLogExports])
                    .describe("CloudWatch log exports required for DocumentDB clusters."),
                neptune: z
                    .array(z.string())
                    .default([...neptuneLogExports])
                    .describe("CloudWatch log exports required for Neptune clusters."),
                redshiftServerless: z
                    .array(z.string())
                    .default([...redshiftLogExports])
                    .describe("Log exports (logExports) required for Redshift Serverless namespaces."),
            })
            .prefault({})
            .describe('Log types each engine family must export; give only the families to change, e.g. { "postgres": ["postgresql"] }.'),
    },
    resourceTypes: [...storageOwnerTypes, ...loggingStoreTypes, ...auditLogTypes],
    check(db, config, report) {
        if (isKeyValueStore(db)) return checkStoreLogDelivery(db, config.logTypes.elasticache, report);
        const other = auditLogSlots[db.type];
        if (other) return checkAuditLogExports(db, config.logTypes[other.service], report);
        if (databaseRole(db) === "aurora-member") return;
        const engine = engineOf(db);
        if (engine === UNKNOWN) return report.unknown("engine");
        if (engine === undefined) return;
        const required = config.logTypes[engine];
        if (required.length === 0) return;
        const raw = db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("enabledCloudwatchLogsExports");
        const exported = asStringList(raw);
        if (exported === UNKNOWN) return report.unknown("enabledCloudwatchLogsExports");
        const have = new Set(Array.isArray(exported) ? exported.map((t) => t.trim()) : []);
        const missing = required.filter((t) => !have.has(t));
        if (!isInvalid(exported) && missing.length === 0) return;
        const all = [...new Set([...(Array.isArray(exported) ? exported : []), ...required])];
        report.violation({
            property: "enabledCloudwatchLogsExports",
            seen: raw,
            wanted: `${required.map((t) => JSON.stringify(t)).join(", ")} for ${engine}${raw === undefined ? " (unset means no logs leave the instance)" : ` (missing ${missing.join(", ")})`}`,
            fix: `set \`enabledCloudwatchLogsExports: ${JSON.stringify(all)}\` in ${argsOf(db)}.`,
        });
    },
});
