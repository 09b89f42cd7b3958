import type * as aws from "@pulumi/aws";
import { z } from "zod";
import { types } from "../../aws-facts/resource-types";
import { argsOf, databaseRole } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asNumber, isInvalid } from "../lib/values";

export const dbStorageAutoscaling = defineResourcePolicy({
    name: "db-storage-autoscaling",
    checklistItem: "config",
    description: "RDS instances have storage autoscaling on (maxAllocatedStorage above allocatedStorage), so a full disk does not stop the database.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set `maxAllocatedStorage` on the aws.rds.Instance (read replicas too) above `allocatedStorage`, e.g. 5x. Unset or 0 turns storage autoscaling off. " +
        "Aurora is not judged: its cluster volume grows by itself.",
    peers: [],
    config: {
        minGrowthFactor: z.number().min(1).default(1).describe("maxAllocatedStorage must be more than allocatedStorage times this factor (1: any headroom)."),
    },
    resourceTypes: [types.instance],
    check(db, config, report) {
        if (databaseRole(db) === "aurora-member") return;
        const rawMax = db.get<aws.rds.InstanceArgs>("maxAllocatedStorage");
        const max = asNumber(rawMax);
        const allocated = asNumber(db.get<aws.rds.InstanceArgs>("allocatedStorage"));
        if (max === UNKNOWN) return report.unknown("maxAllocatedStorage");
        const knownAllocated = typeof allocated === "number" && allocated > 0 ? allocated : undefined;
        const floor = knownAllocated === undefined ? 0 : Math.floor(knownAllocated * config.minGrowthFactor);
        if (typeof max === "number" && max > 0) {
            if (allocated === UNKNOWN) return report.unknown("allocatedStorage");
            // Unset allocatedStorage (a read replica, a restore) takes the source's size, which the policy cannot see: any cap is accepted.
            if (max > floor) return;
        }
        const suggestion = knownAllocated === undefined ? "`maxAllocatedStorage` to about 5 times allocatedStorage" : `\`maxAllocatedStorage: ${Math.max(floor + 1, knownAllocated * 5)}\``;
        report.violation({
            property: "maxAllocatedStorage",
            seen: isInvalid(max) ? rawMax : max,
            wanted:
                `more than ${knownAllocated === undefined ? "allocatedStorage" : `${floor} GiB (allocatedStorage ${knownAllocated}${config.minGrowthFactor === 1 ? "" : ` x ${config.minGrowthFactor}`})`}` +
                (max === undefined || max === 0 ? " (unset or 0 turns storage autoscaling off)" : ""),
            fix: `set ${suggestion} in ${argsOf(db)}.`,
        });
    },
});
