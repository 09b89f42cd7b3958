// An index of resources that name databases in a list property (a backup selection's `resources`,
// a restore-testing selection's `protectedResourceArns`, an event subscription's `sourceIds`), so
// that each database is compared only with the resources that can name it: those linked to it,
// those holding its exact ARN or identifier, and the "broad" ones (patterns, tag conditions,
// "all sources", entries unknown at preview). Built once per stack: linear, never all-pairs.
import { types } from "../../aws-facts/resource-types";
import { ResourceUnderCheck } from "./resource";
import { StackUnderCheck, maxMatchesPerValue } from "./stack";
import { UNKNOWN, asString, normalise, unwrap } from "./values";
import { awsBackupTypes } from "../engines/backups";

/** The databases these lists name: instances and clusters (cluster instances are named through their cluster), DynamoDB tables. */
export const referencedDatabaseTypes = [types.instance, types.cluster, types.dynamodbTable, ...awsBackupTypes];

export interface ReferenceIndexOptions {
    /** Entries that are patterns rather than exact keys (e.g. ARNs with wildcards). */
    isPattern(entry: string): boolean;
    /** Whether the owner can name databases by other means (tags, conditions) or names all when its list is empty. */
    broad(owner: ResourceUnderCheck, listIsEmpty: boolean): boolean;
}

export class ReferenceIndex {
    private readonly byDb = new Map<string, ResourceUnderCheck[]>();
    private readonly byKey = new Map<string, ResourceUnderCheck[]>();
    private readonly withExact: ResourceUnderCheck[] = [];
    private readonly broad: ResourceUnderCheck[] = [];

    constructor(stack: StackUnderCheck, owners: readonly ResourceUnderCheck[], property: string, options: ReferenceIndexOptions) {
        for (const owner of owners) {
            const linked = stack.referencedBy(owner, property, ...referencedDatabaseTypes);
            if (linked !== UNKNOWN) for (const db of linked) push(this.byDb, db.urn, owner);
            // Unknown entries come from what the property depends on; only unlinked ones are a mystery.
            const unknownIsBroad = (owner.propertyDependencies[property] ?? []).length === 0;
            const raw = normalise(unwrap(owner.get(property)));
            // Entries that are outputs of the resources the property depends on name those (in byDb).
            const fromLinks = stack.linkedValues(owner, property);
            let broad = raw === UNKNOWN && unknownIsBroad;
            let exact = false;
            let empty = raw === undefined;
            if (Array.isArray(raw)) {
                empty = raw.every((e) => normalise(e) === undefined);
                for (const element of raw) {
                    const entry = asString(element);
                    if (entry === UNKNOWN) broad ||= unknownIsBroad;
                    else if (typeof entry === "string" && options.isPattern(entry)) broad = true;
                    else if (typeof entry === "string" && !fromLinks.has(entry)) {
                        exact = true;
                        push(this.byKey, entry, owner);
                    }
                }
            }
            if (broad || options.broad(owner, empty)) this.broad.push(owner);
            if (exact) this.withExact.push(owner);
        }
    }

    /**
     * The owners that may name the database, given the keys it is known by (ARN, identifier). A key
     * that is not known yet (UNKNOWN) brings in every owner with exact entries.
     */
    candidates(db: ResourceUnderCheck, keys: ReadonlyArray<string | typeof UNKNOWN | undefined>): ResourceUnderCheck[] {
        const out = new Set<ResourceUnderCheck>(this.byDb.get(db.urn) ?? []);
        // Candidates by value are capped (maxMatchesPerValue): only ever fewer covering owners.
        for (const key of keys) {
            if (key === UNKNOWN) for (const o of this.withExact.slice(0, maxMatchesPerValue)) out.add(o);
            else if (key !== undefined) for (const o of (this.byKey.get(key) ?? []).slice(0, maxMatchesPerValue)) out.add(o);
        }
        for (const o of this.broad) out.add(o);
        return [...out];
    }
}

function push(map: Map<string, ResourceUnderCheck[]>, key: string, value: ResourceUnderCheck): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
