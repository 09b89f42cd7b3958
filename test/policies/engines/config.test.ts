// Config checklist item on DocumentDB, Neptune, Redshift and Redshift Serverless.
import { anyKind, set, unset, withProps } from "../../fixtures/resources";
import { itFlagsEachChange, packFindings } from "./support";
import { docdb, neptune, redshift, redshiftServerless } from "../../fixtures/docdb-neptune-redshift-resources";

describe("config on DocumentDB, Neptune, Redshift and Redshift Serverless", () => {
    itFlagsEachChange([
        {
            name: "a DocumentDB cluster with one instance",
            change: (s) => s.filter((r) => r.name !== "docs-2"),
            policy: "db-multi-az",
            resource: "docs",
            says: "cluster instances is 1; wanted at least 2 aws.docdb.ClusterInstance",
        },
        {
            name: "a Neptune cluster with both instances in one zone",
            change: (s) => withProps(s, neptune.clusterInstance, "graph-2", set({ availabilityZone: "us-east-1a" })),
            policy: "db-multi-az",
            resource: "graph",
            says: "at least two distinct Availability Zones",
        },
        {
            name: "a Neptune cluster limited to one Availability Zone",
            change: (s) => withProps(s, neptune.cluster, "graph", set({ availabilityZones: ["us-east-1a"] })),
            policy: "db-multi-az",
            resource: "graph",
            says: 'availabilityZones is ["us-east-1a"]',
        },
        { name: "a single-AZ Redshift cluster", change: (s) => withProps(s, redshift.cluster, "warehouse", unset("multiAz")), policy: "db-multi-az", resource: "warehouse", says: "multiAz is unset" },
        {
            name: "a DocumentDB instance with minor upgrades off",
            change: (s) => withProps(s, docdb.clusterInstance, "docs-1", set({ autoMinorVersionUpgrade: false })),
            policy: "db-minor-upgrades",
            resource: "docs-1",
            says: "autoMinorVersionUpgrade is false",
            level: "advisory",
        },
        {
            name: "a Neptune cluster with no maintenance window",
            change: (s) => withProps(s, neptune.cluster, "graph", unset("preferredMaintenanceWindow")),
            policy: "db-minor-upgrades",
            resource: "graph",
            says: "preferredMaintenanceWindow is unset",
            level: "advisory",
        },
        {
            name: "a Redshift cluster that refuses version upgrades",
            change: (s) => withProps(s, redshift.cluster, "warehouse", set({ allowVersionUpgrade: false })),
            policy: "db-minor-upgrades",
            resource: "warehouse",
            says: "allowVersionUpgrade is false",
            level: "advisory",
        },
        {
            name: "a Redshift cluster on the default database dev",
            change: (s) => withProps(s, redshift.cluster, "warehouse", unset("databaseName")),
            policy: "db-no-test-database",
            resource: "warehouse",
            says: 'not Redshift\'s default "dev" (unset means "dev")',
        },
        {
            name: "a Redshift Serverless namespace whose database is named test",
            change: (s) => withProps(s, redshiftServerless.namespace, "lake", set({ dbName: "test" })),
            policy: "db-no-test-database",
            resource: "lake",
            says: 'dbName is "test"',
        },
        {
            name: "a DocumentDB instance named test-db",
            change: (s) => withProps(s, docdb.clusterInstance, "docs-1", set({ identifier: "test-db" })),
            policy: "db-no-test-database",
            resource: "docs-1",
            says: 'identifier is "test-db"',
        },
        {
            name: "a Redshift Serverless workgroup named Demo",
            change: (s) => withProps(s, redshiftServerless.workgroup, "lake-wg", set({ workgroupName: "Demo" })),
            policy: "db-no-test-database",
            resource: "lake-wg",
            says: 'workgroupName is "Demo"',
        },
        {
            name: "a burstable Neptune instance",
            change: (s) => withProps(s, neptune.clusterInstance, "graph-1", set({ instanceClass: "db.t4g.medium" })),
            policy: "db-instance-class",
            resource: "graph-1",
            says: 'instanceClass is "db.t4g.medium"',
            level: "advisory",
        },
    ]);

    it.each([
        ["docs", "dbClusterParameterGroupName", undefined],
        ["graph", "neptuneClusterParameterGroupName", "default.neptune1.3"],
    ])("flags %s on AWS's default group (%s = %s): no custom group, and its audit switch is off there", async (name, property, value) => {
        const findings = await packFindings((s) => withProps(s, anyKind, name, (p) => ({ ...p, [property]: value })));
        expect(findings.map((f) => [f.policy, f.resource])).toEqual([
            ["db-custom-parameter-group", name],
            ["db-audit-trail", name],
        ]);
        expect(findings[0].message).toContain(`${property} is ${value === undefined ? "unset" : JSON.stringify(value)}`);
    });

    it("flags a Redshift cluster whose database is explicitly named dev", async () => {
        const findings = await packFindings((s) => withProps(s, redshift.cluster, "warehouse", set({ databaseName: "DEV" })));
        expect(findings.map((f) => f.policy)).toEqual(["db-no-test-database"]);
    });
});
