// Security checklist item for DocumentDB, Neptune, Redshift and Redshift Serverless: the RDS
// policies dispatch here where a property name or default differs from RDS.
import { isAwsManagedKeyAlias } from "../../aws-facts/encryption";
import { docdbLogExports, docdbTypes } from "../../aws-facts/docdb";
import { neptuneDefaults, neptuneLogExports, neptuneTypes } from "../../aws-facts/neptune";
import { redshiftDefaults, redshiftLogExports, redshiftServerlessDefaults, redshiftTypes } from "../../aws-facts/redshift";
import { argsOf } from "../lib/databases";
import { ResourceReport } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asString, asStringList, isInvalid } from "../lib/values";
import { requireBoolean } from "./settings";

/** DocumentDB and Neptune clusters take storageEncrypted like an Aurora cluster; a Redshift cluster takes `encrypted`. */
export const storageEncryptedTypes = [docdbTypes.cluster, neptuneTypes.cluster, redshiftTypes.cluster] as const;

/** aws.redshift.Cluster `encrypted` is a string in @pulumi/aws v7 and unset means "true": only an explicit "false" fails. */
export function checkRedshiftEncrypted(db: ResourceUnderCheck, report: ResourceReport): void {
    requireBoolean(db, report, "encrypted", true, redshiftDefaults.encrypted === "true", {
        asString: true,
        why: "as turning it on later makes Redshift migrate the data to a new encrypted cluster",
    });
}

/** Where each resource names its KMS key. A Serverless namespace is always encrypted; its key is kmsKeyId. */
const kmsKeyProperties: Record<string, string> = {
    [docdbTypes.cluster]: "kmsKeyId",
    [neptuneTypes.cluster]: "kmsKeyArn",
    [redshiftTypes.cluster]: "kmsKeyId",
    [redshiftTypes.namespace]: "kmsKeyId",
};
export const customerManagedKeyTypes = Object.keys(kmsKeyProperties);

export function checkCustomerManagedKey(db: ResourceUnderCheck, report: ResourceReport): void {
    const property = kmsKeyProperties[db.type];
    if (!property) return;
    const raw = db.get(property);
    const key = asString(raw);
    if (key === UNKNOWN) return report.unknown(property);
    if (typeof key === "string" && key.trim() !== "" && !isAwsManagedKeyAlias(key)) return;
    report.violation({
        property,
        seen: raw,
        wanted: "the ARN of a customer managed KMS key (unset, or an alias/aws/ alias, means an AWS owned or AWS managed key)",
        fix: `set \`${property}: dbKey.arn\` (an aws.kms.Key with \`enableKeyRotation: true\`) in ${argsOf(db)}.`,
    });
}

/**
 * Placement and public endpoints. DocumentDB and Neptune clusters, like an Aurora cluster, are
 * exposed by where they are placed: no subnet group means the default VPC. Neptune cluster instances
 * and Redshift can have a public endpoint (publiclyAccessible, default false). DocumentDB instances
 * have no public endpoint at all and are not judged.
 */
const placement: Record<string, { subnets?: string; subnetsFix?: string; publicEndpoint?: { property: string; apiDefault: boolean } }> = {
    [docdbTypes.cluster]: { subnets: "dbSubnetGroupName", subnetsFix: "an aws.docdb.SubnetGroup of private subnets" },
    [neptuneTypes.cluster]: { subnets: "neptuneSubnetGroupName", subnetsFix: "an aws.neptune.SubnetGroup of private subnets" },
    [neptuneTypes.clusterInstance]: { publicEndpoint: { property: "publiclyAccessible", apiDefault: neptuneDefaults.publiclyAccessible } },
    [redshiftTypes.cluster]: {
        subnets: "clusterSubnetGroupName",
        subnetsFix: "an aws.redshift.SubnetGroup of private subnets",
        publicEndpoint: { property: "publiclyAccessible", apiDefault: redshiftDefaults.publiclyAccessible },
    },
    [redshiftTypes.workgroup]: {
        subnets: "subnetIds",
        subnetsFix: "the IDs of private subnets",
        publicEndpoint: { property: "publiclyAccessible", apiDefault: redshiftServerlessDefaults.publiclyAccessible },
    },
};
export const publicAccessTypes = Object.keys(placement);

export function checkPublicAccess(db: ResourceUnderCheck, report: ResourceReport): void {
    const slot = placement[db.type];
    if (!slot) return;
    if (slot.publicEndpoint) requireBoolean(db, report, slot.publicEndpoint.property, false, slot.publicEndpoint.apiDefault, { why: "no public endpoint" });
    // An unknown value is still a value (a subnet group created in this deployment).
    if (slot.subnets && db.get(slot.subnets) === undefined) {
        report.violation({
            property: slot.subnets,
            seen: undefined,
            wanted: `${slot.subnetsFix} (unset places the database in the region's default VPC, whose subnets are public)`,
            fix: `set \`${slot.subnets}\` to ${slot.subnetsFix} in ${argsOf(db)}.`,
        });
    }
}

/** Log exports that carry the audit trail, per resource, and the property that lists them. */
export const auditLogSlots: Record<string, { property: string; service: "docdb" | "neptune" | "redshiftServerless"; defaults: readonly string[] }> = {
    [docdbTypes.cluster]: { property: "enabledCloudwatchLogsExports", service: "docdb", defaults: docdbLogExports },
    // Neptune names it enableCloudwatchLogsExports (no "d").
    [neptuneTypes.cluster]: { property: "enableCloudwatchLogsExports", service: "neptune", defaults: neptuneLogExports },
    [redshiftTypes.namespace]: { property: "logExports", service: "redshiftServerless", defaults: redshiftLogExports },
};
export const auditLogTypes = Object.keys(auditLogSlots);

export function checkAuditLogExports(db: ResourceUnderCheck, required: readonly string[], report: ResourceReport): void {
    const slot = auditLogSlots[db.type];
    if (!slot || required.length === 0) return;
    const raw = db.get(slot.property);
    const exported = asStringList(raw);
    if (exported === UNKNOWN) return report.unknown(slot.property);
    const have = new Set(Array.isArray(exported) ? exported.map((t) => t.trim()) : []);
    const missing = required.filter((t) => !have.has(t));
    if (!isInvalid(exported) && missing.length === 0) return;
    const all = [...new Set([...(Array.isArray(exported) ? exported : []), ...required])];
    report.violation({
        property: slot.property,
        seen: raw,
        wanted: `${required.map((t) => JSON.stringify(t)).join(", ")}${raw === undefined ? " (unset means no logs are exported)" : ` (missing ${missing.join(", ")})`}`,
        fix: `set \`${slot.property}: ${JSON.stringify(all)}\` in ${argsOf(db)}.`,
    });
}

/** Clusters that name their security groups in vpcSecurityGroupIds, as an RDS cluster does (db-network-restricted). */
export const vpcSecurityGroupIdsTypes = [docdbTypes.cluster, neptuneTypes.cluster, redshiftTypes.cluster] as const;

/** Redshift Serverless workgroups name their security groups in securityGroupIds (unset: the VPC's default group). */
export const securityGroupIdsTypes = [redshiftTypes.workgroup] as const;

/** The property that lists a database's security groups. */
export function securityGroupsProperty(db: ResourceUnderCheck): "vpcSecurityGroupIds" | "securityGroupIds" {
    return db.type === redshiftTypes.workgroup ? "securityGroupIds" : "vpcSecurityGroupIds";
}
