import type { ResourceInput } from "../../../policies/evaluate";
import { dbNetworkRestricted } from "../../../policies/security/db-network-restricted";
import { compliantStack } from "../../fixtures/compliant-stack";
import { ec2, rds, set, unset, untyped, vpc, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

const messages = async (stack: ResourceInput[], options = {}) => (await run(dbNetworkRestricted, stack, options)).map((f) => `${f.resource} [${f.enforcementLevel}]: ${f.message}`);

const openRule = (name: string, props: Record<string, unknown>) =>
    ec2.securityGroupRule(name, { type: "ingress", protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroupId: "sg-db", ...props }, { propertyDependencies: { securityGroupId: ["db-sg"] } });

describe("db-network-restricted", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbNetworkRestricted, compliantStack())).toEqual([]);
    });

    it("notes, never parses, a whole CIDR list that is unknown at preview (an Output<string[]>)", async () => {
        for (const sentinel of [unknownSentinels.string, unknownSentinels.array]) {
            const inline = withProps(compliantStack(), ec2.securityGroup, "db-sg", set({ ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: untyped(sentinel) }] }));
            const findings = await run(dbNetworkRestricted, inline, { preview: true });
            expect(findings.map((f) => [f.resource, f.enforcementLevel, f.message])).toEqual([
                ["db-sg", "advisory", expect.stringContaining('aws.ec2.SecurityGroup "db-sg": ingress[0].cidrBlocks is not known during preview')],
            ]);
            const rule = [
                ...compliantStack(),
                ec2.securityGroupRule(
                    "db-from-vpn",
                    { type: "ingress", protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroupId: "sg-db", cidrBlocks: untyped(sentinel) },
                    { propertyDependencies: { securityGroupId: ["db-sg"] } },
                ),
            ];
            expect((await run(dbNetworkRestricted, rule, { preview: true })).map((f) => [f.resource, f.enforcementLevel])).toEqual([["db-from-vpn", "advisory"]]);
        }
    });

    it("never prints an unknown ID as a value (vpcSecurityGroupIds with the default group and an unknown ID)", async () => {
        const stack = [
            ...withProps(compliantStack(), rds.instance, "orders-db", set({ vpcSecurityGroupIds: ["sg-default", unknownSentinels.string] })),
            ec2.defaultSecurityGroup("vpc-default", { vpcId: "vpc-1", id: "sg-default" }),
        ];
        const findings = await run(dbNetworkRestricted, stack, { preview: true });
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('vpcSecurityGroupIds is ["sg-default",<unknown until deployment>]')]);
        expect(findings[0].message).not.toContain(unknownSentinels.string);
    });

    it("flags inline ingress open to the internet, on the security group, naming every database behind it", async () => {
        const stack = withProps(compliantStack(), ec2.securityGroup, "db-sg", set({ ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16", "0.0.0.0/0"] }] }));
        const findings = await run(dbNetworkRestricted, stack);
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ enforcementLevel: "mandatory", resource: "db-sg" });
        expect(findings[0].message).toBe(
            'aws.ec2.SecurityGroup "db-sg": ingress[0].cidrBlocks is ["10.0.0.0/16","0.0.0.0/0"]; wanted no CIDR block wider than /8 (IPv4) or /32 (IPv6) ' +
                'in a security group of aws.rds.Instance "orders-db", aws.rds.Instance "orders-replica" and aws.rds.Cluster "ledger" (0.0.0.0/0 admits every address). ' +
                'Fix: in the aws.ec2.SecurityGroup args of "db-sg", replace `cidrBlocks` of ingress[0] with `securityGroups: [clientSecurityGroup.id]` ' +
                "(the clients' security group) or the clients' own CIDR blocks.",
        );
    });

    it("recognises the whole internet in other spellings, and over-broad blocks", async () => {
        const stack = withProps(
            compliantStack(),
            ec2.securityGroup,
            "db-sg",
            set({
                ingress: [
                    { protocol: "tcp", fromPort: 5432, toPort: 5432, ipv6CidrBlocks: ["::0/0"] },
                    { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0 "] },
                    { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] },
                    { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/8"], ipv6CidrBlocks: ["2001:db8::/56"] },
                ],
            }),
        );
        const found = await messages(stack);
        expect(found).toEqual([
            expect.stringContaining('ingress[0].ipv6CidrBlocks is ["::0/0"]'),
            expect.stringContaining("(0.0.0.0/0 admits every address)"),
            expect.stringContaining("(0.0.0.0/1 is a /1; 128.0.0.0/1 is a /1)"),
        ]);
    });

    it("flags a malformed CIDR block rather than guessing", async () => {
        const stack = withProps(compliantStack(), ec2.securityGroup, "db-sg", set({ ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["anywhere"] }] }));
        expect(await messages(stack)).toEqual([expect.stringContaining('("anywhere" is not a CIDR block)')]);
    });

    it("flags aws.ec2.SecurityGroupRule and aws.vpc.SecurityGroupIngressRule resources attached to the group, on the rule", async () => {
        const stack = [
            ...compliantStack(),
            openRule("pg-from-anywhere", { cidrBlocks: ["0.0.0.0/0"] }),
            vpc.securityGroupIngressRule(
                "pg-from-anywhere-v6",
                { securityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv6: "::/0" },
                { propertyDependencies: { securityGroupId: ["db-sg"] } },
            ),
        ];
        expect(await messages(stack)).toEqual([
            'pg-from-anywhere [mandatory]: aws.ec2.SecurityGroupRule "pg-from-anywhere": cidrBlocks is ["0.0.0.0/0"]; wanted no CIDR block wider than /8 (IPv4) or /32 (IPv6) ' +
                'in a security group of aws.rds.Instance "orders-db", aws.rds.Instance "orders-replica" and aws.rds.Cluster "ledger" (0.0.0.0/0 admits every address). ' +
                'Fix: in the aws.ec2.SecurityGroupRule args of "pg-from-anywhere", replace `cidrBlocks` with `sourceSecurityGroupId: clientSecurityGroup.id` ' +
                "(the clients' security group) or the clients' own CIDR blocks.",
            expect.stringContaining('pg-from-anywhere-v6 [mandatory]: aws.vpc.SecurityGroupIngressRule "pg-from-anywhere-v6": cidrIpv6 is "::/0"'),
        ]);
    });

    it("ignores egress rules, and rules of other groups that only use the database group as their source", async () => {
        const stack = [
            ...compliantStack(),
            openRule("db-egress", { type: "egress", cidrBlocks: ["0.0.0.0/0"] }),
            ec2.securityGroupRule(
                "app-from-db",
                { type: "ingress", protocol: "tcp", fromPort: 0, toPort: 0, securityGroupId: "sg-app", sourceSecurityGroupId: "sg-db", cidrBlocks: ["0.0.0.0/0"] },
                { propertyDependencies: { securityGroupId: ["app-sg"], sourceSecurityGroupId: ["db-sg"] } },
            ),
        ];
        expect(await run(dbNetworkRestricted, stack)).toEqual([]);
    });

    it("flags a database with no security groups (the VPC default group), on the database", async () => {
        const findings = await messages(withProps(compliantStack(), rds.instance, "orders-db", unset("vpcSecurityGroupIds")));
        expect(findings).toEqual([
            "orders-db [mandatory]: aws.rds.Instance \"orders-db\": vpcSecurityGroupIds is unset; wanted the database's own security groups (unset or empty means the VPC's default security group). " +
                'Fix: set `vpcSecurityGroupIds: [dbSecurityGroup.id]` in the aws.rds.Instance args of "orders-db", with an aws.ec2.SecurityGroup that admits only the clients\' security group on the database port.',
        ]);
        expect(await messages(withProps(compliantStack(), rds.cluster, "ledger", set({ vpcSecurityGroupIds: [] })))).toEqual([
            expect.stringContaining('aws.rds.Cluster "ledger": vpcSecurityGroupIds is []'),
        ]);
    });

    it('flags the VPC default security group, as aws.ec2.DefaultSecurityGroup or a group named "default"', async () => {
        const withDefault = [...compliantStack(), ec2.defaultSecurityGroup("vpc-default", { vpcId: "vpc-1", id: "sg-default" })];
        const stack = withProps(withDefault, rds.instance, "orders-db", set({ vpcSecurityGroupIds: ["sg-db", "sg-default"] }));
        expect(await messages(stack)).toEqual([
            expect.stringContaining(
                'vpcSecurityGroupIds is ["sg-db","sg-default"]; wanted the database\'s own security groups, not the VPC\'s default group (aws.ec2.DefaultSecurityGroup "vpc-default")',
            ),
        ]);
        const named = withProps(compliantStack(), ec2.securityGroup, "db-sg", set({ name: "default" }));
        expect((await messages(named)).map((m) => m.split(":")[0])).toEqual(["orders-db [mandatory]", "orders-replica [mandatory]", "ledger [mandatory]"]);
    });

    it("does not judge Aurora cluster instances (they use the cluster's groups)", async () => {
        const member = rds.clusterInstance("m", { clusterIdentifier: "ledger", instanceClass: "db.r6g.large", engine: "aurora-postgresql" });
        expect(await run(dbNetworkRestricted, [...compliantStack(), member])).toEqual([]);
    });

    it("notes, as advisory, a security group that is not in the stack (its rules cannot be seen)", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ vpcSecurityGroupIds: ["sg-db", "sg-0shared"] }));
        expect(await messages(stack)).toEqual([
            'orders-db [advisory]: aws.rds.Instance "orders-db": vpcSecurityGroupIds names sg-0shared, which is not in this stack, so this policy cannot check that it is not ' +
                "the VPC's default group and admits no 0.0.0.0/0 or ::/0; manage the database's security group in this stack, or check its rules by hand.",
        ]);
    });

    it("takes the prefix limits from config", async () => {
        const stack = withProps(
            compliantStack(),
            ec2.securityGroup,
            "db-sg",
            set({ ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"], ipv6CidrBlocks: ["2001:db8::/56"] }] }),
        );
        expect(await run(dbNetworkRestricted, stack)).toEqual([]);
        const config = { "db-network-restricted": { minIpv4PrefixLength: 20, minIpv6PrefixLength: 64 } };
        expect(await messages(stack, { config })).toEqual([
            expect.stringContaining('ingress[0].cidrBlocks is ["10.0.0.0/16"]; wanted no CIDR block wider than /20 (IPv4) or /64 (IPv6)'),
            expect.stringContaining("(2001:db8::/56 is a /56)"),
        ]);
    });

    it("notes unknowns at preview as advisory and still reports known-bad rules", async () => {
        let stack = withProps(compliantStack(), ec2.securityGroup, "db-sg", set({ ingress: unknownSentinels.array }));
        stack = [...stack, openRule("open", { cidrBlocks: ["0.0.0.0/0"] }), openRule("pending", { cidrBlocks: unknownSentinels.array })];
        const findings = await run(dbNetworkRestricted, stack, { preview: true });
        expect(atLevel(findings).map((f) => f.resource)).toEqual(["open"]);
        expect(atLevel(findings, "advisory").map((f) => f.message)).toEqual([
            expect.stringContaining('aws.ec2.SecurityGroup "db-sg": ingress is not known during preview'),
            expect.stringContaining('aws.ec2.SecurityGroupRule "pending": cidrBlocks is not known during preview'),
        ]);
        const unlinked = withProps(compliantStack(), rds.instance, "orders-db", set({ vpcSecurityGroupIds: unknownSentinels.array }));
        const noDeps = unlinked.map((r) => (r.name === "orders-db" ? { ...r, propertyDependencies: {} } : r));
        expect(await messages(noDeps, { preview: true })).toEqual([expect.stringContaining('orders-db [advisory]: aws.rds.Instance "orders-db": vpcSecurityGroupIds is not known during preview')]);
    });

    it("reports odd input as violations instead of crashing", async () => {
        let stack = withProps(compliantStack(), ec2.securityGroup, "db-sg", set({ ingress: untyped([null, { cidrBlocks: "0.0.0.0/0" }, { cidrBlocks: [42] }]) }));
        stack = withProps(stack, rds.cluster, "ledger", set({ vpcSecurityGroupIds: untyped("sg-db") }));
        const found = await messages(stack);
        expect(found).toEqual([
            expect.stringContaining('ledger [mandatory]: aws.rds.Cluster "ledger": vpcSecurityGroupIds is "sg-db"; wanted a list of security group IDs'),
            expect.stringContaining('ingress[1].cidrBlocks is "0.0.0.0/0"'),
            expect.stringContaining("ingress[2].cidrBlocks is [42]"),
        ]);
    });
});
