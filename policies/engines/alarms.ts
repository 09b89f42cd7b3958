// db-alarms for DocumentDB, Neptune and Redshift clusters: an alarm with actions on each of the
// engine's metrics, on the cluster's dimension (or depending on the cluster where the identifier is
// not known yet). The metrics and their namespace and dimension are in aws-facts/{docdb,neptune,redshift}.ts.
import { docdbAlarmMetrics, docdbTypes } from "../../aws-facts/docdb";
import { neptuneAlarmMetrics, neptuneTypes } from "../../aws-facts/neptune";
import { redshiftAlarmMetrics, redshiftTypes } from "../../aws-facts/redshift";
import { awsIdentifierOf } from "../lib/database-links";
import { StackReport } from "../lib/define";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN } from "../lib/values";
import { alarmIndex, alarmNotifies, isMetric, metricsOfDatabase } from "../monitoring/alarm-index";

export const alarmSpecs: Record<string, { namespace: string; dimension: string; configKey: "docdbMetrics" | "neptuneMetrics" | "redshiftMetrics"; defaults: readonly string[] }> = {
    [docdbTypes.cluster]: { ...docdbAlarmMetrics, configKey: "docdbMetrics", defaults: docdbAlarmMetrics.metrics },
    [neptuneTypes.cluster]: { ...neptuneAlarmMetrics, configKey: "neptuneMetrics", defaults: neptuneAlarmMetrics.metrics },
    [redshiftTypes.cluster]: { ...redshiftAlarmMetrics, configKey: "redshiftMetrics", defaults: redshiftAlarmMetrics.metrics },
};
export const alarmTypes = Object.keys(alarmSpecs);

export function checkDocdbNeptuneRedshiftAlarms(stack: StackUnderCheck, config: Record<"docdbMetrics" | "neptuneMetrics" | "redshiftMetrics", readonly string[]>, report: StackReport): void {
    const index = alarmIndex(stack);
    for (const db of stack.ofType(...alarmTypes)) {
        const spec = alarmSpecs[db.type];
        const wanted = config[spec.configKey];
        const metrics = metricsOfDatabase(index, db, spec.dimension);
        const unwatched: string[] = [];
        const silent = new Set<string>();
        const pending = new Set<string>();
        for (const metric of wanted) {
            let state: "notifies" | "pending" | "silent" | "missing" = "missing";
            for (const m of metrics) {
                const is = isMetric(m, spec.namespace, [metric]);
                if (is === false) continue;
                const notifies = alarmNotifies(m.alarm);
                if (is === true && notifies === true) {
                    state = "notifies";
                    break;
                }
                if (is === UNKNOWN || notifies === UNKNOWN) {
                    state = "pending";
                    pending.add(is === UNKNOWN ? `namespace and metricName of ${m.alarm.label}` : `alarmActions of ${m.alarm.label}`);
                } else if (state === "missing") {
                    state = "silent";
                    silent.add(m.alarm.label);
                }
            }
            if (state === "missing" && awsIdentifierOf(db) === UNKNOWN) {
                state = "pending";
                pending.add(`clusterIdentifier of ${db.label}`);
            }
            if (state === "missing" || state === "silent") unwatched.push(metric);
        }
        if (unwatched.length > 0) {
            const id = awsIdentifierOf(db);
            report.violation(db, {
                property: "metrics with no alarm that notifies",
                seen: unwatched,
                wanted:
                    `an aws.cloudwatch.MetricAlarm with alarmActions on each of ${wanted.join(", ")} ` +
                    `(namespace "${spec.namespace}", dimension ${spec.dimension} = ${typeof id === "string" ? JSON.stringify(id) : "its clusterIdentifier"})` +
                    (silent.size > 0 ? `; ${[...silent].join(", ")} ${silent.size === 1 ? "has" : "have"} no alarmActions or actionsEnabled false` : ""),
                fix:
                    `for each metric listed, add an aws.cloudwatch.MetricAlarm with \`namespace: "${spec.namespace}"\`, \`metricName\`, ` +
                    `\`dimensions: { ${spec.dimension}: cluster.clusterIdentifier }\`, a threshold and \`alarmActions: [alerts.arn]\` (an SNS topic someone is subscribed to).`,
            });
            continue;
        }
        if (pending.size > 0) report.unknown(db, [...pending].join(", "));
    }
}
