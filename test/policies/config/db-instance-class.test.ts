import { dbInstanceClass } from "../../../policies/config/db-instance-class";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-instance-class", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbInstanceClass, compliantStack())).toEqual([]);
    });

    it("flags a burstable instance class", async () => {
        const findings = await run(dbInstanceClass, withProps(compliantStack(), rds.instance, "orders-db", set({ instanceClass: "db.t4g.medium" })));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "advisory" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": instanceClass is "db.t4g.medium"; wanted a fixed-performance class (burstable db.t* classes are throttled to a baseline when CPU credits run out, or bill for extra credits). ' +
                'Fix: set `instanceClass: "db.m7g.large"` (or another fixed-performance class sized for the load) in the aws.rds.Instance args of "orders-db".',
        );
    });

    it("flags burstable Aurora cluster instances and Multi-AZ DB clusters, suggesting classes they offer", async () => {
        const member = await run(dbInstanceClass, withProps(compliantStack(), rds.clusterInstance, "ledger-2", set({ instanceClass: "db.t3.medium" })));
        expect(member[0].message).toContain('Fix: set `instanceClass: "db.r7g.large"`');
        const multiAz = await run(dbInstanceClass, [rds.cluster("maz", { engine: "mysql", dbClusterInstanceClass: "db.t3.large" })]);
        expect(multiAz[0].message).toContain('aws.rds.Cluster "maz": dbClusterInstanceClass is "db.t3.large"');
    });

    it("accepts db.serverless and listed burstable classes", async () => {
        expect(await run(dbInstanceClass, withProps(compliantStack(), rds.clusterInstance, "ledger-1", set({ instanceClass: "db.serverless" })))).toEqual([]);
        const config = { "db-instance-class": { allowedBurstableClasses: ["db.t4g.large"] } };
        expect(await run(dbInstanceClass, withProps(compliantStack(), rds.instance, "orders-db", set({ instanceClass: "db.t4g.large" })), { config })).toEqual([]);
    });

    it("at preview, notes an unknown class as advisory", async () => {
        const findings = await run(dbInstanceClass, withProps(compliantStack(), rds.instance, "orders-db", set({ instanceClass: unknownSentinels.string })), {
            preview: true,
            config: { "db-instance-class": "mandatory" },
        });
        expect(atLevel(findings)).toEqual([]);
        expect(findings[0].message).toContain("instanceClass is not known during preview");
    });

    it("reports a class of the wrong type instead of crashing", async () => {
        const findings = await run(dbInstanceClass, withProps(compliantStack(), rds.instance, "orders-db", set({ instanceClass: untyped(["db.t3.micro"]) })));
        expect(findings[0].message).toContain('instanceClass is ["db.t3.micro"]');
    });
});
