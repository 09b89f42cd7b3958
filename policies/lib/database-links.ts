// How policies (config, monitoring, engines) and the verify command find a database's relatives
// in the stack: the Aurora cluster instances of a cluster, and the identifiers AWS knows a database
// by. Built once per stack (cached on the stack object, which evaluate() and the SDK build once per
// run) so that each policy's per-database work is a lookup.
import { types } from "../../aws-facts/resource-types";
import { ResourceUnderCheck } from "./resource";
import { StackUnderCheck } from "./stack";
import { UNKNOWN, Unknown, asString } from "./values";
import { clusterIdentifierTypes } from "../engines/types";

export interface ClusterMembers {
    /** The aws.rds.ClusterInstance resources whose clusterIdentifier names this cluster. */
    of(cluster: ResourceUnderCheck): readonly ResourceUnderCheck[];
    /** The cluster a cluster instance belongs to, UNKNOWN when its clusterIdentifier is unknown and unlinked. */
    clusterOf(member: ResourceUnderCheck): ResourceUnderCheck | Unknown | undefined;
    /** Cluster instances whose cluster cannot be told yet (clusterIdentifier unknown at preview and unlinked). */
    unresolved: readonly ResourceUnderCheck[];
}

const membersCache = new WeakMap<StackUnderCheck, ClusterMembers>();

export function clusterMembers(stack: StackUnderCheck): ClusterMembers {
    const cached = membersCache.get(stack);
    if (cached) return cached;
    const byCluster = new Map<string, ResourceUnderCheck[]>();
    const clusterOfMember = new Map<string, ResourceUnderCheck | Unknown>();
    const unresolved: ResourceUnderCheck[] = [];
    for (const member of stack.ofType(types.clusterInstance)) {
        const clusters = stack.referencedBy(member, "clusterIdentifier", types.cluster);
        if (clusters === UNKNOWN) {
            unresolved.push(member);
            clusterOfMember.set(member.urn, UNKNOWN);
            continue;
        }
        for (const cluster of clusters) {
            const list = byCluster.get(cluster.urn);
            if (list) list.push(member);
            else byCluster.set(cluster.urn, [member]);
            clusterOfMember.set(member.urn, cluster);
        }
    }
    const built: ClusterMembers = {
        of: (cluster) => byCluster.get(cluster.urn) ?? [],
        clusterOf: (member) => clusterOfMember.get(member.urn),
        unresolved,
    };
    membersCache.set(stack, built);
    return built;
}

/** The property that holds the identifier AWS knows a database by. */
export function identifierProperty(db: ResourceUnderCheck): "clusterIdentifier" | "identifier" {
    return db.type === types.cluster || clusterIdentifierTypes.includes(db.type) ? "clusterIdentifier" : "identifier";
}

/**
 * The database's identifier (lowercase: RDS stores identifiers lowercase, and that is the value
 * dimensions, log group names and event sources carry); UNKNOWN at preview when computed;
 * undefined when unset or not a string.
 */
export function awsIdentifierOf(db: ResourceUnderCheck): string | Unknown | undefined {
    const id = asString(db.get(identifierProperty(db)));
    if (id === UNKNOWN) return UNKNOWN;
    return typeof id === "string" && id.trim() !== "" ? id.trim().toLowerCase() : undefined;
}

/**
 * Whether the identifier is one Pulumi generated (autonaming: the resource name, "-", seven random
 * hex characters, lowercase for RDS): it changes on every preview until the database is created,
 * so messages must not print it, and names derived from it are unknown to the user.
 */
export function isAutoNamedIdentifier(db: ResourceUnderCheck, identifier: string): boolean {
    const prefix = `${db.name.toLowerCase()}-`;
    return identifier.startsWith(prefix) && /^[0-9a-f]{7}$/.test(identifier.slice(prefix.length));
}

/** The known values other resources may use to name this database: its identifier and its `id` output. */
export function knownIdentifiersOf(db: ResourceUnderCheck): string[] {
    const out = new Set<string>();
    const id = awsIdentifierOf(db);
    if (typeof id === "string") out.add(id);
    const resourceId = asString(db.get("id"));
    if (typeof resourceId === "string" && resourceId.trim() !== "") out.add(resourceId.trim().toLowerCase());
    return [...out];
}

/** The parent component resource of `r`, when it is one of the given types. */
export function parentOfType(stack: StackUnderCheck, r: ResourceUnderCheck, ...parentTypes: string[]): ResourceUnderCheck | undefined {
    if (r.parent === undefined) return undefined;
    const parent = stack.byUrn(r.parent);
    return parent !== undefined && parentTypes.includes(parent.type) ? parent : undefined;
}
