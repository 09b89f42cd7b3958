import { z } from "zod";
import { isBurstableClass } from "../../aws-facts/capacity";
import { types } from "../../aws-facts/resource-types";
import { argsOf, databaseTypes, engineOf } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asString, isInvalid } from "../lib/values";
import { isKeyValueStore } from "../lib/key-value-stores";
import { checkStoreNodeType, upgradedStoreTypes } from "./key-value-stores";
import { docdbNeptuneInstanceTypes, serviceOf } from "../engines/types";

export const dbInstanceClass = defineResourcePolicy({
    name: "db-instance-class",
    checklistItem: "config",
    description: "Production databases run on fixed-performance instance classes, not burstable db.t* classes that are throttled when CPU credits run out.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        'Choose a fixed-performance class: `instanceClass: "db.m7g.large"` (general purpose) or `"db.r7g.large"` (memory optimised; Aurora offers r, x and serverless classes) ' +
        "on the aws.rds.Instance or aws.rds.ClusterInstance, `dbClusterInstanceClass` on a Multi-AZ DB cluster. Burstable classes are fine for dev stacks: scope the policy with productionStacks, " +
        "or list an accepted class in allowedBurstableClasses. ElastiCache and MemoryDB: a fixed-performance `nodeType` (cache.m7g/r7g, db.r7g), not cache.t* / db.t*." +
        " DocumentDB and Neptune cluster instances take the same `instanceClass`.",
    peers: [],
    config: {
        allowedBurstableClasses: z.array(z.string().min(1)).default([]).describe('Burstable classes accepted anyway (exact class names, e.g. "db.t4g.large").'),
    },
    resourceTypes: [...databaseTypes, ...upgradedStoreTypes, ...docdbNeptuneInstanceTypes],
    check(db, config, report) {
        if (isKeyValueStore(db)) return checkStoreNodeType(db, config.allowedBurstableClasses, report);
        const property = db.type === types.cluster ? "dbClusterInstanceClass" : "instanceClass";
        const raw = db.get(property);
        const instanceClass = asString(raw);
        if (instanceClass === UNKNOWN) return report.unknown(property);
        if (isInvalid(instanceClass)) {
            return report.violation({ property, seen: raw, wanted: 'an instance class name such as "db.m7g.large"', fix: `set \`${property}\` to a class name in ${argsOf(db)}.` });
        }
        if (instanceClass === undefined) return;
        const c = instanceClass.trim().toLowerCase();
        if (!isBurstableClass(c) || config.allowedBurstableClasses.some((a) => a.trim().toLowerCase() === c)) return;
        const engine = engineOf(db);
        const aurora = db.type === types.clusterInstance || (typeof engine === "string" && engine.startsWith("aurora"));
        // DocumentDB and Neptune offer memory-optimised r classes (r6g everywhere they run), no m classes.
        const suggestion = serviceOf(db) !== undefined ? "db.r6g.large" : aurora ? "db.r7g.large" : "db.m7g.large";
        report.violation({
            property,
            seen: raw,
            wanted: "a fixed-performance class (burstable db.t* classes are throttled to a baseline when CPU credits run out, or bill for extra credits)",
            fix: `set \`${property}: "${suggestion}"\` (or another fixed-performance class sized for the load) in ${argsOf(db)}.`,
        });
    },
});
