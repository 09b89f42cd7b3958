import { z } from "zod";
import { operationalTagKeys } from "../../contract";
import { argsOf, databaseTypes } from "../lib/databases";
import { setTagFix } from "../lib/component";
import { defineResourcePolicy } from "../lib/define";
import { keyValueStoreTypes } from "../lib/key-value-stores";
import { carriesOperationalTags, readTag, tagProperty } from "../lib/tags";
import { docdbNeptuneRedshiftDatabaseTypes } from "../engines/types";

export const dbOwnership = defineResourcePolicy({
    name: "db-ownership",
    checklistItem: "runbook",
    description: `Each database names who owns it and who is on call: ${operationalTagKeys.owner} and ${operationalTagKeys.onCall} tags present and non-empty.`,
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps:
        `Add the ${operationalTagKeys.owner} and ${operationalTagKeys.onCall} tags to the database's \`tags\`, ` +
        `e.g. \`tags: { ${operationalTagKeys.owner}: "team-orders", ${JSON.stringify(operationalTagKeys.onCall)}: "orders-oncall" }\` on the aws.rds.Instance or aws.rds.Cluster. ` +
        "Aurora cluster members are judged through their cluster unless checkClusterInstances is set." +
        " Also judged: aws.docdb.Cluster, aws.neptune.Cluster, aws.redshift.Cluster and aws.redshiftserverless.Namespace (their instances and workgroups only when cluster members are included).",
    peers: [],
    config: {
        ownerTag: z.string().min(1).default(operationalTagKeys.owner).describe("Tag naming the owning team."),
        onCallTag: z.string().min(1).default(operationalTagKeys.onCall).describe("Tag naming the on-call rotation or pager."),
        checkClusterInstances: z.boolean().default(false).describe("Also require the tags on Aurora cluster instances (by default the cluster's tags are enough)."),
    },
    resourceTypes: [...databaseTypes, ...keyValueStoreTypes, ...docdbNeptuneRedshiftDatabaseTypes],
    check(db, config, report) {
        if (!carriesOperationalTags(db, config.checkClusterInstances)) return;
        const wanted = [
            { key: config.ownerTag, what: "the owning team", example: "team-name" },
            { key: config.onCallTag, what: "the on-call rotation", example: "rotation-name" },
        ];
        for (const { key, what, example } of wanted) {
            const property = tagProperty(key);
            const fix = setTagFix(db, key, example, argsOf(db));
            const tag = readTag(db, key);
            switch (tag.kind) {
                case "unknown":
                    report.unknown(tag.property);
                    if (tag.property === "tags") return; // the whole map: one note is enough
                    break;
                case "invalid":
                    return report.violation({ property: "tags", seen: tag.value, wanted: `a map of tags with ${wanted.map((w) => tagProperty(w.key)).join(" and ")}`, fix });
                case "missing":
                    report.violation({ property, seen: undefined, wanted: `a non-empty value naming ${what}`, fix });
                    break;
                case "value":
                    if (tag.value.trim() === "") report.violation({ property, seen: tag.value, wanted: `a non-empty value naming ${what}`, fix });
            }
        }
    },
});
