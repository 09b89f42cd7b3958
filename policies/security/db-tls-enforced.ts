import { EngineFamily } from "../../aws-facts/rds";
import { isTlsOn, tlsParameter } from "../../aws-facts/parameter-groups";
import { typeLabel, types } from "../../aws-facts/resource-types";
import { argsOf, databaseRole, engineFamilyOf, storageOwnerTypes } from "../lib/databases";
import { StackReport, defineStackPolicy } from "../lib/define";
import { findParameter, parameterGroupInForce, rdsParameterGroupSlots } from "../lib/parameter-groups";
import { UNKNOWN, asString } from "../lib/values";
import { UsedBy, Usage, databasesPhrase } from "../lib/shared-resources";
import { cacheTypes, reportOn } from "../lib/key-value-stores";
import { checkStoreTls } from "./key-value-stores";
import { checkDocdbNeptuneRedshiftTls, tlsJudgedTypes } from "../engines/parameter-rules";

/** Checks that the group sets the TLS switch of `family` on; reported on the group, naming its databases. */
function checkGroup({ resource: group, databases }: Usage, family: EngineFamily, report: StackReport): void {
    const tls = tlsParameter(family)!;
    const wanted = `${tls.name} = ${JSON.stringify(tls.onValues[0])}, so that ${databasesPhrase(databases)} accept${databases.length === 1 ? "s" : ""} only TLS connections`;
    const groupArgs = `the ${typeLabel(group.type)} args of ${JSON.stringify(group.name)}`;
    const fix = `add \`{ name: "${tls.name}", value: "${tls.onValues[0]}" }\` to \`parameters\` in ${groupArgs}.`;
    const entry = findParameter(group, "parameters", tls.name);
    if (entry.kind === "unknown") return report.unknown(group, entry.property);
    if (entry.kind === "invalid-list") return report.violation(group, { property: "parameters", seen: entry.seen, wanted: `a list of parameters with ${wanted}`, fix });
    if (entry.kind === "found") {
        const value = asString(entry.value);
        if (value === UNKNOWN) return report.unknown(group, entry.property);
        if (typeof value === "string" && isTlsOn(family, value)) return;
        return report.violation(group, { property: `${entry.property} (${tls.name})`, seen: entry.value, wanted, fix: `set \`value: "${tls.onValues[0]}"\` on ${tls.name} in ${groupArgs}.` });
    }
    report.violation(group, { property: `parameter ${tls.name}`, seen: undefined, wanted, fix });
}

export const dbTlsEnforced = defineStackPolicy({
    name: "db-tls-enforced",
    checklistItem: "security",
    description:
        "The parameter group in force on each database turns on the engine's switch that refuses unencrypted connections " +
        "(rds.force_ssl=1 for PostgreSQL and SQL Server, require_secure_transport=1 for MySQL and MariaDB; Aurora: in the cluster parameter group; " +
        "DocumentDB tls and Neptune neptune_enforce_ssl not turned off; Redshift require_ssl=true in the parameter group or Serverless workgroup).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Create an aws.rds.ParameterGroup (instances, read replicas included) or aws.rds.ClusterParameterGroup (Aurora and Multi-AZ clusters) for the engine's family " +
        'with `parameters: [{ name: "rds.force_ssl", value: "1" }]` (PostgreSQL, Aurora PostgreSQL, SQL Server) or ' +
        '`[{ name: "require_secure_transport", value: "1" }]` (MySQL, MariaDB, Aurora MySQL), and set `parameterGroupName` / `dbClusterParameterGroupName` to its name. ' +
        "AWS default groups (default.*) cannot be edited. Oracle and Db2 enforce TLS through option groups and are not judged; Aurora cluster instances use the cluster's setting. " +
        'ElastiCache: `transitEncryptionEnabled: true` with `transitEncryptionMode` unset or "required" (replication groups; Memcached clusters need transitEncryptionEnabled); ' +
        "MemoryDB: `tlsEnabled` unset or true. DynamoDB and serverless caches always encrypt in transit." +
        ' DocumentDB: `tls` in the aws.docdb.ClusterParameterGroup must not be "disabled" (on by default); Neptune: `neptune_enforce_ssl` must not be "0" (on by default); Redshift: an aws.redshift.ParameterGroup with `require_ssl` = "true" named by `clusterParameterGroupName` (off in AWS\'s default group); Redshift Serverless: `configParameters: [{ parameterKey: "require_ssl", parameterValue: "true" }]`. Every parameter group of these kinds in the stack is judged, used or not.',
    peers: [
        "CKV2_AWS_69",
        "Security Hub RDS.38",
        "Security Hub RDS.39",
        "CKV_AWS_30",
        "AVD-AWS-0051",
        "Security Hub ElastiCache.5",
        "cdk-nag AwsSolutions-AEC3",
        "CKV_AWS_202",
        "CKV_AWS_90",
        "CKV_AWS_105",
        "cdk-nag AwsSolutions-RS1",
        "AWS Config redshift-require-tls-ssl",
        "Security Hub Redshift.2",
    ],
    config: {},
    judges: [...storageOwnerTypes, types.elasticacheReplicationGroup, types.elasticacheCluster, types.memorydbCluster, ...tlsJudgedTypes],
    check(stack, _config, report) {
        for (const db of stack.ofType(...cacheTypes)) checkStoreTls(db, reportOn(report, db));
        /** The groups in force, by the engine family of the databases using them (each family has its own TLS switch). */
        const usagesByFamily = new Map<EngineFamily, UsedBy>();
        for (const db of stack.ofType(...storageOwnerTypes)) {
            if (databaseRole(db) === "aurora-member") continue;
            const [slot] = rdsParameterGroupSlots(db);
            const { property, groupType } = slot;
            const inForce = parameterGroupInForce(stack, slot);
            const family = engineFamilyOf(stack, db, { groups: inForce.kind === "groups" ? inForce.groups : [] });
            if (family === UNKNOWN) {
                report.unknown(db, "engine");
                continue;
            }
            const tls = family === undefined ? undefined : tlsParameter(family);
            if (family === undefined || tls === undefined) continue;

            const groupLabel = typeLabel(groupType);
            const fix =
                `create an ${groupLabel} for the engine's family with \`parameters: [{ name: "${tls.name}", value: "${tls.onValues[0]}" }]\` ` +
                `and set \`${property}: parameterGroup.name\` in ${argsOf(db)}.`;
            const wanted = `a custom ${groupLabel} that sets ${tls.name} = ${JSON.stringify(tls.onValues[0])}`;
            if (inForce.kind === "default") {
                report.violation(db, {
                    property,
                    seen: inForce.raw,
                    wanted: `${wanted} (${inForce.raw === undefined ? "unset means the AWS default group" : "an AWS default group"}, which cannot be edited to force TLS)`,
                    fix,
                });
                continue;
            }
            if (inForce.kind === "unknown") {
                report.unknown(db, property);
                continue;
            }
            if (inForce.kind === "external") {
                report.note(
                    db,
                    `${property} names ${JSON.stringify(inForce.name)}, a parameter group that is not in this stack, so this policy cannot see whether it sets ` +
                        `${tls.name} = ${JSON.stringify(tls.onValues[0])}; make sure it does, or manage the group in this stack.`,
                );
                continue;
            }
            const usages = usagesByFamily.get(family) ?? new UsedBy();
            usagesByFamily.set(family, usages);
            for (const group of inForce.groups) usages.add(group, db);
        }
        for (const [family, usages] of usagesByFamily) for (const usage of usages.usages()) checkGroup(usage, family, report);
        checkDocdbNeptuneRedshiftTls(stack, report);
    },
});
