// What kind of database a resource is, which decides which checklist settings it owns: a
// standalone instance owns everything; a read replica inherits backups and encryption from its
// source; an Aurora cluster owns backups, encryption, deletion protection, snapshots, TLS and
// logs; a cluster instance owns only instance settings.
import type * as aws from "@pulumi/aws";
import { EngineFamily, engineFamily } from "../../aws-facts/knowledge";
import { typeLabel, types } from "../../aws-facts/resource-types";
import { ResourceUnderCheck } from "./resource";
import { UNKNOWN, Unknown, asString } from "./values";
import { docdbNeptuneRedshiftRole } from "../engines/types";

export type DatabaseRole = "instance" | "read-replica" | "aurora-member" | "cluster" | "cluster-instance";

export const databaseTypes = [types.instance, types.cluster, types.clusterInstance] as const;
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
