// The whole pack on DynamoDB, ElastiCache and MemoryDB: the compliant key-value stack (alone and
// beside the compliant RDS stack) passes every policy, and a careless store of each type, written
// the way a hurried program would, is caught in every checklist area where its engine has the concept.
import type { ResourceInput } from "../../policies/evaluate";
import { evaluate } from "../../policies/evaluate";
import { compliantKvStack, dynamodb, elasticache, memorydb } from "../fixtures/compliant-kv";
import { compliantStack } from "../fixtures/compliant-stack";

const policiesOn = async (resources: ResourceInput[], name: string) => [...new Set((await evaluate(resources)).filter((f) => f.resource === name).map((f) => f.policy))].sort();

describe("the pack on key-value stores", () => {
    it("finds nothing wrong with the compliant key-value stack, alone or beside the RDS one", async () => {
        expect(await evaluate(compliantKvStack())).toEqual([]);
        expect(await evaluate([...compliantStack(), ...compliantKvStack()])).toEqual([]);
    });

    it("flags a careless DynamoDB table", async () => {
        const table = dynamodb.table("careless", { name: "test", hashKey: "pk", readCapacity: 5, writeCapacity: 5 });
        expect(await policiesOn([table], "careless")).toEqual([
            "db-alarms",
            "db-backup-plan",
            "db-backup-retention",
            "db-customer-managed-key",
            "db-deletion-protection",
            "db-drills-recent",
            "db-dynamodb-autoscaling",
            "db-no-test-database",
            "db-ownership",
            "db-restore-tested",
            "db-runbook",
        ]);
    });

    it("flags a careless Redis OSS replication group without printing its AUTH token", async () => {
        const group = elasticache.replicationGroup("careless", { description: "x", nodeType: "cache.t3.micro", authToken: "hunter2hunter2hunter2" });
        const findings = await evaluate([group]);
        expect([...new Set(findings.map((f) => f.policy))].sort()).toEqual([
            "db-alarms",
            "db-audit-logging",
            "db-backup-retention",
            "db-customer-managed-key",
            "db-drills-recent",
            "db-event-notifications",
            "db-final-snapshot",
            "db-instance-class",
            "db-managed-credentials",
            "db-minor-upgrades",
            "db-multi-az",
            "db-network-restricted",
            "db-no-public-access",
            "db-ownership",
            "db-runbook",
            "db-storage-encrypted",
            "db-tls-enforced",
        ]);
        expect(findings.map((f) => f.message).join("\n")).not.toContain("hunter2");
    });

    it("flags a careless standalone Redis OSS cluster, Memcached cluster, serverless cache and MemoryDB cluster", async () => {
        const redis = elasticache.cluster("redis", { clusterId: "redis", engine: "redis", nodeType: "cache.m7g.large", numCacheNodes: 1 });
        const memcached = elasticache.cluster("memcached", { clusterId: "memcached", engine: "memcached", nodeType: "cache.m7g.large", numCacheNodes: 1 });
        const serverless = elasticache.serverlessCache("serverless", { name: "serverless", engine: "valkey" });
        const memory = memorydb.cluster("memorydb", { name: "memorydb", aclName: "open-access", nodeType: "db.r7g.large", tlsEnabled: false, numReplicasPerShard: 0 });
        const stack = [redis, memcached, serverless, memory];
        expect(await policiesOn(stack, "redis")).toEqual(expect.arrayContaining(["db-backup-retention", "db-cache-auth", "db-multi-az", "db-storage-encrypted", "db-tls-enforced"]));
        expect(await policiesOn(stack, "memcached")).toEqual(expect.arrayContaining(["db-multi-az", "db-tls-enforced", "db-no-public-access", "db-network-restricted"]));
        expect(await policiesOn(stack, "memcached")).not.toContain("db-backup-retention");
        expect(await policiesOn(stack, "serverless")).toEqual(
            expect.arrayContaining(["db-backup-retention", "db-cache-auth", "db-customer-managed-key", "db-no-public-access", "db-network-restricted", "db-alarms"]),
        );
        expect(await policiesOn(stack, "memorydb")).toEqual(
            expect.arrayContaining(["db-backup-retention", "db-cache-auth", "db-tls-enforced", "db-multi-az", "db-final-snapshot", "db-event-notifications"]),
        );
    });
});
