import { dbManagedCredentials } from "../../../policies/users/db-managed-credentials";
import { compliantStack } from "../../fixtures/compliant-stack";
import { PropsOf, rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

type Instance = PropsOf<typeof rds.instance>;

describe("db-managed-credentials", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbManagedCredentials, compliantStack())).toEqual([]);
    });

    it("flags a plaintext password without ever printing it", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", (p) => ({ ...unset<typeof p>("manageMasterUserPassword")(p), password: "hunter2-very-secret" }));
        const findings = await run(dbManagedCredentials, stack);
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ enforcementLevel: "mandatory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": password is set (value hidden); wanted unset, with `manageMasterUserPassword: true` (the password is in the program and the state). ' +
                'Fix: remove `password` and set `manageMasterUserPassword: true` in the aws.rds.Instance args of "orders-db"; applications read the secret from `masterUserSecrets[0].secretArn`.',
        );
        expect(findings[0].message).not.toContain("hunter2");
    });

    it("flags a cluster's masterPassword, even one unknown at preview (a generated password is still in the state)", async () => {
        const stack = withProps(compliantStack(), rds.cluster, "ledger", set({ masterPassword: unknownSentinels.string }));
        const findings = atLevel(await run(dbManagedCredentials, stack, { preview: true }));
        expect(findings.map((f) => f.resource)).toEqual(["ledger"]);
        expect(findings[0].message).toContain('aws.rds.Cluster "ledger": masterPassword is set (value hidden)');
    });

    it.each([
        ["unset", unset<Instance>("manageMasterUserPassword"), "manageMasterUserPassword is unset"],
        ["false", set<Instance>({ manageMasterUserPassword: false }), "manageMasterUserPassword is false"],
    ])("flags manageMasterUserPassword %s (the password then comes from the program)", async (_, change, seen) => {
        const findings = await run(dbManagedCredentials, withProps(compliantStack(), rds.instance, "orders-db", change));
        expect(findings.map((f) => f.message)).toEqual([
            `aws.rds.Instance "orders-db": ${seen}; wanted true (unset means false: the master password is whatever the program passes). ` +
                'Fix: set `manageMasterUserPassword: true` in the aws.rds.Instance args of "orders-db".',
        ]);
    });

    it("refuses a write-only password unless allowWriteOnlyPassword is set", async () => {
        const stack = withProps(compliantStack(), rds.cluster, "ledger", (p) => ({ ...unset<typeof p>("manageMasterUserPassword")(p), masterPasswordWo: "s3cret-wo", masterPasswordWoVersion: 1 }));
        const findings = await run(dbManagedCredentials, stack);
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toContain("masterPasswordWo is set (value hidden); wanted unset, with `manageMasterUserPassword: true` (write-only passwords are not allowed");
        expect(findings[0].message).not.toContain("s3cret-wo");
        expect(await run(dbManagedCredentials, stack, { config: { "db-managed-credentials": { allowWriteOnlyPassword: true } } })).toEqual([]);
    });

    it("does not judge read replicas, Aurora members or snapshot restores (they take the source's master user)", async () => {
        const replica = withProps(compliantStack(), rds.instance, "orders-replica", set({ password: "x" }));
        expect(await run(dbManagedCredentials, replica)).toEqual([]);
        const restored = rds.instance("restored", { instanceClass: "db.m6g.large", engine: "postgres", snapshotIdentifier: "snap-1" });
        const member = rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-postgresql" });
        const replicaCluster = rds.cluster("dr", { engine: "aurora-postgresql", replicationSourceIdentifier: "arn:aws:rds:us-west-2:123456789012:cluster:ledger" });
        expect(await run(dbManagedCredentials, [restored, member, replicaCluster])).toEqual([]);
    });

    it("notes an unknown manageMasterUserPassword at preview as advisory", async () => {
        const findings = await run(dbManagedCredentials, withProps(compliantStack(), rds.instance, "orders-db", set({ manageMasterUserPassword: unknownSentinels.boolean })), { preview: true });
        expect(findings.map((f) => [f.enforcementLevel, f.resource])).toEqual([["advisory", "orders-db"]]);
    });

    it("reports a manageMasterUserPassword of the wrong type instead of crashing", async () => {
        const findings = await run(dbManagedCredentials, withProps(compliantStack(), rds.instance, "orders-db", set({ manageMasterUserPassword: untyped("yes") })));
        expect(findings[0].message).toContain('manageMasterUserPassword is "yes"');
    });
});
