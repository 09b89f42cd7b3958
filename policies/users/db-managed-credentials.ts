import { z } from "zod";
import { apiDefaults } from "../../aws-facts/rds";
import { types } from "../../aws-facts/resource-types";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asBoolean } from "../lib/values";
import { inheritsMasterUser } from "./master-user";
import { hiddenValue } from "./hidden-value";
import { credentialStoreTypes, checkStoreCredentials } from "./key-value-stores";
import { masterUserSlot, masterUserTypes } from "../engines/users";

export const dbManagedCredentials = defineResourcePolicy({
    name: "db-managed-credentials",
    checklistItem: "users",
    description: "Databases let RDS manage the master password in Secrets Manager (manageMasterUserPassword), so no password sits in the program, the state or the preview.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Remove `password` (aws.rds.Instance) or `masterPassword` (aws.rds.Cluster) and set `manageMasterUserPassword: true` " +
        "(optionally `masterUserSecretKmsKeyId`); read the secret from `masterUserSecrets[0].secretArn`. " +
        "Write-only `passwordWo` / `masterPasswordWo` (kept out of the state) is accepted only when allowWriteOnlyPassword is true. " +
        "Not judged: read replicas, Aurora cluster instances, snapshot or point-in-time restores and Aurora replica clusters, which take their master user from the source. " +
        "ElastiCache: no `authToken` on the aws.elasticache.ReplicationGroup and no `passwords` on an aws.elasticache.User: use user groups of IAM-authenticated users (write-only authTokenWo / passwordsWo only with allowWriteOnlyPassword)." +
        " aws.docdb.Cluster: `manageMasterUserPassword: true` instead of `masterPassword`; aws.redshift.Cluster: `manageMasterPassword: true` instead of `masterPassword`; aws.redshiftserverless.Namespace: `manageAdminPassword: true` instead of `adminUserPassword` (or no admin user at all). Neptune has no master password.",
    peers: ["cdk-nag AwsSolutions-DOC3"],
    config: {
        allowWriteOnlyPassword: z.boolean().default(false).describe("Accept a write-only password (passwordWo / masterPasswordWo, never stored in the state) instead of manageMasterUserPassword."),
    },
    resourceTypes: [...storageOwnerTypes, ...credentialStoreTypes, ...masterUserTypes],
    check(db, config, report) {
        if ((credentialStoreTypes as readonly string[]).includes(db.type)) return checkStoreCredentials(db, config.allowWriteOnlyPassword, report);
        const role = databaseRole(db);
        if (role === "read-replica" || role === "aurora-member" || inheritsMasterUser(db)) return;
        const isCluster = db.type === types.cluster;
        const other = masterUserSlot(db); // DocumentDB, Redshift, Redshift Serverless
        const passwordProperty = other?.password ?? (isCluster ? "masterPassword" : "password");
        const writeOnlyProperty = other?.writeOnlyPassword ?? (isCluster ? "masterPasswordWo" : "passwordWo");
        const managedProperty = other?.managed ?? "manageMasterUserPassword";
        const managedDefault = other?.managedDefault ?? apiDefaults.manageMasterUserPassword;
        const secretOutput = other?.secretOutput ?? "masterUserSecrets[0].secretArn";
        const managed = `\`${managedProperty}: true\``;

        // A password is a finding whatever its value, even one unknown at preview (a generated one).
        const password = db.get(passwordProperty);
        if (password !== undefined) {
            report.violation({
                property: passwordProperty,
                seen: hiddenValue,
                wanted: `unset, with ${managed} (the password is in the program and the state)`,
                fix: `remove \`${passwordProperty}\` and set ${managed} in ${argsOf(db)}; applications read the secret from \`${secretOutput}\`.`,
            });
        }
        const writeOnly = db.get(writeOnlyProperty);
        if (writeOnly !== undefined && !config.allowWriteOnlyPassword) {
            report.violation({
                property: writeOnlyProperty,
                seen: hiddenValue,
                wanted: `unset, with ${managed} (write-only passwords are not allowed: allowWriteOnlyPassword is false)`,
                fix: `remove \`${writeOnlyProperty}\` and \`${writeOnlyProperty}Version\` and set ${managed} in ${argsOf(db)}.`,
            });
        }
        if (password !== undefined || writeOnly !== undefined) return;
        // A Redshift Serverless namespace without an admin user has no password to manage (IAM only).
        if (other?.optional && db.get(other.username) === undefined) return;

        const value = asBoolean(db.get(managedProperty));
        if (value === UNKNOWN) return report.unknown(managedProperty);
        if ((value ?? managedDefault) === true) return;
        report.violation({
            property: managedProperty,
            seen: value,
            wanted: `true (unset means ${managedDefault}: the master password is whatever the program passes)`,
            fix: `set ${managed} in ${argsOf(db)}.`,
        });
    },
});
