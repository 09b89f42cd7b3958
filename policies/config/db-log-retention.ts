import type * as aws from "@pulumi/aws";
import { z } from "zod";
import { logRetentionDays, rdsLogGroupName } from "../../aws-facts/logs";
import { types } from "../../aws-facts/resource-types";
import { argsOf, databaseRole } from "../lib/databases";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asNumber, asString, asStringList, isInvalid } from "../lib/values";
import { defineStackPolicy } from "../lib/define";
import { awsIdentifierOf, identifierProperty, isAutoNamedIdentifier } from "../lib/database-links";
import { checkCacheLogGroups } from "./key-value-stores";
import { retentionShortfalls } from "./log-group-retention";

export const dbLogRetention = defineStackPolicy({
    name: "db-log-retention",
    checklistItem: "config",
    description: "Every log type a database exports to CloudWatch Logs goes to a log group the stack declares with a retention, instead of one RDS creates that keeps logs forever.",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps:
        "For each entry of enabledCloudwatchLogsExports, declare the log group RDS writes to, with its fixed name: " +
        '`new aws.cloudwatch.LogGroup("orders-postgresql-logs", { name: "/aws/rds/instance/<identifier>/postgresql", retentionInDays: 30 })` ' +
        "(`/aws/rds/cluster/<clusterIdentifier>/<type>` for a cluster), and give the database `dependsOn` on it so it exists before RDS writes the first log. " +
        'Unset or 0 retentionInDays means never expire. ElastiCache: each log group named in `logDeliveryConfigurations` (destinationType "cloudwatch-logs") needs a retention too.',
    peers: [],
    config: {
        minDays: z.number().int().min(1).default(1).describe("Shortest acceptable retentionInDays (any retention passes by default: the point is that logs do expire)."),
    },
    judges: [types.instance, types.cluster, types.elasticacheReplicationGroup, types.elasticacheCluster],
    check(stack, config, report) {
        const byName = new Map<string, ResourceUnderCheck[]>();
        for (const group of stack.ofType(types.logGroup)) {
            const name = asString(group.get<aws.cloudwatch.LogGroupArgs>("name"));
            if (typeof name !== "string") continue;
            const list = byName.get(name);
            if (list) list.push(group);
            else byName.set(name, [group]);
        }
        const suggested = logRetentionDays.find((d) => d >= Math.max(config.minDays, 30)) ?? config.minDays;
        const shortOf = retentionShortfalls(config.minDays);
        for (const db of stack.ofType(types.elasticacheReplicationGroup, types.elasticacheCluster)) checkCacheLogGroups(stack, db, byName, shortOf, config.minDays, suggested, report);

        for (const db of stack.ofType(types.instance, types.cluster)) {
            if (databaseRole(db) === "aurora-member") continue;
            const exports = asStringList(db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("enabledCloudwatchLogsExports"));
            if (exports === UNKNOWN) {
                report.unknown(db, "enabledCloudwatchLogsExports");
                continue;
            }
            // Nothing exported (or a malformed list, which db-audit-logging reports): nothing to keep.
            if (!Array.isArray(exports) || exports.length === 0) continue;
            const id = awsIdentifierOf(db);
            const idProperty = identifierProperty(db);
            if (id === UNKNOWN) {
                report.unknown(db, idProperty);
                continue;
            }
            if (id === undefined) {
                report.note(db, `${idProperty} is unset, so the names of the log groups RDS writes to are not known to this policy; set \`${idProperty}\` to have their retention checked.`);
                continue;
            }
            const kind = db.type === types.cluster ? "cluster" : "instance";
            const unnamedDependents = stack.dependentsOf(db, types.logGroup).filter((g) => g.get("name") === UNKNOWN);
            const missing: string[] = [];
            let waiting = false;
            for (const logType of new Set(exports)) {
                const name = rdsLogGroupName(kind, id, logType);
                const groups = byName.get(name) ?? [];
                if (groups.length === 0) {
                    if (unnamedDependents.length > 0) waiting = true;
                    else missing.push(name);
                    continue;
                }
                for (const group of shortOf(groups)) {
                    const raw = group.get<aws.cloudwatch.LogGroupArgs>("retentionInDays");
                    const days = asNumber(raw);
                    if (days === UNKNOWN) {
                        report.unknown(group, "retentionInDays");
                        continue;
                    }
                    if (typeof days === "number" && !isInvalid(days) && days >= config.minDays) continue;
                    report.violation(group, {
                        property: "retentionInDays",
                        seen: raw,
                        wanted:
                            `at least ${config.minDays} day${config.minDays === 1 ? "" : "s"}` +
                            (days === undefined || days === 0 ? " (unset or 0 means never expire)" : "") +
                            `; it holds the ${logType} log of ${db.label}`,
                        fix: `set \`retentionInDays: ${suggested}\` in the aws.cloudwatch.LogGroup args of ${JSON.stringify(group.name)}.`,
                    });
                }
            }
            if (missing.length > 0) {
                // A generated identifier changes on every preview: name the groups through the output instead of printing it.
                const generated = isAutoNamedIdentifier(db, id);
                const reference = db.type === types.cluster ? "cluster.clusterIdentifier" : "db.identifier";
                const shown = generated ? missing.map((m) => m.replace(`/${id}/`, `/<${idProperty}>/`)) : missing;
                const groupName = (m: string) => (generated ? `pulumi.interpolate\`${m.replace(`/${id}/`, `/\${${reference}}/`)}\`` : JSON.stringify(m));
                report.violation(db, {
                    property: "log groups of exported logs missing from the stack",
                    seen: shown,
                    wanted: "an aws.cloudwatch.LogGroup with retentionInDays for each exported log type (otherwise RDS creates the group with no retention: logs never expire)",
                    fix:
                        `add \`new aws.cloudwatch.LogGroup("<name>", { name: ${groupName(missing[0])}, retentionInDays: ${suggested} })\`` +
                        (missing.length > 1 ? ` and the same for ${missing.slice(1).map(groupName).join(", ")}` : "") +
                        ", and `dependsOn` them from the database so they exist before RDS writes its first log" +
                        (generated ? `; or set \`${idProperty}\` in ${argsOf(db)} (Pulumi generates it now, with a random suffix) so the names are fixed.` : "."),
                });
            } else if (waiting) {
                report.unknown(db, `name of ${unnamedDependents[0].label}`);
            }
        }
    },
});
