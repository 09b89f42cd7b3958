// A Lambda function that runs inside a database's private subnets (the health probe, the app-user
// provisioner): its own security group the database admits, a role with only what it needs, and a
// log group with a retention, created before the function so Lambda never makes a never-expiring one.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
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
    identifier: string;
    /** "health-check": the function is `${identifier}-health-check`. */
    purpose: string;
    description: string;
    code: pulumi.asset.Archive;
    runtime: string;
    handler: string;
    environment: pulumi.Input<Record<string, pulumi.Input<string>>>;
    network: DatabaseNetwork;
    /** The function's own group and the rule that admits it somewhere; default: a client group the database admits. */
    clientSecurity?: { securityGroup: aws.ec2.SecurityGroup; ingressRule: aws.vpc.SecurityGroupIngressRule };
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Statements of the function's own policy, beyond logs and VPC access. */
    statements: pulumi.Input<pulumi.Input<Record<string, unknown>>[]>;
    timeoutSeconds: number;
    logRetentionDays: number;
    tags: Record<string, string>;
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
    const fnName = functionName(args.identifier, args.purpose);
    const { securityGroup, ingressRule } = args.clientSecurity ?? args.network.clientSecurityGroup(args.purpose, args.description);
    const { role, attachments, inlinePolicy } = serviceRole(
        `${name}-${args.purpose}-role`,
        {
            service: "lambda.amazonaws.com",
            description: `${args.description} of ${args.identifier}`,
            managedPolicies: ["service-role/AWSLambdaBasicExecutionRole", "service-role/AWSLambdaVPCAccessExecutionRole"],
            statements: args.statements,
            tags: args.tags,
        },
        parent,
    );
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-${args.purpose}-logs`, { name: `/aws/lambda/${fnName}`, retentionInDays: args.logRetentionDays, tags: args.tags }, { parent });
    const fn = new aws.lambda.Function(
        `${name}-${args.purpose}`,
        {
            name: fnName,
            description: `${args.description} of ${args.identifier}`,
            code: args.code,
            runtime: args.runtime,
            handler: args.handler,
            role: role.arn,
            timeout: args.timeoutSeconds,
            memorySize: 256,
            environment: { variables: args.environment },
            vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [securityGroup.id] },
            tags: args.tags,
        },
        // It must be able to log and reach the database from its first run.
        { parent, dependsOn: [logGroup, ingressRule, ...attachments, ...(inlinePolicy ? [inlinePolicy] : [])] },
    );
    return { function: fn, role, securityGroup, ingressRule, logGroup };
}
