import type * as aws from "@pulumi/aws";
import { parseArn } from "../../aws-facts/arn";
import { regionOf } from "../lib/provider";
import { backupJobStateChange, backupTypes, deprecatedVaultEvents, jobEventResourceFields } from "../../aws-facts/backup";
import { EventPattern, isDefaultEventBus, parseEventPattern, patternAdmits, patternNames, valuesFor } from "../../aws-facts/event-pattern";
import { backupEventCategories } from "../../aws-facts/events";
import { types } from "../../aws-facts/resource-types";
import { disabledState } from "../../aws-facts/schedules";
import { defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, Unknown, asBoolean, asString, asStringList } from "../lib/values";
import { arnOf, ownsBackups, selectedByBackupPlan } from "./backup-selection";
import { ReferenceIndex } from "../lib/reference-index";
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

/** The fields of the job event that hold the event's own facts, for one failed state. */
function failedJobEvent(state: string): Array<{ path: readonly string[]; value: string }> {
    return [
        { path: ["source"], value: backupJobStateChange.source },
        { path: ["detail-type"], value: backupJobStateChange.detailType },
        { path: ["detail", "state"], value: state },
    ];
}

const resourceFields = [...jobEventResourceFields.present, ...jobEventResourceFields.absentFromBackupJobs];

/** Whether the pattern admits a failed backup job of a resource with this ARN (any ARN when undefined). */
function admitsFailureOf(pattern: EventPattern, resourceArn: string | undefined): boolean {
    return backupJobStateChange.failedStates.some((state) =>
        patternAdmits(
            pattern,
            [...failedJobEvent(state), ...(resourceArn === undefined ? [] : jobEventResourceFields.present.map((path) => ({ path, value: resourceArn })))],
            resourceArn === undefined ? [] : jobEventResourceFields.absentFromBackupJobs,
        ),
    );
}

/** The last part of an ARN or ARN pattern ("orders-db" of "...:db:orders-db"), lowercase: how scoped rules are indexed. */
function lastSegment(value: string): string | undefined {
    const tail = value.split(/[:/]/).pop()?.trim().toLowerCase();
    return tail === undefined || tail === "" || tail.includes("*") ? undefined : tail;
}

interface FailureRule {
    rule: ResourceUnderCheck;
    /** Enabled, on the default bus, with an SNS target: everything but which database. */
    alerts: Verdict;
    /** The parsed pattern; undefined when it is unknown at preview. */
    pattern: EventPattern | undefined;
}

/**
 * The EventBridge rules that alert on failed AWS Backup jobs, indexed by the database they are
 * scoped to: a rule whose pattern names no resource field hears every database's failures; a rule
 * scoped with detail.resourceArn / resources hears only the databases its pattern admits, and is
 * indexed by the last part of each ARN (or suffix) it names so a database meets only its own rules.
 */
class FailureRules {
    private readonly everyDatabase: FailureRule[] = [];
    private readonly scoped = new Map<string, FailureRule[]>();
    private readonly unindexed: FailureRule[] = [];
    /** Rules whose pattern is unknown at preview, by the database URNs the pattern is built from ("*": from none). */
    private readonly pendingPatterns = new Map<string, FailureRule[]>();

    /** Rules whose eventPattern is not a JSON object: named only in the messages of the databases they belong with. */
    private readonly malformed: ResourceUnderCheck[] = [];

    constructor(stack: StackUnderCheck) {
        const targetsByRule = new Map<string, ResourceUnderCheck[]>();
        const unlinkedTargets: ResourceUnderCheck[] = [];
        for (const target of stack.ofType(types.eventTarget)) {
            const rules = stack.referencedBy(target, "rule", types.eventRule);
            if (rules === UNKNOWN) unlinkedTargets.push(target);
            else for (const rule of rules) targetsByRule.set(rule.urn, [...(targetsByRule.get(rule.urn) ?? []), target]);
        }
        for (const rule of stack.ofType(types.eventRule)) {
            const patternJson = asString(rule.get<aws.cloudwatch.EventRuleArgs>("eventPattern"));
            if (typeof patternJson !== "string" && patternJson !== UNKNOWN) continue;
            const pattern = typeof patternJson === "string" ? parseEventPattern(patternJson) : undefined;
            if (typeof patternJson === "string" && pattern === undefined) this.malformed.push(rule);
            if (typeof patternJson === "string" && (pattern === undefined || !admitsFailureOf(pattern, undefined))) continue;
            const targets = (targetsByRule.get(rule.urn) ?? []).map((t) => targetIsSns(stack, t));
            for (const t of unlinkedTargets) targets.push(pending(`rule of ${t.label}`));
            const entry: FailureRule = { rule, alerts: allOf([ruleRuns(rule), anyOf(targets)]), pattern };
            if (entry.alerts === false) continue;
            if (pattern === undefined) {
                const sources = (rule.propertyDependencies.eventPattern ?? []).filter((u) => stack.byUrn(u) !== undefined);
                for (const key of sources.length > 0 ? sources : ["*"]) push(this.pendingPatterns, key, entry);
            } else if (!patternNames(pattern, resourceFields)) {
                this.everyDatabase.push(entry);
            } else {
                const values = valuesFor(pattern, resourceFields);
                const keys = values.map((v) => (v.how === "other" ? undefined : lastSegment(v.value)));
                if (keys.some((k) => k === undefined) || keys.length === 0) this.unindexed.push(entry);
                else for (const key of new Set(keys as string[])) push(this.scoped, key, entry);
            }
        }
    }

    /** Whether some rule alerts on this database's failed backup jobs. */
    alertFor(db: ResourceUnderCheck): Verdict {
        const verdicts: Verdict[] = this.everyDatabase.map((r) => r.alerts);
        const id = identifierOf(db);
        const arn = arnOf(db);
        const keys = new Set<string>();
        if (typeof id === "string") keys.add(id.toLowerCase());
        if (typeof arn === "string" && lastSegment(arn)) keys.add(lastSegment(arn)!);
        const candidates = new Set<FailureRule>(this.unindexed);
        for (const key of keys) for (const r of this.scoped.get(key) ?? []) candidates.add(r);
        for (const r of candidates) verdicts.push(allOf([r.alerts, this.admits(r.pattern!, db, arn, id)]));
        for (const r of [...(this.pendingPatterns.get("*") ?? []), ...(this.pendingPatterns.get(db.urn) ?? [])]) {
            verdicts.push(allOf([r.alerts, pending(`eventPattern of ${r.rule.label}`)]));
        }
        return anyOf(verdicts);
    }

    /** Notes on rules of this database (built from it, or children of the same component) whose pattern cannot be read. */
    notesFor(stack: StackUnderCheck, db: ResourceUnderCheck): string[] {
        const own = new Set(stack.dependentsOf(db, types.eventRule));
        return this.malformed.filter((rule) => own.has(rule) || (rule.parent !== undefined && rule.parent === db.parent)).map((rule) => `${rule.label} has an eventPattern that is not a JSON object`);
    }

    /**
     * Whether a scoped pattern admits this database's failures. With its ARN not known yet, the
     * ARN is built from its identifier twice, with different regions and accounts: when both agree
     * the unknown parts do not matter; otherwise the answer waits for the real ARN.
     */
    private admits(pattern: EventPattern, db: ResourceUnderCheck, arn: string | Unknown | undefined, id: string | Unknown | undefined): Verdict {
        if (typeof arn === "string") return admitsFailureOf(pattern, arn);
        if (typeof id !== "string") return arn === UNKNOWN || id === UNKNOWN ? pending("arn") : false;
        const kind = db.type === types.cluster ? "cluster" : "db";
        // One guess takes the region and account the pattern itself names (so a pattern written for
        // this account is tried as such), the other differs from it in both.
        const named = valuesFor(pattern, resourceFields)
            .map((v) => parseArn(v.value))
            .find((a) => a !== undefined && /^[\w-]+$/.test(a.region) && /^\d+$/.test(a.account));
        const home = regionOf(db);
        const guesses = [
            [typeof home === "string" ? home : (named?.region ?? "us-east-1"), named?.account ?? "111111111111"],
            [typeof home === "string" ? home : named?.region === "eu-west-3" ? "ap-south-2" : "eu-west-3", named?.account === "222222222222" ? "333333333333" : "222222222222"],
        ];
        const [a, b] = guesses.map(([region, account]) => admitsFailureOf(pattern, `arn:aws:rds:${region}:${account}:${kind}:${id.toLowerCase()}`));
        return a === b ? a : pending("arn");
    }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

/** Whether an EventBridge rule runs: enabled, and on the default bus (AWS services deliver their events there only). */
function ruleRuns(rule: ResourceUnderCheck): Verdict {
    const what = (property: string) => pending(`${property} of ${rule.label}`);
    const state = asString(rule.get<aws.cloudwatch.EventRuleArgs>("state"));
    const isEnabled = asBoolean(rule.get<aws.cloudwatch.EventRuleArgs>("isEnabled"));
    const bus = asString(rule.get<aws.cloudwatch.EventRuleArgs>("eventBusName"));
    return allOf([
        state === UNKNOWN ? what("state") : state !== disabledState,
        isEnabled === UNKNOWN ? what("isEnabled") : isEnabled !== false,
        bus === UNKNOWN ? what("eventBusName") : bus === undefined || (typeof bus === "string" && isDefaultEventBus(bus)),
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

/** Vault notifications that rely on deprecated events AWS Backup no longer sends. */
function deprecatedVaultNotifications(stack: StackUnderCheck): string[] {
    const out: string[] = [];
    for (const n of stack.ofType(backupTypes.vaultNotifications)) {
        const events = asStringList(n.get<aws.backup.VaultNotificationsArgs>("backupVaultEvents"));
        const deprecated = Array.isArray(events) ? events.filter((e) => (deprecatedVaultEvents as readonly string[]).includes(e)) : [];
        if (deprecated.length > 0) {
            out.push(
                `${n.label} does not count: AWS Backup deprecated ${deprecated.join(", ")} and no longer sends ${deprecated.length > 1 ? "them" : "it"}; watch "${backupJobStateChange.detailType}" events with EventBridge instead`,
            );
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
        'Add an aws.rds.EventSubscription with `snsTopic: alerts.arn`, `sourceType: "db-instance"` ("db-cluster" for Aurora), `sourceIds: [db.identifier]` and ' +
        '`eventCategories: ["backup", "failure"]`; or, for a database backed up by AWS Backup, an aws.cloudwatch.EventRule with ' +
        '`eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED", "ABORTED"] } })` ' +
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
        const rules = new FailureRules(stack);
        for (const table of stack.ofType(types.dynamodbTable)) checkTableBackupAlert(stack, table, rules.alertFor(table), reportOn(report, table));
        let vaultNotes: string[] | undefined;
        for (const db of stack.ofType(types.instance, types.cluster)) {
            if (!ownsBackups(db)) continue;
            const bySubscription = anyOf(subscriptions.candidates(db, [identifierOf(db)]).map((sub) => subscriptionCovers(stack, sub, db)));
            if (bySubscription === true) continue;
            // AWS Backup job events concern only the databases an AWS Backup plan selects.
            const bridge = rules.alertFor(db);
            const selected = bridge === false ? false : selectedByBackupPlan(stack, db);
            const verdict = anyOf([bySubscription, allOf([selected, bridge])]);
            if (verdict === true) continue;
            if (isPending(verdict)) {
                report.unknown(db, verdict.pending);
                continue;
            }
            vaultNotes ??= deprecatedVaultNotifications(stack);
            const dbNotes = [
                ...(bridge === true && selected === false ? ["an EventBridge rule alerts on its failed AWS Backup jobs, but no AWS Backup plan selects this database"] : []),
                ...rules.notesFor(stack, db),
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
