import { dbNoPublicAccess } from "../../../policies/security/db-no-public-access";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-no-public-access", () => {
    it("passes the compliant stack (instance, replica, cluster and its instances)", async () => {
        expect(await run(dbNoPublicAccess, compliantStack())).toEqual([]);
    });

    it("flags a publicly accessible instance", async () => {
        const findings = await run(dbNoPublicAccess, withProps(compliantStack(), rds.instance, "orders-db", set({ publiclyAccessible: true })));
        expect(findings).toEqual([
            expect.objectContaining({
                enforcementLevel: "mandatory",
                resource: "orders-db",
                message: 'aws.rds.Instance "orders-db": publiclyAccessible is true; wanted false. Fix: set `publiclyAccessible: false` in the aws.rds.Instance args of "orders-db".',
            }),
        ]);
    });

    it("flags an instance with publiclyAccessible unset and no subnet group (default VPC, public by default)", async () => {
        const findings = await run(dbNoPublicAccess, withProps(compliantStack(), rds.instance, "orders-db", unset("publiclyAccessible", "dbSubnetGroupName")));
        expect(findings.map((f) => f.message)).toEqual([
            'aws.rds.Instance "orders-db": publiclyAccessible is unset; wanted false (unset, with no dbSubnetGroupName, places the database in the default VPC, ' +
                "whose subnets map public IPs and route to an internet gateway, and RDS then makes it publicly accessible). " +
                'Fix: set `publiclyAccessible: false` and set `dbSubnetGroupName` to an aws.rds.SubnetGroup of private subnets in the aws.rds.Instance args of "orders-db".',
        ]);
    });

    it("accepts publiclyAccessible unset when the instance names a subnet group (the API default is then false)", async () => {
        expect(await run(dbNoPublicAccess, withProps(compliantStack(), rds.instance, "orders-db", unset("publiclyAccessible")))).toEqual([]);
    });

    it("blocks an instance with no subnet group even when publiclyAccessible is false (the default VPC by omission)", async () => {
        const findings = await run(dbNoPublicAccess, withProps(compliantStack(), rds.instance, "orders-db", unset("dbSubnetGroupName")));
        expect(findings).toEqual([
            expect.objectContaining({
                enforcementLevel: "mandatory",
                resource: "orders-db",
                message:
                    'aws.rds.Instance "orders-db": dbSubnetGroupName is unset; wanted a DB subnet group of private subnets (unset places the database in the default VPC, ' +
                    "whose subnets map public IPs and route to an internet gateway, where publiclyAccessible is the only thing keeping it private). " +
                    'Fix: set `dbSubnetGroupName` to an aws.rds.SubnetGroup of private subnets in the aws.rds.Instance args of "orders-db".',
            }),
        ]);
        // At preview, a missing subnet group is known-bad even when publiclyAccessible is not known yet.
        const preview = await run(
            dbNoPublicAccess,
            withProps(compliantStack(), rds.instance, "orders-db", (p) => ({ ...unset<typeof p>("dbSubnetGroupName")(p), publiclyAccessible: unknownSentinels.boolean })),
            { preview: true },
        );
        expect(preview.map((f) => [f.enforcementLevel, f.message])).toEqual([
            ["mandatory", expect.stringContaining('aws.rds.Instance "orders-db": dbSubnetGroupName is unset; wanted')],
            ["advisory", expect.stringContaining('aws.rds.Instance "orders-db": publiclyAccessible is not known during preview')],
        ]);
    });

    it("leaves replicas in their source's region and Aurora cluster instances to their source's or cluster's subnet group", async () => {
        // The compliant replica and cluster instances: the replica names no subnet group of its own.
        let stack = withProps(compliantStack(), rds.clusterInstance, "ledger-1", unset("dbSubnetGroupName"));
        stack = withProps(stack, rds.instance, "orders-replica", set({ publiclyAccessible: false }));
        expect(await run(dbNoPublicAccess, stack)).toEqual([]);
        // A replica in another region than its source gets that region's default subnet group: it must name one.
        const crossRegion = withProps(stack, rds.instance, "orders-replica", set({ region: "us-west-2" }));
        expect((await run(dbNoPublicAccess, crossRegion)).map((f) => [f.resource, f.message])).toEqual([
            ["orders-replica", expect.stringContaining('aws.rds.Instance "orders-replica": dbSubnetGroupName is unset')],
        ]);
    });

    it("judges read replicas and Aurora cluster instances too", async () => {
        let stack = withProps(compliantStack(), rds.instance, "orders-replica", unset("publiclyAccessible"));
        stack = withProps(stack, rds.clusterInstance, "ledger-2", set({ publiclyAccessible: true }));
        expect((await run(dbNoPublicAccess, stack)).map((f) => f.message)).toEqual([
            expect.stringContaining('aws.rds.Instance "orders-replica": publiclyAccessible is unset'),
            'aws.rds.ClusterInstance "ledger-2": publiclyAccessible is true; wanted false. Fix: set `publiclyAccessible: false` in the aws.rds.ClusterInstance args of "ledger-2".',
        ]);
    });

    it("flags a cluster with no subnet group (it lands in the default VPC)", async () => {
        const findings = await run(dbNoPublicAccess, withProps(compliantStack(), rds.cluster, "ledger", unset("dbSubnetGroupName")));
        expect(findings.map((f) => f.message)).toEqual([
            'aws.rds.Cluster "ledger": dbSubnetGroupName is unset; wanted a DB subnet group of private subnets (unset places the cluster in the default VPC, ' +
                "whose subnets map public IPs and route to an internet gateway). " +
                'Fix: set `dbSubnetGroupName` to an aws.rds.SubnetGroup of private subnets in the aws.rds.Cluster args of "ledger".',
        ]);
    });

    it("notes an unknown publiclyAccessible at preview; a subnet group unknown at preview still counts as a subnet group", async () => {
        const unknownFlag = withProps(compliantStack(), rds.instance, "orders-db", set({ publiclyAccessible: unknownSentinels.boolean }));
        const findings = await run(dbNoPublicAccess, unknownFlag, { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("publiclyAccessible is not known during preview")]);
        const unknownGroup = withProps(compliantStack(), rds.instance, "orders-db", (p) => ({ ...unset<typeof p>("publiclyAccessible")(p), dbSubnetGroupName: unknownSentinels.string }));
        expect(await run(dbNoPublicAccess, unknownGroup, { preview: true })).toEqual([]);
    });

    it("can be lowered to advisory by config", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ publiclyAccessible: true }));
        expect((await run(dbNoPublicAccess, stack, { config: { "db-no-public-access": "advisory" } })).map((f) => f.enforcementLevel)).toEqual(["advisory"]);
    });

    it("reports a value of the wrong type instead of crashing", async () => {
        const findings = await run(dbNoPublicAccess, withProps(compliantStack(), rds.instance, "orders-db", set({ publiclyAccessible: untyped("yes") })));
        expect(findings[0].message).toContain('publiclyAccessible is "yes"; wanted false');
    });
});
