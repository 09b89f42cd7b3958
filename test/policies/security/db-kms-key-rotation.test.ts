import type { ResourceInput } from "../../../policies/evaluate";
import { dbKmsKeyRotation } from "../../../policies/security/db-kms-key-rotation";
import { compliantStack } from "../../fixtures/compliant-stack";
import { arn, kms, rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { run, unknownSentinels } from "../helpers";

const messages = async (stack: ResourceInput[], options = {}) => (await run(dbKmsKeyRotation, stack, options)).map((f) => `${f.resource} [${f.enforcementLevel}]: ${f.message}`);

describe("db-kms-key-rotation", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbKmsKeyRotation, compliantStack())).toEqual([]);
    });

    it("flags a database key without rotation once, on the key, naming every database it encrypts", async () => {
        expect(await messages(withProps(compliantStack(), kms.key, "db-key", unset("enableKeyRotation")))).toEqual([
            'db-key [advisory]: aws.kms.Key "db-key": enableKeyRotation is unset; wanted true (unset means false) for the key that encrypts ' +
                'aws.rds.Instance "orders-db", aws.rds.Instance "orders-replica" and aws.rds.Cluster "ledger". ' +
                'Fix: set `enableKeyRotation: true` in the aws.kms.Key args of "db-key".',
        ]);
    });

    it("links keys by value too (kmsKeyId holding the key's ARN), and ignores keys no database uses", async () => {
        const key = kms.key("other-key", { enableKeyRotation: false, arn: arn("kms", "key/2222"), id: "2222" });
        const unused = kms.key("unused", { enableKeyRotation: false });
        const db = rds.instance("db", { engine: "postgres", instanceClass: "db.m6g.large", storageEncrypted: true, kmsKeyId: arn("kms", "key/2222") });
        expect((await messages([key, unused, db])).map((m) => m.split(":")[0])).toEqual(["other-key [advisory]"]);
    });

    it("skips keys outside the stack", async () => {
        const db = rds.instance("db", { engine: "postgres", instanceClass: "db.m6g.large", kmsKeyId: arn("kms", "key/elsewhere") });
        expect(await run(dbKmsKeyRotation, [db])).toEqual([]);
    });

    it("notes unknowns at preview: the rotation flag, or a key ID not linked to anything", async () => {
        const stack = withProps(compliantStack(), kms.key, "db-key", set({ enableKeyRotation: unknownSentinels.boolean }));
        expect(await messages(stack, { preview: true })).toEqual([expect.stringContaining('db-key [advisory]: aws.kms.Key "db-key": enableKeyRotation is not known during preview')]);
        const pending = rds.instance("db", { engine: "postgres", instanceClass: "db.m6g.large", kmsKeyId: unknownSentinels.string });
        expect(await messages([pending], { preview: true })).toEqual([expect.stringContaining("kmsKeyId is not known during preview")]);
    });

    it("can be made mandatory by config", async () => {
        const findings = await run(dbKmsKeyRotation, withProps(compliantStack(), kms.key, "db-key", set({ enableKeyRotation: false })), { config: { "db-kms-key-rotation": "mandatory" } });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["mandatory"]);
    });

    it("reports a rotation flag of the wrong type instead of crashing", async () => {
        expect((await messages(withProps(compliantStack(), kms.key, "db-key", set({ enableKeyRotation: untyped("yearly") }))))[0]).toContain('enableKeyRotation is "yearly"');
    });
});
