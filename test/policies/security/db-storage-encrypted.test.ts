import { dbStorageEncrypted } from "../../../policies/security/db-storage-encrypted";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-storage-encrypted", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbStorageEncrypted, compliantStack())).toEqual([]);
    });

    it("flags an instance with encryption unset (the API default is unencrypted), warning that the fix replaces it", async () => {
        const findings = await run(dbStorageEncrypted, withProps(compliantStack(), rds.instance, "orders-db", unset("storageEncrypted")));
        expect(findings).toEqual([
            expect.objectContaining({
                enforcementLevel: "mandatory",
                resource: "orders-db",
                message:
                    'aws.rds.Instance "orders-db": storageEncrypted is unset; wanted true (unset means false). ' +
                    'Fix: set `storageEncrypted: true` in the aws.rds.Instance args of "orders-db" (this replaces the database: for an existing one, restore an encrypted snapshot copy).',
            }),
        ]);
    });

    it("flags a cluster with encryption off", async () => {
        const findings = await run(dbStorageEncrypted, withProps(compliantStack(), rds.cluster, "ledger", set({ storageEncrypted: false })));
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('aws.rds.Cluster "ledger": storageEncrypted is false; wanted true')]);
    });

    it("accepts an Aurora Serverless v1 cluster without storageEncrypted (always encrypted)", async () => {
        const serverless = withProps(compliantStack(), rds.cluster, "ledger", (p) => ({ ...unset<typeof p>("storageEncrypted")(p), engineMode: "serverless" }));
        expect(await run(dbStorageEncrypted, serverless)).toEqual([]);
        const provisioned = withProps(compliantStack(), rds.cluster, "ledger", (p) => ({ ...unset<typeof p>("storageEncrypted")(p), engineMode: "provisioned" }));
        expect(await run(dbStorageEncrypted, provisioned)).toHaveLength(1);
    });

    it("does not judge read replicas or Aurora members (they inherit encryption)", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-replica", set({ storageEncrypted: false }));
        const member = rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-postgresql" });
        expect(await run(dbStorageEncrypted, [...stack, member])).toEqual([]);
    });

    it("notes unknown values at preview: the setting, or a cluster's engine mode", async () => {
        const unknownSetting = withProps(compliantStack(), rds.instance, "orders-db", set({ storageEncrypted: unknownSentinels.boolean }));
        const findings = await run(dbStorageEncrypted, unknownSetting, { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("storageEncrypted is not known during preview")]);
        const unknownMode = withProps(compliantStack(), rds.cluster, "ledger", (p) => ({ ...unset<typeof p>("storageEncrypted")(p), engineMode: unknownSentinels.string }));
        expect((await run(dbStorageEncrypted, unknownMode, { preview: true })).map((f) => f.message)).toEqual([expect.stringContaining("engineMode is not known during preview")]);
    });

    it("has no remediation (turning encryption on replaces the database)", async () => {
        expect(dbStorageEncrypted.remediateResource).toBeUndefined();
        const findings = await run(dbStorageEncrypted, withProps(compliantStack(), rds.instance, "orders-db", unset("storageEncrypted")), { config: { "db-storage-encrypted": "advisory" } });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["advisory"]);
    });

    it("reports a value of the wrong type instead of crashing", async () => {
        const findings = await run(dbStorageEncrypted, withProps(compliantStack(), rds.cluster, "ledger", set({ storageEncrypted: untyped("on"), engineMode: untyped(7) })));
        expect(findings[0].message).toContain('storageEncrypted is "on"');
    });
});
