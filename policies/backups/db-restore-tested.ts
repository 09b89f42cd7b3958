import type * as aws from "@pulumi/aws";
import { z } from "zod";
import { restoreTestingResourceTypes } from "../aws/backup";
import { types } from "../aws/resource-types";
import { argsOf } from "../lib/databases";
import { defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asString, asStringMap, isInvalid, normalise, readPath, unwrap } from "../lib/values";
import { describeDrillDate, judgeDrillDate, readTag, tagProperty } from "../runbook/tags";
import { arnOf, conditionList, listNames, ownsBackups } from "./backup-selection";
import { ReferenceIndex } from "./reference-index";
import { Verdict, allOf, anyOf, isPending, pending } from "./verdict";

const expectedType = (db: ResourceUnderCheck) =>
    db.type === types.dynamodbTable
        ? restoreTestingResourceTypes.dynamodbTable
        : db.type === types.cluster
          ? restoreTestingResourceTypes.cluster
          : restoreTestingResourceTypes.instance;

/**
 * Whether a restore testing selection covers the database: its plan is in the stack, its
 * protectedResourceType fits the database, and it names the database by ARN, or takes "*" (or no
 * ARNs) filtered by protectedResourceConditions that the database's tags satisfy.
 */
function selectionCovers(stack: StackUnderCheck, selection: ResourceUnderCheck, db: ResourceUnderCheck, notes: string[]): Verdict {
    const plans = stack.referencedBy(selection, "restoreTestingPlanName", types.restoreTestingPlan);
    const plan: Verdict = plans === UNKNOWN ? pending(`restoreTestingPlanName of ${selection.label}`) : plans.length > 0;
    const type = asString(selection.get<aws.backup.RestoreTestingSelectionArgs>("protectedResourceType"));
    const typeFits: Verdict = type === UNKNOWN ? pending(`protectedResourceType of ${selection.label}`) : type === expectedType(db);

    // AWS takes either specific ARNs, or "*" narrowed by conditions (RestoreTestingSelectionForCreate).
    const arns = normalise(unwrap(selection.get<aws.backup.RestoreTestingSelectionArgs>("protectedResourceArns")));
    const wildcard = Array.isArray(arns) && arns.some((e) => normalise(e) === "*");
    const conditions = selection.get<aws.backup.RestoreTestingSelectionArgs>("protectedResourceConditions");
    let byConditions: Verdict;
    if (conditions === UNKNOWN) byConditions = pending(`protectedResourceConditions of ${selection.label}`);
    else {
        const tags = asStringMap(db.get("tags"));
        const equal = conditionList(selection, tags, readPath(conditions, "stringEquals"), false, false);
        const notEqual = conditionList(selection, tags, readPath(conditions, "stringNotEquals"), false, true);
        byConditions = allOf([equal.verdict, notEqual.verdict]);
    }
    let covered: Verdict;
    if (wildcard) covered = byConditions;
    else {
        const byArn = listNames(stack, selection, "protectedResourceArns", db, (entry, arn) => entry === arn);
        covered = byArn.present ? byArn.verdict : conditions !== undefined && byConditions;
    }

    if (covered === true && plan === false) notes.push(`${selection.label} names a restore testing plan that is not in this stack`);
    if (covered === true && typeFits === false) {
        notes.push(`${selection.label} has protectedResourceType ${JSON.stringify(isInvalid(type) ? type.invalid : type ?? null)}, not "${expectedType(db)}"`);
    }
    return allOf([plan, typeFits, covered]);
}

export const dbRestoreTested = defineStackPolicy({
    name: "db-restore-tested",
    checklistItem: "backups",
    description:
        "Restores of each database are tested: an AWS Backup restore testing plan and selection cover it, or a tag records a restore drill within maxAgeDays.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Add an aws.backup.RestoreTestingPlan and an aws.backup.RestoreTestingSelection with `restoreTestingPlanName: plan.name`, " +
        "`protectedResourceType: \"RDS\"` (\"Aurora\" for a cluster) and `protectedResourceArns: [db.arn]` (or [\"*\"] with `protectedResourceConditions` on a tag). " +
        "Or, after a manual restore drill, record its date in the attestation tag (default \"restore-tested-at\": \"YYYY-MM-DD\"). " +
        "Read replicas and Aurora cluster members are covered by their source or cluster. DynamoDB tables: `protectedResourceType: \"DynamoDB\"`, or the same tag.",
    peers: [],
    config: {
        tagKey: z.string().min(1).default("restore-tested-at").describe("Tag that records the date (ISO) of the last restore drill, as an alternative to AWS Backup restore testing."),
        maxAgeDays: z.number().int().min(1).default(90).describe("How old (days) the restore drill recorded in the tag may be."),
    },
    judges: [types.instance, types.cluster, types.dynamodbTable],
    check(stack, config, report) {
        const selections = new ReferenceIndex(stack, stack.ofType(types.restoreTestingSelection), "protectedResourceArns", {
            isPattern: (entry) => entry === "*",
            broad: (selection) => selection.get("protectedResourceConditions") !== undefined,
        });
        // AWS Backup restore testing covers DynamoDB tables too (protectedResourceType "DynamoDB").
        for (const db of stack.ofType(types.instance, types.cluster, types.dynamodbTable)) {
            if (db.type !== types.dynamodbTable && !ownsBackups(db)) continue;
            const notes: string[] = [];
            const bySelection = anyOf(selections.candidates(db, [arnOf(db)]).map((s) => selectionCovers(stack, s, db, notes)));
            if (bySelection === true) continue;

            const tag = readTag(db, config.tagKey);
            let byTag: Verdict = false;
            if (tag.kind === "unknown") byTag = pending(tag.property);
            else if (tag.kind === "invalid") notes.push(`tags is ${JSON.stringify(tag.value)}, not a map`);
            else if (tag.kind === "value") {
                const date = judgeDrillDate(tag.value, config.maxAgeDays);
                byTag = date.kind === "fresh";
                if (!byTag) notes.push(`${tagProperty(config.tagKey)} is ${JSON.stringify(tag.value)}: ${describeDrillDate(date, config.maxAgeDays)}`);
            }
            const verdict = anyOf([bySelection, byTag]);
            if (verdict === true) continue;
            if (isPending(verdict)) {
                report.unknown(db, verdict.pending);
                continue;
            }
            report.violation(db, {
                property: "restore testing",
                seen: undefined,
                wanted:
                    `an aws.backup.RestoreTestingSelection (protectedResourceType "${expectedType(db)}") of a restore testing plan in this stack covering it, ` +
                    `or a restore drill recorded in ${tagProperty(config.tagKey)} within ${config.maxAgeDays} days` +
                    (notes.length > 0 ? ` (${notes.join("; ")})` : ""),
                fix:
                    `add \`new aws.backup.RestoreTestingSelection("${db.name}-restore-test", { restoreTestingPlanName: plan.name, protectedResourceType: "${expectedType(db)}", protectedResourceArns: [db.arn], iamRoleArn: role.arn })\` ` +
                    `where \`db\` is the ${db.label} and \`plan\` an aws.backup.RestoreTestingPlan, or after a restore drill set ` +
                    `\`${JSON.stringify(config.tagKey)}: "YYYY-MM-DD"\` in \`tags\` of ${argsOf(db)}.`,
            });
        }
    },
});
