// Shared by the ProductionAuroraCluster tests: the smallest arguments a production cluster needs, and
// mocks that answer for Aurora the way AWS does (the cluster's identifier, endpoints, ARN and
// managed master secret; each instance's identifier and ARN; the subnets' Availability Zones), on top
// of the AWS mocks test/support/capture.ts gives every component test.
import * as pulumi from "@pulumi/pulumi";
import type { ProductionAuroraClusterArgs } from "../../../components/production-aurora-cluster";
import { awsMocks } from "../../support/capture";

export { lambdaBundleStandIn } from "../production-database/fixtures";

/** Subnet ID -> its zone, as ec2.getSubnet answers under the mocks. */
export const subnetZones: Record<string, string> = {
    "subnet-0aaaaaaaaaaaaaaaa": "us-east-1a",
    "subnet-0bbbbbbbbbbbbbbbb": "us-east-1b",
    "subnet-0cccccccccccccccc": "us-east-1c",
};

export function auroraArgs(overrides: Partial<ProductionAuroraClusterArgs> = {}): ProductionAuroraClusterArgs {
    return {
        engine: "aurora-postgresql",
        network: {
            vpcId: "vpc-0a1b2c3d4e5f60718",
            subnetIds: Object.keys(subnetZones),
            allowedSecurityGroupIds: ["sg-0123456789abcdef0"],
        },
        runbook: { url: "https://runbooks.example.com/databases/ledger" },
        ownership: { owner: "team-ledger", onCall: "ledger-oncall" },
        ...overrides,
    };
}

/**
 * The shipped awsMocks (testing/aws-mocks.ts: Aurora clusters, their instances and groups included),
 * with these subnets' zones; with `knownSubnets: false`, ec2.getSubnet answers nothing.
 */
export function auroraMocks(options: { knownSubnets?: boolean } = {}): pulumi.runtime.Mocks {
    const base = awsMocks({ subnets: Object.fromEntries(Object.entries(subnetZones).map(([id, availabilityZone]) => [id, { availabilityZone, vpcId: "vpc-0a1b2c3d4e5f60718" }])) });
    if (options.knownSubnets !== false) return base;
    return { ...base, call: (args) => (args.token === "aws:ec2/getSubnet:getSubnet" ? {} : base.call(args)) };
}
