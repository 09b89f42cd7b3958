import { dbCaCertificate } from "../../../policies/security/db-ca-certificate";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { run, unknownSentinels } from "../helpers";

describe("db-ca-certificate", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbCaCertificate, compliantStack())).toEqual([]);
    });

    it("flags the expired rds-ca-2019 on an instance, saying it expired", async () => {
        const findings = await run(dbCaCertificate, withProps(compliantStack(), rds.instance, "orders-db", set({ caCertIdentifier: "rds-ca-2019" })));
        expect(findings).toEqual([
            expect.objectContaining({
                enforcementLevel: "advisory",
                resource: "orders-db",
                message:
                    'aws.rds.Instance "orders-db": caCertIdentifier is "rds-ca-2019"; wanted one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 (rds-ca-2019 has expired). ' +
                    'Fix: set `caCertIdentifier: "rds-ca-rsa2048-g1"` in the aws.rds.Instance args of "orders-db" once clients trust the new CA bundle.',
            }),
        ]);
    });

    it("judges replicas, Aurora cluster instances, and a Multi-AZ cluster's caCertificateIdentifier", async () => {
        let stack = withProps(compliantStack(), rds.instance, "orders-replica", set({ caCertIdentifier: "rds-ca-2015" }));
        stack = withProps(stack, rds.clusterInstance, "ledger-1", set({ caCertIdentifier: "rds-ca-unknown" }));
        stack = withProps(stack, rds.cluster, "ledger", set({ caCertificateIdentifier: "rds-ca-2019" }));
        expect((await run(dbCaCertificate, stack)).map((f) => f.message.split(";")[0])).toEqual([
            'aws.rds.Instance "orders-replica": caCertIdentifier is "rds-ca-2015"',
            'aws.rds.Cluster "ledger": caCertificateIdentifier is "rds-ca-2019"',
            'aws.rds.ClusterInstance "ledger-1": caCertIdentifier is "rds-ca-unknown"',
        ]);
    });

    it("accepts an unset CA (new databases get rds-ca-rsa2048-g1), but judges that default against the configured list", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", unset("caCertIdentifier"));
        expect(await run(dbCaCertificate, stack)).toEqual([]);
        const config = { "db-ca-certificate": { allowedCaCertificates: ["rds-ca-ecc384-g1"] } };
        const findings = await run(dbCaCertificate, stack, { config });
        expect(findings.find((f) => f.resource === "orders-db")?.message).toBe(
            'aws.rds.Instance "orders-db": caCertIdentifier is unset; wanted one of rds-ca-ecc384-g1 (unset means rds-ca-rsa2048-g1). ' +
                'Fix: set `caCertIdentifier: "rds-ca-ecc384-g1"` in the aws.rds.Instance args of "orders-db" once clients trust the new CA bundle.',
        );
    });

    it("notes an unknown CA at preview", async () => {
        const findings = await run(dbCaCertificate, withProps(compliantStack(), rds.clusterInstance, "ledger-2", set({ caCertIdentifier: unknownSentinels.string })), { preview: true });
        expect(findings.map((f) => [f.enforcementLevel, f.message])).toEqual([["advisory", expect.stringContaining("caCertIdentifier is not known during preview")]]);
    });

    it("reports a CA of the wrong type instead of crashing", async () => {
        const findings = await run(dbCaCertificate, withProps(compliantStack(), rds.instance, "orders-db", set({ caCertIdentifier: untyped(["rds-ca-2019"]) })));
        expect(findings[0].message).toContain('caCertIdentifier is ["rds-ca-2019"]');
    });
});
