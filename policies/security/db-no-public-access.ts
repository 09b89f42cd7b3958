import type * as aws from "@pulumi/aws";
import { parseArn } from "../../aws-facts/arn";
import { apiDefaults } from "../../aws-facts/rds";
import { defaultVpcPlacement } from "../../aws-facts/network";
import { regionOf } from "../lib/provider";
import { types } from "../../aws-facts/resource-types";
import { DatabaseArgs, argsOf, databaseRole, databaseTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asBoolean, asString, isInvalid } from "../lib/values";

import { isKeyValueStore } from "../lib/key-value-stores";
import { checkStorePlacement, placedStoreTypes } from "./key-value-stores";
import { checkPublicAccess, publicAccessTypes } from "../engines/security";
import { serviceOf } from "../engines/types";

/**
 * Whether the database's own dbSubnetGroupName decides where it runs. A read replica in its
 * source's region and an Aurora cluster instance are placed by their source or cluster (RDS uses
 * the source's or the cluster's subnet group), so only standalone instances, read replicas in
 * another region than their source (which get the default subnet group otherwise), and clusters
 * (judged below) must name one.
 */
function placedByItsOwnSubnetGroup(db: ResourceUnderCheck): boolean {
    const role = databaseRole(db);
    if (role === "instance") return true;
    if (role !== "read-replica") return false;
    // A cross-region replica names its source by ARN; its own region is its `region` or its provider's.
    const source = parseArn(asString(db.get<aws.rds.InstanceArgs>("replicateSourceDb")));
    const here = regionOf(db);
    return source !== undefined && source.region !== "" && typeof here === "string" && here !== source.region;
}

export const dbNoPublicAccess = defineResourcePolicy({
    name: "db-no-public-access",
    checklistItem: "security",
    description: "Databases are not publicly accessible: no public endpoint, and never placed in the default VPC by omission.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set `publiclyAccessible: false` on every aws.rds.Instance (read replicas too) and aws.rds.ClusterInstance, and give each database " +
        "`dbSubnetGroupName` naming an aws.rds.SubnetGroup of private subnets (aws.rds.Cluster: `dbSubnetGroupName` is required). " +
        "Without a subnet group RDS places the database in the default VPC, whose subnets are public, and makes it publicly accessible by default. " +
        'ElastiCache and MemoryDB: `subnetGroupName` naming a subnet group of private subnets (not "default"); serverless caches: `subnetIds`.' +
        " aws.docdb.Cluster: `dbSubnetGroupName`; aws.neptune.Cluster: `neptuneSubnetGroupName`; aws.neptune.ClusterInstance: `publiclyAccessible: false`; aws.redshift.Cluster: `publiclyAccessible: false` and `clusterSubnetGroupName`; aws.redshiftserverless.Workgroup: `publiclyAccessible: false` and `subnetIds`.",
    peers: [
        "CKV_AWS_17",
        "AVD-AWS-0180",
        "Security Hub RDS.2",
        "CKV_AWS_323",
        "Security Hub ElastiCache.7",
        "cdk-nag AwsSolutions-AEC1",
        "CKV_AWS_87",
        "CKV_AWS_102",
        "CKV_AWS_154",
        "AVD-AWS-0127",
        "cdk-nag AwsSolutions-RS2",
        "cdk-nag AwsSolutions-RS8",
        "Security Hub Redshift.1",
    ],
    config: {},
    resourceTypes: [...databaseTypes, ...placedStoreTypes, ...publicAccessTypes],
    check(db, _config, report) {
        if (isKeyValueStore(db)) return checkStorePlacement(db, report);
        if (serviceOf(db)) return checkPublicAccess(db, report);
        const subnetGroup = db.get<DatabaseArgs>("dbSubnetGroupName");
        // An unknown subnet group name is still a subnet group (one created in this deployment).
        const hasSubnetGroup = subnetGroup !== undefined;
        const subnetGroupFix = `set \`dbSubnetGroupName\` to an aws.rds.SubnetGroup of private subnets in ${argsOf(db)}`;

        if (db.type === types.cluster) {
            // A cluster has no publiclyAccessible: its placement is what exposes it.
            if (hasSubnetGroup) return;
            return report.violation({
                property: "dbSubnetGroupName",
                seen: undefined,
                wanted: `a DB subnet group of private subnets (unset places the cluster in ${defaultVpcPlacement})`,
                fix: `${subnetGroupFix}.`,
            });
        }

        const raw = db.get<aws.rds.InstanceArgs | aws.rds.ClusterInstanceArgs>("publiclyAccessible");
        const value = asBoolean(raw);
        if (value === true || isInvalid(value)) {
            return report.violation({ property: "publiclyAccessible", seen: raw, wanted: "false", fix: `set \`publiclyAccessible: false\` in ${argsOf(db)}.` });
        }
        if (value === undefined && !hasSubnetGroup && apiDefaults.publiclyAccessibleWithoutSubnetGroup) {
            return report.violation({
                property: "publiclyAccessible",
                seen: undefined,
                wanted: `false (unset, with no dbSubnetGroupName, places the database in ${defaultVpcPlacement}, and RDS then makes it publicly accessible)`,
                fix: `set \`publiclyAccessible: false\` and ${subnetGroupFix}.`,
            });
        }
        // Not public, but still in the default VPC: its subnets are public and shared with
        // everything else launched there by omission, so one flag is all that keeps it private.
        if (!hasSubnetGroup && placedByItsOwnSubnetGroup(db)) {
            report.violation({
                property: "dbSubnetGroupName",
                seen: undefined,
                wanted: `a DB subnet group of private subnets (unset places the database in ${defaultVpcPlacement}, where publiclyAccessible is the only thing keeping it private)`,
                fix: `${subnetGroupFix}.`,
            });
        }
        if (value === UNKNOWN) report.unknown("publiclyAccessible");
    },
});
