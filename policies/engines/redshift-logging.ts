// Redshift audit logging is its own resource in @pulumi/aws v7 (aws.redshift.Logging, linked to the
// cluster by clusterIdentifier): each cluster needs one that delivers the connection, user and user
// activity logs to CloudWatch Logs or S3.
import { redshiftLogExports, redshiftTypes } from "../../aws-facts/redshift";
import { StackReport } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asString, asStringList, isInvalid } from "../lib/values";
import { argsOf } from "../lib/databases";

function judgeLogging(logging: ResourceUnderCheck, report: StackReport): void {
    const destination = asString(logging.get("logDestinationType"));
    if (destination === UNKNOWN) return report.unknown(logging, "logDestinationType");
    if (typeof destination === "string" && destination.trim().toLowerCase() === "cloudwatch") {
        const raw = logging.get("logExports");
        const exported = asStringList(raw);
        if (exported === UNKNOWN) return report.unknown(logging, "logExports");
        const have = new Set(Array.isArray(exported) ? exported.map((t) => t.trim()) : []);
        const missing = redshiftLogExports.filter((t) => !have.has(t));
        if (!isInvalid(exported) && missing.length === 0) return;
        return report.violation(logging, {
            property: "logExports",
            seen: raw,
            wanted: `${redshiftLogExports.map((t) => JSON.stringify(t)).join(", ")}${raw === undefined ? "" : ` (missing ${missing.join(", ")})`}`,
            fix: `set \`logExports: ${JSON.stringify([...redshiftLogExports])}\` in ${argsOf(logging)}.`,
        });
    }
    // S3 (the destination when unset) needs the bucket.
    if (logging.get("bucketName") !== undefined) return;
    report.violation(logging, {
        property: "bucketName",
        seen: undefined,
        wanted: 'an S3 bucket for the audit logs (or `logDestinationType: "cloudwatch"` with logExports)',
        fix: `set \`logDestinationType: "cloudwatch"\` and \`logExports: ${JSON.stringify([...redshiftLogExports])}\` in ${argsOf(logging)}.`,
    });
}

export function checkRedshiftLogging(stack: StackUnderCheck, report: StackReport): void {
    const logged = new Set<string>();
    let unresolved: ResourceUnderCheck | undefined;
    for (const logging of stack.ofType(redshiftTypes.logging)) {
        judgeLogging(logging, report);
        const clusters = stack.referencedBy(logging, "clusterIdentifier", redshiftTypes.cluster);
        if (clusters === UNKNOWN) unresolved ??= logging;
        else for (const c of clusters) logged.add(c.urn);
    }
    for (const cluster of stack.ofType(redshiftTypes.cluster)) {
        if (logged.has(cluster.urn)) continue;
        // A Logging whose clusterIdentifier is not known yet may be this cluster's.
        if (unresolved) {
            report.unknown(cluster, `clusterIdentifier of ${unresolved.label}`);
            continue;
        }
        report.violation(cluster, {
            property: "audit logging (aws.redshift.Logging)",
            seen: undefined,
            wanted: "an aws.redshift.Logging resource for this cluster that delivers the connection, user and user activity logs",
            fix:
                `add \`new aws.redshift.Logging("${cluster.name}-audit", { clusterIdentifier: cluster.clusterIdentifier, logDestinationType: "cloudwatch", ` +
                `logExports: ${JSON.stringify([...redshiftLogExports])} })\`.`,
        });
    }
}
