import { dbMinorUpgrades } from "../../../policies/config/db-minor-upgrades";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-minor-upgrades", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbMinorUpgrades, compliantStack())).toEqual([]);
    });

    it("flags automatic minor upgrades switched off", async () => {
        const findings = await run(dbMinorUpgrades, withProps(compliantStack(), rds.instance, "orders-db", set({ autoMinorVersionUpgrade: false })));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "advisory" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": autoMinorVersionUpgrade is false; wanted true (unset means true). ' +
                'Fix: set `autoMinorVersionUpgrade: true` (or remove it) in the aws.rds.Instance args of "orders-db".',
        );
    });

    it("accepts autoMinorVersionUpgrade unset (the API default is true)", async () => {
        expect(await run(dbMinorUpgrades, withProps(compliantStack(), rds.instance, "orders-db", unset("autoMinorVersionUpgrade")))).toEqual([]);
    });

    it("flags a missing maintenance window on an instance and on a cluster", async () => {
        const stack = withProps(withProps(compliantStack(), rds.instance, "orders-replica", unset("maintenanceWindow")), rds.cluster, "ledger", unset("preferredMaintenanceWindow"));
        const findings = await run(dbMinorUpgrades, stack);
        expect(findings.map((f) => f.message)).toEqual([
            'aws.rds.Instance "orders-replica": maintenanceWindow is unset; wanted a weekly window in UTC, e.g. "sun:05:00-sun:06:00" ' +
                "(unset: RDS assigns a random 30-minute window from an 8-hour regional block, which may fall in business hours). " +
                'Fix: set `maintenanceWindow: "sun:05:00-sun:06:00"` (a quiet hour for this database, UTC) in the aws.rds.Instance args of "orders-replica".',
            expect.stringContaining('aws.rds.Cluster "ledger": preferredMaintenanceWindow is unset'),
        ]);
    });

    it("judges cluster instances on autoMinorVersionUpgrade only (they inherit the cluster's window)", async () => {
        expect(await run(dbMinorUpgrades, withProps(compliantStack(), rds.clusterInstance, "ledger-1", unset("preferredMaintenanceWindow")))).toEqual([]);
        const findings = await run(dbMinorUpgrades, withProps(compliantStack(), rds.clusterInstance, "ledger-2", set({ autoMinorVersionUpgrade: false })));
        expect(findings.map((f) => f.resource)).toEqual(["ledger-2"]);
    });

    it("remediates autoMinorVersionUpgrade at level remediate, and leaves the window to a person", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", (p) => ({ ...unset<typeof p>("maintenanceWindow")(p), autoMinorVersionUpgrade: false }));
        const findings = await run(dbMinorUpgrades, stack, { config: { "db-minor-upgrades": "remediate" } });
        expect(findings.map((f) => [f.enforcementLevel, f.message.split(";")[0]])).toEqual([
            ["remediate", "orders-db: remediated by db-minor-upgrades"],
            ["mandatory", 'aws.rds.Instance "orders-db": maintenanceWindow is unset'],
        ]);
    });

    it("at preview, notes unknown values as advisory", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ autoMinorVersionUpgrade: unknownSentinels.boolean, maintenanceWindow: unknownSentinels.string }));
        const findings = await run(dbMinorUpgrades, stack, { preview: true, config: { "db-minor-upgrades": "mandatory" } });
        expect(atLevel(findings)).toEqual([]);
        expect(findings).toHaveLength(2);
    });

    it("reports values of the wrong type instead of crashing", async () => {
        const findings = await run(dbMinorUpgrades, withProps(compliantStack(), rds.instance, "orders-db", set({ autoMinorVersionUpgrade: untyped("sometimes"), maintenanceWindow: untyped(5) })));
        expect(findings.map((f) => f.message.split(";")[0])).toEqual(['aws.rds.Instance "orders-db": autoMinorVersionUpgrade is "sometimes"']);
    });
});
