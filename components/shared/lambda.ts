// A Lambda function that runs inside a database's private subnets (the health probe, the app-user
// provisioner): its own security group the database admits, a role with only what it needs, and a
// log group with a retention, created before the function so Lambda never makes a never-expiring one.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RuntimeFunction, lambdaCode, lambdaHandler, lambdaRuntime } from "../runtime/bundle";
import type { RuntimeEngine } from "../runtime/database";
import { serviceRole } from "./iam";
import { DatabaseNetwork } from "./network";

/**
 * How a database's Lambda functions (the health check, the app-user provisioner, the restore
 * validator) reach it: its names, where it listens, the master secret and its key, and the network.
 */
export interface DatabaseReach {
    identifier: string;
    engine: RuntimeEngine;
    /** Outputs of the database: a function depends on it through them. */
    address: pulumi.Input<string>;
    port: pulumi.Input<number>;
    /** The database the function connects to. */
    databaseName: string;
    masterSecretArn: pulumi.Input<string>;
    kmsKeyArn: pulumi.Input<string>;
    network: DatabaseNetwork;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    logRetentionDays: number;
    tags: Record<string, string>;
}

export interface DatabaseFunctionArgs {
    /** The function runs in the database's subnets, keeps its logs as long as the database's, and carries its tags. */
    database: Pick<DatabaseReach, "identifier" | "network" | "subnetIds" | "logRetentionDays" | "tags">;
    /** The runtime function it runs; "health-check" is named `${identifier}-health-check`. */
    purpose: RuntimeFunction;
    description: string;
    /** Default: the function's bundle alone. */
    code?: pulumi.asset.Archive;
    environment: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The function's own group and the rule that admits it somewhere; default: a client group the database admits. */
    clientSecurity?: { securityGroup: aws.ec2.SecurityGroup; ingressRule: aws.vpc.SecurityGroupIngressRule };
    /** Statements of the function's own policy, beyond logs and VPC access. */
    statements: pulumi.Input<pulumi.Input<Record<string, unknown>>[]>;
    timeoutSeconds: number;
}

/** The function's bundle, deployed as index.js, with `files` beside it. */
export function functionCode(fn: RuntimeFunction, files: Record<string, string> = {}): pulumi.asset.AssetArchive {
    const assets = Object.fromEntries(Object.entries({ "index.js": lambdaCode(fn), ...files }).map(([file, text]) => [file, new pulumi.asset.StringAsset(text)]));
    return new pulumi.asset.AssetArchive(assets);
}

export interface DatabaseFunction {
    function: aws.lambda.Function;
    role: aws.iam.Role;
    securityGroup: aws.ec2.SecurityGroup;
    /** The database admits the function on its port through this rule. */
    ingressRule: aws.vpc.SecurityGroupIngressRule;
    logGroup: aws.cloudwatch.LogGroup;
}

/** Lambda function names: at most 64 characters. */
export function functionName(identifier: string, purpose: string): string {
    return `${identifier.slice(0, 63 - purpose.length)}-${purpose}`;
}

export function databaseFunction(name: string, args: DatabaseFunctionArgs, parent: pulumi.Resource): DatabaseFunction {
    const { identifier, network, subnetIds, logRetentionDays, tags } = args.database;
    const fnName = functionName(identifier, args.purpose);
    const { securityGroup, ingressRule } = args.clientSecurity ?? network.clientSecurityGroup(args.purpose, args.description);
    const { role, attachments, inlinePolicy } = serviceRole(
        `${name}-${args.purpose}-role`,
        {
            service: "lambda.amazonaws.com",
            description: `${args.description} of ${identifier}`,
            managedPolicies: ["service-role/AWSLambdaBasicExecutionRole", "service-role/AWSLambdaVPCAccessExecutionRole"],
            statements: args.statements,
            tags,
        },
        parent,
    );
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-${args.purpose}-logs`, { name: `/aws/lambda/${fnName}`, retentionInDays: logRetentionDays, tags }, { parent });
    const fn = new aws.lambda.Function(
        `${name}-${args.purpose}`,
        {
            name: fnName,
            description: `${args.description} of ${identifier}`,
            code: args.code ?? functionCode(args.purpose),
            runtime: lambdaRuntime,
            handler: lambdaHandler,
            role: role.arn,
            timeout: args.timeoutSeconds,
            memorySize: 256,
            environment: { variables: args.environment },
            vpcConfig: { subnetIds, securityGroupIds: [securityGroup.id] },
            tags,
        },
        // It must be able to log and reach the database from its first run.
        { parent, dependsOn: [logGroup, ingressRule, ...attachments, ...(inlinePolicy ? [inlinePolicy] : [])] },
    );
    return { function: fn, role, securityGroup, ingressRule, logGroup };
}
