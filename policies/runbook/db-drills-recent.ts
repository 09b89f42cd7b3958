import { z } from "zod";
import { validatedRestoreTesting } from "../backups/db-restore-tested";
import { isPending } from "../backups/verdict";
import { types } from "../../aws-facts/resource-types";
import { operationalTagKeys } from "../../contract";
import { argsOf, databaseRole } from "../lib/databases";
import { componentOf, setTagFix } from "../lib/component";
import { defineStackPolicy } from "../lib/define";
import { isKeyValueStore, keyValueStoreTypes } from "../lib/key-value-stores";
import { carriesOperationalTags, describeDrillDate, judgeDrillDate, readTag, tagProperty } from "../lib/tags";
import { docdbNeptuneRedshiftStorageOwnerTypes } from "../engines/types";

export const dbDrillsRecent = defineStackPolicy({
    name: "db-drills-recent",
    checklistItem: "runbook",
    description:
        `Restore and failover drills are recent: the drill tags (${operationalTagKeys.restoreTestedAt}, ${operationalTagKeys.failoverTestedAt}) hold ISO dates within maxAgeDays, not in the future. ` +
        "A validated AWS Backup restore test (a restore testing selection whose restore tests a validation checks) counts as the restore drill.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Run the drill, then record its date in the database's `tags`, " +
        `e.g. \`tags: { ${JSON.stringify(operationalTagKeys.restoreTestedAt)}: "2025-01-31", ${JSON.stringify(operationalTagKeys.failoverTestedAt)}: "2025-01-31" }\` ` +
        "on the aws.rds.Instance or aws.rds.Cluster (ISO date YYYY-MM-DD, a UTC day, or a full ISO timestamp). " +
        "The restore drill needs no tag when AWS Backup restore tests of the database are validated (what db-restore-tested asks for; the components do it by default). " +
        "Read replicas and Aurora cluster members are drilled through their source or cluster." +
        " Also judged: aws.docdb.Cluster, aws.neptune.Cluster, aws.redshift.Cluster and aws.redshiftserverless.Namespace, and DynamoDB, ElastiCache and MemoryDB stores.",
    peers: [],
    config: {
        drillTags: z
            .array(z.string().min(1))
            .default([operationalTagKeys.restoreTestedAt, operationalTagKeys.failoverTestedAt])
            .describe("Tags that record the date of each drill; drop one to stop requiring that drill."),
        maxAgeDays: z.number().int().min(1).default(90).describe("How old (days) a recorded drill may be."),
        restoreDrillTag: z.string().min(1).default(operationalTagKeys.restoreTestedAt).describe("The drill tag that a validated restore test stands in for."),
        countValidatedRestoreTests: z.boolean().default(true).describe("Count a validated AWS Backup restore test (weekly, checked on the restored copy) as the restore drill."),
    },
    judges: [types.instance, types.cluster, ...keyValueStoreTypes, ...docdbNeptuneRedshiftStorageOwnerTypes],
    check(stack, config, report) {
        let validated: ReturnType<typeof validatedRestoreTesting> | undefined;
        for (const db of stack.ofType(types.instance, types.cluster, ...keyValueStoreTypes, ...docdbNeptuneRedshiftStorageOwnerTypes)) {
            const role = databaseRole(db);
            if (isKeyValueStore(db) ? !carriesOperationalTags(db, false) : role !== "instance" && role !== "cluster") continue;
            const window = `an ISO date (YYYY-MM-DD) of the last drill, within the last ${config.maxAgeDays} days`;
            for (const key of config.drillTags) {
                const property = tagProperty(key);
                const fix = componentOf(db)
                    ? `run the drill, then ${setTagFix(db, key, "YYYY-MM-DD", argsOf(db))}`
                    : `run the drill, then set \`${JSON.stringify(key)}: "YYYY-MM-DD"\` (its date) in \`tags\` of ${argsOf(db)}.`;
                const tag = readTag(db, key);
                if (tag.kind === "value" && judgeDrillDate(tag.value, config.maxAgeDays).kind === "fresh") continue;
                if (key === config.restoreDrillTag && config.countValidatedRestoreTests) {
                    // Indexed once, and only when some restore drill tag is not fresh.
                    validated ??= validatedRestoreTesting(stack);
                    const verdict = validated(db);
                    if (verdict === true) continue;
                    if (isPending(verdict) && tag.kind !== "invalid") {
                        report.unknown(db, verdict.pending);
                        continue;
                    }
                }
                const orValidated = key === config.restoreDrillTag && config.countValidatedRestoreTests ? " (or validated AWS Backup restore tests, which db-restore-tested describes)" : "";
                if (tag.kind === "unknown") {
                    report.unknown(db, tag.property);
                    if (tag.property === "tags") break; // the whole map: one note is enough
                    continue;
                }
                if (tag.kind === "invalid") {
                    report.violation(db, { property: "tags", seen: tag.value, wanted: `a map of tags with ${config.drillTags.map(tagProperty).join(" and ")}`, fix });
                    break;
                }
                if (tag.kind === "missing") {
                    report.violation(db, { property, seen: undefined, wanted: `${window}${orValidated}`, fix });
                    continue;
                }
                const date = judgeDrillDate(tag.value, config.maxAgeDays);
                report.violation(db, { property, seen: tag.value, wanted: `${window} (this is ${describeDrillDate(date, config.maxAgeDays)})${orValidated}`, fix });
            }
        }
    },
});
