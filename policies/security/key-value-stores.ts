// The security checklist for DynamoDB tables, ElastiCache and MemoryDB: encryption at rest, a
// customer managed key, placement in the team's own subnets. Called by db-storage-encrypted,
// db-customer-managed-key and db-no-public-access for these types.
import type * as aws from "@pulumi/aws";
import { isAwsManagedKeyAlias } from "../../aws-facts/encryption";
import { cacheLogTypes, elasticacheDefaults, isRedisLike, standaloneRedisClusterLimits, transitEncryptionPreferredMode } from "../../aws-facts/elasticache";
import { defaultVpcPlacement } from "../../aws-facts/network";
import { types } from "../../aws-facts/resource-types";
import { ResourceReport, StackReport } from "../lib/define";
import { cacheEngineOf, joinsGlobalDatastore, keyValueRole } from "../lib/key-value-stores";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asBoolean, asString, asStringList, indexedObjects, isInvalid } from "../lib/values";
import { argsOf } from "../lib/databases";

/** Types whose at-rest encryption can be off: node-based ElastiCache (serverless, MemoryDB and DynamoDB always encrypt). */
export const encryptionOptionalStoreTypes = [types.elasticacheReplicationGroup, types.elasticacheCluster] as const;

export function checkStoreEncryptedAtRest(db: ResourceUnderCheck, report: ResourceReport): void {
    const role = keyValueRole(db);
    if ((role !== "replication-group" && role !== "cache-cluster") || joinsGlobalDatastore(db)) return;
    const engine = cacheEngineOf(db);
    if (engine === UNKNOWN) return report.unknown("engine");
    if (role === "cache-cluster") {
        // Memcached holds nothing at rest; a standalone Redis OSS cluster cannot be encrypted at all.
        if (engine === undefined || !isRedisLike(engine)) return;
        return report.violation({
            property: "engine",
            seen: db.get("engine"),
            wanted: `an encrypted store: a standalone ${engine} aws.elasticache.Cluster cannot encrypt data at rest (${standaloneRedisClusterLimits})`,
            fix: `replace the aws.elasticache.Cluster ${JSON.stringify(db.name)} with an aws.elasticache.ReplicationGroup with \`atRestEncryptionEnabled: true\`.`,
        });
    }
    const raw = db.get<aws.elasticache.ReplicationGroupArgs>("atRestEncryptionEnabled");
    const value = asBoolean(raw);
    if (value === UNKNOWN) return report.unknown("atRestEncryptionEnabled");
    const byDefault = engine === "valkey" ? elasticacheDefaults.atRestEncryptionEnabled.valkey : elasticacheDefaults.atRestEncryptionEnabled.redis;
    if (value === true || (value === undefined && byDefault)) return;
    report.violation({
        property: "atRestEncryptionEnabled",
        seen: raw,
        wanted: `true${value === undefined ? ` (unset means ${byDefault} for ${engine ?? "redis"})` : ""}`,
        fix: `set \`atRestEncryptionEnabled: true\` (and \`kmsKeyId\` for a customer managed key) in ${argsOf(db)} (this replaces the replication group: restore it from a snapshot).`,
    });
}

/** Where each store names its KMS key. */
export const keyProperty: Record<string, string> = {
    [types.dynamodbTable]: "serverSideEncryption.kmsKeyArn",
    [types.elasticacheReplicationGroup]: "kmsKeyId",
    [types.elasticacheServerlessCache]: "kmsKeyId",
    [types.memorydbCluster]: "kmsKeyArn",
};
export const customerKeyStoreTypes = Object.keys(keyProperty);

export function checkStoreCustomerManagedKey(db: ResourceUnderCheck, report: ResourceReport): void {
    const property = keyProperty[db.type];
    if (property === undefined) return;
    if (db.type === types.dynamodbTable) {
        // The key ARN counts only with server-side encryption "enabled" (otherwise an AWS owned key is used).
        const rawEnabled = db.get<aws.dynamodb.TableArgs>("serverSideEncryption.enabled");
        const enabled = asBoolean(rawEnabled);
        if (enabled === UNKNOWN) return report.unknown("serverSideEncryption.enabled");
        if (enabled !== true) {
            return report.violation({
                property: "serverSideEncryption",
                seen: db.get("serverSideEncryption"),
                wanted: "{ enabled: true, kmsKeyArn: <a customer managed key> } (unset or enabled false means an AWS owned key the team cannot control or audit)",
                fix: `set \`serverSideEncryption: { enabled: true, kmsKeyArn: tableKey.arn }\` (an aws.kms.Key with \`enableKeyRotation: true\`) in ${argsOf(db)}.`,
            });
        }
    }
    const raw = db.get(property);
    const key = asString(raw);
    if (key === UNKNOWN) return report.unknown(property);
    if (typeof key === "string" && key.trim() !== "" && !isAwsManagedKeyAlias(key)) return;
    const example = db.type === types.dynamodbTable ? "serverSideEncryption: { enabled: true, kmsKeyArn: key.arn }" : `${property}: key.arn`;
    report.violation({
        property,
        seen: raw,
        wanted: "the ARN of a customer managed KMS key (unset, or an alias/aws/ alias, means a key AWS owns or manages)",
        fix: `set \`${example}\` (an aws.kms.Key with \`enableKeyRotation: true\`) in ${argsOf(db)}.`,
    });
}

/** Where each cache names its subnets: ElastiCache and MemoryDB subnet groups, serverless subnet IDs. */
export const placedStoreTypes = [types.elasticacheReplicationGroup, types.elasticacheCluster, types.elasticacheServerlessCache, types.memorydbCluster] as const;

/** The subnet group AWS falls back to: the default VPC's subnets. */
const defaultSubnetGroupName = "default";

export function checkStorePlacement(db: ResourceUnderCheck, report: ResourceReport): void {
    const role = keyValueRole(db);
    if (role === undefined || role === "dynamodb-table" || role === "replication-group-node") return;
    if (role === "serverless-cache") {
        const raw = db.get<aws.elasticache.ServerlessCacheArgs>("subnetIds");
        const ids = asStringList(raw);
        if (ids === UNKNOWN) return report.unknown("subnetIds");
        if (Array.isArray(ids) && ids.length > 0) return;
        return report.violation({
            property: "subnetIds",
            seen: raw,
            wanted: `private subnets of the team's VPC (unset places the cache's endpoints in ${defaultVpcPlacement})`,
            fix: `set \`subnetIds: [privateSubnetA.id, privateSubnetB.id]\` in ${argsOf(db)}.`,
        });
    }
    const raw = db.get<aws.elasticache.ReplicationGroupArgs>("subnetGroupName");
    const name = asString(raw);
    if (name === UNKNOWN) return report.unknown("subnetGroupName");
    if (typeof name === "string" && name.trim() !== "" && name.trim().toLowerCase() !== defaultSubnetGroupName) return;
    const groupType = db.type === types.memorydbCluster ? "aws.memorydb.SubnetGroup" : "aws.elasticache.SubnetGroup";
    report.violation({
        property: "subnetGroupName",
        seen: isInvalid(name) ? raw : name,
        wanted: `a ${groupType} of private subnets (unset or "default" places the cache in ${defaultVpcPlacement})`,
        fix: `set \`subnetGroupName\` to an ${groupType} of private subnets in ${argsOf(db)}.`,
    });
}

/**
 * Encryption in transit, required (not merely offered). Replication groups: transitEncryptionEnabled
 * true and transitEncryptionMode not "preferred" (which still accepts plaintext clients; unset with
 * encryption on means "required"). Memcached clusters: transitEncryptionEnabled. MemoryDB: tlsEnabled
 * not false. A standalone Redis OSS cluster has no TLS. DynamoDB (HTTPS API) and serverless caches
 * always encrypt in transit.
 */
export function checkStoreTls(db: ResourceUnderCheck, report: ResourceReport): void {
    const role = keyValueRole(db);
    const args = argsOf(db);
    if (role === "memorydb-cluster") {
        const raw = db.get<aws.memorydb.ClusterArgs>("tlsEnabled");
        const value = asBoolean(raw);
        if (value === UNKNOWN) return report.unknown("tlsEnabled");
        if (value === undefined || value === true) return;
        return report.violation({ property: "tlsEnabled", seen: raw, wanted: "true (the default)", fix: `remove \`tlsEnabled\` or set \`tlsEnabled: true\` in ${args}.` });
    }
    if (role !== "replication-group" && role !== "cache-cluster") return;
    if (joinsGlobalDatastore(db)) return;
    if (role === "cache-cluster") {
        const engine = cacheEngineOf(db);
        if (engine === UNKNOWN) return report.unknown("engine");
        if (engine === undefined) return;
        if (engine !== "memcached") {
            return report.violation({
                property: "engine",
                seen: db.get("engine"),
                wanted: `a cache that encrypts connections: a standalone ${engine} aws.elasticache.Cluster has no in-transit encryption (${standaloneRedisClusterLimits})`,
                fix: `replace the aws.elasticache.Cluster ${JSON.stringify(db.name)} with an aws.elasticache.ReplicationGroup with \`transitEncryptionEnabled: true\`.`,
            });
        }
    }
    const raw = db.get<aws.elasticache.ReplicationGroupArgs>("transitEncryptionEnabled");
    const enabled = asBoolean(raw);
    if (enabled === UNKNOWN) return report.unknown("transitEncryptionEnabled");
    if (enabled !== true) {
        return report.violation({
            property: "transitEncryptionEnabled",
            seen: raw,
            wanted: `true${raw === undefined ? ` (unset means ${elasticacheDefaults.transitEncryptionEnabled})` : ""}`,
            fix:
                `set \`transitEncryptionEnabled: true\`${role === "replication-group" ? ' and `transitEncryptionMode: "required"`' : ""} in ${args}` +
                (role === "replication-group" ? " (engine versions before 7.0.5 replace the group: restore it from a snapshot)." : " (this replaces the cluster)."),
        });
    }
    if (role !== "replication-group") return;
    const rawMode = db.get<aws.elasticache.ReplicationGroupArgs>("transitEncryptionMode");
    const mode = asString(rawMode);
    if (mode === UNKNOWN) return report.unknown("transitEncryptionMode");
    if (typeof mode !== "string" || mode.trim().toLowerCase() !== transitEncryptionPreferredMode) return;
    report.violation({
        property: "transitEncryptionMode",
        seen: rawMode,
        wanted: `"${elasticacheDefaults.transitEncryptionModeWhenEnabled}" ("${transitEncryptionPreferredMode}" still accepts unencrypted connections; it is a migration step)`,
        fix: `once every client connects with TLS, set \`transitEncryptionMode: "required"\` in ${args}.`,
    });
}

/** Where each cache names its security groups. */
export const securityGroupStoreTypes = placedStoreTypes;

/**
 * The KMS keys of the stack a store is encrypted with: linked through the property's dependencies
 * or named by value (DynamoDB names its key inside serverSideEncryption). UNKNOWN when not known yet.
 */
export function storeKeys(stack: StackUnderCheck, db: ResourceUnderCheck): readonly ResourceUnderCheck[] | typeof UNKNOWN {
    const property = keyProperty[db.type];
    if (property === undefined || db.get(property) === undefined) return [];
    const topLevel = property.split(".")[0];
    const linked = stack.referencedBy(db, topLevel, types.kmsKey);
    const byValue = stack.referencedBy({ ...db, propertyDependencies: {} }, property, types.kmsKey);
    if (linked === UNKNOWN && byValue === UNKNOWN) return UNKNOWN;
    return [...new Set([...(linked === UNKNOWN ? [] : linked), ...(byValue === UNKNOWN ? [] : byValue)])];
}

/** The subnet groups of the stack a node-based cache or MemoryDB cluster is placed in (its own unset name is db-no-public-access's concern). */
export function cacheSubnetGroups(stack: StackUnderCheck, db: ResourceUnderCheck, report: StackReport): readonly ResourceUnderCheck[] {
    const role = keyValueRole(db);
    if (role !== "replication-group" && role !== "cache-cluster" && role !== "memorydb-cluster") return [];
    if (db.get("subnetGroupName") === undefined) return [];
    const groups = stack.referencedBy(db, "subnetGroupName", db.type === types.memorydbCluster ? types.memorydbSubnetGroup : types.elasticacheSubnetGroup);
    if (groups === UNKNOWN) {
        report.unknown(db, "subnetGroupName");
        return [];
    }
    return groups;
}

/** The subnets of the stack a serverless cache names directly. */
export function serverlessCacheSubnets(stack: StackUnderCheck, db: ResourceUnderCheck, report: StackReport): readonly ResourceUnderCheck[] {
    if (db.type !== types.elasticacheServerlessCache || db.get("subnetIds") === undefined) return [];
    const subnets = stack.referencedBy(db, "subnetIds", types.subnet);
    if (subnets === UNKNOWN) {
        report.unknown(db, "subnetIds");
        return [];
    }
    return subnets;
}

/** Node-based Redis OSS and Valkey caches deliver their engine and slow logs. */
export const loggingStoreTypes = [types.elasticacheReplicationGroup, types.elasticacheCluster] as const;
export const defaultCacheLogTypes = cacheLogTypes;

export function checkStoreLogDelivery(db: ResourceUnderCheck, required: readonly string[], report: ResourceReport): void {
    const role = keyValueRole(db);
    if ((role !== "replication-group" && role !== "cache-cluster") || required.length === 0) return;
    const engine = cacheEngineOf(db);
    if (engine === UNKNOWN) return report.unknown("engine");
    if (engine === undefined || !isRedisLike(engine)) return;
    const raw = db.get<aws.elasticache.ReplicationGroupArgs>("logDeliveryConfigurations");
    const have = new Set<string>();
    for (const [i, entry] of indexedObjects(raw).objects) {
        if (entry === UNKNOWN) return report.unknown(`logDeliveryConfigurations[${i}]`);
        const type = asString(entry.logType);
        const destination = asString(entry.destination);
        if (type === UNKNOWN) return report.unknown(`logDeliveryConfigurations[${i}].logType`);
        // A destination unknown at preview is a log group or stream created with the stack: it is set.
        if (typeof type === "string" && (destination === UNKNOWN || (typeof destination === "string" && destination.trim() !== ""))) have.add(type.trim());
    }
    const missing = required.filter((t) => !have.has(t));
    if (missing.length === 0) return;
    report.violation({
        property: "logDeliveryConfigurations",
        seen: raw === undefined ? undefined : [...have],
        wanted: `delivery of ${required.map((t) => JSON.stringify(t)).join(", ")} to CloudWatch Logs or Kinesis Data Firehose (missing ${missing.join(", ")}${raw === undefined ? "; unset means no logs leave the nodes" : ""})`,
        fix:
            `add \`{ logType: "${missing[0]}", destinationType: "cloudwatch-logs", destination: logGroup.name, logFormat: "json" }\`` +
            `${missing.length > 1 ? " (and the same for " + missing.slice(1).join(", ") + ")" : ""} to \`logDeliveryConfigurations\` in ${argsOf(db)}.`,
    });
}
