import type * as aws from "@pulumi/aws";
import { z } from "zod";
import { restoreTestingResourceTypes } from "../../aws-facts/backup";
import { types } from "../../aws-facts/resource-types";
import { operationalTagKeys } from "../../contract";
import { argsOf } from "../lib/databases";
import { defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asString, asStringMap, isInvalid, normalise, readPath, unwrap } from "../lib/values";
import { describeDrillDate, judgeDrillDate, readTag, tagProperty } from "../lib/tags";
import { arnOf, conditionList, listNames, ownsBackups } from "./backup-selection";
import { ReferenceIndex } from "../lib/reference-index";
import { RestoreValidators } from "./restore-validation";
import { Verdict, allOf, anyOf, isPending, pending } from "./verdict";

const expectedType = (db: ResourceUnderCheck) =>
    db.type === types.dynamodbTable ? restoreTestingResourceTypes.dynamodbTable : db.type === types.cluster ? restoreTestingResourceTypes.cluster : restoreTestingResourceTypes.instance;

/**
 * Whether a restore testing selection covers the database: its plan is in the stack, its
 * protectedResourceType fits the database, and it names the database by ARN, or takes "*" (or no
 * ARNs) filtered by protectedResourceConditions that the database's tags satisfy.
 */
function selectionCovers(stack: StackUnderCheck, selection: ResourceUnderCheck, db: ResourceUnderCheck, notes: string[], validation: Validation): Verdict {
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
        notes.push(`${selection.label} has protectedResourceType ${JSON.stringify(isInvalid(type) ? type.invalid : (type ?? null))}, not "${expectedType(db)}"`);
    }
    const covers = allOf([plan, typeFits, covered]);
    if (!validation.required || covers === false) return covers;
    // With the plan unknown, so is what depends on it: the validation is judged once the plan is known.
    const validated = plans === UNKNOWN ? anyOf([validation.validators.validates(selection, [], db, []), plan]) : validation.validators.validates(selection, plans, db, notes);
    if (covers === true && validated === false) validation.unvalidated.push(selection);
    return allOf([covers, validated]);
}

/** Whether a covering selection must also be validated, and the selections found covering but unvalidated. */
interface Validation {
    required: boolean;
    validators: RestoreValidators;
    unvalidated: ResourceUnderCheck[];
}

/** How to add a validation, in Pulumi TypeScript. */
const validationFix =
    "add a validation: an aws.lambda.Function in the database's subnets that depends on the plan (e.g. `environment: { variables: { RESTORE_TESTING_PLAN_ARN: plan.arn } }`), " +
    "logs in to the restored copy, runs a query and reports `backup:PutRestoreValidationResult` (SUCCESSFUL or FAILED), invoked by an aws.cloudwatch.EventRule with " +
    '`eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["COMPLETED"] } })` and an aws.cloudwatch.EventTarget with `arn: fn.arn`. ' +
    "The ProductionDatabase and ProductionAuroraCluster components do this by default (`backup.restoreTesting.validation`)";

function selectionIndex(stack: StackUnderCheck): ReferenceIndex {
    return new ReferenceIndex(stack, stack.ofType(types.restoreTestingSelection), "protectedResourceArns", {
        isPattern: (entry) => entry === "*",
        broad: (selection) => selection.get("protectedResourceConditions") !== undefined,
    });
}

/**
 * Per database: whether a restore testing selection of a plan in this stack covers it and a
 * validation checks each of its restore tests (what db-drills-recent counts as the restore drill).
 * Indexes the stack once; call the result for each database.
 */
export function validatedRestoreTesting(stack: StackUnderCheck): (db: ResourceUnderCheck) => Verdict {
    const validators = new RestoreValidators(stack);
    const selections = selectionIndex(stack);
    return (db) => anyOf(selections.candidates(db, [arnOf(db)]).map((s) => selectionCovers(stack, s, db, [], { required: true, validators, unvalidated: [] })));
}

export const dbRestoreTested = defineStackPolicy({
    name: "db-restore-tested",
    checklistItem: "backups",
    description:
        "Restores of each database are tested: an AWS Backup restore testing plan and selection cover it and a validation checks each restored copy (a function invoked for completed restore jobs of the plan), or a tag records a restore drill within maxAgeDays.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Add an aws.backup.RestoreTestingPlan and an aws.backup.RestoreTestingSelection with `restoreTestingPlanName: plan.name`, " +
        '`protectedResourceType: "RDS"` ("Aurora" for a cluster) and `protectedResourceArns: [db.arn]` (or ["*"] with `protectedResourceConditions` on a tag), ' +
        "and a validation: an aws.lambda.Function that depends on the plan (`environment: { variables: { RESTORE_TESTING_PLAN_ARN: plan.arn } }`), runs a query on the restored copy " +
        'and calls backup:PutRestoreValidationResult, invoked by an aws.cloudwatch.EventRule on `"Restore Job State Change"` events with `status: ["COMPLETED"]` (the components do this by default). ' +
        `Or, after a manual restore drill, record its date in the attestation tag (default ${JSON.stringify(operationalTagKeys.restoreTestedAt)}: "YYYY-MM-DD"). ` +
        'Read replicas and Aurora cluster members are covered by their source or cluster. DynamoDB tables: `protectedResourceType: "DynamoDB"`, or the same tag.',
    peers: [],
    config: {
        tagKey: z.string().min(1).default(operationalTagKeys.restoreTestedAt).describe("Tag that records the date (ISO) of the last restore drill, as an alternative to AWS Backup restore testing."),
        maxAgeDays: z.number().int().min(1).default(90).describe("How old (days) the restore drill recorded in the tag may be."),
        requireValidation: z
            .boolean()
            .default(true)
            .describe("Count a restore testing selection only when a validation reports results for its restore tests (a function invoked for completed restore jobs of its plan)."),
    },
    judges: [types.instance, types.cluster, types.dynamodbTable],
    check(stack, config, report) {
        const validators = new RestoreValidators(stack);
        const selections = selectionIndex(stack);
        // AWS Backup restore testing covers DynamoDB tables too (protectedResourceType "DynamoDB").
        for (const db of stack.ofType(types.instance, types.cluster, types.dynamodbTable)) {
            if (db.type !== types.dynamodbTable && !ownsBackups(db)) continue;
            const notes: string[] = [];
            // The validator queries SQL databases; a DynamoDB table's restore test counts without one.
            const validation: Validation = { required: config.requireValidation && db.type !== types.dynamodbTable, validators, unvalidated: [] };
            const bySelection = anyOf(selections.candidates(db, [arnOf(db)]).map((s) => selectionCovers(stack, s, db, notes, validation)));
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
            if (validation.unvalidated.length > 0) {
                report.violation(db, {
                    property: "restore test validation",
                    seen: `${validation.unvalidated.map((s) => s.label).join(" and ")} with nothing that validates its restore tests`,
                    wanted:
                        `each restore test validated on the restored copy (AWS Backup only restores: a copy that comes up empty or unreachable still passes)` +
                        (notes.length > 0 ? ` (${notes.join("; ")})` : ""),
                    fix: `${validationFix}. Or, to accept unvalidated restore tests, set \`requireValidation: false\` in the db-restore-tested policy config.`,
                });
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
