import { dbCustomerManagedKey } from "../../../policies/security/db-customer-managed-key";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { run, unknownSentinels } from "../helpers";

describe("db-customer-managed-key", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbCustomerManagedKey, compliantStack())).toEqual([]);
    });

    it("flags an instance with no kmsKeyId (AWS managed key), as advisory", async () => {
        const findings = await run(dbCustomerManagedKey, withProps(compliantStack(), rds.instance, "orders-db", unset("kmsKeyId")));
        expect(findings).toEqual([
            expect.objectContaining({
                enforcementLevel: "advisory",
                resource: "orders-db",
                message:
                    'aws.rds.Instance "orders-db": kmsKeyId is unset; wanted the ARN of a customer managed KMS key (unset, or an alias/aws/ alias, means an AWS managed key). ' +
                    'Fix: set `kmsKeyId: dbKey.arn` (an aws.kms.Key with `enableKeyRotation: true`) and `storageEncrypted: true` in the aws.rds.Instance args of "orders-db".',
            }),
        ]);
    });

    it("flags a cluster that names the AWS managed key by its alias", async () => {
        const findings = await run(dbCustomerManagedKey, withProps(compliantStack(), rds.cluster, "ledger", set({ kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/rds" })));
        expect(findings.map((f) => f.resource)).toEqual(["ledger"]);
    });

    it("is kept apart from encryption: an unencrypted database with a key set is not this policy's finding", async () => {
        expect(await run(dbCustomerManagedKey, withProps(compliantStack(), rds.instance, "orders-db", unset("storageEncrypted")))).toEqual([]);
    });

    it("does not judge read replicas or Aurora members", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-replica", unset("kmsKeyId"));
        expect(await run(dbCustomerManagedKey, [...stack, rds.instance("member", { engine: "aurora-mysql", instanceClass: "db.r6g.large" })])).toEqual([]);
    });

    it("notes a key unknown at preview", async () => {
        const findings = await run(dbCustomerManagedKey, withProps(compliantStack(), rds.instance, "orders-db", set({ kmsKeyId: unknownSentinels.string })), { preview: true });
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("kmsKeyId is not known during preview")]);
    });

    it("can be made mandatory by config", async () => {
        const findings = await run(dbCustomerManagedKey, withProps(compliantStack(), rds.instance, "orders-db", unset("kmsKeyId")), { config: { "db-customer-managed-key": "mandatory" } });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["mandatory"]);
    });

    it("reports a key of the wrong type instead of crashing", async () => {
        const findings = await run(dbCustomerManagedKey, withProps(compliantStack(), rds.instance, "orders-db", set({ kmsKeyId: untyped({ arn: "x" }) })));
        expect(findings[0].message).toContain('kmsKeyId is {"arn":"x"}');
    });
});
