// What kind of database a resource is, which decides which checklist settings it owns: a
// standalone instance owns everything; a read replica inherits backups and encryption from its
// source; an Aurora cluster owns backups, encryption, deletion protection, snapshots, TLS and
// logs; a cluster instance owns only instance settings.
import type * as aws from "@pulumi/aws";
import { EngineFamily, engineFamily } from "../../aws-facts/rds";
import { engineFamilyOfParameterGroupFamily } from "../../aws-facts/parameter-groups";
import { typeLabel, types } from "../../aws-facts/resource-types";
import { ResourceUnderCheck } from "./resource";
import type { StackUnderCheck } from "./stack";
import { UNKNOWN, Unknown, asString } from "./values";
import { docdbNeptuneRedshiftRole } from "../engines/types";

export type DatabaseRole = "instance" | "read-replica" | "aurora-member" | "cluster" | "cluster-instance";

export const databaseTypes = [types.instance, types.cluster, types.clusterInstance] as const;
/** The Pulumi args of the databaseTypes, for typed property reads. */
export type DatabaseArgs = aws.rds.InstanceArgs | aws.rds.ClusterArgs | aws.rds.ClusterInstanceArgs;
/** The resources that own cluster-or-instance-wide settings (backups, encryption, deletion protection). */
export const storageOwnerTypes = [types.instance, types.cluster] as const;

export function databaseRole(r: ResourceUnderCheck): DatabaseRole | undefined {
    switch (r.type) {
        case types.cluster:
            return "cluster";
        case types.clusterInstance:
            return "cluster-instance";
        case types.instance: {
            const source = r.get<aws.rds.InstanceArgs>("replicateSourceDb");
            if (source !== undefined) return "read-replica";
            const engine = asString(r.get<aws.rds.InstanceArgs>("engine"));
            if (typeof engine === "string" && engineFamily(engine)?.startsWith("aurora")) return "aurora-member";
            return "instance";
        }
        default:
            return docdbNeptuneRedshiftRole(r.type);
    }
}

/** The engine family; UNKNOWN during preview when the engine is computed; undefined when unset or unrecognised. */
export function engineOf(r: ResourceUnderCheck): EngineFamily | Unknown | undefined {
    const engine = asString(r.get("engine"));
    if (engine === UNKNOWN) return UNKNOWN;
    return typeof engine === "string" ? engineFamily(engine) : undefined;
}

/**
 * The engine family a database runs, told by the first of: its own engine; a cluster instance's
 * cluster's; a read replica's source's; the family of the parameter groups in force (a group is made
 * for one engine family). UNKNOWN when its engine, or its source while nothing later tells, is not
 * known yet; undefined when nothing tells.
 */
export function engineFamilyOf(
    stack: StackUnderCheck,
    db: ResourceUnderCheck,
    related: { cluster?: ResourceUnderCheck; groups?: readonly ResourceUnderCheck[] } = {},
): EngineFamily | Unknown | undefined {
    const own = engineOf(db);
    if (own !== undefined) return own;
    if (related.cluster) {
        const engine = engineOf(related.cluster);
        if (engine !== undefined) return engine;
    }
    let sourceUnknown = false;
    if (db.get("replicateSourceDb") !== undefined) {
        const sources = stack.referencedBy(db, "replicateSourceDb", types.instance);
        if (sources === UNKNOWN) sourceUnknown = true;
        else
            for (const source of sources) {
                const engine = engineOf(source);
                if (engine !== undefined) return engine;
            }
    }
    for (const group of related.groups ?? []) {
        const family = asString(group.get("family"));
        if (typeof family === "string") return engineFamilyOfParameterGroupFamily(family);
    }
    return sourceUnknown ? UNKNOWN : undefined;
}

/** How the fix names the resource's class in Pulumi TypeScript. */
export function argsOf(r: ResourceUnderCheck): string {
    switch (r.type) {
        case types.cluster:
            return `the aws.rds.Cluster args of ${JSON.stringify(r.name)}`;
        case types.clusterInstance:
            return `the aws.rds.ClusterInstance args of ${JSON.stringify(r.name)}`;
        case types.instance:
            return `the aws.rds.Instance args of ${JSON.stringify(r.name)}`;
        default:
            return `the ${typeLabel(r.type)} args of ${JSON.stringify(r.name)}`;
    }
}
