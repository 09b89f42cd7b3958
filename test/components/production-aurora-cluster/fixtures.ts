// Shared by the ProductionAuroraCluster tests: the smallest arguments a production cluster needs, and
// mocks that answer for Aurora the way AWS does (the cluster's identifier, endpoints, ARN and
// managed master secret; each instance's identifier and ARN; the subnets' Availability Zones), on top
// of the AWS mocks test/support/capture.ts gives every component test.
import * as pulumi from "@pulumi/pulumi";
import type { ProductionAuroraClusterArgs } from "../../../components/production-aurora-cluster";
import { awsMocks, mockAccount, mockRegion } from "../../support/capture";

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

const hostSuffix = `c9akciq32.${mockRegion}.rds.amazonaws.com`;
const arn = (resource: string) => `arn:aws:rds:${mockRegion}:${mockAccount}:${resource}`;

/** awsMocks() plus what AWS answers for Aurora clusters, their instances and groups, and (unless `knownSubnets` is false) subnets. */
export function auroraMocks(options: { knownSubnets?: boolean } = {}): pulumi.runtime.Mocks {
    const base = awsMocks();
    return {
        call: (args) => {
            if (args.token === "aws:ec2/getSubnet:getSubnet" && options.knownSubnets !== false) {
                const id = String(args.inputs.id);
                return { id, availabilityZone: subnetZones[id] ?? `${mockRegion}a`, vpcId: "vpc-0a1b2c3d4e5f60718" };
            }
            return base.call(args);
        },
        newResource: async (args) => {
            const { id, state } = await base.newResource(args);
            // A preview knows a new resource's inputs only, as awsMocks answers it.
            if (pulumi.runtime.isDryRun()) return { id, state };
            const inputs = args.inputs;
            switch (args.type) {
                case "aws:rds/cluster:Cluster": {
                    const identifier = String(inputs.clusterIdentifier);
                    return {
                        id: identifier,
                        state: {
                            ...state,
                            clusterIdentifier: identifier,
                            arn: arn(`cluster:${identifier}`),
                            endpoint: `${identifier}.cluster-${hostSuffix}`,
                            readerEndpoint: `${identifier}.cluster-ro-${hostSuffix}`,
                            port: inputs.port ?? (inputs.engine === "aurora-postgresql" ? 5432 : 3306),
                            clusterResourceId: `cluster-${identifier.toUpperCase()}`,
                            masterUserSecrets:
                                inputs.manageMasterUserPassword === true
                                    ? [{ secretArn: `arn:aws:secretsmanager:${mockRegion}:${mockAccount}:secret:rds!cluster-${identifier}-AbCdEf`, secretStatus: "active", kmsKeyId: inputs.masterUserSecretKmsKeyId }]
                                    : [],
                        },
                    };
                }
                case "aws:rds/clusterInstance:ClusterInstance": {
                    const identifier = String(inputs.identifier);
                    return {
                        id: identifier,
                        state: { ...state, identifier, arn: arn(`db:${identifier}`), endpoint: `${identifier}.${hostSuffix}`, dbiResourceId: `db-${identifier.toUpperCase()}` },
                    };
                }
                case "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
                    const name = `${String(inputs.namePrefix)}0123456789ab`;
                    return { id: name, state: { ...state, name, arn: arn(`cluster-pg:${name}`) } };
                }
                case "aws:appautoscaling/target:Target":
                    return { id: String(inputs.resourceId), state: { ...state, arn: `arn:aws:application-autoscaling:${mockRegion}:${mockAccount}:scalable-target/0123456789abcdef` } };
                default:
                    return { id, state };
            }
        },
    };
}
