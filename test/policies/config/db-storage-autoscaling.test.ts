import { dbStorageAutoscaling } from "../../../policies/config/db-storage-autoscaling";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-storage-autoscaling", () => {
    it("passes the compliant stack (instance and replica can grow; Aurora is not judged)", async () => {
        expect(await run(dbStorageAutoscaling, compliantStack())).toEqual([]);
    });

    it("flags an instance with autoscaling off (maxAllocatedStorage unset)", async () => {
        const findings = await run(dbStorageAutoscaling, withProps(compliantStack(), rds.instance, "orders-db", unset("maxAllocatedStorage")));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "advisory" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": maxAllocatedStorage is unset; wanted more than 100 GiB (allocatedStorage 100) (unset or 0 turns storage autoscaling off). ' +
                'Fix: set `maxAllocatedStorage: 500` in the aws.rds.Instance args of "orders-db".',
        );
    });

    it.each([[0], [100], [80]])("flags maxAllocatedStorage %p against allocatedStorage 100", async (max) => {
        const findings = await run(dbStorageAutoscaling, withProps(compliantStack(), rds.instance, "orders-replica", set({ maxAllocatedStorage: max })));
        expect(findings.map((f) => f.resource)).toEqual(["orders-replica"]);
        expect(findings[0].message).toContain(`maxAllocatedStorage is ${max}; wanted more than 100 GiB`);
    });

    it("accepts a cap when allocatedStorage is unset (a replica takes its source's size)", async () => {
        expect(await run(dbStorageAutoscaling, withProps(compliantStack(), rds.instance, "orders-replica", unset("allocatedStorage")))).toEqual([]);
    });

    it("does not judge Aurora (its volume grows by itself)", async () => {
        expect(await run(dbStorageAutoscaling, [rds.instance("member", { engine: "aurora-postgresql", instanceClass: "db.r6g.large" })])).toEqual([]);
    });

    it("honours minGrowthFactor", async () => {
        const config = { "db-storage-autoscaling": { minGrowthFactor: 10 } };
        const findings = await run(dbStorageAutoscaling, compliantStack(), { config });
        expect(findings.map((f) => f.resource)).toEqual(["orders-db", "orders-replica"]);
        expect(findings[0].message).toContain("wanted more than 1000 GiB (allocatedStorage 100 x 10). Fix: set `maxAllocatedStorage: 1001`");
    });

    it("at preview, notes unknown sizes as advisory, and still flags a known-bad cap", async () => {
        const unknownMax = withProps(compliantStack(), rds.instance, "orders-db", set({ maxAllocatedStorage: unknownSentinels.number }));
        const findings = await run(dbStorageAutoscaling, unknownMax, { preview: true, config: { "db-storage-autoscaling": "mandatory" } });
        expect(atLevel(findings)).toEqual([]);
        expect(findings[0].message).toContain("maxAllocatedStorage is not known during preview");
        const knownBad = withProps(compliantStack(), rds.instance, "orders-db", set({ maxAllocatedStorage: 0, kmsKeyId: unknownSentinels.string }));
        expect(atLevel(await run(dbStorageAutoscaling, knownBad, { preview: true, config: { "db-storage-autoscaling": "mandatory" } }))).toHaveLength(1);
    });

    it("reports a value of the wrong type instead of crashing", async () => {
        const findings = await run(dbStorageAutoscaling, withProps(compliantStack(), rds.instance, "orders-db", set({ maxAllocatedStorage: untyped("lots"), allocatedStorage: untyped(null) })));
        expect(findings[0].message).toContain('maxAllocatedStorage is "lots"; wanted more than allocatedStorage');
    });
});
