import { z } from "zod";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { componentOf, setTagFix } from "../lib/component";
import { defineResourcePolicy } from "../lib/define";
import { describeDrillDate, judgeDrillDate, readTag, tagProperty } from "./tags";

export const dbDrillsRecent = defineResourcePolicy({
    name: "db-drills-recent",
    checklistItem: "runbook",
    description:
        "Restore and failover drills are recent: the drill tags (restore-tested-at, failover-tested-at) hold ISO dates within maxAgeDays, not in the future.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Run the drill, then record its date in the database's `tags`, e.g. `tags: { \"restore-tested-at\": \"2025-01-31\", \"failover-tested-at\": \"2025-01-31\" }` " +
        "on the aws.rds.Instance or aws.rds.Cluster (ISO date YYYY-MM-DD, a UTC day, or a full ISO timestamp). " +
        "Read replicas and Aurora cluster members are drilled through their source or cluster.",
    peers: [],
    config: {
        drillTags: z
            .array(z.string().min(1))
            .default(["restore-tested-at", "failover-tested-at"])
            .describe("Tags that record the date of each drill; drop one to stop requiring that drill."),
        maxAgeDays: z.number().int().min(1).default(90).describe("How old (days) a recorded drill may be."),
    },
    resourceTypes: storageOwnerTypes,
    check(db, config, report) {
        const role = databaseRole(db);
        if (role !== "instance" && role !== "cluster") return;
        const window = `an ISO date (YYYY-MM-DD) of the last drill, within the last ${config.maxAgeDays} days`;
        for (const key of config.drillTags) {
            const property = tagProperty(key);
            const fix = componentOf(db)
                ? `run the drill, then ${setTagFix(db, key, "YYYY-MM-DD", argsOf(db))}`
                : `run the drill, then set \`${JSON.stringify(key)}: "YYYY-MM-DD"\` (its date) in \`tags\` of ${argsOf(db)}.`;
            const tag = readTag(db, key);
            switch (tag.kind) {
                case "unknown":
                    report.unknown(tag.property);
                    if (tag.property === "tags") return; // the whole map: one note is enough
                    break;
                case "invalid":
                    return report.violation({ property: "tags", seen: tag.value, wanted: `a map of tags with ${config.drillTags.map(tagProperty).join(" and ")}`, fix });
                case "missing":
                    report.violation({ property, seen: undefined, wanted: window, fix });
                    break;
                case "value": {
                    const date = judgeDrillDate(tag.value, config.maxAgeDays);
                    if (date.kind !== "fresh") {
                        report.violation({ property, seen: tag.value, wanted: `${window} (this is ${describeDrillDate(date, config.maxAgeDays)})`, fix });
                    }
                }
            }
        }
    },
});
