import type * as aws from "@pulumi/aws";
import { parseArn } from "../aws/arn";
import { backupJobStateChange, backupTypes, deprecatedVaultEvents } from "../aws/backup";
import { isDefaultEventBus, parseEventPattern, patternAdmits } from "../aws/event-pattern";
import { backupEventCategories } from "../aws/knowledge";
import { types } from "../aws/resource-types";
import { defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asBoolean, asString, asStringList } from "../lib/values";
import { ownsBackups, selectedByBackupPlan } from "./backup-selection";
import { ReferenceIndex } from "./reference-index";
import { Verdict, allOf, anyOf, isPending, pending } from "./verdict";
import { reportOn } from "../lib/key-value-stores";
import { checkTableBackupAlert } from "./key-value-stores";

/** RDS event subscription source types per database kind (CreateEventSubscription SourceType). */
const sourceTypeOf = (db: ResourceUnderCheck) => (db.type === types.cluster ? "db-cluster" : "db-instance");

/** The identifier an event subscription's sourceIds use for the database. */
const identifierOf = (db: ResourceUnderCheck) => {
    const id = asString(db.get(db.type === types.cluster ? "clusterIdentifier" : "identifier"));
    return id === UNKNOWN || typeof id === "string" ? id : undefined;
};

/**
 * Whether an RDS event subscription announces this database's backup failures to SNS. Unset
 * sourceType means every source type, empty sourceIds every source of the type, unset
 * eventCategories every category; `enabled` defaults to true (CreateEventSubscription).
 */
function subscriptionCovers(stack: StackUnderCheck, sub: ResourceUnderCheck, db: ResourceUnderCheck): Verdict {
    const what = (property: string) => pending(`${property} of ${sub.label}`);
    const enabled = asBoolean(sub.get<aws.rds.EventSubscriptionArgs>("enabled"));
    const topic = asString(sub.get<aws.rds.EventSubscriptionArgs>("snsTopic"));
    const sourceType = asString(sub.get<aws.rds.EventSubscriptionArgs>("sourceType"));
    const categories = asStringList(sub.get<aws.rds.EventSubscriptionArgs>("eventCategories"));
    return allOf([
        enabled === UNKNOWN ? what("enabled") : enabled === undefined || enabled === true,
        // The topic ARN may be unknown at preview (the topic is created with the stack): it is set.
        topic === UNKNOWN || (typeof topic === "string" && topic.trim() !== ""),
        sourceType === UNKNOWN ? what("sourceType") : sourceType === undefined || sourceType === sourceTypeOf(db),
        categories === UNKNOWN
            ? what("eventCategories")
            : categories === undefined || (Array.isArray(categories) && (categories.length === 0 || categories.some((c) => (backupEventCategories as readonly string[]).includes(c)))),
        sourceCovers(stack, sub, db),
    ]);
}

function sourceCovers(stack: StackUnderCheck, sub: ResourceUnderCheck, db: ResourceUnderCheck): Verdict {
    const linked = stack.referencedBy(sub, "sourceIds", types.instance, types.cluster);
    if (linked !== UNKNOWN && linked.includes(db)) return true;
    const ids = asStringList(sub.get<aws.rds.EventSubscriptionArgs>("sourceIds"));
    if (ids === UNKNOWN) return (sub.propertyDependencies.sourceIds ?? []).length > 0 ? false : pending(`sourceIds of ${sub.label}`);
    if (ids === undefined) return true;
    if (!Array.isArray(ids)) return false;
    if (ids.length === 0) return true;
    const id = identifierOf(db);
    if (id === UNKNOWN) return pending(db.type === types.cluster ? "clusterIdentifier" : "identifier");
    return id !== undefined && ids.includes(id);
}

/** Whether an EventBridge rule's pattern lets AWS Backup "job failed/aborted" events through, on the default bus. */
function ruleCatchesBackupFailures(rule: ResourceUnderCheck, notes: string[]): Verdict {
    const what = (property: string) => pending(`${property} of ${rule.label}`);
    const state = asString(rule.get<aws.cloudwatch.EventRuleArgs>("state"));
    const isEnabled = asBoolean(rule.get<aws.cloudwatch.EventRuleArgs>("isEnabled"));
    const bus = asString(rule.get<aws.cloudwatch.EventRuleArgs>("eventBusName"));
    const patternJson = asString(rule.get<aws.cloudwatch.EventRuleArgs>("eventPattern"));
    let pattern: Verdict;
    if (patternJson === UNKNOWN) pattern = what("eventPattern");
    else if (typeof patternJson !== "string") pattern = false;
    else {
        const parsed = parseEventPattern(patternJson);
        if (parsed === undefined) notes.push(`${rule.label} has an eventPattern that is not a JSON object`);
        pattern =
            parsed !== undefined &&
            backupJobStateChange.failedStates.some((failed) =>
                patternAdmits(parsed, [
                    { path: ["source"], value: backupJobStateChange.source },
                    { path: ["detail-type"], value: backupJobStateChange.detailType },
                    { path: ["detail", "state"], value: failed },
                ]),
            );
    }
    return allOf([
        state === UNKNOWN ? what("state") : state !== "DISABLED",
        isEnabled === UNKNOWN ? what("isEnabled") : isEnabled !== false,
        // AWS services deliver their events to the default event bus only.
        bus === UNKNOWN ? what("eventBusName") : bus === undefined || (typeof bus === "string" && isDefaultEventBus(bus)),
        pattern,
    ]);
}

/** Whether an EventBridge target delivers to an SNS topic. */
function targetIsSns(stack: StackUnderCheck, target: ResourceUnderCheck): Verdict {
    const arn = asString(target.get<aws.cloudwatch.EventTargetArgs>("arn"));
    if (typeof arn === "string") return parseArn(arn)?.service === "sns";
    if (arn !== UNKNOWN) return false;
    const topics = stack.referencedBy(target, "arn", types.snsTopic);
    return topics !== UNKNOWN && topics.length > 0 ? true : pending(`arn of ${target.label}`);
}

/** Whether some EventBridge rule with an SNS target alerts on failed AWS Backup jobs (account- and region-wide). */
function eventBridgeAlerts(stack: StackUnderCheck, notes: string[]): Verdict {
    const targetsByRule = new Map<string, ResourceUnderCheck[]>();
    const unlinkedTargets: ResourceUnderCheck[] = [];
    for (const target of stack.ofType(types.eventTarget)) {
        const rules = stack.referencedBy(target, "rule", types.eventRule);
        if (rules === UNKNOWN) unlinkedTargets.push(target);
        else for (const rule of rules) targetsByRule.set(rule.urn, [...(targetsByRule.get(rule.urn) ?? []), target]);
    }
    return anyOf(
        stack.ofType(types.eventRule).map((rule) => {
            const catches = ruleCatchesBackupFailures(rule, notes);
            if (catches === false) return false;
            const targets = (targetsByRule.get(rule.urn) ?? []).map((t) => targetIsSns(stack, t));
            for (const t of unlinkedTargets) targets.push(pending(`rule of ${t.label}`));
            return allOf([catches, anyOf(targets)]);
        }),
    );
}

/** Vault notifications that rely on deprecated events AWS Backup no longer sends. */
function deprecatedVaultNotifications(stack: StackUnderCheck): string[] {
    const out: string[] = [];
    for (const n of stack.ofType(backupTypes.vaultNotifications)) {
        const events = asStringList(n.get<aws.backup.VaultNotificationsArgs>("backupVaultEvents"));
        const deprecated = Array.isArray(events) ? events.filter((e) => (deprecatedVaultEvents as readonly string[]).includes(e)) : [];
        if (deprecated.length > 0) {
            out.push(`${n.label} does not count: AWS Backup deprecated ${deprecated.join(", ")} and no longer sends ${deprecated.length > 1 ? "them" : "it"}; watch "${backupJobStateChange.detailType}" events with EventBridge instead`);
        }
    }
    return out;
}

export const dbBackupFailureAlert = defineStackPolicy({
    name: "db-backup-failure-alert",
    checklistItem: "backups",
    description:
        "A failed backup reaches a human: an RDS event subscription with the backup or failure category to SNS, or, for databases in an AWS Backup plan, an EventBridge rule on failed or aborted backup jobs targeting SNS.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Add an aws.rds.EventSubscription with `snsTopic: alerts.arn`, `sourceType: \"db-instance\"` (\"db-cluster\" for Aurora), `sourceIds: [db.identifier]` and " +
        "`eventCategories: [\"backup\", \"failure\"]`; or, for a database backed up by AWS Backup, an aws.cloudwatch.EventRule with " +
        "`eventPattern: JSON.stringify({ source: [\"aws.backup\"], \"detail-type\": [\"Backup Job State Change\"], detail: { state: [\"FAILED\", \"ABORTED\"] } })` " +
        "and an aws.cloudwatch.EventTarget sending it to the SNS topic. Backup vault notifications on BACKUP_JOB_FAILED do not work: AWS Backup deprecated that event. " +
        "DynamoDB tables an AWS Backup plan selects need that EventBridge rule too (point-in-time recovery alone runs no jobs to fail).",
    peers: ["Security Hub RDS.19", "Security Hub RDS.20"],
    config: {},
    judges: [types.instance, types.cluster, types.dynamodbTable],
    check(stack, _config, report) {
        const subscriptions = new ReferenceIndex(stack, stack.ofType(types.eventSubscription), "sourceIds", {
            isPattern: () => false,
            broad: (_sub, listIsEmpty) => listIsEmpty,
        });
        const notes: string[] = [];
        const bridge = eventBridgeAlerts(stack, notes);
        for (const table of stack.ofType(types.dynamodbTable)) checkTableBackupAlert(stack, table, bridge, reportOn(report, table));
        let vaultNotes: string[] | undefined;
        for (const db of stack.ofType(types.instance, types.cluster)) {
            if (!ownsBackups(db)) continue;
            const bySubscription = anyOf(subscriptions.candidates(db, [identifierOf(db)]).map((sub) => subscriptionCovers(stack, sub, db)));
            if (bySubscription === true) continue;
            // AWS Backup job events concern only the databases an AWS Backup plan selects.
            const selected = bridge === false ? false : selectedByBackupPlan(stack, db);
            const verdict = anyOf([bySubscription, allOf([selected, bridge])]);
            if (verdict === true) continue;
            if (isPending(verdict)) {
                report.unknown(db, verdict.pending);
                continue;
            }
            vaultNotes ??= deprecatedVaultNotifications(stack);
            const dbNotes = [
                ...(bridge === true && selected === false ? ["an EventBridge rule alerts on failed AWS Backup jobs, but no AWS Backup plan selects this database"] : []),
                ...notes,
                ...vaultNotes,
            ];
            report.violation(db, {
                property: "backup failure alert",
                seen: undefined,
                wanted:
                    `an aws.rds.EventSubscription to SNS covering it (sourceType "${sourceTypeOf(db)}", its identifier in sourceIds or none listed, eventCategories with "backup" or "failure" or unset), ` +
                    `or an EventBridge rule on failed/aborted "${backupJobStateChange.detailType}" events with an SNS target for a database in an AWS Backup plan` +
                    (dbNotes.length > 0 ? ` (${dbNotes.join("; ")})` : ""),
                fix:
                    `add \`new aws.rds.EventSubscription("${db.name}-backup-events", { snsTopic: alerts.arn, sourceType: "${sourceTypeOf(db)}", sourceIds: [db.${db.type === types.cluster ? "clusterIdentifier" : "identifier"}], eventCategories: ["backup", "failure"] })\`, ` +
                    `where \`db\` is the ${db.label} and \`alerts\` an aws.sns.Topic that pages someone.`,
            });
        }
    },
});
