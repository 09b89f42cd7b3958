import { z } from "zod";
import { operationalTagKeys } from "../../contract";
import { argsOf, databaseTypes } from "../lib/databases";
import { setTagFix } from "../lib/component";
import { defineResourcePolicy } from "../lib/define";
import { keyValueStoreTypes } from "../lib/key-value-stores";
import { carriesOperationalTags, readTag, tagProperty } from "../lib/tags";
import { docdbNeptuneRedshiftDatabaseTypes } from "../engines/types";

/** Why a tag value is not an https URL, or undefined when it is one. */
function notHttpsUrl(value: string): string | undefined {
    let url: URL;
    try {
        url = new URL(value.trim());
    } catch {
        return "not a URL";
    }
    if (url.protocol !== "https:") return `a URL with protocol ${JSON.stringify(url.protocol)}, not "https:"`;
    if (url.hostname === "") return "a URL without a host";
    return undefined;
}

export const dbRunbook = defineResourcePolicy({
    name: "db-runbook",
    checklistItem: "runbook",
    description: `Each database links its runbook: a tag (default ${JSON.stringify(operationalTagKeys.runbook)}) holding an https URL.`,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps:
        `Add the runbook tag to the database's \`tags\`, e.g. \`tags: { ${operationalTagKeys.runbook}: "https://runbooks.example.com/databases/orders" }\` on the aws.rds.Instance or aws.rds.Cluster. ` +
        "The URL must be https. Aurora cluster members are judged through their cluster unless checkClusterInstances is set." +
        " Also judged: aws.docdb.Cluster, aws.neptune.Cluster, aws.redshift.Cluster and aws.redshiftserverless.Namespace (their instances and workgroups only when cluster members are included).",
    peers: [],
    config: {
        tagKey: z.string().min(1).default(operationalTagKeys.runbook).describe("Tag holding the runbook URL."),
        checkClusterInstances: z.boolean().default(false).describe("Also require the tag on Aurora cluster instances (by default the cluster's tag is enough)."),
    },
    resourceTypes: [...databaseTypes, ...keyValueStoreTypes, ...docdbNeptuneRedshiftDatabaseTypes],
    check(db, config, report) {
        if (!carriesOperationalTags(db, config.checkClusterInstances)) return;
        const property = tagProperty(config.tagKey);
        const fix = setTagFix(db, config.tagKey, `https://runbooks.example.com/databases/${db.name}`, argsOf(db));
        const tag = readTag(db, config.tagKey);
        switch (tag.kind) {
            case "unknown":
                return report.unknown(tag.property);
            case "invalid":
                return report.violation({ property: "tags", seen: tag.value, wanted: `a map of tags with ${property} set to an https URL`, fix });
            case "missing":
                return report.violation({ property, seen: undefined, wanted: "an https URL of the database's runbook", fix });
            case "value": {
                const problem = notHttpsUrl(tag.value);
                if (problem === undefined) return;
                return report.violation({ property, seen: tag.value, wanted: `an https URL of the database's runbook (this is ${problem})`, fix });
            }
        }
    },
});
