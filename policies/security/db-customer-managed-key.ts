import type * as aws from "@pulumi/aws";
import { isAwsManagedKeyAlias } from "../../aws-facts/encryption";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asString } from "../lib/values";
import { isKeyValueStore } from "../lib/key-value-stores";
import { checkStoreCustomerManagedKey, customerKeyStoreTypes } from "./key-value-stores";
import { checkCustomerManagedKey, customerManagedKeyTypes } from "../engines/security";
import { serviceOf } from "../engines/types";

export const dbCustomerManagedKey = defineResourcePolicy({
    name: "db-customer-managed-key",
    checklistItem: "security",
    description:
        "Databases are encrypted with a customer managed KMS key (kmsKeyId), whose policy, rotation and cross-account use the team controls; " +
        "whether storage is encrypted at all is db-storage-encrypted's concern.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Create an aws.kms.Key (with `enableKeyRotation: true`) and set `kmsKeyId: key.arn` with `storageEncrypted: true` on the aws.rds.Instance or aws.rds.Cluster. " +
        "Unset means the AWS managed key aws/rds, which cannot be shared with another account (so snapshots cannot be copied there). " +
        "The key cannot be changed in place: it replaces the database. Read replicas and Aurora cluster members use their source's key and are not judged. " +
        "DynamoDB: `serverSideEncryption: { enabled: true, kmsKeyArn: key.arn }`; ElastiCache replication groups and serverless caches: `kmsKeyId`; MemoryDB: `kmsKeyArn`." +
        " aws.docdb.Cluster, aws.redshift.Cluster and aws.redshiftserverless.Namespace: `kmsKeyId`; aws.neptune.Cluster: `kmsKeyArn`.",
    peers: [
        "CKV_AWS_327",
        "AVD-AWS-0079",
        "CKV_AWS_119",
        "AVD-AWS-0025",
        "CKV_AWS_191",
        "CKV_AWS_201",
        "CKV_AWS_182",
        "CKV_AWS_347",
        "CKV_AWS_142",
        "CKV_AWS_282",
        "AVD-AWS-0022",
        "AVD-AWS-0128",
        "AVD-AWS-0084",
        "Security Hub Redshift.10",
    ],
    config: {},
    resourceTypes: [...storageOwnerTypes, ...customerKeyStoreTypes, ...customerManagedKeyTypes],
    check(db, _config, report) {
        if (isKeyValueStore(db)) return checkStoreCustomerManagedKey(db, report);
        if (serviceOf(db)) return checkCustomerManagedKey(db, report);
        const role = databaseRole(db);
        if (role === "read-replica" || role === "aurora-member") return;
        const raw = db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("kmsKeyId");
        const key = asString(raw);
        if (key === UNKNOWN) return report.unknown("kmsKeyId");
        if (typeof key === "string" && key.trim() !== "" && !isAwsManagedKeyAlias(key)) return;
        report.violation({
            property: "kmsKeyId",
            seen: raw,
            wanted: "the ARN of a customer managed KMS key (unset, or an alias/aws/ alias, means an AWS managed key)",
            fix: `set \`kmsKeyId: dbKey.arn\` (an aws.kms.Key with \`enableKeyRotation: true\`) and \`storageEncrypted: true\` in ${argsOf(db)}.`,
        });
    },
});
