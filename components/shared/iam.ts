// IAM roles for the services that act on a database's behalf (RDS Enhanced Monitoring, AWS Backup,
// Lambda probes, EventBridge Scheduler). One helper so every role is built the same way: a trust
// policy for one service principal, AWS managed policies by name, and an optional inline policy.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The partition ("aws", "aws-cn", "aws-us-gov") of an ARN: managed policy ARNs must use the role's own. */
export function partitionOf(arn: string): string {
    return arn.split(":")[1] || "aws";
}

/** The account ID of an ARN (empty for S3-style ARNs that carry none). */
export function accountOf(arn: string): string {
    return arn.split(":")[4] ?? "";
}

/** The region of an ARN (empty for global services such as IAM). */
export function regionOf(arn: string): string {
    return arn.split(":")[3] ?? "";
}

/** An IAM policy document as JSON, from statements whose values may be outputs. */
export function policyDocument(statements: pulumi.Input<pulumi.Input<Record<string, unknown>>[]>): pulumi.Output<string> {
    return pulumi.output(statements).apply((s) => JSON.stringify({ Version: "2012-10-17", Statement: s }));
}

export interface ServiceRoleArgs {
    /** The service principal that assumes the role, e.g. "monitoring.rds.amazonaws.com". */
    service: string;
    description: string;
    /** AWS managed policies by path below `arn:<partition>:iam::aws:policy/`, e.g. "service-role/AmazonRDSEnhancedMonitoringRole". */
    managedPolicies?: string[];
    /** Statements of an inline policy. */
    statements?: pulumi.Input<pulumi.Input<Record<string, unknown>>[]>;
    tags?: Record<string, string>;
}

export interface ServiceRole {
    role: aws.iam.Role;
    attachments: aws.iam.RolePolicyAttachment[];
    inlinePolicy?: aws.iam.RolePolicy;
}

/**
 * A role `service` can assume, named `${name}` (children `${name}-<policy>` and `${name}-policy`).
 * Managed policies are attached with separate RolePolicyAttachment resources so that the role's
 * users can depend on them (a function must not start before it may write its logs).
 */
export function serviceRole(name: string, args: ServiceRoleArgs, parent: pulumi.Resource): ServiceRole {
    const role = new aws.iam.Role(
        name,
        {
            description: args.description,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: args.service }, Action: "sts:AssumeRole" }],
            }),
            tags: args.tags,
        },
        { parent },
    );
    const attachments = (args.managedPolicies ?? []).map(
        (policy) =>
            new aws.iam.RolePolicyAttachment(
                `${name}-${policy.split("/").pop()}`,
                { role: role.name, policyArn: pulumi.interpolate`arn:${role.arn.apply(partitionOf)}:iam::aws:policy/${policy}` },
                { parent },
            ),
    );
    const inlinePolicy = args.statements === undefined ? undefined : new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy: policyDocument(args.statements) }, { parent });
    return { role, attachments, ...(inlinePolicy ? { inlinePolicy } : {}) };
}

/** The role RDS Enhanced Monitoring publishes OS metrics with, `${name}-monitoring-role`; none when the interval is 0 (off). */
export function enhancedMonitoringRole(name: string, args: { identifier: string; interval: number; tags: Record<string, string> }, parent: pulumi.Resource): ServiceRole | undefined {
    if (args.interval <= 0) return undefined;
    return serviceRole(
        `${name}-monitoring-role`,
        {
            service: "monitoring.rds.amazonaws.com",
            description: `RDS Enhanced Monitoring of ${args.identifier}`,
            managedPolicies: ["service-role/AmazonRDSEnhancedMonitoringRole"],
            tags: args.tags,
        },
        parent,
    );
}
