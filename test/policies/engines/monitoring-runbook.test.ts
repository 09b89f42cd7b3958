// Monitoring and runbook checklist items on DocumentDB, Neptune, Redshift and Redshift Serverless.
import { cloudwatch, set, withProps } from "../../fixtures/resources";
import { unknownSentinels } from "../helpers";
import { itFlagsEachChange, packFindings } from "./support";
import { docdb, neptune, redshift, redshiftServerless } from "../../fixtures/docdb-neptune-redshift-resources";

const withoutTag = (key: string) => (p: Record<string, unknown>) => {
    const tags = { ...(p.tags as Record<string, string>) };
    delete tags[key];
    return { ...p, tags };
};

describe("monitoring and runbook on DocumentDB, Neptune, Redshift and Redshift Serverless", () => {
    itFlagsEachChange([
        {
            name: "a DocumentDB instance without Performance Insights",
            change: (s) => withProps(s, docdb.clusterInstance, "docs-2", set({ enablePerformanceInsights: false })),
            policy: "db-performance-insights",
            resource: "docs-2",
            says: "enablePerformanceInsights is false",
            level: "advisory",
        },
        {
            name: "a DocumentDB instance on an expired CA",
            change: (s) => withProps(s, docdb.clusterInstance, "docs-1", set({ caCertIdentifier: "rds-ca-2019" })),
            policy: "db-ca-certificate",
            resource: "docs-1",
            says: "rds-ca-2019 has expired",
            level: "advisory",
        },
        {
            name: "a DocumentDB cluster whose event subscription is disabled",
            change: (s) => withProps(s, docdb.eventSubscription, "docs-events", set({ enabled: false })),
            policy: "db-event-notifications",
            resource: "docs",
            says: "event notifications is unset",
            level: "advisory",
        },
        {
            name: "a Neptune cluster whose events go only to the maintenance category",
            change: (s) => withProps(s, neptune.eventSubscription, "graph-events", set({ eventCategories: ["maintenance"] })),
            policy: "db-event-notifications",
            resource: "graph",
            says: 'eventCategories including "failure" or "failover"',
            level: "advisory",
        },
        {
            name: "a Redshift cluster with no event subscription",
            change: (s) => s.filter((r) => r.name !== "warehouse-events"),
            policy: "db-event-notifications",
            resource: "warehouse",
            says: "aws.redshift.EventSubscription",
            level: "advisory",
        },
        {
            name: "a Redshift cluster without a runbook tag",
            change: (s) => withProps(s, redshift.cluster, "warehouse", withoutTag("runbook")),
            policy: "db-runbook",
            resource: "warehouse",
            says: "tags.runbook is unset",
        },
        {
            name: "a Neptune cluster without an owner tag",
            change: (s) => withProps(s, neptune.cluster, "graph", withoutTag("owner")),
            policy: "db-ownership",
            resource: "graph",
            says: "tags.owner is unset",
            level: "advisory",
        },
        {
            name: "a Redshift Serverless namespace with no restore drill recorded",
            change: (s) => withProps(s, redshiftServerless.namespace, "lake", withoutTag("restore-tested-at")),
            policy: "db-drills-recent",
            resource: "lake",
            says: 'tags["restore-tested-at"] is unset',
            level: "advisory",
        },
        {
            name: "a DocumentDB cluster whose failover drill is a year old",
            change: (s) =>
                withProps(s, docdb.cluster, "docs", (p) => ({ ...p, tags: { ...(p.tags as object), "failover-tested-at": new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10) } })),
            policy: "db-drills-recent",
            resource: "docs",
            says: 'tags["failover-tested-at"]',
            level: "advisory",
        },
    ]);
});

describe("alarms on DocumentDB, Neptune and Redshift clusters", () => {
    itFlagsEachChange([
        {
            name: "a Redshift cluster with no alarm on PercentageDiskSpaceUsed",
            change: (s) => s.filter((r) => r.name !== "warehouse-PercentageDiskSpaceUsed"),
            policy: "db-alarms",
            resource: "warehouse",
            says: 'metrics with no alarm that notifies is ["PercentageDiskSpaceUsed"]',
        },
        {
            name: "a DocumentDB cluster whose FreeableMemory alarm notifies no one",
            change: (s) => withProps(s, cloudwatch.metricAlarm, "docs-FreeableMemory", set({ alarmActions: [] })),
            policy: "db-alarms",
            resource: "docs",
            says: 'aws.cloudwatch.MetricAlarm "docs-FreeableMemory" has no alarmActions',
        },
        {
            name: "a Neptune cluster whose CPU alarm watches the wrong namespace",
            change: (s) => withProps(s, cloudwatch.metricAlarm, "graph-CPUUtilization", set({ namespace: "AWS/RDS" })),
            policy: "db-alarms",
            resource: "graph",
            says: '["CPUUtilization"]',
        },
    ]);

    it("waits at preview for an alarm whose actions are not known yet", async () => {
        const findings = await packFindings(
            (s) =>
                withProps(s, cloudwatch.metricAlarm, "warehouse-HealthStatus", set({ alarmActions: unknownSentinels.array })).map((r) =>
                    r.name === "warehouse-HealthStatus" ? { ...r, propertyDependencies: { dimensions: ["warehouse"] } } : r,
                ),
            { preview: true },
        );
        expect(findings.map((f) => [f.policy, f.resource, f.enforcementLevel])).toEqual([["db-alarms", "warehouse", "advisory"]]);
    });

    it("takes the metric lists from config", async () => {
        const findings = await packFindings((s) => s, { config: { "db-alarms": { redshiftMetrics: ["PercentageDiskSpaceUsed", "QueryDuration"] } } });
        expect(findings.map((f) => [f.policy, f.resource])).toEqual([["db-alarms", "warehouse"]]);
        expect(findings[0].message).toContain('["QueryDuration"]');
    });
});

describe("event subscriptions that cover every cluster", () => {
    it("accepts a subscription with no sourceIds and no categories (every cluster, every category)", async () => {
        const findings = await packFindings((s) =>
            withProps(s, redshift.eventSubscription, "warehouse-events", (p) => ({ ...p, sourceIds: undefined, eventCategories: undefined })).map((r) =>
                r.name === "warehouse-events" ? { ...r, propertyDependencies: { snsTopicArn: ["analytics-alerts"] } } : r,
            ),
        );
        expect(findings).toEqual([]);
    });

    it("waits at preview for a subscription whose categories are not known yet", async () => {
        const findings = await packFindings((s) => withProps(s, docdb.eventSubscription, "docs-events", set({ eventCategories: unknownSentinels.array })), { preview: true });
        expect(findings.map((f) => [f.policy, f.resource, f.enforcementLevel])).toEqual([["db-event-notifications", "docs", "advisory"]]);
    });
});
