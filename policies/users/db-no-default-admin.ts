import { z } from "zod";
import { defaultAdminUsernames } from "../../aws-facts/rds";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asString } from "../lib/values";
import { inheritsMasterUser, masterUsernameProperty } from "./master-user";
import { masterUserSlot, masterUserTypes } from "../engines/users";

/** A master username suggestion built from the resource name: "orders-db" -> "orders_db_admin". */
function suggestedUsername(db: ResourceUnderCheck): string {
    const base = db.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "");
    return /^[a-z]/.test(base) ? `${base}_admin` : `db_${base}_admin`;
}

export const dbNoDefaultAdmin = defineResourcePolicy({
    name: "db-no-default-admin",
    checklistItem: "users",
    description: "Databases use a master username that is not a well-known default (admin, root, postgres, sa, ...).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Set `username` (aws.rds.Instance) or `masterUsername` (aws.rds.Cluster) to a name that is not in the deny list, e.g. `"orders_admin"`. ' +
        "The master username cannot be changed in place: changing it replaces the database, so choose it before go-live. " +
        "Read replicas, snapshot or point-in-time restores, Aurora replica clusters and Aurora cluster instances inherit the master user and are not judged." +
        " aws.docdb.Cluster and aws.redshift.Cluster: `masterUsername` (Redshift's console default awsuser is refused); aws.redshiftserverless.Namespace: `adminUsername`, which may be left unset (IAM-only access).",
    peers: [
        "AWS Config rds-instance-default-admin-check",
        "AWS Config rds-cluster-default-admin-check",
        "Security Hub RDS.24",
        "Security Hub RDS.25",
        "CKV_AWS_391",
        "cdk-nag AwsSolutions-RS3",
        "Security Hub Redshift.8",
    ],
    config: {
        deniedUsernames: z
            .array(z.string())
            .default([...defaultAdminUsernames])
            .describe("Master usernames that are refused (compared case-insensitively, ignoring surrounding blanks)."),
    },
    resourceTypes: [...storageOwnerTypes, ...masterUserTypes],
    check(db, config, report) {
        // Read replicas and Aurora members (aws.rds.Instance with an Aurora engine) get their source's / cluster's master user.
        const role = databaseRole(db);
        if (role === "read-replica" || role === "aurora-member") return;
        const property = masterUsernameProperty(db);
        const raw = db.get(property);
        const username = asString(raw);
        if (username === UNKNOWN) return report.unknown(property);
        const fix = `set \`${property}: "${suggestedUsername(db)}"\` in ${argsOf(db)} (this replaces the database: choose it before go-live).`;
        if (username === undefined) {
            // A Redshift Serverless namespace without an admin user is reached through IAM only.
            if (inheritsMasterUser(db) || masterUserSlot(db)?.optional) return;
            // RDS refuses to create such a database; say what to choose before someone fills in "admin".
            return report.violation({
                property,
                seen: undefined,
                wanted: "a master username that is not a well-known default (RDS requires one for a new database that is not a replica or a restore)",
                fix,
            });
        }
        const denied = new Set(config.deniedUsernames.map((u) => u.trim().toLowerCase()));
        if (typeof username === "string" && !denied.has(username.trim().toLowerCase())) return;
        report.violation({
            property,
            seen: raw,
            wanted: typeof username === "string" ? "a master username that is not a well-known default such as admin, root or postgres" : "a string",
            fix,
        });
    },
});
