// Where a database's master user comes from, shared by the users policies.
import { inheritedMasterUserProperties } from "../../aws-facts/credentials";
import { types } from "../../aws-facts/resource-types";
import { ResourceUnderCheck } from "../lib/resource";
import { masterUserSlot } from "../engines/users";

/** The master user property of an instance or a cluster (DocumentDB, Redshift: see engines/users.ts). */
export function masterUsernameProperty(db: ResourceUnderCheck): string {
    return masterUserSlot(db)?.username ?? (db.type === types.cluster ? "masterUsername" : "username");
}

/** True when the database takes its master user from a source (replica, snapshot, point in time, primary cluster). */
export function inheritsMasterUser(db: ResourceUnderCheck): boolean {
    const properties = masterUserSlot(db)?.inheritedFrom ?? (db.type === types.cluster ? inheritedMasterUserProperties.cluster : inheritedMasterUserProperties.instance);
    // An unknown value is still a value: the source will be set.
    return properties.some((p) => db.get(p) !== undefined);
}
