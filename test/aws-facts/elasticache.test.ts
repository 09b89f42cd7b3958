import { cacheEngine, elasticacheDefaults, isBurstableNodeType, isDisabledAccessString, isRedisLike, memorydbDefaults, memorydbOpenAccessAcl } from "../../aws-facts/elasticache";

describe("ElastiCache and MemoryDB facts", () => {
    it("recognises the three engines, case-insensitively, and nothing else", () => {
        expect(["redis", "Valkey", " MEMCACHED "].map(cacheEngine)).toEqual(["redis", "valkey", "memcached"]);
        expect(cacheEngine("mysql")).toBeUndefined();
        expect(["redis", "valkey", "memcached"].map((e) => isRedisLike(cacheEngine(e)!))).toEqual([true, true, false]);
    });

    it("writes down the API defaults the policies pass or fail unset values on", () => {
        expect(elasticacheDefaults.atRestEncryptionEnabled).toEqual({ redis: false, valkey: true });
        expect(elasticacheDefaults.transitEncryptionEnabled).toBe(false);
        expect(elasticacheDefaults.snapshotRetentionLimit).toBe(0);
        expect(elasticacheDefaults.replicationGroupEngine).toBe("redis");
        expect(memorydbDefaults).toMatchObject({ tlsEnabled: true, snapshotRetentionLimit: 0, numReplicasPerShard: 1 });
        expect(memorydbOpenAccessAcl).toBe("open-access");
    });

    it("tells burstable node types and disabled users", () => {
        expect(["cache.t4g.micro", "cache.t3.medium", "db.t4g.small", "cache.r7g.large", "db.r7g.xlarge"].map(isBurstableNodeType)).toEqual([true, true, true, false, false]);
        expect(["off -@all", " OFF ~* +@all", "on ~* +@all", "offline-user"].map(isDisabledAccessString)).toEqual([true, true, false, false]);
    });
});
