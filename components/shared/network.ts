// Where a database lives: a DB subnet group over private subnets, and a security group of its own
// that admits the database port only from the clients named (security groups, and CIDR blocks
// when asked). Ingress is one aws.vpc.SecurityGroupIngressRule per source so that adding a client
// never rewrites the others, and so the probe's own group can be admitted later.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface DatabaseNetworkArgs {
    /** RDS identifier of the database (lowercase): prefixes the subnet group's name. */
    identifier: string;
    /** What the security group protects, e.g. "PostgreSQL orders". */
    description: string;
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    port: number;
    allowedSecurityGroupIds: pulumi.Input<string>[];
    allowedCidrs: string[];
    tags: Record<string, string>;
}

export class DatabaseNetwork {
    readonly subnetGroup: aws.rds.SubnetGroup;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly ingressRules: aws.vpc.SecurityGroupIngressRule[] = [];

    constructor(
        private readonly name: string,
        private readonly args: DatabaseNetworkArgs,
        private readonly parent: pulumi.Resource,
    ) {
        this.subnetGroup = new aws.rds.SubnetGroup(
            `${name}-subnets`,
            { namePrefix: `${args.identifier}-`, description: `Private subnets of ${args.description}`, subnetIds: args.subnetIds, tags: args.tags },
            { parent },
        );
        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                namePrefix: `${args.identifier}-db-`,
                description: `${args.description}: port ${args.port} from its clients only`,
                vpcId: args.vpcId,
                tags: { ...args.tags, Name: `${args.identifier}-db` },
            },
            { parent },
        );
        args.allowedSecurityGroupIds.forEach((id, i) => this.admitSecurityGroup(`${name}-from-sg-${i}`, id, "application clients"));
        args.allowedCidrs.forEach((cidr, i) => {
            const isV6 = cidr.includes(":");
            this.ingressRules.push(
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-from-cidr-${i}`,
                    {
                        securityGroupId: this.securityGroup.id,
                        ipProtocol: "tcp",
                        fromPort: args.port,
                        toPort: args.port,
                        ...(isV6 ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
                        description: `clients in ${cidr}`,
                        tags: args.tags,
                    },
                    { parent },
                ),
            );
        });
    }

    /** Admits the database port from another security group (an application's, or the health check's). */
    admitSecurityGroup(ruleName: string, sourceSecurityGroupId: pulumi.Input<string>, description: string): aws.vpc.SecurityGroupIngressRule {
        const rule = new aws.vpc.SecurityGroupIngressRule(
            ruleName,
            {
                securityGroupId: this.securityGroup.id,
                ipProtocol: "tcp",
                fromPort: this.args.port,
                toPort: this.args.port,
                referencedSecurityGroupId: sourceSecurityGroupId,
                description,
                tags: this.args.tags,
            },
            { parent: this.parent },
        );
        this.ingressRules.push(rule);
        return rule;
    }

    /**
     * A security group for a client the stack runs itself (a Lambda in the database's subnets): it
     * may reach the database port and HTTPS (Secrets Manager, CloudWatch) and nothing else, and the
     * database admits it.
     */
    clientSecurityGroup(clientName: string, description: string): { securityGroup: aws.ec2.SecurityGroup; ingressRule: aws.vpc.SecurityGroupIngressRule } {
        const group = new aws.ec2.SecurityGroup(
            `${this.name}-${clientName}-sg`,
            {
                namePrefix: `${this.args.identifier}-${clientName}-`,
                description: `${description} of ${this.args.description}`,
                vpcId: this.args.vpcId,
                egress: [
                    { protocol: "tcp", fromPort: this.args.port, toPort: this.args.port, securityGroups: [this.securityGroup.id], description: "the database" },
                    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "AWS APIs (Secrets Manager, CloudWatch) through NAT or VPC endpoints" },
                ],
                tags: { ...this.args.tags, Name: `${this.args.identifier}-${clientName}` },
            },
            { parent: this.parent },
        );
        const ingressRule = this.admitSecurityGroup(`${this.name}-from-${clientName}`, group.id, description);
        return { securityGroup: group, ingressRule };
    }
}
