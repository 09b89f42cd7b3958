// The RDS parameter group in force for a database: where it is named, whether the name is AWS's
// default group, and which group in the stack it is. db-custom-parameter-group, db-tls-enforced
// and db-connection-limits read it here, so they agree on what "the group in force" is.
import { isDefaultParameterGroupName } from "../../aws-facts/parameter-groups";
import { types } from "../../aws-facts/resource-types";
import { ResourceUnderCheck } from "./resource";
import type { StackUnderCheck } from "./stack";
import { UNKNOWN, asObjectList, asString, indexedObjects, isInvalid } from "./values";

/** A property that names a parameter group for a database, and the kind of group it names. */
export interface ParameterGroupSlot {
    holder: ResourceUnderCheck;
    property: string;
    groupType: string;
}

/**
 * Where the parameter groups in force on an RDS database are named, in the order RDS applies them:
 * an instance's `parameterGroupName`; a cluster's `dbClusterParameterGroupName`; a cluster
 * instance's own `dbParameterGroupName`, then its cluster's (the DB parameter group overrides the
 * cluster's).
 */
export function rdsParameterGroupSlots(db: ResourceUnderCheck, cluster?: ResourceUnderCheck): ParameterGroupSlot[] {
    const clusterSlot = (holder: ResourceUnderCheck) => ({ holder, property: "dbClusterParameterGroupName", groupType: types.clusterParameterGroup });
    if (db.type === types.cluster) return [clusterSlot(db)];
    if (db.type === types.clusterInstance) {
        const own = { holder: db, property: "dbParameterGroupName", groupType: types.parameterGroup };
        return cluster === undefined ? [own] : [own, clusterSlot(cluster)];
    }
    return [{ holder: db, property: "parameterGroupName", groupType: types.parameterGroup }];
}

/** What a slot's name means, read from the name alone (resource policies see no other resource). */
export type ParameterGroupName =
    /** Unset, empty, not a name, or AWS's default.* group: RDS's defaults are in force. */
    { kind: "default"; raw: unknown } | { kind: "custom"; name: string } | { kind: "unknown" };

export function parameterGroupName(slot: ParameterGroupSlot): ParameterGroupName {
    const raw = slot.holder.get(slot.property);
    const name = asString(raw);
    if (name === UNKNOWN) return { kind: "unknown" };
    if (typeof name !== "string" || name.trim() === "" || isDefaultParameterGroupName(name)) return { kind: "default", raw };
    return { kind: "custom", name };
}

/** The parameter group a slot puts in force, as the stack shows it. */
export type ParameterGroupInForce =
    | { kind: "default"; raw: unknown }
    /** The groups of this stack the name refers to (the engine's links, else the name). */
    | { kind: "groups"; groups: readonly ResourceUnderCheck[] }
    /** A custom group that is not in this stack. */
    | { kind: "external"; name: string }
    /** Not known yet (preview); `property` says what to wait for. */
    | { kind: "unknown"; property: string };

export function parameterGroupInForce(stack: StackUnderCheck, slot: ParameterGroupSlot): ParameterGroupInForce {
    const named = parameterGroupName(slot);
    if (named.kind === "default") return named;
    const groups = stack.referencedBy(slot.holder, slot.property, slot.groupType);
    if (groups === UNKNOWN) return { kind: "unknown", property: slot.property };
    if (groups.length > 0) return { kind: "groups", groups };
    return named.kind === "custom" ? { kind: "external", name: named.name } : { kind: "unknown", property: slot.property };
}

/** A parameter looked up by name in a list of `{ name, value }` objects (a parameter group's `parameters`). */
export type ParameterEntry =
    /** The entry, by its position in the list as written; `property` names its value. */
    | { kind: "found"; index: number; value: unknown; property: string }
    | { kind: "absent" }
    /** The list, or an entry or name before any match, is not known yet (preview). */
    | { kind: "unknown"; property: string }
    /** The list is not a list. */
    | { kind: "invalid-list"; seen: unknown };

/**
 * The first entry of `holder[listProperty]` whose name is `name` (trimmed, case-insensitive, as RDS
 * reads parameter names). db-tls-enforced, db-connection-limits and the engines' parameter switches
 * all read parameter groups through it.
 */
export function findParameter(holder: ResourceUnderCheck, listProperty: string, name: string, keys: { name: string; value: string } = { name: "name", value: "value" }): ParameterEntry {
    const raw = holder.get(listProperty);
    const list = asObjectList(raw);
    if (list === UNKNOWN) return { kind: "unknown", property: listProperty };
    if (isInvalid(list)) return { kind: "invalid-list", seen: raw };
    let someUnknown = false;
    // Indexes are positions in the list as written (asObjectList skips null elements).
    for (const [index, parameter] of indexedObjects(raw).objects) {
        if (parameter === UNKNOWN) {
            someUnknown = true;
            continue;
        }
        const key = asString(parameter[keys.name]);
        if (key === UNKNOWN) someUnknown = true;
        if (typeof key !== "string" || key.trim().toLowerCase() !== name) continue;
        return { kind: "found", index, value: parameter[keys.value], property: `${listProperty}[${index}].${keys.value}` };
    }
    return someUnknown ? { kind: "unknown", property: listProperty } : { kind: "absent" };
}
