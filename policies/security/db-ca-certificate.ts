import { z } from "zod";
import { defaultCaCertificate, currentCaCertificates, expiredCaCertificates, recommendedCaCertificate } from "../../aws-facts/certificates";
import { types } from "../../aws-facts/resource-types";
import { argsOf, databaseTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asString } from "../lib/values";
import { docdbTypes } from "../../aws-facts/docdb";

export const dbCaCertificate = defineResourcePolicy({
    name: "db-ca-certificate",
    checklistItem: "security",
    description: "Databases that name a server CA certificate name a current one (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1), not an expired one such as rds-ca-2019.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        `Set \`caCertIdentifier: "${recommendedCaCertificate}"\` on the aws.rds.Instance or aws.rds.ClusterInstance ` +
        `(\`caCertificateIdentifier\` on a Multi-AZ aws.rds.Cluster), after adding the new CA bundle to the clients' trust stores. ` +
        `Unset means ${defaultCaCertificate}, the default for new databases. rds-ca-2019 expired in August 2024.` +
        " aws.docdb.ClusterInstance takes the same `caCertIdentifier`.",
    peers: ["CKV_AWS_211"],
    config: {
        allowedCaCertificates: z
            .array(z.string())
            .default([...currentCaCertificates])
            .describe(`CA certificate identifiers accepted; an unset one means ${defaultCaCertificate} and is judged against this list too.`),
    },
    resourceTypes: [...databaseTypes, docdbTypes.clusterInstance],
    check(db, config, report) {
        const property = db.type === types.cluster ? "caCertificateIdentifier" : "caCertIdentifier";
        const raw = db.get(property);
        const ca = asString(raw);
        if (ca === UNKNOWN) return report.unknown(property);
        // Unset means the default CA for new databases, judged like any other.
        const effective = ca === undefined ? defaultCaCertificate : typeof ca === "string" ? ca.trim() : undefined;
        if (effective !== undefined && config.allowedCaCertificates.includes(effective)) return;
        const suggested = config.allowedCaCertificates.includes(recommendedCaCertificate) ? recommendedCaCertificate : (config.allowedCaCertificates[0] ?? recommendedCaCertificate);
        const expired = effective !== undefined && (expiredCaCertificates as readonly string[]).includes(effective);
        report.violation({
            property,
            seen: raw,
            wanted: `one of ${config.allowedCaCertificates.join(", ")}` + (ca === undefined ? ` (unset means ${defaultCaCertificate})` : expired ? ` (${effective} has expired)` : ""),
            fix: `set \`${property}: "${suggested}"\` in ${argsOf(db)} once clients trust the new CA bundle.`,
        });
    },
});
