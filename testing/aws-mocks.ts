// Pulumi mocks that answer like AWS for every resource type and data source the db-preflight
// components use (RDS instances, Aurora clusters and their instances, Serverless v2 scaling, parameter
// and subnet groups, KMS, security groups, alarms, Lambda, AWS Backup, ec2.getSubnet ...), so a
// program runs under `pulumi.runtime.setMocks` in preview mode and in up mode with values that link
// between resources as they would in AWS. Types it has no table entry for get an ID and their inputs.
import * as pulumi from "@pulumi/pulumi";

/** The account and region the mocks answer for unless told otherwise. */
export const mockAccount = "123456789012";
export const mockRegion = "us-east-1";

/** A short deterministic hex hash: the same program gives the same IDs in every run. */
function hash(text: string, length = 8): string {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    let out = "";
    let x = h;
    while (out.length < length) {
        out += (x >>> 0).toString(16).padStart(8, "0");
        x = Math.imul(x ^ (x >>> 13), 2246822519) >>> 0;
    }
    return out.slice(0, length);
}

const uuid = (seed: string) => `${hash(seed + "a", 8)}-${hash(seed + "b", 4)}-4${hash(seed + "c", 3)}-8${hash(seed + "d", 3)}-${hash(seed + "e", 12)}`;

/** Types whose `name` AWS or the provider fills in when the program leaves it out. */
const autonamed = new Set([
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:rds/parameterGroup:ParameterGroup",
    "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    "aws:rds/optionGroup:OptionGroup",
    "aws:rds/eventSubscription:EventSubscription",
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:sns/topic:Topic",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:cloudwatch/eventRule:EventRule",
    "aws:lambda/function:Function",
    "aws:scheduler/schedule:Schedule",
    "aws:secretsmanager/secret:Secret",
    "aws:backup/vault:Vault",
    "aws:backup/plan:Plan",
    "aws:backup/selection:Selection",
    "aws:kms/alias:Alias",
]);

/** What ec2.getSubnet answers for one subnet. */
export interface MockSubnet {
    availabilityZone: string;
    vpcId?: string;
    cidrBlock?: string;
    mapPublicIpOnLaunch?: boolean;
}

export interface AwsMocksOptions {
    /** Default: the stack's aws:region, else us-east-1. */
    region?: string;
    /** Default: 123456789012. */
    account?: string;
    /**
     * What ec2.getSubnet answers, by subnet ID. A subnet not listed gets the next of the region's
     * zones a, b, c in the order the program asks (so a component spreads its instances as AWS would).
     */
    subnets?: Record<string, MockSubnet>;
    /**
     * Answers for data sources the mocks do not know, by token, e.g.
     * `{ "aws:iam/getPolicyDocument:getPolicyDocument": (inputs) => ({ json: "{...}" }) }`.
     * A data source with no answer fails the program, naming its token (never an empty answer).
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the program's inputs, untyped as in Pulumi's MockCallArgs, so an answer can read them directly
    invokes?: Record<string, (inputs: Record<string, any>) => Record<string, unknown>>;
}

/**
 * Mocks that answer like AWS: each resource gets an ID and ARN of its kind, in its region (the
 * resource's `region` input, else its provider's, else the default) and account, names for
 * auto-named resources, and the computed outputs other resources use (an RDS instance's identifier,
 * endpoint, address, port and master secret; an Aurora cluster's endpoints and its instances'), and
 * the subnets ec2.getSubnet is asked for. During a preview they answer like the engine does
 * for resources about to be created: inputs only, every ID and computed output unknown.
 */
export function awsMocks(options: AwsMocksOptions = {}): pulumi.runtime.Mocks {
    const account = options.account ?? mockAccount;
    const providerRegions = new Map<string, string>();
    const defaultRegion = () => options.region ?? (new pulumi.Config("aws").get("region") || mockRegion);
    const regionOf = (inputs: Record<string, unknown>, provider: string | undefined): string => {
        if (typeof inputs.region === "string" && inputs.region !== "") return inputs.region;
        const providerName = provider?.split("::")[3];
        return (providerName && providerRegions.get(providerName)) || defaultRegion();
    };
    const zoneOfSubnet = new Map<string, string>();
    const subnet = (id: string) => {
        const known = options.subnets?.[id];
        let zone = known?.availabilityZone ?? zoneOfSubnet.get(id);
        if (zone === undefined) {
            zone = `${defaultRegion()}${"abc"[zoneOfSubnet.size % 3]}`;
            zoneOfSubnet.set(id, zone);
        }
        return {
            id,
            arn: `arn:aws:ec2:${defaultRegion()}:${account}:subnet/${id}`,
            availabilityZone: zone,
            vpcId: known?.vpcId ?? `vpc-${hash(`vpc-of-${id}`, 17)}`,
            cidrBlock: known?.cidrBlock ?? `10.0.${parseInt(hash(id, 2), 16)}.0/24`,
            mapPublicIpOnLaunch: known?.mapPublicIpOnLaunch ?? false,
            ownerId: account,
            state: "available",
        };
    };
    return {
        call: (args) => {
            const answer = options.invokes?.[args.token];
            if (answer) return answer(args.inputs);
            switch (args.token) {
                case "aws:ec2/getSubnet:getSubnet":
                    return subnet(String(args.inputs.id));
                case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                    const names = ["a", "b", "c"].map((z) => `${defaultRegion()}${z}`);
                    return { id: defaultRegion(), names, state: "available" };
                }
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { accountId: account, arn: `arn:aws:iam::${account}:user/test`, userId: "AIDATEST" };
                case "aws:index/getRegion:getRegion":
                    return { name: defaultRegion(), region: defaultRegion(), id: defaultRegion() };
                case "aws:index/getPartition:getPartition":
                    return { partition: "aws", dnsSuffix: "amazonaws.com" };
                default: {
                    const message =
                        `awsMocks has no answer for the data source ${args.token}: ` +
                        `give one with awsMocks({ invokes: { "${args.token}": (inputs) => ({ ... }) } }) and pass those mocks as \`mocks\`.`;
                    // The SDK's invoke reports an error's gRPC `details`, not its message.
                    throw Object.assign(new Error(message), { details: message });
                }
            }
        },
        newResource: (args) => {
            const { type, name, inputs } = args;
            if (!args.custom) return { id: undefined, state: {} };
            if (type.startsWith("pulumi:providers:")) {
                if (typeof inputs.region === "string") providerRegions.set(name, inputs.region);
                return { id: `${name}-provider`, state: inputs };
            }
            // A preview knows a new resource's inputs only: its ID and computed outputs are unknown.
            if (pulumi.runtime.isDryRun()) return { id: undefined, state: { ...inputs } };
            const region = regionOf(inputs, args.provider);
            const arn = (service: string, resource: string, withRegion = true) => `arn:aws:${service}:${withRegion ? region : ""}:${account}:${resource}`;
            const named = typeof inputs.name === "string" ? inputs.name : typeof inputs.namePrefix === "string" ? `${inputs.namePrefix}${hash(name, 12)}` : `${name}-${hash(name, 7)}`;
            const state: Record<string, unknown> = { ...inputs, ...(autonamed.has(type) ? { name: named } : {}) };
            let id = `${name}-${hash(name)}`;
            switch (type) {
                case "aws:rds/instance:Instance": {
                    const identifier = typeof inputs.identifier === "string" ? inputs.identifier : `${name}-${hash(name, 7)}`;
                    const port = typeof inputs.port === "number" ? inputs.port : inputs.engine === "postgres" ? 5432 : 3306;
                    const address = `${identifier}.c${hash(account + region, 11)}.${region}.rds.amazonaws.com`;
                    id = `db-${hash(identifier, 26).toUpperCase()}`;
                    Object.assign(state, {
                        identifier,
                        resourceId: id,
                        arn: arn("rds", `db:${identifier}`),
                        address,
                        port,
                        endpoint: `${address}:${port}`,
                        hostedZoneId: "Z2R2ITUGPM61AM",
                        engineVersionActual: typeof inputs.engineVersion === "string" && inputs.engineVersion.includes(".") ? inputs.engineVersion : `${inputs.engineVersion ?? "16"}.4`,
                        masterUserSecrets:
                            inputs.manageMasterUserPassword === true
                                ? [
                                      {
                                          secretArn: arn("secretsmanager", `secret:rds!db-${uuid(identifier)}-${hash(identifier, 6)}`),
                                          secretStatus: "active",
                                          kmsKeyId: inputs.masterUserSecretKmsKeyId ?? arn("kms", "alias/aws/secretsmanager"),
                                      },
                                  ]
                                : [],
                    });
                    break;
                }
                case "aws:rds/cluster:Cluster": {
                    const identifier = typeof inputs.clusterIdentifier === "string" ? inputs.clusterIdentifier : `${name}-${hash(name, 7)}`;
                    const host = `c${hash(account + region, 11)}.${region}.rds.amazonaws.com`;
                    id = identifier;
                    Object.assign(state, {
                        clusterIdentifier: identifier,
                        arn: arn("rds", `cluster:${identifier}`),
                        endpoint: `${identifier}.cluster-${host}`,
                        readerEndpoint: `${identifier}.cluster-ro-${host}`,
                        port: typeof inputs.port === "number" ? inputs.port : inputs.engine === "aurora-postgresql" ? 5432 : 3306,
                        clusterResourceId: `cluster-${hash(identifier, 26).toUpperCase()}`,
                        hostedZoneId: "Z2R2ITUGPM61AM",
                        engineVersionActual: typeof inputs.engineVersion === "string" ? inputs.engineVersion : inputs.engine === "aurora-postgresql" ? "16.4" : "8.0.mysql_aurora.3.08.0",
                        masterUserSecrets:
                            inputs.manageMasterUserPassword === true
                                ? [
                                      {
                                          secretArn: arn("secretsmanager", `secret:rds!cluster-${identifier}-${hash(identifier, 6)}`),
                                          secretStatus: "active",
                                          kmsKeyId: inputs.masterUserSecretKmsKeyId ?? arn("kms", "alias/aws/secretsmanager"),
                                      },
                                  ]
                                : [],
                    });
                    break;
                }
                case "aws:rds/clusterInstance:ClusterInstance": {
                    const identifier = typeof inputs.identifier === "string" ? inputs.identifier : `${name}-${hash(name, 7)}`;
                    id = identifier;
                    Object.assign(state, {
                        identifier,
                        arn: arn("rds", `db:${identifier}`),
                        endpoint: `${identifier}.c${hash(account + region, 11)}.${region}.rds.amazonaws.com`,
                        port: typeof inputs.port === "number" ? inputs.port : inputs.engine === "aurora-postgresql" ? 5432 : 3306,
                        dbiResourceId: `db-${hash(identifier, 26).toUpperCase()}`,
                        writer: inputs.promotionTier === 0,
                    });
                    break;
                }
                case "aws:rds/clusterParameterGroup:ClusterParameterGroup":
                    id = named;
                    Object.assign(state, { name: named, arn: arn("rds", `cluster-pg:${named}`) });
                    break;
                case "aws:appautoscaling/target:Target":
                    id = String(inputs.resourceId);
                    Object.assign(state, { arn: arn("application-autoscaling", `scalable-target/${hash(name, 24)}`) });
                    break;
                case "aws:appautoscaling/policy:Policy":
                    id = typeof inputs.name === "string" ? inputs.name : named;
                    Object.assign(state, { arn: arn("autoscaling", `scalingPolicy:${uuid(name)}:resource/${String(inputs.resourceId)}:policyName/${id}`), alarmArns: [] });
                    break;
                case "aws:kms/key:Key": {
                    const keyId = uuid(name);
                    id = keyId;
                    Object.assign(state, { keyId, arn: arn("kms", `key/${keyId}`) });
                    break;
                }
                case "aws:kms/alias:Alias":
                    id = named;
                    Object.assign(state, { arn: arn("kms", named), targetKeyArn: arn("kms", `key/${String(inputs.targetKeyId)}`) });
                    break;
                case "aws:ec2/securityGroup:SecurityGroup":
                    id = `sg-${hash(name, 17)}`;
                    Object.assign(state, { arn: arn("ec2", `security-group/${id}`), ownerId: account });
                    break;
                case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
                    id = `sgr-${hash(name, 17)}`;
                    Object.assign(state, { arn: arn("ec2", `security-group-rule/${id}`), securityGroupRuleId: id });
                    break;
                case "aws:ec2/vpc:Vpc":
                    id = `vpc-${hash(name, 17)}`;
                    Object.assign(state, { arn: arn("ec2", `vpc/${id}`) });
                    break;
                case "aws:ec2/subnet:Subnet":
                    id = `subnet-${hash(name, 17)}`;
                    Object.assign(state, { arn: arn("ec2", `subnet/${id}`) });
                    break;
                case "aws:rds/subnetGroup:SubnetGroup":
                    id = named;
                    Object.assign(state, { arn: arn("rds", `subgrp:${named}`) });
                    break;
                case "aws:rds/parameterGroup:ParameterGroup":
                    id = named;
                    Object.assign(state, { arn: arn("rds", `pg:${named}`) });
                    break;
                case "aws:rds/optionGroup:OptionGroup":
                    id = named;
                    Object.assign(state, { arn: arn("rds", `og:${named}`) });
                    break;
                case "aws:rds/eventSubscription:EventSubscription":
                    id = named;
                    Object.assign(state, { arn: arn("rds", `es:${named}`), customerAwsId: account });
                    break;
                case "aws:sns/topic:Topic":
                    id = arn("sns", named);
                    Object.assign(state, { arn: id });
                    break;
                case "aws:cloudwatch/logGroup:LogGroup":
                    id = named;
                    Object.assign(state, { arn: arn("logs", `log-group:${named}`) });
                    break;
                case "aws:cloudwatch/metricAlarm:MetricAlarm":
                    id = named;
                    Object.assign(state, { arn: arn("cloudwatch", `alarm:${named}`) });
                    break;
                case "aws:cloudwatch/eventRule:EventRule":
                    id = named;
                    Object.assign(state, { arn: arn("events", `rule/${named}`) });
                    break;
                case "aws:iam/role:Role":
                    id = named;
                    Object.assign(state, { arn: arn("iam", `role/${named}`, false), uniqueId: `AROA${hash(name, 17).toUpperCase()}` });
                    break;
                case "aws:lambda/function:Function":
                    id = named;
                    Object.assign(state, {
                        arn: arn("lambda", `function:${named}`),
                        invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn("lambda", `function:${named}`)}/invocations`,
                        version: "$LATEST",
                    });
                    break;
                case "aws:lambda/invocation:Invocation":
                    Object.assign(state, { result: JSON.stringify({ changed: true }) });
                    break;
                case "aws:scheduler/schedule:Schedule":
                    id = `default/${named}`;
                    Object.assign(state, { arn: arn("scheduler", `schedule/default/${named}`), groupName: "default" });
                    break;
                case "aws:secretsmanager/secret:Secret":
                    id = arn("secretsmanager", `secret:${named}-${hash(name, 6)}`);
                    Object.assign(state, { arn: id });
                    break;
                case "aws:backup/vault:Vault":
                    id = named;
                    Object.assign(state, { arn: arn("backup", `backup-vault:${named}`), recoveryPoints: 0 });
                    break;
                case "aws:backup/plan:Plan":
                    id = uuid(name);
                    Object.assign(state, { arn: arn("backup", `backup-plan:${id}`), version: hash(name, 32) });
                    break;
                case "aws:backup/selection:Selection":
                    id = uuid(name);
                    break;
                case "aws:backup/restoreTestingPlan:RestoreTestingPlan":
                    id = String(inputs.name);
                    Object.assign(state, { arn: arn("backup", `restore-testing-plan:${String(inputs.name)}-${hash(name, 6)}`) });
                    break;
            }
            return { id, state };
        },
    };
}
