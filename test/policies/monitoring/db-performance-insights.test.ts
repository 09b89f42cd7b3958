import { dbPerformanceInsights } from "../../../policies/monitoring/db-performance-insights";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-performance-insights", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbPerformanceInsights, compliantStack())).toEqual([]);
    });

    it("flags an instance with Performance Insights unset, naming the default", async () => {
        const findings = await run(dbPerformanceInsights, withProps(compliantStack(), rds.instance, "orders-db", unset("performanceInsightsEnabled")));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "advisory" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": performanceInsightsEnabled is unset; wanted true (or databaseInsightsMode "advanced") (unset means false). ' +
                'Fix: set `performanceInsightsEnabled: true` in the aws.rds.Instance args of "orders-db".',
        );
    });

    it("flags a cluster instance and a cluster with Performance Insights off", async () => {
        const stack = withProps(
            withProps(compliantStack(), rds.clusterInstance, "ledger-2", set({ performanceInsightsEnabled: false })),
            rds.cluster,
            "ledger",
            set({ performanceInsightsEnabled: false }),
        );
        const findings = await run(dbPerformanceInsights, stack);
        expect(findings.map((f) => f.resource).sort()).toEqual(["ledger", "ledger-2"]);
        expect(findings.find((f) => f.resource === "ledger-2")!.message).toBe(
            'aws.rds.ClusterInstance "ledger-2": performanceInsightsEnabled is false; wanted true. Fix: set `performanceInsightsEnabled: true` in the aws.rds.ClusterInstance args of "ledger-2".',
        );
    });

    it("accepts Database Insights in advanced mode", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ performanceInsightsEnabled: undefined, databaseInsightsMode: "advanced" }));
        expect(await run(dbPerformanceInsights, stack)).toEqual([]);
    });

    it("does not ask where AWS does not offer it: small burstable MySQL, Aurora MySQL on db.t3, Aurora Serverless v1", async () => {
        const stack = [
            rds.instance("small-mysql", { engine: "mysql", instanceClass: "db.t4g.small" }),
            rds.clusterInstance("aurora-t3", { engine: "aurora-mysql", instanceClass: "db.t3.medium", clusterIdentifier: "c" }),
            rds.cluster("serverless-v1", { engine: "aurora-mysql", engineMode: "serverless" }),
        ];
        expect(await run(dbPerformanceInsights, stack)).toEqual([]);
        const supported = [rds.instance("small-postgres", { engine: "postgres", instanceClass: "db.t4g.small" }), rds.instance("medium-mysql", { engine: "mysql", instanceClass: "db.t4g.medium" })];
        expect((await run(dbPerformanceInsights, supported)).map((f) => f.resource)).toEqual(["small-postgres", "medium-mysql"]);
    });

    it("can be made mandatory", async () => {
        const findings = await run(dbPerformanceInsights, withProps(compliantStack(), rds.instance, "orders-db", unset("performanceInsightsEnabled")), {
            config: { "db-performance-insights": "mandatory" },
        });
        expect(atLevel(findings)).toHaveLength(1);
    });

    it("at preview, notes unknown values as advisory", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ performanceInsightsEnabled: unknownSentinels.boolean }));
        const findings = await run(dbPerformanceInsights, stack, { preview: true, config: { "db-performance-insights": "mandatory" } });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["advisory"]);
        const unknownClass = [rds.instance("db", { engine: "mysql", instanceClass: unknownSentinels.string })];
        expect((await run(dbPerformanceInsights, unknownClass, { preview: true }))[0].message).toContain("instanceClass is not known during preview");
    });

    it("reports a value of the wrong type instead of crashing", async () => {
        const findings = await run(dbPerformanceInsights, withProps(compliantStack(), rds.instance, "orders-db", set({ performanceInsightsEnabled: untyped("yes please") })));
        expect(findings[0].message).toContain('performanceInsightsEnabled is "yes please"');
    });
});
