// network: the VPC and private subnets the database lives in, and who may connect to it (security
// groups, or CIDR blocks no wider than the AWS facts allow).
import { z } from "zod";
import { defaultMinPrefixLength, isOverBroad, parseCidr } from "../../../aws-facts/network";
import { deferrable, requiredString } from "./zod";

const cidrBlock = z.string({ error: 'is not a CIDR block; write it like "10.0.0.0/16"' }).superRefine((value, ctx) => {
    const cidr = parseCidr(value);
    if (cidr === undefined) ctx.addIssue({ code: "custom", message: 'is not a CIDR block; write it like "10.0.0.0/16"' });
    else if (cidr.prefixLength === 0) ctx.addIssue({ code: "custom", message: "admits every address; list the clients' security groups in network.allowedSecurityGroupIds, or their own CIDR blocks" });
    else if (isOverBroad(cidr, defaultMinPrefixLength))
        ctx.addIssue({
            code: "custom",
            message: `is wider than /${cidr.family === 4 ? defaultMinPrefixLength.ipv4 : defaultMinPrefixLength.ipv6}; list the clients' security groups in network.allowedSecurityGroupIds, or narrower CIDR blocks`,
        });
});

export const networkSchema = z.strictObject(
    {
        vpcId: deferrable(requiredString("a VPC ID", "set network.vpcId to the VPC of the private subnets")),
        /** Private subnets, at least 2, in different Availability Zones. */
        subnetIds: deferrable(
            z
                .array(deferrable(requiredString("a subnet ID", "list private subnet IDs")), {
                    error: (i) =>
                        i.input === undefined
                            ? "not set; list at least 2 private subnets in different Availability Zones"
                            : "is not a list of subnet IDs; list at least 2 private subnets in different Availability Zones",
                })
                .min(2, { error: "has fewer than 2 subnets; list at least 2 private subnets in different Availability Zones (RDS requires two)" }),
        ),
        /** Security groups of the clients that may connect on the database port. */
        allowedSecurityGroupIds: z.array(deferrable(requiredString("a security group ID", "list the clients' security group IDs"))).default([]),
        /** CIDR blocks that may connect (never 0.0.0.0/0 or ::/0). */
        allowedCidrs: z.array(cidrBlock).default([]),
    },
    { error: (i) => `${i.input === undefined ? "not set" : "is not an object"}; set network: { vpcId, subnetIds: [at least 2 private subnets] }` },
);
