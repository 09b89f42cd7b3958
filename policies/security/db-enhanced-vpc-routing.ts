import { redshiftDefaults, redshiftServerlessDefaults, redshiftTypes } from "../../aws-facts/redshift";
import { requireBoolean } from "../engines/settings";
import { defineResourcePolicy } from "../lib/define";

// Redshift alone moves bulk data in and out itself (COPY, UNLOAD, Spectrum); without enhanced VPC
// routing that traffic takes the public internet path, outside security groups, endpoints and flow logs.
export const dbEnhancedVpcRouting = defineResourcePolicy({
    name: "db-enhanced-vpc-routing",
    checklistItem: "security",
    description: "Redshift clusters and Serverless workgroups route COPY and UNLOAD traffic through the VPC (enhanced VPC routing), where security groups, VPC endpoints and flow logs apply.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set `enhancedVpcRouting: true` on the aws.redshift.Cluster or aws.redshiftserverless.Workgroup, and give the VPC an S3 gateway endpoint (or a NAT path) " +
        `so COPY and UNLOAD still reach their buckets. Unset means ${redshiftDefaults.enhancedVpcRouting}. It is an in-place update.`,
    peers: ["CKV_AWS_321", "AWS Config redshift-enhanced-vpc-routing-enabled", "Security Hub Redshift.7"],
    config: {},
    resourceTypes: [redshiftTypes.cluster, redshiftTypes.workgroup],
    check(db, _config, report) {
        const apiDefault = db.type === redshiftTypes.cluster ? redshiftDefaults.enhancedVpcRouting : redshiftServerlessDefaults.enhancedVpcRouting;
        requireBoolean(db, report, "enhancedVpcRouting", true, apiDefault);
    },
});
