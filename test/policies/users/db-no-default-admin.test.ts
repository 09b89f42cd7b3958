import { dbNoDefaultAdmin } from "../../../policies/users/db-no-default-admin";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-no-default-admin", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbNoDefaultAdmin, compliantStack())).toEqual([]);
    });

    it('flags an instance whose master user is "admin", naming the fix and the replacement it causes', async () => {
        const findings = await run(dbNoDefaultAdmin, withProps(compliantStack(), rds.instance, "orders-db", set({ username: "admin" })));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ policy: "db-no-default-admin", checklistItem: "users", enforcementLevel: "mandatory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": username is "admin"; wanted a master username that is not a well-known default such as admin, root or postgres. ' +
                'Fix: set `username: "orders_db_admin"` in the aws.rds.Instance args of "orders-db" (this replaces the database: choose it before go-live).',
        );
    });

    it("compares case-insensitively and ignores blanks, on a cluster's masterUsername", async () => {
        const findings = await run(dbNoDefaultAdmin, withProps(compliantStack(), rds.cluster, "ledger", set({ masterUsername: " Postgres " })));
        expect(findings.map((f) => f.resource)).toEqual(["ledger"]);
        expect(findings[0].message).toContain('aws.rds.Cluster "ledger": masterUsername is " Postgres "');
        expect(findings[0].message).toContain('set `masterUsername: "ledger_admin"` in the aws.rds.Cluster args of "ledger"');
    });

    it("flags a new instance with no master username: RDS requires one, so say what to choose", async () => {
        const findings = await run(dbNoDefaultAdmin, withProps(compliantStack(), rds.instance, "orders-db", unset("username")));
        expect(findings.map((f) => f.message)).toEqual([
            'aws.rds.Instance "orders-db": username is unset; wanted a master username that is not a well-known default ' +
                "(RDS requires one for a new database that is not a replica or a restore). " +
                'Fix: set `username: "orders_db_admin"` in the aws.rds.Instance args of "orders-db" (this replaces the database: choose it before go-live).',
        ]);
    });

    it("does not judge databases that inherit their master user: snapshot restores, point-in-time restores, replica clusters", async () => {
        const restored = withProps(compliantStack(), rds.instance, "orders-db", (p) => ({ ...unset<typeof p>("username")(p), snapshotIdentifier: "orders-snap" }));
        expect(await run(dbNoDefaultAdmin, restored)).toEqual([]);
        const pitr = rds.instance("pitr", { instanceClass: "db.m6g.large", engine: "postgres", restoreToPointInTime: { sourceDbInstanceIdentifier: "orders-db", useLatestRestorableTime: true } });
        const secondary = rds.cluster("secondary", { engine: "aurora-postgresql", globalClusterIdentifier: "global-ledger" });
        const fromSnapshotPending = rds.instance("pending", { instanceClass: "db.m6g.large", engine: "postgres", snapshotIdentifier: unknownSentinels.string });
        expect(await run(dbNoDefaultAdmin, [pitr, secondary, fromSnapshotPending], { preview: true })).toEqual([]);
    });

    it("does not judge read replicas (even with a denied name) or Aurora members", async () => {
        const replica = withProps(compliantStack(), rds.instance, "orders-replica", set({ username: "admin" }));
        expect(await run(dbNoDefaultAdmin, replica)).toEqual([]);
        const member = rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-mysql" });
        expect(await run(dbNoDefaultAdmin, [member])).toEqual([]);
    });

    it("notes a master username unknown at preview as advisory, not a pass", async () => {
        const findings = await run(dbNoDefaultAdmin, withProps(compliantStack(), rds.instance, "orders-db", set({ username: unknownSentinels.string })), { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toContain("username is not known during preview");
    });

    it("takes its deny list from config", async () => {
        const config = { "db-no-default-admin": { deniedUsernames: ["orders_admin"] } };
        expect((await run(dbNoDefaultAdmin, compliantStack(), { config })).map((f) => f.resource)).toEqual(["orders-db"]);
        const admin = withProps(compliantStack(), rds.instance, "orders-db", set({ username: "admin" }));
        expect(await run(dbNoDefaultAdmin, admin, { config: { "db-no-default-admin": { deniedUsernames: [] } } })).toEqual([]);
    });

    it("reports a username of the wrong type instead of crashing", async () => {
        const findings = await run(dbNoDefaultAdmin, withProps(compliantStack(), rds.instance, "orders-db", set({ username: untyped({ name: "x" }) })));
        expect(findings[0].message).toContain('username is {"name":"x"}; wanted a string');
        expect(await run(dbNoDefaultAdmin, [rds.instance("odd", { username: untyped(null) })])).toHaveLength(1);
    });
});
