// The pack never crashes on odd DocumentDB / Neptune / Redshift inputs, and never passes them silently.
import { evaluate } from "../../../policies/evaluate";
import { docdbTypes } from "../../../aws-facts/docdb";
import { neptuneTypes } from "../../../aws-facts/neptune";
import { redshiftTypes } from "../../../aws-facts/redshift";
import { unknownSentinels } from "../helpers";
import { compliantDocdbRedshiftStack } from "../../fixtures/compliant-docdb-redshift";

const allTypes = [...Object.values(docdbTypes), ...Object.values(neptuneTypes), ...Object.values(redshiftTypes)];

/** Props where every property a policy reads holds a value of the wrong kind. */
const garbage: Record<string, unknown> = {
    backupRetentionPeriod: "soon",
    automatedSnapshotRetentionPeriod: { days: 7 },
    storageEncrypted: "maybe",
    encrypted: 42,
    kmsKeyId: ["a"],
    kmsKeyArn: 7,
    publiclyAccessible: "nope",
    enhancedVpcRouting: [],
    parameters: "require_ssl=true",
    configParameters: { require_ssl: "true" },
    enabledCloudwatchLogsExports: "audit",
    enableCloudwatchLogsExports: 3,
    logExports: [null, 5],
    masterUsername: { name: "x" },
    adminUsername: 12,
    tags: "runbook",
    availabilityZones: "us-east-1a",
    clusterIdentifier: null,
    instanceClass: 5,
    deletionProtection: "yes",
};

describe("odd inputs on DocumentDB, Neptune and Redshift resources", () => {
    it.each(allTypes)("%s: wrong-typed properties give findings, never a crash", async (type) => {
        const findings = await evaluate([{ type, name: "odd", props: { ...garbage } }]);
        expect(Array.isArray(findings)).toBe(true);
        if (type !== redshiftTypes.logging) expect(findings.length).toBeGreaterThan(0);
    });

    it.each(allTypes)("%s: empty props do not crash", async (type) => {
        await expect(evaluate([{ type, name: "empty", props: {} }])).resolves.toBeInstanceOf(Array);
    });

    it("judges a wrong-typed boolean as a violation, naming the value seen", async () => {
        const findings = await evaluate([{ type: redshiftTypes.cluster, name: "odd", props: { clusterIdentifier: "odd", encrypted: 42 } }]);
        expect(findings.find((f) => f.policy === "db-storage-encrypted")?.message).toContain("encrypted is 42");
    });

    // Start from the compliant stack and make one property of one resource unknown, as a preview of a
    // value computed from another resource shows it: never a blocking finding, never a crash.
    const compliant = compliantDocdbRedshiftStack().filter((r) => allTypes.includes(r.type as (typeof allTypes)[number]));
    const cases = compliant.flatMap((r) =>
        Object.keys(r.props)
            .filter((k) => k !== "arn")
            .map((k) => [r.name, k] as const),
    );
    it.each(cases)("%s.%s unknown at preview gives no blocking finding", async (name, key) => {
        const stack = compliantDocdbRedshiftStack().map((r) => (r.name === name ? { ...r, props: { ...r.props, [key]: unknownSentinels.string } } : r));
        const findings = await evaluate(stack, { preview: true });
        expect(findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message)).toEqual([]);
    });
});
