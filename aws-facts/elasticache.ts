// Amazon ElastiCache (Redis OSS, Valkey, Memcached) and Amazon MemoryDB facts the pack judges
// caches by, written once. Sources: ElastiCache API Reference (CreateReplicationGroup,
// CreateCacheCluster, CreateServerlessCache: defaults of AtRestEncryptionEnabled,
// TransitEncryptionEnabled/Mode, SnapshotRetentionLimit, AutomaticFailoverEnabled, MultiAZEnabled,
// AutoMinorVersionUpgrade, AZMode), ElastiCache User Guide ("At-rest encryption", "In-transit
// encryption", "Authenticating with the Valkey and Redis OSS AUTH command", "Role-Based Access
// Control", "Monitoring use with CloudWatch metrics", "Event notifications"), MemoryDB Developer
// Guide ("Authenticating users with ACLs": the open-access ACL; "Data security": always encrypted at
// rest), and the @pulumi/aws v7 docs of aws.elasticache.* and aws.memorydb.Cluster.

export type CacheEngine = "redis" | "valkey" | "memcached";

/** The engine of an engine value, case-insensitively; undefined for one ElastiCache does not know. */
export function cacheEngine(engine: string): CacheEngine | undefined {
    const e = engine.trim().toLowerCase();
    return e === "redis" || e === "valkey" || e === "memcached" ? e : undefined;
}

/** Redis OSS and Valkey keep data (snapshots, replicas, AUTH, TLS on node-based clusters); Memcached is a pure cache. */
export function isRedisLike(engine: CacheEngine): boolean {
    return engine === "redis" || engine === "valkey";
}

/** What ElastiCache does when a property is not set. */
export const elasticacheDefaults = {
    /** aws.elasticache.ReplicationGroup engine: redis. */
    replicationGroupEngine: "redis" as CacheEngine,
    /** AtRestEncryptionEnabled: false for Redis OSS, true for Valkey (replication groups). */
    atRestEncryptionEnabled: { redis: false, valkey: true } as Record<"redis" | "valkey", boolean>,
    transitEncryptionEnabled: false,
    /** TransitEncryptionMode when transit encryption is on and no mode is given: required. */
    transitEncryptionModeWhenEnabled: "required",
    /** SnapshotRetentionLimit: 0, automatic backups off (replication groups, cache clusters). */
    snapshotRetentionLimit: 0,
    automaticFailoverEnabled: false,
    multiAzEnabled: false,
    numCacheClusters: 1,
    autoMinorVersionUpgrade: true,
    /** AZMode of a Memcached cluster. */
    azMode: "single-az",
} as const;

/** Automatic snapshots ElastiCache and MemoryDB keep, in days. */
export const snapshotRetentionRange = { min: 0, max: 35 } as const;

/**
 * Serverless caches (every engine) are always encrypted at rest and in transit, and spread over
 * several Availability Zones: none of those can be turned off.
 */
export const serverlessCacheAlwaysOn = { encryptionAtRest: true, encryptionInTransit: true, multiAz: true } as const;

/**
 * A node-based Memcached cluster holds nothing at rest (no persistence, no snapshots) and has no
 * at-rest encryption; a standalone Redis OSS aws.elasticache.Cluster (no replication group) cannot
 * turn on at-rest or in-transit encryption, AUTH or failover: those need a replication group.
 */
export const standaloneRedisClusterLimits = "at-rest and in-transit encryption, AUTH and automatic failover need an aws.elasticache.ReplicationGroup";

/** The transit encryption mode that still accepts unencrypted connections (a migration step). */
export const transitEncryptionPreferredMode = "preferred";

/** The AWS built-in ElastiCache user every account has: user name "default", no password, full access. */
export const builtInDefaultUserId = "default";

/**
 * Log delivery (Redis OSS 6.0+ and Valkey node-based caches, to CloudWatch Logs or Firehose): the
 * engine log (connections, authentication failures, failovers) and the slow log. Memcached,
 * serverless caches and MemoryDB deliver no logs.
 */
export const cacheLogTypes = ["engine-log", "slow-log"] as const;

/** Users whose access string starts with "off" are disabled and cannot log in, whatever their authentication. */
export function isDisabledAccessString(accessString: string): boolean {
    return /^\s*off(\s|$)/i.test(accessString);
}

/** ElastiCache burstable node types (cache.t2/t3/t4g...): throttled when CPU credits run out. */
export function isBurstableNodeType(nodeType: string): boolean {
    return /^(cache|db)\.t\d/.test(nodeType.trim().toLowerCase());
}

/** What MemoryDB does when a property is not set. */
export const memorydbDefaults = {
    tlsEnabled: true,
    snapshotRetentionLimit: 0,
    /** Replicas per shard: 1 (two nodes per shard, in different AZs). */
    numReplicasPerShard: 1,
    autoMinorVersionUpgrade: true,
    /** MemoryDB always encrypts data at rest (AWS owned key unless kmsKeyArn is set). */
    alwaysEncryptedAtRest: true,
} as const;

/** The MemoryDB ACL that lets every connection in without a password (only allowed with TLS off). */
export const memorydbOpenAccessAcl = "open-access";

/**
 * CloudWatch metrics per kind of cache. Each requirement is met by an alarm on any one of its
 * metrics. Node-based ElastiCache publishes by CacheClusterId (a replication group's nodes are
 * `<group>-001`, `<group>-002`..., or `<group>-0001-001` with cluster mode on); serverless caches by
 * clusterId (the cache name); MemoryDB by ClusterName.
 */
export const cacheMetrics = {
    elasticache: {
        namespace: "AWS/ElastiCache",
        nodeDimension: "CacheClusterId",
        serverlessDimension: "clusterId",
        redis: [["EngineCPUUtilization", "CPUUtilization"], ["DatabaseMemoryUsagePercentage", "FreeableMemory"], ["Evictions"], ["CurrConnections"]] as readonly (readonly string[])[],
        memcached: [["CPUUtilization"], ["FreeableMemory"], ["Evictions"], ["CurrConnections"]] as readonly (readonly string[])[],
        /** Replicas only: seconds a replica is behind its primary. */
        replicationLag: "ReplicationLag",
        serverless: [["ThrottledCmds"], ["BytesUsedForCache"], ["ElastiCacheProcessingUnits"]] as readonly (readonly string[])[],
    },
    memorydb: {
        namespace: "AWS/MemoryDB",
        dimension: "ClusterName",
        required: [["EngineCPUUtilization", "CPUUtilization"], ["DatabaseMemoryUsagePercentage", "FreeableMemory"], ["CurrConnections"]] as readonly (readonly string[])[],
    },
} as const;
