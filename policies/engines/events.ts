// db-event-notifications for DocumentDB, Neptune and Redshift clusters: an enabled event subscription
// of the cluster's own service, with an SNS topic, that covers the cluster (sourceIds unset or naming
// it) and delivers the categories that announce failures (eventCategories unset means all).
import { docdbEvents, docdbTypes } from "../../aws-facts/docdb";
import { neptuneEvents, neptuneTypes } from "../../aws-facts/neptune";
import { redshiftEvents, redshiftTypes } from "../../aws-facts/redshift";
import { typeLabel } from "../../aws-facts/resource-types";
import { awsIdentifierOf } from "../lib/database-links";
import { StackReport } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asBoolean, asString, asStringList } from "../lib/values";

const eventSpecs: Record<string, { subscriptionType: string; sourceType: string; categories: readonly string[] }> = {
    [docdbTypes.cluster]: docdbEvents,
    [neptuneTypes.cluster]: neptuneEvents,
    [redshiftTypes.cluster]: redshiftEvents,
};
export const eventNotificationTypes = Object.keys(eventSpecs);

/** Whether `sub` delivers one of `categories` of `cluster` to SNS: true, false, or what is not known yet. */
function delivers(sub: ResourceUnderCheck, cluster: ResourceUnderCheck, sourceType: string, categories: readonly string[]): boolean | { pending: string } {
    const pending = (property: string) => ({ pending: `${property} of ${sub.label}` });
    const enabled = asBoolean(sub.get("enabled"));
    if (enabled === false) return false;
    const topic = asString(sub.get("snsTopicArn"));
    // A topic ARN unknown at preview comes from a topic created with the stack: it is set.
    if (topic !== UNKNOWN && (typeof topic !== "string" || topic.trim() === "")) return false;
    const type = asString(sub.get("sourceType"));
    if (typeof type === "string" && type.trim().toLowerCase() !== sourceType) return false;
    const listed = asStringList(sub.get("eventCategories"));
    if (Array.isArray(listed) && listed.length > 0 && !listed.some((c) => categories.includes(c.trim().toLowerCase()))) return false;
    if (enabled === UNKNOWN) return pending("enabled");
    if (type === UNKNOWN) return pending("sourceType");
    if (listed === UNKNOWN) return pending("eventCategories");
    if ((sub.propertyDependencies.sourceIds ?? []).includes(cluster.urn)) return true;
    const ids = asStringList(sub.get("sourceIds"));
    if (ids === UNKNOWN) return pending("sourceIds");
    if (!Array.isArray(ids) || ids.length === 0) return ids === undefined || Array.isArray(ids);
    const id = awsIdentifierOf(cluster);
    if (id === UNKNOWN) return { pending: `clusterIdentifier of ${cluster.label}` };
    return id !== undefined && ids.some((i) => i.trim().toLowerCase() === id);
}

export function checkDocdbNeptuneRedshiftEvents(stack: StackUnderCheck, report: StackReport): void {
    for (const cluster of stack.ofType(...eventNotificationTypes)) {
        const spec = eventSpecs[cluster.type];
        let waiting: string | undefined;
        let covered = false;
        for (const sub of stack.ofType(spec.subscriptionType)) {
            const verdict = delivers(sub, cluster, spec.sourceType, spec.categories);
            if (verdict === true) {
                covered = true;
                break;
            }
            if (verdict !== false) waiting ??= verdict.pending;
        }
        if (covered) continue;
        if (waiting !== undefined) {
            report.unknown(cluster, waiting);
            continue;
        }
        const subscriptionClass = typeLabel(spec.subscriptionType);
        report.violation(cluster, {
            property: "event notifications",
            seen: undefined,
            wanted:
                `an enabled ${subscriptionClass} with an snsTopicArn, sourceType "${spec.sourceType}" (or unset), sourceIds naming this cluster (or unset) ` +
                `and eventCategories including ${spec.categories.map((c) => JSON.stringify(c)).join(" or ")} (or unset: every category)`,
            fix:
                `add \`new ${subscriptionClass}("${cluster.name}-events", { snsTopicArn: alerts.arn, sourceType: "${spec.sourceType}", ` +
                `sourceIds: [cluster.clusterIdentifier], eventCategories: ${JSON.stringify([...spec.categories])} })\`.`,
        });
    }
}
