// RDS event notification facts. Source: "Amazon RDS event categories and event messages" (RDS and
// Aurora User Guides) and the CreateEventSubscription API reference.

/**
 * The event categories RDS has for each source type. A subscription may only name categories of its
 * source type; DB clusters (Aurora, Multi-AZ DB clusters) have no "low storage" category: Aurora's
 * cluster volume grows by itself, and instance-level storage events come with source type db-instance.
 */
export const eventCategoriesBySourceType = {
    "db-instance": [
        "availability",
        "backup",
        "configuration change",
        "creation",
        "deletion",
        "failover",
        "failure",
        "low storage",
        "maintenance",
        "notification",
        "read replica",
        "recovery",
        "restoration",
        "security",
        "security patching",
    ],
    "db-cluster": ["configuration change", "creation", "deletion", "failover", "failure", "global-failover", "maintenance", "migration", "notification", "serverless"],
} as const;

export type DatabaseEventSourceType = keyof typeof eventCategoriesBySourceType;

/** Whether RDS has this category for the source type (case-insensitive, as RDS compares them). */
export function isEventCategoryOf(sourceType: DatabaseEventSourceType, category: string): boolean {
    return (eventCategoriesBySourceType[sourceType] as readonly string[]).includes(category.trim().toLowerCase());
}

/** RDS event categories a production subscription should carry (db-instance source type). */
export const criticalEventCategories = ["failure", "failover", "low storage", "maintenance"] as const;
/** RDS event categories that announce a failed backup. */
export const backupEventCategories = ["backup", "failure"] as const;

/*
 * CreateEventSubscription defaults, which db-event-notifications relies on: no SourceType means
 * events of every source type; no SourceIds means every source of the type; no EventCategories
 * means every category; Enabled defaults to true.
 */
