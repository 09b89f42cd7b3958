// Config for DynamoDB, ElastiCache and MemoryDB in the resource policies: db-no-test-database,
// db-minor-upgrades, db-instance-class and db-multi-az, from the compliant key-value stack with one thing changed.
import { dbInstanceClass } from "../../../policies/config/db-instance-class";
import { dbMinorUpgrades } from "../../../policies/config/db-minor-upgrades";
import { dbMultiAz } from "../../../policies/config/db-multi-az";
import { dbLogRetention } from "../../../policies/config/db-log-retention";
import { dbNoTestDatabase } from "../../../policies/config/db-no-test-database";
import { compliantKvStack, elasticache, memorydb } from "../../fixtures/compliant-kv";
import { anyKind, cloudwatch, set, unset, without, withProps } from "../../fixtures/resources";
import { run, unknownSentinels } from "../helpers";

describe("db-no-test-database on key-value stores", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbNoTestDatabase, compliantKvStack())).toEqual([]);
    });

    it.each([
        ["orders-table", "name", "aws.dynamodb.Table"],
        ["sessions", "replicationGroupId", "aws.elasticache.ReplicationGroup"],
        ["catalog-cache", "clusterId", "aws.elasticache.Cluster"],
        ["feature-flags", "name", "aws.elasticache.ServerlessCache"],
        ["payments-kv", "name", "aws.memorydb.Cluster"],
    ])("flags %s named like a throwaway in %s", async (name, property, label) => {
        const findings = await run(dbNoTestDatabase, withProps(compliantKvStack(), anyKind, name, set({ [property]: "test-db" })));
        expect(findings.map((f) => f.message)).toEqual([
            `${label} "${name}": ${property} is "test-db"; wanted a name that is not a test or throwaway name (test, demo, example, sample, tmp, mydb). ` +
                `Fix: set \`${property}\` to a name that says what the database holds in the ${label} args of "${name}" (this replaces the database: do it before go-live).`,
        ]);
    });
});

describe("db-minor-upgrades on caches", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbMinorUpgrades, compliantKvStack())).toEqual([]);
    });

    it("flags minor upgrades switched off on a replication group, a MemoryDB cluster and (as a string) a cache cluster", async () => {
        let stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ autoMinorVersionUpgrade: false }));
        stack = withProps(stack, memorydb.cluster, "payments-kv", set({ autoMinorVersionUpgrade: false }));
        stack = withProps(stack, elasticache.cluster, "catalog-cache", set({ autoMinorVersionUpgrade: "false" }));
        const findings = await run(dbMinorUpgrades, stack);
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([
            ["sessions", "advisory"],
            ["catalog-cache", "advisory"],
            ["payments-kv", "advisory"],
        ]);
        expect(findings[1].message).toContain('Fix: set `autoMinorVersionUpgrade: "true"`');
    });

    it("flags a cache with no maintenance window", async () => {
        const findings = await run(dbMinorUpgrades, withProps(compliantKvStack(), memorydb.cluster, "payments-kv", unset("maintenanceWindow")));
        expect(findings[0].message).toContain("maintenanceWindow is unset; wanted a weekly window in UTC");
    });

    it("remediates autoMinorVersionUpgrade with the type each resource takes", async () => {
        let stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ autoMinorVersionUpgrade: false }));
        stack = withProps(stack, elasticache.cluster, "catalog-cache", set({ autoMinorVersionUpgrade: "false" }));
        const findings = await run(dbMinorUpgrades, stack, { config: { "db-minor-upgrades": "remediate" } });
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([
            ["sessions", "remediate"],
            ["catalog-cache", "remediate"],
        ]);
    });

    it("does not judge serverless caches (AWS upgrades them) or a group's node clusters", async () => {
        const node = elasticache.cluster("node", { clusterId: "node", replicationGroupId: "sessions", autoMinorVersionUpgrade: "false" });
        expect(await run(dbMinorUpgrades, [node])).toEqual([]);
    });

    it("reports an unknown window at preview as an advisory note", async () => {
        const findings = await run(dbMinorUpgrades, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ maintenanceWindow: unknownSentinels.string })), { preview: true });
        expect(findings.map((f) => f.message.includes("maintenanceWindow is not known during preview"))).toEqual([true]);
    });
});

describe("db-instance-class on caches", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbInstanceClass, compliantKvStack())).toEqual([]);
    });

    it("flags burstable node types, unless allowed by config", async () => {
        let stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ nodeType: "cache.t4g.medium" }));
        stack = withProps(stack, memorydb.cluster, "payments-kv", set({ nodeType: "db.t4g.small" }));
        const findings = await run(dbInstanceClass, stack);
        expect(findings.map((f) => f.resource)).toEqual(["sessions", "payments-kv"]);
        expect(findings[0].message).toContain('nodeType is "cache.t4g.medium"; wanted a fixed-performance node type');
        const allowed = await run(dbInstanceClass, stack, { config: { "db-instance-class": { allowedBurstableClasses: ["cache.t4g.medium"] } } });
        expect(allowed.map((f) => f.resource)).toEqual(["payments-kv"]);
    });
});

describe("db-multi-az on caches", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbMultiAz, compliantKvStack())).toEqual([]);
    });

    it("flags a replication group without automatic failover (CKV2_AWS_50) or Multi-AZ (cdk-nag AEC4), and with one node", async () => {
        const stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", unset("automaticFailoverEnabled", "multiAzEnabled", "numCacheClusters"));
        const findings = await run(dbMultiAz, stack);
        expect(findings.map((f) => [f.resource, f.enforcementLevel, f.message.split(";")[0]])).toEqual([
            ["sessions", "mandatory", 'aws.elasticache.ReplicationGroup "sessions": automaticFailoverEnabled is unset'],
            ["sessions", "mandatory", 'aws.elasticache.ReplicationGroup "sessions": multiAzEnabled is unset'],
            ["sessions", "mandatory", 'aws.elasticache.ReplicationGroup "sessions": numCacheClusters is unset'],
        ]);
        expect(findings[2].message).toContain("wanted at least 2, a primary and a replica (unset means 1)");
    });

    it("flags a cluster-mode group with no replicas per shard", async () => {
        const stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", (p) => ({ ...unset<typeof p>("numCacheClusters")(p), numNodeGroups: 3, replicasPerNodeGroup: 0 }));
        const findings = await run(dbMultiAz, stack);
        expect(findings.map((f) => f.message.split(";")[0])).toEqual(['aws.elasticache.ReplicationGroup "sessions": replicasPerNodeGroup is 0']);
    });

    it("flags a single-AZ Memcached cluster, a standalone Redis OSS cluster and a MemoryDB cluster with no replicas", async () => {
        let stack = withProps(compliantKvStack(), elasticache.cluster, "catalog-cache", (p) => ({ ...unset<typeof p>("azMode")(p), numCacheNodes: 1 }));
        stack = withProps(stack, memorydb.cluster, "payments-kv", set({ numReplicasPerShard: 0 }));
        const redis = elasticache.cluster("redis", { clusterId: "redis", engine: "redis", numCacheNodes: 1 });
        const findings = await run(dbMultiAz, [...stack, redis]);
        expect(findings.map((f) => [f.resource, f.message.split(";")[0]])).toEqual([
            ["catalog-cache", 'aws.elasticache.Cluster "catalog-cache": azMode is unset'],
            ["catalog-cache", 'aws.elasticache.Cluster "catalog-cache": numCacheNodes is 1'],
            ["redis", 'aws.elasticache.Cluster "redis": engine is "redis"'],
            ["payments-kv", 'aws.memorydb.Cluster "payments-kv": numReplicasPerShard is 0'],
        ]);
    });

    it("reports unknown failover settings at preview as advisory notes", async () => {
        const findings = await run(dbMultiAz, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ multiAzEnabled: unknownSentinels.boolean })), { preview: true });
        expect(findings).toEqual([expect.objectContaining({ enforcementLevel: "advisory", resource: "sessions" })]);
    });
});

describe("db-log-retention on ElastiCache log delivery", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbLogRetention, compliantKvStack())).toEqual([]);
    });

    it("flags a delivery log group that never expires, and notes one outside the stack", async () => {
        const findings = await run(dbLogRetention, withProps(compliantKvStack(), cloudwatch.logGroup, "sessions-slow-logs", unset("retentionInDays")));
        expect(findings.map((f) => [f.resource, f.message.split(";")[0]])).toEqual([["sessions-slow-logs", 'aws.cloudwatch.LogGroup "sessions-slow-logs": retentionInDays is unset']]);
        const elsewhere = await run(dbLogRetention, without(compliantKvStack(), "sessions-engine-logs"));
        expect(elsewhere).toEqual([expect.objectContaining({ resource: "sessions", enforcementLevel: "advisory" })]);
        expect(elsewhere[0].message).toContain('delivers to the log group "/aws/elasticache/sessions/engine", which is not in this stack');
    });
});
