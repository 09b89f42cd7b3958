import type * as aws from "@pulumi/aws";
import { z } from "zod";
import { DatabaseEventSourceType, isEventCategoryOf, criticalEventCategories } from "../../aws-facts/events";
import { types } from "../../aws-facts/resource-types";
import { databaseRole } from "../lib/databases";
import { defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, Unknown, asBoolean, asString, asStringList } from "../lib/values";
import { ReferenceIndex } from "../lib/reference-index";
import { awsIdentifierOf, identifierProperty } from "../lib/database-links";
import { cacheTypes, reportOn } from "../lib/key-value-stores";
import { checkStoreNotifications } from "./key-value-stores";
import { checkDocdbNeptuneRedshiftEvents, eventNotificationTypes } from "../engines/events";

/** What a subscription delivers for this database: the categories (all when unset), or why it delivers nothing. */
type Delivery = { categories: string[] | "all" } | { pending: string } | { none: true };

function deliveryOf(sub: ResourceUnderCheck, db: ResourceUnderCheck, sourceType: DatabaseEventSourceType, id: string | Unknown | undefined): Delivery {
    const what = (property: string) => ({ pending: `${property} of ${sub.label}` });
    const enabled = asBoolean(sub.get<aws.rds.EventSubscriptionArgs>("enabled"));
    if (enabled === false) return { none: true };
    const type = asString(sub.get<aws.rds.EventSubscriptionArgs>("sourceType"));
    if (typeof type === "string" && type !== sourceType) return { none: true };
    const topic = asString(sub.get<aws.rds.EventSubscriptionArgs>("snsTopic"));
    // A topic ARN unknown at preview comes from a topic created with the stack: it is set.
    if (topic !== UNKNOWN && (typeof topic !== "string" || topic.trim() === "")) return { none: true };
    const categories = asStringList(sub.get<aws.rds.EventSubscriptionArgs>("eventCategories"));
    if (enabled === UNKNOWN) return what("enabled");
    if (type === UNKNOWN) return what("sourceType");
    if (categories === UNKNOWN) return what("eventCategories");
    if (!Array.isArray(categories) && categories !== undefined) return { none: true };
    // Does it name this database: linked to it, every source (no ids), or its identifier among the ids?
    if (!(sub.propertyDependencies.sourceIds ?? []).includes(db.urn)) {
        const ids = asStringList(sub.get<aws.rds.EventSubscriptionArgs>("sourceIds"));
        if (ids === UNKNOWN) return what("sourceIds");
        if (Array.isArray(ids) && ids.length > 0) {
            if (id === UNKNOWN) return { pending: `${identifierProperty(db)} of ${db.label}` };
            if (id === undefined || !ids.some((i) => i.trim().toLowerCase() === id)) return { none: true };
        } else if (ids !== undefined && !Array.isArray(ids)) return { none: true };
    }
    return { categories: categories === undefined || categories.length === 0 ? "all" : categories.map((c) => c.trim().toLowerCase()) };
}

export const dbEventNotifications = defineStackPolicy({
    name: "db-event-notifications",
    checklistItem: "monitoring",
    description: "An enabled RDS event subscription sends each database's failure, failover, low-storage and maintenance events to an SNS topic.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        'Add an aws.rds.EventSubscription with `snsTopic: alerts.arn`, `sourceType: "db-instance"` ("db-cluster" for an Aurora or Multi-AZ DB cluster), `sourceIds: [db.identifier]` ' +
        '(or leave sourceIds unset to cover every database of that type) and `eventCategories: ["failure", "failover", "low storage", "maintenance"]` ' +
        '(clusters have no "low storage" category; leave eventCategories unset to receive every category). Do not set `enabled: false`. ' +
        "ElastiCache replication groups and clusters: `notificationTopicArn: alerts.arn`; MemoryDB clusters: `snsTopicArn: alerts.arn` (serverless caches and DynamoDB publish to EventBridge only)." +
        ' DocumentDB and Neptune clusters: an aws.docdb.EventSubscription / aws.neptune.EventSubscription with `snsTopicArn`, `sourceType: "db-cluster"` and "failure" or "failover" among its categories; ' +
        'Redshift clusters: an aws.redshift.EventSubscription with `sourceType: "cluster"` and the "monitoring" category.',
    peers: ["Security Hub RDS.19", "Security Hub RDS.20", "Security Hub RDS.21", "Security Hub RDS.22"],
    config: {
        categories: z
            .array(z.string().min(1))
            .default([...criticalEventCategories])
            .describe('RDS event categories each database\'s events must reach SNS in; a category that does not exist for the source type (e.g. "low storage" for db-cluster) is not asked of it.'),
    },
    judges: [types.instance, types.cluster, types.elasticacheReplicationGroup, types.elasticacheCluster, types.memorydbCluster, ...eventNotificationTypes],
    check(stack, config, report) {
        for (const db of stack.ofType(...cacheTypes)) checkStoreNotifications(db, reportOn(report, db));
        // Subscriptions linked to a database, naming its identifier, or naming every source (sourceIds unset or empty).
        const index = new ReferenceIndex(stack, stack.ofType(types.eventSubscription), "sourceIds", {
            isPattern: () => false,
            broad: (_sub, listIsEmpty) => listIsEmpty,
        });
        for (const db of stack.ofType(types.instance, types.cluster)) {
            if (databaseRole(db) === "aurora-member") continue;
            const sourceType: DatabaseEventSourceType = db.type === types.cluster ? "db-cluster" : "db-instance";
            const required = [...new Set(config.categories.map((c) => c.trim().toLowerCase()))].filter((c) => isEventCategoryOf(sourceType, c));
            if (required.length === 0) continue;

            const covered = new Set<string>();
            let all = false;
            let waiting: string | undefined;
            const id = awsIdentifierOf(db);
            const asWritten = asString(db.get(identifierProperty(db)));
            for (const sub of index.candidates(db, [id, typeof asWritten === "string" ? asWritten : undefined])) {
                const delivery = deliveryOf(sub, db, sourceType, id);
                if ("categories" in delivery) {
                    if (delivery.categories === "all") all = true;
                    else for (const c of delivery.categories) covered.add(c);
                } else if ("pending" in delivery) waiting ??= delivery.pending;
            }
            const missingCategories = all ? [] : required.filter((c) => !covered.has(c));
            if (missingCategories.length === 0) continue;
            if (waiting !== undefined) {
                report.unknown(db, waiting);
                continue;
            }
            if (id === UNKNOWN && covered.size === 0) {
                report.unknown(db, identifierProperty(db));
                continue;
            }
            report.violation(db, {
                property: "event categories sent to SNS",
                seen: required.filter((c) => covered.has(c)),
                wanted:
                    `all of ${required.map((c) => JSON.stringify(c)).join(", ")} from an enabled aws.rds.EventSubscription with sourceType "${sourceType}" ` +
                    `naming this database in sourceIds (or leaving sourceIds unset) and an snsTopic`,
                fix:
                    `add ${missingCategories.map((c) => JSON.stringify(c)).join(", ")} to \`eventCategories\` of an aws.rds.EventSubscription with \`sourceType: "${sourceType}"\`, ` +
                    `\`sourceIds: [${db.type === types.cluster ? "cluster.clusterIdentifier" : "db.identifier"}]\` and \`snsTopic: alerts.arn\`.`,
            });
        }
        checkDocdbNeptuneRedshiftEvents(stack, report);
    },
});
