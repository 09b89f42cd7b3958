// Monitoring of DynamoDB, ElastiCache and MemoryDB: db-alarms (per-engine metrics) and
// db-event-notifications (the caches' SNS topics), from the compliant key-value stack with one thing changed.
import { dbAlarms } from "../../../policies/monitoring/db-alarms";
import { dbEventNotifications } from "../../../policies/monitoring/db-event-notifications";
import { alarmsOn, compliantKvStack, dynamodb, elasticache, memorydb } from "../../fixtures/compliant-kv";
import { cloudwatch, set, unset, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-alarms on key-value stores", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbAlarms, compliantKvStack())).toEqual([]);
    });

    it("flags a DynamoDB table with no alarm on system errors", async () => {
        const findings = await run(dbAlarms, without(compliantKvStack(), "orders-table-SystemErrors"));
        expect(findings.map((f) => [f.resource, f.enforcementLevel, f.message])).toEqual([
            [
                "orders-table",
                "mandatory",
                'aws.dynamodb.Table "orders-table": metrics with no alarm that notifies is ["SystemErrors"]; wanted an aws.cloudwatch.MetricAlarm with alarmActions on each of ' +
                    'ThrottledRequests or ReadThrottleEvents or WriteThrottleEvents, SystemErrors (namespace "AWS/DynamoDB", dimension TableName = table.name). ' +
                    'Fix: for each metric listed, add an aws.cloudwatch.MetricAlarm with `namespace: "AWS/DynamoDB"`, `metricName`, `dimensions: { TableName: table.name }`, a threshold and `alarmActions: [alerts.arn]` (an SNS topic someone is subscribed to).',
            ],
        ]);
    });

    it("flags a replication group with no replication lag alarm, and a silent memory alarm", async () => {
        let stack = without(compliantKvStack(), "sessions-002-ReplicationLag");
        stack = withProps(stack, cloudwatch.metricAlarm, "sessions-001-DatabaseMemoryUsagePercentage", unset("alarmActions"));
        const findings = await run(dbAlarms, stack);
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toContain('metrics with no alarm that notifies is ["DatabaseMemoryUsagePercentage or FreeableMemory","ReplicationLag"]');
        expect(findings[0].message).toContain('aws.cloudwatch.MetricAlarm "sessions-001-DatabaseMemoryUsagePercentage" has no alarmActions');
    });

    it("finds a cluster-mode group's alarms on its shard nodes (<group>-0002-001)", async () => {
        let stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", (p) => ({
            ...unset<typeof p>("numCacheClusters", "memberClusters")(p),
            numNodeGroups: 2,
            replicasPerNodeGroup: 1,
        }));
        stack = without(stack, ...["EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions", "CurrConnections"].map((m) => `sessions-001-${m}`), "sessions-002-ReplicationLag");
        const alarms = [
            ...alarmsOn("shard", "AWS/ElastiCache", "CacheClusterId", "sessions-0002-001", ["EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions", "CurrConnections"], "sessions"),
            ...alarmsOn("shard-replica", "AWS/ElastiCache", "CacheClusterId", "sessions-0001-002", ["ReplicationLag"], "sessions"),
        ];
        expect(await run(dbAlarms, [...stack, ...alarms])).toEqual([]);
        expect(await run(dbAlarms, stack)).toHaveLength(1);
    });

    it("flags Memcached, serverless and MemoryDB caches without their alarms", async () => {
        const stack = compliantKvStack().filter((r) => !/^(catalog-cache|feature-flags|payments-kv)-/.test(r.name));
        const findings = await run(dbAlarms, stack);
        expect(findings.map((f) => f.resource)).toEqual(["catalog-cache", "feature-flags", "payments-kv"]);
        expect(findings[1].message).toContain('(namespace "AWS/ElastiCache", dimension clusterId = cache.name)');
        expect(findings[2].message).toContain('(namespace "AWS/MemoryDB", dimension ClusterName = cluster.name)');
    });

    it("takes the metrics each kind of store needs from config", async () => {
        const stack = without(compliantKvStack(), "orders-table-SystemErrors", "payments-kv-CurrConnections");
        const config = { "db-alarms": { dynamodbMetrics: [["ThrottledRequests", "ReadThrottleEvents"]], memorydbMetrics: [["EngineCPUUtilization"], ["DatabaseMemoryUsagePercentage"]] } };
        expect(await run(dbAlarms, stack, { config })).toEqual([]);
        const stricter = await run(dbAlarms, compliantKvStack(), { config: { "db-alarms": { serverlessCacheMetrics: [["ThrottledCmds"], ["CurrConnections"]] } } });
        expect(stricter.map((f) => [f.resource, f.message.split(";")[0]])).toEqual([
            ["feature-flags", 'aws.elasticache.ServerlessCache "feature-flags": metrics with no alarm that notifies is ["CurrConnections"]'],
        ]);
    });

    it("waits for the deployment when an alarm's dimension is unknown at preview", async () => {
        const stack = withProps(compliantKvStack(), cloudwatch.metricAlarm, "orders-table-SystemErrors", set({ dimensions: { TableName: unknownSentinels.string } }));
        const findings = await run(dbAlarms, stack, { preview: true });
        expect(findings).toEqual([]);
        const noName = withProps(without(compliantKvStack(), "orders-table-SystemErrors", "orders-table-ThrottledRequests"), dynamodb.table, "orders-table", set({ name: unknownSentinels.string }));
        const pending = await run(dbAlarms, noName, { preview: true });
        expect(atLevel(pending)).toEqual([]);
        expect(pending[0].message).toContain("name is not known during preview");
    });
});

describe("db-event-notifications on caches", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbEventNotifications, compliantKvStack())).toEqual([]);
    });

    it("flags a replication group, a cluster and a MemoryDB cluster that send their events nowhere", async () => {
        let stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", unset("notificationTopicArn"));
        stack = withProps(stack, elasticache.cluster, "catalog-cache", set({ notificationTopicArn: "" }));
        stack = withProps(stack, memorydb.cluster, "payments-kv", unset("snsTopicArn"));
        const findings = await run(dbEventNotifications, stack);
        expect(findings.map((f) => [f.resource, f.enforcementLevel, f.message.split(";")[0]])).toEqual([
            ["sessions", "advisory", 'aws.elasticache.ReplicationGroup "sessions": notificationTopicArn is unset'],
            ["catalog-cache", "advisory", 'aws.elasticache.Cluster "catalog-cache": notificationTopicArn is ""'],
            ["payments-kv", "advisory", 'aws.memorydb.Cluster "payments-kv": snsTopicArn is unset'],
        ]);
    });
});
