import type * as aws from "@pulumi/aws";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asBoolean } from "../lib/values";
import { isKeyValueStore } from "../lib/key-value-stores";
import { apiDefaults } from "../../aws-facts/rds";
import { types } from "../../aws-facts/resource-types";
import { checkStoreDeletionProtection, remediateStoreDeletionProtection } from "./key-value-stores";
import { deletionProtectionTypes } from "../engines/backups";

export const dbDeletionProtection = defineResourcePolicy({
    name: "db-deletion-protection",
    checklistItem: "backups",
    description: "Databases have deletion protection on, so no API call or stray `pulumi destroy` can delete them.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set `deletionProtection: true` on the aws.rds.Instance or aws.rds.Cluster (Aurora: on the cluster, not its instances). " +
        "To delete the database on purpose, set it to false in one deployment and delete in the next. " +
        "DynamoDB: `deletionProtectionEnabled: true` on the aws.dynamodb.Table and on each global table replica (ElastiCache and MemoryDB have no deletion protection)." +
        " aws.docdb.Cluster and aws.neptune.Cluster take the same `deletionProtection`; Redshift has none (db-final-snapshot guards it).",
    peers: ["CKV_AWS_139", "CKV_AWS_293", "Security Hub RDS.7", "Security Hub RDS.8", "cdk-nag AwsSolutions-RDS10", "Security Hub DynamoDB.6", "Security Hub DocumentDB.5", "Security Hub Neptune.4"],
    config: {},
    resourceTypes: [...storageOwnerTypes, types.dynamodbTable, ...deletionProtectionTypes],
    check(db, _config, report) {
        if (isKeyValueStore(db)) return checkStoreDeletionProtection(db, report);
        if (databaseRole(db) === "aurora-member") return;
        const value = asBoolean(db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("deletionProtection"));
        if (value === UNKNOWN) return report.unknown("deletionProtection");
        if ((value ?? apiDefaults.deletionProtection) === true) return;
        report.violation({
            property: "deletionProtection",
            seen: value,
            wanted: `true (unset means ${apiDefaults.deletionProtection})`,
            fix: `set \`deletionProtection: true\` in ${argsOf(db)}.`,
        });
    },
    // Turning deletion protection on is an in-place update that needs no decision.
    remediate(db) {
        if (isKeyValueStore(db)) return remediateStoreDeletionProtection(db);
        if (databaseRole(db) === "aurora-member") return undefined;
        const value = asBoolean(db.get("deletionProtection"));
        return (value ?? apiDefaults.deletionProtection) === true || value === UNKNOWN ? undefined : { deletionProtection: true };
    },
});
