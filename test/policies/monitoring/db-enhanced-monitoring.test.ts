import { dbEnhancedMonitoring } from "../../../policies/monitoring/db-enhanced-monitoring";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-enhanced-monitoring", () => {
    it("passes the compliant stack (instances, replica, cluster and cluster instances at 60 s with a role)", async () => {
        expect(await run(dbEnhancedMonitoring, compliantStack())).toEqual([]);
    });

    it("flags an instance with monitoring unset, naming the API default", async () => {
        const findings = await run(dbEnhancedMonitoring, withProps(compliantStack(), rds.instance, "orders-db", unset("monitoringInterval", "monitoringRoleArn")));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "advisory" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": monitoringInterval is unset; wanted one of 1, 5, 10, 15, 30, 60 seconds (unset means 0: Enhanced Monitoring off). ' +
                'Fix: set `monitoringInterval: 60` and `monitoringRoleArn: monitoringRole.arn` in the aws.rds.Instance args of "orders-db".',
        );
    });

    it.each([[0], [7], [120]])("flags monitoringInterval %p", async (interval) => {
        const findings = await run(dbEnhancedMonitoring, withProps(compliantStack(), rds.clusterInstance, "ledger-1", set({ monitoringInterval: interval })));
        expect(findings.map((f) => f.resource)).toEqual(["ledger-1"]);
        expect(findings[0].message).toContain(`aws.rds.ClusterInstance "ledger-1": monitoringInterval is ${interval}; wanted one of 1, 5, 10, 15, 30, 60 seconds.`);
    });

    it("flags an interval without a monitoring role", async () => {
        const findings = await run(dbEnhancedMonitoring, withProps(compliantStack(), rds.instance, "orders-replica", unset("monitoringRoleArn")));
        expect(findings[0].message).toContain('aws.rds.Instance "orders-replica": monitoringRoleArn is unset; wanted the ARN of a role RDS can assume');
    });

    it("judges an Aurora cluster only when it sets monitoringInterval itself; Multi-AZ DB clusters always", async () => {
        expect(await run(dbEnhancedMonitoring, withProps(compliantStack(), rds.cluster, "ledger", unset("monitoringInterval", "monitoringRoleArn")))).toEqual([]);
        expect((await run(dbEnhancedMonitoring, withProps(compliantStack(), rds.cluster, "ledger", set({ monitoringInterval: 0 })))).map((f) => f.resource)).toEqual(["ledger"]);
        const multiAz = rds.cluster("maz", { engine: "postgres", dbClusterInstanceClass: "db.m6gd.large", allocatedStorage: 100, storageType: "io1", iops: 3000 });
        expect((await run(dbEnhancedMonitoring, [multiAz])).map((f) => f.resource)).toEqual(["maz"]);
    });

    it("honours maxIntervalSeconds", async () => {
        const findings = await run(dbEnhancedMonitoring, compliantStack(), { config: { "db-enhanced-monitoring": { maxIntervalSeconds: 15 } } });
        expect(findings.map((f) => f.resource).sort()).toEqual(["ledger", "ledger-1", "ledger-2", "orders-db", "orders-replica"]);
        expect(findings[0].message).toContain("wanted one of 1, 5, 10, 15 seconds");
        await expect(run(dbEnhancedMonitoring, compliantStack(), { config: { "db-enhanced-monitoring": { maxIntervalSeconds: 20 } } })).rejects.toThrow(/maxIntervalSeconds/);
    });

    it("at preview, notes an unknown interval as advisory and accepts a role ARN not known yet", async () => {
        const unknownInterval = withProps(compliantStack(), rds.instance, "orders-db", set({ monitoringInterval: unknownSentinels.number }));
        const findings = await run(dbEnhancedMonitoring, unknownInterval, { preview: true, config: { "db-enhanced-monitoring": "mandatory" } });
        expect(atLevel(findings)).toEqual([]);
        expect(findings[0].message).toContain("monitoringInterval is not known during preview");
        const unknownRole = withProps(compliantStack(), rds.instance, "orders-db", set({ monitoringRoleArn: unknownSentinels.string }));
        expect(await run(dbEnhancedMonitoring, unknownRole, { preview: true })).toEqual([]);
    });

    it("reports a non-numeric interval instead of crashing", async () => {
        const findings = await run(dbEnhancedMonitoring, withProps(compliantStack(), rds.instance, "orders-db", set({ monitoringInterval: untyped({ every: 60 }) })));
        expect(findings[0].message).toContain('monitoringInterval is {"every":60}');
    });
});
