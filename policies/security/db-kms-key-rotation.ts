import { kmsKeyRotationDefault } from "../../aws-facts/encryption";
import { types } from "../../aws-facts/resource-types";
import { storageOwnerTypes } from "../lib/databases";
import { defineStackPolicy } from "../lib/define";
import { UNKNOWN, asBoolean } from "../lib/values";
import { UsedBy, databasesPhrase } from "../lib/shared-resources";
import { keyValueStoreTypes } from "../lib/key-value-stores";
import { storeKeys } from "./key-value-stores";

export const dbKmsKeyRotation = defineStackPolicy({
    name: "db-kms-key-rotation",
    checklistItem: "security",
    description: "The customer managed KMS keys that encrypt databases rotate their key material automatically (enableKeyRotation).",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set `enableKeyRotation: true` (optionally `rotationPeriodInDays`) on the aws.kms.Key named by the database's `kmsKeyId` " +
        "(DynamoDB: `serverSideEncryption.kmsKeyArn`; ElastiCache: `kmsKeyId`; MemoryDB: `kmsKeyArn`). " +
        "Rotation keeps the key ID, so databases need no change. Keys outside the stack are not judged.",
    peers: [],
    config: {},
    judges: [...storageOwnerTypes, types.dynamodbTable, types.elasticacheReplicationGroup, types.elasticacheCluster, types.elasticacheServerlessCache, types.memorydbCluster],
    check(stack, _config, report) {
        const keys = new UsedBy();
        for (const db of stack.ofType(...storageOwnerTypes)) {
            if (db.get("kmsKeyId") === undefined) continue;
            const linked = stack.referencedBy(db, "kmsKeyId", types.kmsKey);
            if (linked === UNKNOWN) {
                report.unknown(db, "kmsKeyId");
                continue;
            }
            for (const key of linked) keys.add(key, db);
        }
        for (const db of stack.ofType(...keyValueStoreTypes)) {
            const linked = storeKeys(stack, db);
            if (linked === UNKNOWN) report.unknown(db, "the KMS key");
            else for (const key of linked) keys.add(key, db);
        }
        for (const { resource: key, databases } of keys.usages()) {
            const raw = key.get("enableKeyRotation");
            const rotation = asBoolean(raw);
            if (rotation === UNKNOWN) {
                report.unknown(key, "enableKeyRotation");
                continue;
            }
            if ((rotation ?? kmsKeyRotationDefault) === true) continue;
            report.violation(key, {
                property: "enableKeyRotation",
                seen: raw,
                wanted: `true (unset means ${kmsKeyRotationDefault}) for the key that encrypts ${databasesPhrase(databases)}`,
                fix: `set \`enableKeyRotation: true\` in the aws.kms.Key args of ${JSON.stringify(key.name)}.`,
            });
        }
    },
});
