// What kind of key-value or cache store a resource is (DynamoDB table, ElastiCache replication
// group / cache cluster / serverless cache, MemoryDB cluster), which decides which checklist settings
// it owns: a cache cluster that joins a replication group (replicationGroupId set) is one of the
// group's nodes and takes everything from the group, the way an Aurora member takes its cluster's.
import type * as aws from "@pulumi/aws";
import { CacheEngine, cacheEngine, elasticacheDefaults } from "../../aws-facts/elasticache";
import { types } from "../../aws-facts/resource-types";
import { ResourceReport, StackReport } from "./define";
import { ResourceUnderCheck } from "./resource";
import { UNKNOWN, Unknown, asString } from "./values";

export type KeyValueRole = "dynamodb-table" | "replication-group" | "cache-cluster" | "replication-group-node" | "serverless-cache" | "memorydb-cluster";

export const keyValueStoreTypes = [types.dynamodbTable, types.elasticacheReplicationGroup, types.elasticacheCluster, types.elasticacheServerlessCache, types.memorydbCluster] as const;

/** The ElastiCache and MemoryDB types (everything but DynamoDB): VPC-placed caches. */
export const cacheTypes = [types.elasticacheReplicationGroup, types.elasticacheCluster, types.elasticacheServerlessCache, types.memorydbCluster] as const;

const kvTypeSet = new Set<string>(keyValueStoreTypes);

export function isKeyValueStore(r: { type: string }): boolean {
    return kvTypeSet.has(r.type);
}

export function keyValueRole(r: ResourceUnderCheck): KeyValueRole | undefined {
    switch (r.type) {
        case types.dynamodbTable:
            return "dynamodb-table";
        case types.elasticacheReplicationGroup:
            return "replication-group";
        case types.elasticacheCluster:
            return r.get<aws.elasticache.ClusterArgs>("replicationGroupId") === undefined ? "cache-cluster" : "replication-group-node";
        case types.elasticacheServerlessCache:
            return "serverless-cache";
        case types.memorydbCluster:
            return "memorydb-cluster";
        default:
            return undefined;
    }
}

/**
 * The cache engine, with the API default where the engine may be omitted (a replication group
 * runs Redis OSS unless told otherwise; a MemoryDB cluster runs Redis OSS or Valkey, both judged
 * alike). UNKNOWN at preview when computed; undefined when unset where it is required, or unknown.
 */
export function cacheEngineOf(r: ResourceUnderCheck): CacheEngine | Unknown | undefined {
    const engine = asString(r.get<aws.elasticache.ClusterArgs>("engine"));
    if (engine === UNKNOWN) return UNKNOWN;
    if (typeof engine === "string") return cacheEngine(engine);
    if (engine !== undefined) return undefined;
    if (r.type === types.elasticacheReplicationGroup) return elasticacheDefaults.replicationGroupEngine;
    if (r.type === types.memorydbCluster) return "redis";
    return undefined;
}

/** The name AWS knows the store by, as written (DynamoDB/serverless/MemoryDB `name`, replicationGroupId, clusterId). */
export const identifierPropertyOf: Record<string, string> = {
    [types.dynamodbTable]: "name",
    [types.elasticacheReplicationGroup]: "replicationGroupId",
    [types.elasticacheCluster]: "clusterId",
    [types.elasticacheServerlessCache]: "name",
    [types.memorydbCluster]: "name",
};

/** The store's identifier, lowercase for ElastiCache (which stores ids lowercase); UNKNOWN at preview; undefined when unset. */
export function storeIdentifierOf(r: ResourceUnderCheck): string | Unknown | undefined {
    const property = identifierPropertyOf[r.type];
    if (property === undefined) return undefined;
    const id = asString(r.get(property));
    if (id === UNKNOWN) return UNKNOWN;
    if (typeof id !== "string" || id.trim() === "") return undefined;
    return r.type === types.dynamodbTable ? id.trim() : id.trim().toLowerCase();
}

/** A stack policy's report narrowed to one resource, so a per-resource check serves a stack policy too. */
export function reportOn(report: StackReport, r: ResourceUnderCheck): ResourceReport {
    return {
        violation: (v) => report.violation(r, v),
        unknown: (property) => report.unknown(r, property),
        note: (message) => report.note(r, message),
    };
}

/**
 * A replication group that joins a global datastore as a secondary (globalReplicationGroupId set)
 * takes its at-rest and in-transit encryption and its AUTH setting from the global datastore's
 * primary; ElastiCache refuses them on the secondary.
 */
export function joinsGlobalDatastore(r: ResourceUnderCheck): boolean {
    return r.type === types.elasticacheReplicationGroup && r.get<aws.elasticache.ReplicationGroupArgs>("globalReplicationGroupId") !== undefined;
}
