// The network both examples deploy into: a small VPC with private subnets in separate Availability
// Zones and no route to the internet (the health check and the app-user provisioner reach Secrets
// Manager and CloudWatch through VPC endpoints), and a security group standing for the application.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ExampleNetwork {
    vpc: aws.ec2.Vpc;
    /** One private subnet per Availability Zone, in zone order. */
    subnets: aws.ec2.Subnet[];
    /** The application's tasks run with this security group; the database admits it on its port. */
    app: aws.ec2.SecurityGroup;
}

/** A VPC 10.<secondOctet>.0.0/16 named after the service, with `zoneCount` private /24 subnets. */
export function exampleNetwork(service: string, secondOctet: number, zoneCount: number): ExampleNetwork {
    const cidr = `10.${secondOctet}.0.0/16`;
    const vpc = new aws.ec2.Vpc(service, { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: service } });
    const zones = aws.getAvailabilityZonesOutput({ state: "available" }).names;
    const subnets = Array.from(
        { length: zoneCount },
        (_, i) =>
            new aws.ec2.Subnet(`${service}-private-${i}`, {
                vpcId: vpc.id,
                cidrBlock: `10.${secondOctet}.${i + 1}.0/24`,
                availabilityZone: zones[i],
                mapPublicIpOnLaunch: false,
                tags: { Name: `${service}-private-${i}` },
            }),
    );

    // AWS APIs the functions in the subnets call, reached without leaving the VPC.
    const endpointsSg = new aws.ec2.SecurityGroup(`${service}-endpoints`, {
        vpcId: vpc.id,
        description: "VPC endpoints: HTTPS from inside the VPC",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [cidr] }],
    });
    const region = aws.getRegionOutput().region;
    for (const endpointService of ["secretsmanager", "monitoring"]) {
        new aws.ec2.VpcEndpoint(`${service}-${endpointService}`, {
            vpcId: vpc.id,
            serviceName: pulumi.interpolate`com.amazonaws.${region}.${endpointService}`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: subnets.map((s) => s.id),
            securityGroupIds: [endpointsSg.id],
        });
    }

    const app = new aws.ec2.SecurityGroup(`${service}-app`, { vpcId: vpc.id, description: `${service} service` });
    return { vpc, subnets, app };
}
