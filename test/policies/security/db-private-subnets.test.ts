import type { ResourceInput } from "../../../policies/evaluate";
import { dbPrivateSubnets } from "../../../policies/security/db-private-subnets";
import { compliantStack } from "../../fixtures/compliant-stack";
import { ec2, rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

const messages = async (stack: ResourceInput[], options = {}) => (await run(dbPrivateSubnets, stack, options)).map((f) => `${f.resource} [${f.enforcementLevel}]: ${f.message}`);

/** The compliant stack with an internet gateway and a public route table, associated with nothing yet. */
function withPublicRoutes(): ResourceInput[] {
    return [
        ...compliantStack(),
        ec2.internetGateway("igw", { vpcId: "vpc-1", id: "igw-0abc" }),
        ec2.routeTable("public-routes", { vpcId: "vpc-1", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" }], id: "rtb-public" }, { propertyDependencies: { routes: ["igw"] } }),
    ];
}
/** Points subnet private-a's association at another route table. */
const associateA = (stack: ResourceInput[], table: string, tableId: string) =>
    stack.map((r) => (r.name === "private-a-routes" ? { ...r, props: { ...r.props, routeTableId: tableId }, propertyDependencies: { subnetId: ["private-a"], routeTableId: [table] } } : r));

describe("db-private-subnets", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbPrivateSubnets, compliantStack())).toEqual([]);
    });

    it("flags a subnet of the DB subnet group that maps public IPs, on the subnet, naming the databases", async () => {
        expect(await messages(withProps(compliantStack(), ec2.subnet, "private-b", set({ mapPublicIpOnLaunch: true })))).toEqual([
            'private-b [advisory]: aws.ec2.Subnet "private-b": mapPublicIpOnLaunch is true; wanted false (unset means false) for a subnet in the DB subnet group of ' +
                'aws.rds.Instance "orders-db" and aws.rds.Cluster "ledger". Fix: set `mapPublicIpOnLaunch: false` in the aws.ec2.Subnet args of "private-b", or put the databases in private subnets.',
        ]);
    });

    it("flags a subnet associated with a route table whose inline route goes to an internet gateway, on the association", async () => {
        expect(await messages(associateA(withPublicRoutes(), "public-routes", "rtb-public"))).toEqual([
            'private-a-routes [advisory]: aws.ec2.RouteTableAssociation "private-a-routes": routeTableId is "rtb-public"; wanted a route table with no route to an internet gateway ' +
                'for aws.ec2.Subnet "private-a", a subnet in the DB subnet group of aws.rds.Instance "orders-db" and aws.rds.Cluster "ledger" ' +
                '(aws.ec2.RouteTable "public-routes" routes 0.0.0.0/0 via igw-0abc). ' +
                'Fix: in the aws.ec2.RouteTableAssociation args of "private-a-routes", set `routeTableId` to a private route table (outbound traffic through a NAT gateway), or put the databases in private subnets.',
        ]);
    });

    it("recognises an internet gateway of the stack whose ID is unknown at preview, and aws.ec2.Route resources", async () => {
        const pendingGateway = withProps(withPublicRoutes(), ec2.routeTable, "public-routes", set({ routes: [{ ipv6CidrBlock: "::/0", gatewayId: unknownSentinels.string }] }));
        const found = await messages(associateA(pendingGateway, "public-routes", "rtb-public"), { preview: true });
        expect(found).toEqual([expect.stringContaining("routes ::/0 via an aws.ec2.InternetGateway of this stack")]);

        const withRoute = [
            ...withPublicRoutes(),
            ec2.route(
                "private-to-igw",
                { routeTableId: "rtb-private", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" },
                { propertyDependencies: { routeTableId: ["private-routes"], gatewayId: ["igw"] } },
            ),
        ];
        const both = await messages(withRoute);
        expect(both.map((m) => m.split(":")[0])).toEqual(["private-a-routes [advisory]", "private-b-routes [advisory]"]);
        expect(both[0]).toContain('(aws.ec2.RouteTable "private-routes" routes 0.0.0.0/0 via aws.ec2.InternetGateway "igw" (aws.ec2.Route "private-to-igw"))');
    });

    it("counts a route to an internet gateway outside the stack by its igw- ID, and ignores NAT gateways", async () => {
        const literal = withProps(
            compliantStack(),
            ec2.routeTable,
            "private-routes",
            set({
                routes: [
                    { cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" },
                    { cidrBlock: "203.0.113.0/24", gatewayId: "igw-elsewhere" },
                ],
            }),
        );
        expect(await messages(literal)).toEqual([expect.stringContaining("routes 203.0.113.0/24 via igw-elsewhere"), expect.stringContaining("routes 203.0.113.0/24 via igw-elsewhere")]);
    });

    it("flags a database with no subnet group (default VPC), but not a read replica (it uses its source's)", async () => {
        expect(await messages(withProps(compliantStack(), rds.cluster, "ledger", unset("dbSubnetGroupName")))).toEqual([
            'ledger [advisory]: aws.rds.Cluster "ledger": dbSubnetGroupName is unset; wanted a DB subnet group of private subnets (unset places the database in the default VPC, ' +
                'whose subnets map public IPs and route to an internet gateway). Fix: set `dbSubnetGroupName` to an aws.rds.SubnetGroup of private subnets in the aws.rds.Cluster args of "ledger".',
        ]);
        // The compliant replica has no subnet group of its own.
        expect(compliantStack().find((r) => r.name === "orders-replica")?.props.dbSubnetGroupName).toBeUndefined();
    });

    it("does not judge what it cannot see: subnet groups and subnets outside the stack", async () => {
        const db = rds.instance("db", { engine: "postgres", instanceClass: "db.m6g.large", dbSubnetGroupName: "shared-db-subnets" });
        const group = rds.subnetGroup("g", { name: "g", subnetIds: ["subnet-elsewhere-1", "subnet-elsewhere-2"] });
        const db2 = rds.instance("db2", { engine: "postgres", instanceClass: "db.m6g.large", dbSubnetGroupName: "g" });
        expect(await run(dbPrivateSubnets, [db, group, db2])).toEqual([]);
    });

    it("notes unknowns at preview as advisory: the subnet group, its subnets, a subnet's flag, a route", async () => {
        let stack = withProps(compliantStack(), ec2.subnet, "private-a", set({ mapPublicIpOnLaunch: unknownSentinels.boolean }));
        stack = withProps(stack, ec2.routeTable, "private-routes", set({ routes: unknownSentinels.array }));
        const found = await messages(stack, { preview: true });
        expect(found).toEqual([
            expect.stringContaining('private-a [advisory]: aws.ec2.Subnet "private-a": mapPublicIpOnLaunch is not known during preview'),
            expect.stringContaining('private-routes [advisory]: aws.ec2.RouteTable "private-routes": routes is not known during preview'),
        ]);
        const pendingGroup = rds.instance("db", { engine: "postgres", instanceClass: "db.m6g.large", dbSubnetGroupName: unknownSentinels.string });
        const pendingSubnets = [
            rds.subnetGroup("g", { name: "g", subnetIds: unknownSentinels.array }),
            rds.instance("db2", { engine: "postgres", instanceClass: "db.m6g.large", dbSubnetGroupName: "g" }),
        ];
        expect(await messages([pendingGroup, ...pendingSubnets], { preview: true })).toEqual([
            expect.stringContaining('db [advisory]: aws.rds.Instance "db": dbSubnetGroupName is not known during preview'),
            expect.stringContaining('g [advisory]: aws.rds.SubnetGroup "g": subnetIds is not known during preview'),
        ]);
    });

    it("can be made mandatory by config", async () => {
        const findings = await run(dbPrivateSubnets, withProps(compliantStack(), ec2.subnet, "private-b", set({ mapPublicIpOnLaunch: true })), { config: { "db-private-subnets": "mandatory" } });
        expect(atLevel(findings).map((f) => f.resource)).toEqual(["private-b"]);
    });

    it("reports odd input as violations instead of crashing", async () => {
        let stack = withProps(compliantStack(), ec2.subnet, "private-a", set({ mapPublicIpOnLaunch: untyped("sometimes") }));
        stack = withProps(stack, ec2.routeTable, "private-routes", set({ routes: untyped([null, 3, { cidrBlock: 7, gatewayId: ["igw-1"] }]) }));
        expect(await messages(stack)).toEqual([expect.stringContaining('mapPublicIpOnLaunch is "sometimes"')]);
        expect(await run(dbPrivateSubnets, [rds.instance("x", { dbSubnetGroupName: untyped(5) }), rds.subnetGroup("y", {})])).toEqual([]);
    });
});
