// Monitoring and runbook checklist items on DocumentDB, Neptune, Redshift and Redshift Serverless.
import { set, withProps } from "../../fixtures/resources";
import { itFlagsEachChange } from "./support";

const withoutTag = (key: string) => (p: Record<string, unknown>) => {
    const tags = { ...(p.tags as Record<string, string>) };
    delete tags[key];
    return { ...p, tags };
};

describe("monitoring and runbook on DocumentDB, Neptune, Redshift and Redshift Serverless", () => {
    itFlagsEachChange([
        { name: "a DocumentDB instance without Performance Insights", change: (s) => withProps(s, "docs-2", set({ enablePerformanceInsights: false })), policy: "db-performance-insights", resource: "docs-2", says: "enablePerformanceInsights is false", level: "advisory" },
        { name: "a DocumentDB instance on an expired CA", change: (s) => withProps(s, "docs-1", set({ caCertIdentifier: "rds-ca-2019" })), policy: "db-ca-certificate", resource: "docs-1", says: "rds-ca-2019 has expired", level: "advisory" },
        { name: "a Redshift cluster without a runbook tag", change: (s) => withProps(s, "warehouse", withoutTag("runbook")), policy: "db-runbook", resource: "warehouse", says: "tags.runbook is unset" },
        { name: "a Neptune cluster without an owner tag", change: (s) => withProps(s, "graph", withoutTag("owner")), policy: "db-ownership", resource: "graph", says: "tags.owner is unset", level: "advisory" },
        { name: "a Redshift Serverless namespace with no restore drill recorded", change: (s) => withProps(s, "lake", withoutTag("restore-tested-at")), policy: "db-drills-recent", resource: "lake", says: 'tags["restore-tested-at"] is unset', level: "advisory" },
        { name: "a DocumentDB cluster whose failover drill is a year old", change: (s) => withProps(s, "docs", (p) => ({ ...p, tags: { ...(p.tags as object), "failover-tested-at": new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10) } })), policy: "db-drills-recent", resource: "docs", says: 'tags["failover-tested-at"]', level: "advisory" },
    ]);
});
