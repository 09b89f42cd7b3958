// RDS event notifications for one database: failures, failovers, low storage, maintenance, backups,
// notifications and configuration changes go to the alert topic as they happen.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseEventSourceType, backupEventCategories, criticalEventCategories, isEventCategoryOf } from "../../aws-facts/events";

/** Categories beyond the critical and backup ones that an operator wants to hear about. */
const informationalCategories = ["notification", "configuration change"];

/** The event categories a database's subscription carries, limited to those its source type has. */
export function eventCategoriesFor(sourceType: DatabaseEventSourceType): string[] {
    const wanted = [...new Set([...criticalEventCategories, ...backupEventCategories, ...informationalCategories])];
    return wanted.filter((c) => isEventCategoryOf(sourceType, c));
}

export function eventSubscription(
    name: string,
    args: {
        sourceType: DatabaseEventSourceType;
        /** The databases' identifiers, from their outputs so that the subscription depends on them. */
        sourceIds: pulumi.Input<string>[];
        topicArn: pulumi.Input<string>;
        tags: Record<string, string>;
    },
    parent: pulumi.Resource,
): aws.rds.EventSubscription {
    return new aws.rds.EventSubscription(
        `${name}-events`,
        {
            snsTopic: args.topicArn,
            sourceType: args.sourceType,
            sourceIds: args.sourceIds,
            eventCategories: eventCategoriesFor(args.sourceType),
            enabled: true,
            tags: args.tags,
        },
        { parent },
    );
}
