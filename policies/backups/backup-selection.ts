// Which AWS Backup selections (and so which backup plans) select a database. Shared by
// db-backup-plan, db-offsite-copy and db-backup-failure-alert; built once per stack and indexed so
// a database is compared only with the selections that can name it (by link, by exact ARN, or by
// a pattern / tag condition), never with every selection of a 10,000-resource stack.
import type * as aws from "@pulumi/aws";
import { arnMatches, isArnPattern, matchesWildcard, parseArn } from "../../aws-facts/arn";
import { selectionTagConditionType, tagKeyOfCondition } from "../../aws-facts/backup";
import { regionOf } from "../lib/provider";
import { types } from "../../aws-facts/resource-types";
import { databaseRole } from "../lib/databases";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck, listHas } from "../lib/stack";
import { UNKNOWN, Unknown, asObjectList, asString, asStringMap, isInvalid, normalise, unwrap } from "../lib/values";
import { effectiveTags, tagProperty } from "../lib/tags";
import { ReferenceIndex, referencedDatabaseTypes } from "../lib/reference-index";
import { Verdict, allOf, anyOf, not, pending } from "./verdict";

/** Databases that own their backups: standalone instances and clusters (not replicas, not Aurora members). */
export function ownsBackups(db: ResourceUnderCheck): boolean {
    const role = databaseRole(db);
    return role === "instance" || role === "cluster";
}

/** The database's ARN output: a string, UNKNOWN (being created, at preview) or undefined. */
export function arnOf(db: ResourceUnderCheck): string | Unknown | undefined {
    const arn = asString(db.get("arn"));
    return arn === UNKNOWN || typeof arn === "string" ? arn || undefined : undefined;
}

/**
 * Region and account of a resource: the region from its `region` prop, else its ARN, else its AWS
 * provider's region; the account from its ARN. UNKNOWN when they cannot be known yet.
 */
export function locationOf(r: ResourceUnderCheck): { region: string | Unknown | undefined; account: string | Unknown | undefined } {
    const arn = arnOf(r);
    const fromArn = typeof arn === "string" ? parseArn(arn) : undefined;
    const ifArnPending = arn === UNKNOWN ? UNKNOWN : undefined;
    const regionProp = asString(r.get("region"));
    let region: string | Unknown | undefined;
    if (regionProp === UNKNOWN) region = UNKNOWN;
    else if (typeof regionProp === "string" && regionProp !== "") region = regionProp;
    else if (fromArn?.region) region = fromArn.region;
    else region = regionOf(r) ?? ifArnPending;
    return { region, account: fromArn?.account || ifArnPending };
}

/**
 * Whether a list property of `owner` (a selection's `resources`, `notResources`, a restore-testing
 * selection's `protectedResourceArns`) names the database: through a recorded dependency on it, or
 * an entry (ARN or pattern) matching its ARN. `present` says whether the list has entries at all.
 */
export function listNames(
    stack: StackUnderCheck,
    owner: ResourceUnderCheck,
    property: string,
    db: ResourceUnderCheck,
    match: (entry: string, arn: string) => boolean = arnMatches,
): { present: boolean; verdict: Verdict } {
    const linked = stack.referencedBy(owner, property, ...referencedDatabaseTypes);
    if (linked !== UNKNOWN && listHas(linked, db)) return { present: true, verdict: true };
    // Unknown entries come from the resources the property depends on; when it depends on some, and
    // not on this database, they cannot be this database's ARN.
    const unknownEntries = (owner.propertyDependencies[property] ?? []).length > 0 ? false : pending(`${property} of ${owner.label}`);
    const raw = normalise(unwrap(owner.get(property)));
    if (raw === UNKNOWN) return { present: true, verdict: unknownEntries };
    if (raw === undefined) return { present: false, verdict: false };
    if (!Array.isArray(raw)) return { present: true, verdict: false };
    const arn = arnOf(db);
    const verdicts: Verdict[] = [];
    let present = false;
    for (const element of raw) {
        const entry = asString(element);
        if (entry === undefined) continue;
        present = true;
        if (entry === UNKNOWN) verdicts.push(unknownEntries);
        else if (isInvalid(entry)) continue;
        else if (entry === "*") verdicts.push(true);
        else if (typeof arn === "string") verdicts.push(match(entry, arn));
        else if (arn === UNKNOWN) verdicts.push(pending("arn"));
    }
    return { present, verdict: anyOf(verdicts) };
}

type Tags = ReturnType<typeof asStringMap>;

/**
 * One tag condition of `source` (a selection) on the database's tags: equality, or a `*` pattern
 * when `like`. The key may carry the "aws:ResourceTag/" prefix.
 */
export function tagMatches(source: ResourceUnderCheck, tags: Tags, conditionKey: unknown, conditionValue: unknown, like = false): Verdict {
    const key = asString(conditionKey);
    const value = asString(conditionValue);
    if (key === UNKNOWN || value === UNKNOWN) return pending(`a tag condition of ${source.label}`);
    if (typeof key !== "string" || typeof value !== "string") return false;
    if (tags === UNKNOWN) return pending("tags");
    if (tags === undefined || isInvalid(tags)) return false;
    const tagKey = tagKeyOfCondition(key);
    const actual = tags[tagKey];
    if (actual === UNKNOWN) return pending(tagProperty(tagKey));
    if (actual === undefined) return false;
    return like ? matchesWildcard(value, actual, false) : actual === value;
}

/** A list of {key, value} condition entries of `source`, all of which must hold (`negate`: none may match). */
export function conditionList(source: ResourceUnderCheck, tags: Tags, list: unknown, like: boolean, negate: boolean): { present: boolean; verdict: Verdict } {
    const entries = asObjectList(list);
    if (entries === UNKNOWN) return { present: true, verdict: pending(`a tag condition of ${source.label}`) };
    if (entries === undefined || isInvalid(entries) || entries.length === 0) return { present: false, verdict: true };
    const verdicts = entries.map((e) => {
        if (e === UNKNOWN) return pending(`a tag condition of ${source.label}`);
        const m = tagMatches(source, tags, e.key, e.value, like);
        return negate ? not(m) : m;
    });
    return { present: true, verdict: allOf(verdicts) };
}

export interface SelectionMatch {
    selection: ResourceUnderCheck;
    /** The plan in this stack the selection belongs to; undefined when planId names a plan outside the stack. */
    plan: ResourceUnderCheck | undefined;
    verdict: Verdict;
    /** The selection would select the database but its notResources exclude it. */
    excluded: boolean;
}

/** AWS Backup's combination of a selection's criteria (see aws-facts/backup.ts). */
function selects(stack: StackUnderCheck, selection: ResourceUnderCheck, db: ResourceUnderCheck): { verdict: Verdict; excluded: boolean } {
    // AWS Backup sees the tags AWS holds, provider default tags included.
    const tags = effectiveTags(db);
    const resources = listNames(stack, selection, "resources", db);

    const tagEntries = asObjectList(selection.get<aws.backup.SelectionArgs>("selectionTags"));
    let tagsPresent = false;
    let byTags: Verdict = false;
    if (tagEntries === UNKNOWN) {
        tagsPresent = true;
        byTags = pending(`selectionTags of ${selection.label}`);
    } else if (Array.isArray(tagEntries) && tagEntries.length > 0) {
        tagsPresent = true;
        byTags = anyOf(
            tagEntries.map((e) => {
                if (e === UNKNOWN) return pending(`selectionTags of ${selection.label}`);
                const type = asString(e.type);
                if (type === UNKNOWN) return pending(`selectionTags of ${selection.label}`);
                if (typeof type !== "string" || type.toUpperCase() !== selectionTagConditionType) return false;
                return tagMatches(selection, tags, e.key, e.value);
            }),
        );
    }

    const blocks = asObjectList(selection.get<aws.backup.SelectionArgs>("conditions"));
    let conditionsPresent = false;
    let byConditions: Verdict = true;
    if (blocks === UNKNOWN) {
        conditionsPresent = true;
        byConditions = pending(`conditions of ${selection.label}`);
    } else if (Array.isArray(blocks)) {
        const parts: Verdict[] = [];
        for (const block of blocks) {
            if (block === UNKNOWN) {
                conditionsPresent = true;
                parts.push(pending(`conditions of ${selection.label}`));
                continue;
            }
            for (const [list, like, negate] of [
                [block.stringEquals, false, false],
                [block.stringLikes, true, false],
                [block.stringNotEquals, false, true],
                [block.stringNotLikes, true, true],
            ] as const) {
                const c = conditionList(selection, tags, list, like, negate);
                conditionsPresent ||= c.present;
                parts.push(c.verdict);
            }
        }
        byConditions = allOf(parts);
    }

    const base: Verdict = resources.present || tagsPresent ? anyOf([resources.verdict, byTags]) : conditionsPresent;
    const exclusion = listNames(stack, selection, "notResources", db).verdict;
    const verdict = allOf([base, byConditions, not(exclusion)]);
    return { verdict, excluded: exclusion === true && allOf([base, byConditions]) === true };
}

interface SelectionIndex {
    selections: ReferenceIndex;
    plans: Map<ResourceUnderCheck, { plan: ResourceUnderCheck | undefined; valid: boolean }>;
}

const indexes = new WeakMap<StackUnderCheck, SelectionIndex>();

function indexOf(stack: StackUnderCheck): SelectionIndex {
    const cached = indexes.get(stack);
    if (cached) return cached;
    const all = stack.ofType(types.backupSelection);
    const index: SelectionIndex = {
        selections: new ReferenceIndex(stack, all, "resources", {
            isPattern: isArnPattern,
            broad: (s) => s.get("selectionTags") !== undefined || s.get("conditions") !== undefined,
        }),
        plans: new Map(all.map((s) => [s, planOf(stack, s)])),
    };
    indexes.set(stack, index);
    return index;
}

/** The plan a selection belongs to: linked in this stack, or a literal plan id of a plan elsewhere. */
function planOf(stack: StackUnderCheck, selection: ResourceUnderCheck): { plan: ResourceUnderCheck | undefined; valid: boolean } {
    const linked = stack.referencedBy(selection, "planId", types.backupPlan);
    if (linked === UNKNOWN) return { plan: undefined, valid: true };
    if (linked.length > 0) return { plan: linked[0], valid: true };
    const id = asString(selection.get<aws.backup.SelectionArgs>("planId"));
    return { plan: undefined, valid: typeof id === "string" && id.trim() !== "" };
}

/** The selections that select (or may select, pending) the database, with their plans. */
export function selectionsOf(stack: StackUnderCheck, db: ResourceUnderCheck): SelectionMatch[] {
    const index = indexOf(stack);
    const out: SelectionMatch[] = [];
    for (const selection of index.selections.candidates(db, [arnOf(db)])) {
        const { plan, valid } = index.plans.get(selection)!;
        if (!valid) continue;
        const { verdict, excluded } = selects(stack, selection, db);
        if (verdict !== false || excluded) out.push({ selection, plan, verdict, excluded });
    }
    return out;
}

/** Whether any backup plan selects the database. */
export function selectedByBackupPlan(stack: StackUnderCheck, db: ResourceUnderCheck): Verdict {
    return anyOf(selectionsOf(stack, db).map((m) => m.verdict));
}
