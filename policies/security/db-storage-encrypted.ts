import type * as aws from "@pulumi/aws";
import { isAlwaysEncryptedEngineMode } from "../../aws-facts/encryption";
import { apiDefaults } from "../../aws-facts/rds";
import { types } from "../../aws-facts/resource-types";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asBoolean, asString } from "../lib/values";
import { isKeyValueStore } from "../lib/key-value-stores";
import { checkStoreEncryptedAtRest, encryptionOptionalStoreTypes } from "./key-value-stores";
import { checkRedshiftEncrypted, storageEncryptedTypes } from "../engines/security";
import { redshiftDefaults, redshiftTypes } from "../../aws-facts/redshift";
import { docdbDefaults } from "../../aws-facts/docdb";
import { neptuneDefaults } from "../../aws-facts/neptune";
import { elasticacheDefaults } from "../../aws-facts/elasticache";

export const dbStorageEncrypted = defineResourcePolicy({
    name: "db-storage-encrypted",
    checklistItem: "security",
    description: "Database storage, automated backups, snapshots and replicas are encrypted at rest (storageEncrypted).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set `storageEncrypted: true` (and `kmsKeyId` for a customer managed key) on the aws.rds.Instance or aws.rds.Cluster. " +
        "Encryption cannot be turned on in place: the change replaces the database, so for an existing database restore an encrypted " +
        "copy of a snapshot and switch over. Read replicas and Aurora cluster members inherit encryption and are not judged; " +
        'Aurora Serverless v1 clusters (engineMode "serverless") are always encrypted. ' +
        `ElastiCache: \`atRestEncryptionEnabled: true\` on the aws.elasticache.ReplicationGroup (unset means ${elasticacheDefaults.atRestEncryptionEnabled.redis} for Redis OSS, ${elasticacheDefaults.atRestEncryptionEnabled.valkey} for Valkey); a standalone Redis OSS aws.elasticache.Cluster cannot be encrypted: use a replication group. ` +
        "DynamoDB tables, serverless caches and MemoryDB clusters are always encrypted at rest; node-based Memcached keeps nothing at rest." +
        ` aws.docdb.Cluster and aws.neptune.Cluster: \`storageEncrypted: true\` (unset means ${docdbDefaults.storageEncrypted} on DocumentDB, ${neptuneDefaults.storageEncrypted} on Neptune); aws.redshift.Cluster: \`encrypted\` is a string in @pulumi/aws v7 and unset means ${JSON.stringify(redshiftDefaults.encrypted)}, so only \`encrypted: "false"\` fails. Redshift Serverless namespaces are always encrypted.`,
    peers: [
        "CKV_AWS_16",
        "CKV_AWS_96",
        "Security Hub RDS.3",
        "cdk-nag AwsSolutions-RDS2",
        "CKV_AWS_29",
        "AVD-AWS-0045",
        "Security Hub ElastiCache.4",
        "cdk-nag AwsSolutions-AEC3",
        "CKV_AWS_74",
        "CKV_AWS_44",
        "CKV_AWS_64",
        "AVD-AWS-0021",
        "AVD-AWS-0076",
        "AVD-AWS-0084",
        "cdk-nag AwsSolutions-DOC1",
        "cdk-nag AwsSolutions-N4",
        "cdk-nag AwsSolutions-RS6",
    ],
    config: {},
    // No remediate: turning encryption on replaces the database.
    resourceTypes: [...storageOwnerTypes, ...encryptionOptionalStoreTypes, ...storageEncryptedTypes],
    check(db, _config, report) {
        if (isKeyValueStore(db)) return checkStoreEncryptedAtRest(db, report);
        if (db.type === redshiftTypes.cluster) return checkRedshiftEncrypted(db, report);
        const role = databaseRole(db);
        if (role === "read-replica" || role === "aurora-member") return;
        const raw = db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("storageEncrypted");
        const value = asBoolean(raw);
        if (value === true) return;
        if (db.type === types.cluster) {
            const engineMode = asString(db.get<aws.rds.ClusterArgs>("engineMode"));
            if (typeof engineMode === "string" && isAlwaysEncryptedEngineMode(engineMode)) return;
            if (engineMode === UNKNOWN) return report.unknown("engineMode");
        }
        if (value === UNKNOWN) return report.unknown("storageEncrypted");
        report.violation({
            property: "storageEncrypted",
            seen: raw,
            wanted: `true (unset means ${apiDefaults.storageEncrypted})`,
            fix: `set \`storageEncrypted: true\` in ${argsOf(db)} (this replaces the database: for an existing one, restore an encrypted snapshot copy).`,
        });
    },
});
