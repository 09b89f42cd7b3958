import type * as aws from "@pulumi/aws";
import { iamAuthEngines, supportsIamAuth } from "../../aws-facts/credentials";
import { apiDefaults } from "../../aws-facts/rds";
import { argsOf, databaseRole, engineOf, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asBoolean } from "../lib/values";
import { checkUserIamAuth, iamUserTypes } from "./key-value-stores";
import { checkIamAuth, iamAuthTypes } from "../engines/users";
import { serviceOf } from "../engines/types";

export const dbIamAuth = defineResourcePolicy({
    name: "db-iam-auth",
    checklistItem: "users",
    description: "Databases accept IAM database authentication, so applications and people can log in with short-lived IAM tokens instead of stored passwords.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set `iamDatabaseAuthenticationEnabled: true` on the aws.rds.Instance (read replicas too) or aws.rds.Cluster (Aurora: on the cluster), " +
        "then grant `rds_iam` (PostgreSQL) or create users `IDENTIFIED WITH AWSAuthenticationPlugin` (MySQL/MariaDB) and allow `rds-db:connect`. " +
        `Applies to ${iamAuthEngines.join(", ")}; other engines do not support it. ` +
        'ElastiCache and MemoryDB users (aws.elasticache.User, aws.memorydb.User): `authenticationMode: { type: "iam" }`; disabled placeholder users (accessString "off ...") are not judged.' +
        " aws.neptune.Cluster takes the same `iamDatabaseAuthenticationEnabled` (Neptune has no passwords: IAM is its only authentication).",
    peers: ["CKV_AWS_161", "CKV_AWS_162", "Security Hub RDS.10", "Security Hub RDS.12", "CKV_AWS_359", "cdk-nag AwsSolutions-N5", "Security Hub Neptune.7"],
    config: {},
    resourceTypes: [...storageOwnerTypes, ...iamUserTypes, ...iamAuthTypes],
    check(db, _config, report) {
        if ((iamUserTypes as readonly string[]).includes(db.type)) return checkUserIamAuth(db, report);
        if (serviceOf(db)) return checkIamAuth(db, report);
        if (databaseRole(db) === "aurora-member") return;
        const value = asBoolean(db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("iamDatabaseAuthenticationEnabled"));
        if ((value ?? apiDefaults.iamDatabaseAuthenticationEnabled) === true) return;
        // A replica with no engine takes its source's: not known here, so not judged.
        const engine = engineOf(db);
        if (engine === UNKNOWN) return report.unknown("engine");
        if (engine === undefined || !supportsIamAuth(engine)) return;
        if (value === UNKNOWN) return report.unknown("iamDatabaseAuthenticationEnabled");
        report.violation({
            property: "iamDatabaseAuthenticationEnabled",
            seen: value,
            wanted: `true (unset means ${apiDefaults.iamDatabaseAuthenticationEnabled})`,
            fix: `set \`iamDatabaseAuthenticationEnabled: true\` in ${argsOf(db)}.`,
        });
    },
});
