import type * as aws from "@pulumi/aws";
import { z } from "zod";
import { types } from "../aws/resource-types";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asBoolean } from "../lib/values";
import { inheritsMasterUser } from "./master-user";
import { hiddenValue } from "./hidden-value";
import { credentialStoreTypes, checkStoreCredentials } from "./key-value-stores";


export const dbManagedCredentials = defineResourcePolicy({
    name: "db-managed-credentials",
    checklistItem: "users",
    description:
        "Databases let RDS manage the master password in Secrets Manager (manageMasterUserPassword), so no password sits in the program, the state or the preview.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Remove `password` (aws.rds.Instance) or `masterPassword` (aws.rds.Cluster) and set `manageMasterUserPassword: true` " +
        "(optionally `masterUserSecretKmsKeyId`); read the secret from `masterUserSecrets[0].secretArn`. " +
        "Write-only `passwordWo` / `masterPasswordWo` (kept out of the state) is accepted only when allowWriteOnlyPassword is true. " +
        "Not judged: read replicas, Aurora cluster instances, snapshot or point-in-time restores and Aurora replica clusters, which take their master user from the source. " +
        "ElastiCache: no `authToken` on the aws.elasticache.ReplicationGroup and no `passwords` on an aws.elasticache.User: use user groups of IAM-authenticated users (write-only authTokenWo / passwordsWo only with allowWriteOnlyPassword).",
    peers: [],
    config: {
        allowWriteOnlyPassword: z
            .boolean()
            .default(false)
            .describe("Accept a write-only password (passwordWo / masterPasswordWo, never stored in the state) instead of manageMasterUserPassword."),
    },
    resourceTypes: [...storageOwnerTypes, ...credentialStoreTypes],
    check(db, config, report) {
        if ((credentialStoreTypes as readonly string[]).includes(db.type)) return checkStoreCredentials(db, config.allowWriteOnlyPassword, report);
        const role = databaseRole(db);
        if (role === "read-replica" || role === "aurora-member" || inheritsMasterUser(db)) return;
        const isCluster = db.type === types.cluster;
        const passwordProperty = isCluster ? "masterPassword" : "password";
        const writeOnlyProperty = isCluster ? "masterPasswordWo" : "passwordWo";
        const managed = `\`manageMasterUserPassword: true\``;

        // A password is a finding whatever its value, even one unknown at preview (a generated one).
        const password = db.get<aws.rds.InstanceArgs & aws.rds.ClusterArgs>(passwordProperty);
        if (password !== undefined) {
            report.violation({
                property: passwordProperty,
                seen: hiddenValue,
                wanted: `unset, with ${managed} (the password is in the program and the state)`,
                fix: `remove \`${passwordProperty}\` and set ${managed} in ${argsOf(db)}; applications read the secret from \`masterUserSecrets[0].secretArn\`.`,
            });
        }
        const writeOnly = db.get<aws.rds.InstanceArgs & aws.rds.ClusterArgs>(writeOnlyProperty);
        if (writeOnly !== undefined && !config.allowWriteOnlyPassword) {
            report.violation({
                property: writeOnlyProperty,
                seen: hiddenValue,
                wanted: `unset, with ${managed} (write-only passwords are not allowed: allowWriteOnlyPassword is false)`,
                fix: `remove \`${writeOnlyProperty}\` and \`${writeOnlyProperty}Version\` and set ${managed} in ${argsOf(db)}.`,
            });
        }
        if (password !== undefined || writeOnly !== undefined) return;

        const value = asBoolean(db.get<aws.rds.InstanceArgs | aws.rds.ClusterArgs>("manageMasterUserPassword"));
        if (value === UNKNOWN) return report.unknown("manageMasterUserPassword");
        if (value === true) return;
        report.violation({
            property: "manageMasterUserPassword",
            seen: value,
            wanted: "true (unset means false: the master password is whatever the program passes)",
            fix: `set ${managed} in ${argsOf(db)}.`,
        });
    },
});
