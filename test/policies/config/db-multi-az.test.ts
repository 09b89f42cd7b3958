import { dbMultiAz } from "../../../policies/config/db-multi-az";
import { compliantStack } from "../../fixtures/compliant-stack";
import { PropsOf, rds, set, unset, untyped, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

type Instance = PropsOf<typeof rds.instance>;

describe("db-multi-az", () => {
    it("passes the compliant stack (Multi-AZ instance, two-instance Aurora cluster in two zones)", async () => {
        expect(await run(dbMultiAz, compliantStack())).toEqual([]);
    });

    it.each([
        ["unset", unset<Instance>("multiAz"), "multiAz is unset; wanted true, a synchronous standby in another Availability Zone (unset means false)"],
        ["false", set<Instance>({ multiAz: false }), "multiAz is false; wanted true, a synchronous standby in another Availability Zone"],
    ])("flags a single-AZ instance (multiAz %s)", async (_, change, text) => {
        const findings = await run(dbMultiAz, withProps(compliantStack(), rds.instance, "orders-db", change));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "mandatory" });
        expect(findings[0].message).toBe(`aws.rds.Instance "orders-db": ${text}. Fix: set \`multiAz: true\` in the aws.rds.Instance args of "orders-db".`);
    });

    it("does not judge read replicas (they matter once promoted)", async () => {
        expect(await run(dbMultiAz, withProps(compliantStack(), rds.instance, "orders-replica", set({ multiAz: false })))).toEqual([]);
    });

    it("flags an Aurora cluster with a single instance", async () => {
        const findings = await run(dbMultiAz, without(compliantStack(), "ledger-2"));
        expect(findings.map((f) => f.resource)).toEqual(["ledger"]);
        expect(findings[0].message).toBe(
            'aws.rds.Cluster "ledger": cluster instances is 1; wanted at least 2 aws.rds.ClusterInstance resources with clusterIdentifier set to this cluster, ' +
                'so a reader in another AZ takes over when the writer\'s AZ fails (found aws.rds.ClusterInstance "ledger-1"). ' +
                "Fix: add an aws.rds.ClusterInstance with `clusterIdentifier: cluster.id` (availabilityZone unset, or a zone the others are not in).",
        );
    });

    it("flags an Aurora cluster whose instances all sit in one zone, and accepts unset zones", async () => {
        const sameZone = withProps(compliantStack(), rds.clusterInstance, "ledger-2", set({ availabilityZone: "us-east-1a" }));
        const findings = await run(dbMultiAz, sameZone);
        expect(findings[0].message).toContain('availabilityZone of its cluster instances is ["us-east-1a"]; wanted at least two distinct Availability Zones');
        expect(await run(dbMultiAz, withProps(compliantStack(), rds.clusterInstance, "ledger-2", unset("availabilityZone")))).toEqual([]);
    });

    it("links cluster instances by the cluster identifier value too", async () => {
        const stack = compliantStack().map((r) => (r.name === "ledger-2" ? { ...r, propertyDependencies: {} } : r));
        expect(await run(dbMultiAz, stack)).toEqual([]);
    });

    it("treats Aurora Serverless v1 and Multi-AZ DB clusters as Multi-AZ by design", async () => {
        const stack = [rds.cluster("v1", { engine: "aurora-postgresql", engineMode: "serverless" }), rds.cluster("maz", { engine: "postgres", dbClusterInstanceClass: "db.m6gd.large" })];
        expect(await run(dbMultiAz, stack)).toEqual([]);
    });

    it("honours minInstances", async () => {
        const findings = await run(dbMultiAz, compliantStack(), { config: { "db-multi-az": { minInstances: 3 } } });
        expect(findings[0].message).toContain("cluster instances is 2; wanted at least 3");
    });

    it("at preview, waits for cluster instances whose cluster is not known yet", async () => {
        const stack = without(compliantStack(), "ledger-2").concat(
            rds.clusterInstance("ledger-3", { clusterIdentifier: unknownSentinels.string, instanceClass: "db.r6g.large", engine: "aurora-postgresql" }),
        );
        const findings = await run(dbMultiAz, stack, { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings[0].message).toContain('clusterIdentifier of aws.rds.ClusterInstance "ledger-3" is not known during preview');
    });

    it("at preview, notes an unknown multiAz as advisory", async () => {
        const findings = await run(dbMultiAz, withProps(compliantStack(), rds.instance, "orders-db", set({ multiAz: unknownSentinels.boolean })), { preview: true });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["advisory"]);
    });

    it("reports a multiAz of the wrong type instead of crashing", async () => {
        const findings = await run(dbMultiAz, withProps(compliantStack(), rds.instance, "orders-db", set({ multiAz: untyped("yes") })));
        expect(findings[0].message).toContain('multiAz is "yes"');
    });
});
