// Users checklist item on DocumentDB, Neptune, Redshift and Redshift Serverless.
import { anyKind, set, unset, withProps } from "../../fixtures/resources";
import { unknownSentinels } from "../helpers";
import { itFlagsEachChange, packFindings } from "./support";
import { docdb, neptune, redshift, redshiftServerless } from "../../fixtures/docdb-neptune-redshift-resources";

describe("users on DocumentDB, Neptune, Redshift and Redshift Serverless", () => {
    itFlagsEachChange([
        {
            name: "a DocumentDB cluster whose master user is admin",
            change: (s) => withProps(s, docdb.cluster, "docs", set({ masterUsername: "admin" })),
            policy: "db-no-default-admin",
            resource: "docs",
            says: 'masterUsername is "admin"',
        },
        {
            name: "a Redshift cluster whose master user is Redshift's default awsuser",
            change: (s) => withProps(s, redshift.cluster, "warehouse", set({ masterUsername: "awsuser" })),
            policy: "db-no-default-admin",
            resource: "warehouse",
            says: 'masterUsername is "awsuser"',
        },
        {
            name: "a Redshift cluster with no master user",
            change: (s) => withProps(s, redshift.cluster, "warehouse", unset("masterUsername")),
            policy: "db-no-default-admin",
            resource: "warehouse",
            says: "masterUsername is unset",
        },
        {
            name: "a Redshift Serverless namespace whose admin is admin",
            change: (s) => withProps(s, redshiftServerless.namespace, "lake", set({ adminUsername: "Admin " })),
            policy: "db-no-default-admin",
            resource: "lake",
            says: 'adminUsername is "Admin "',
        },
        {
            name: "a DocumentDB cluster that does not let AWS manage its password",
            change: (s) => withProps(s, docdb.cluster, "docs", unset("manageMasterUserPassword")),
            policy: "db-managed-credentials",
            resource: "docs",
            says: "manageMasterUserPassword is unset; wanted true",
        },
        {
            name: "a Redshift cluster with manageMasterPassword false",
            change: (s) => withProps(s, redshift.cluster, "warehouse", set({ manageMasterPassword: false })),
            policy: "db-managed-credentials",
            resource: "warehouse",
            says: "manageMasterPassword is false",
        },
        {
            name: "a Redshift Serverless namespace that does not manage its admin password",
            change: (s) => withProps(s, redshiftServerless.namespace, "lake", unset("manageAdminPassword")),
            policy: "db-managed-credentials",
            resource: "lake",
            says: "manageAdminPassword is unset",
        },
        {
            name: "a Neptune cluster without IAM database authentication",
            change: (s) => withProps(s, neptune.cluster, "graph", unset("iamDatabaseAuthenticationEnabled")),
            policy: "db-iam-auth",
            resource: "graph",
            says: "iamDatabaseAuthenticationEnabled is unset",
            level: "advisory",
        },
    ]);

    it.each([
        ["docs", "masterPassword", "manageMasterUserPassword"],
        ["warehouse", "masterPassword", "manageMasterPassword"],
        ["lake", "adminUserPassword", "manageAdminPassword"],
    ])("flags a plaintext password on %s (%s) without printing it", async (name, property, managed) => {
        const findings = await packFindings((s) => withProps(s, anyKind, name, (p) => ({ ...p, [property]: "Sup3r-secret-pw", [managed]: undefined })));
        expect(findings.map((f) => [f.policy, f.resource])).toEqual([["db-managed-credentials", name]]);
        expect(findings[0].message).toContain(`${property} is set (value hidden)`);
        expect(findings[0].message).not.toContain("Sup3r-secret-pw");
    });

    it("flags a write-only password unless allowWriteOnlyPassword, like RDS", async () => {
        const change = (s: Parameters<typeof withProps>[0]) =>
            withProps(s, redshift.cluster, "warehouse", (p) => ({ ...p, masterPasswordWo: "x-secret-x", masterPasswordWoVersion: 1, manageMasterPassword: undefined }));
        expect((await packFindings(change)).map((f) => f.message)).toEqual([expect.stringContaining("masterPasswordWo is set (value hidden)")]);
        expect(await packFindings(change, { config: { "db-managed-credentials": { allowWriteOnlyPassword: true } } })).toEqual([]);
    });

    it("accepts a Redshift Serverless namespace with no admin user at all (IAM only)", async () => {
        expect(await packFindings((s) => withProps(s, redshiftServerless.namespace, "lake", unset("adminUsername", "manageAdminPassword")))).toEqual([]);
    });

    it("does not ask a cluster restored from a snapshot for a master user", async () => {
        const change = (s: Parameters<typeof withProps>[0]) =>
            withProps(s, docdb.cluster, "docs", (p) => ({ ...unset<typeof p>("masterUsername", "manageMasterUserPassword")(p), snapshotIdentifier: "docs-snap" }));
        expect(await packFindings(change)).toEqual([]);
    });

    it("reports an unknown master username at preview instead of judging it", async () => {
        const findings = await packFindings((s) => withProps(s, redshift.cluster, "warehouse", set({ masterUsername: unknownSentinels.string })), { preview: true });
        expect(findings.map((f) => [f.policy, f.enforcementLevel])).toEqual([["db-no-default-admin", "advisory"]]);
        expect(findings[0].message).toContain("masterUsername is not known during preview");
    });
});
