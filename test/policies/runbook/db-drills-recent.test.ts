import { dbDrillsRecent } from "../../../policies/runbook/db-drills-recent";
import { compliantStack as fullyCompliantStack, daysAgo } from "../../fixtures/compliant-stack";
import { anyKind, backup, cloudwatch, rds, set, untyped, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

type Stack = Parameters<typeof run>[1];
/** Validated restore tests stand in for the restore drill: these tests judge the tags, so the validations are taken out. */
const validations = ["orders-db-restore-validation", "orders-db-restore-completed-to-validation", "ledger-restore-validation", "ledger-restore-completed-to-validation"];
const compliantStack = () => without(fullyCompliantStack(), ...validations);
const retag = (stack: Stack, name: string, tags: Record<string, unknown>) =>
    withProps(stack, anyKind, name, (props) => {
        const merged: Record<string, unknown> = { ...(props.tags as object), ...tags };
        for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
        return { ...props, tags: merged };
    });

describe("db-drills-recent", () => {
    it("passes the compliant stack (drills 10 and 20 days ago)", async () => {
        expect(await run(dbDrillsRecent, compliantStack())).toEqual([]);
    });

    it("flags a stale restore drill, as advisory, with its age and the fix", async () => {
        const stale = daysAgo(120);
        const findings = await run(dbDrillsRecent, retag(compliantStack(), "orders-db", { "restore-tested-at": stale }));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ policy: "db-drills-recent", checklistItem: "runbook", enforcementLevel: "advisory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            `aws.rds.Instance "orders-db": tags["restore-tested-at"] is "${stale}"; wanted an ISO date (YYYY-MM-DD) of the last drill, within the last 90 days (this is 120 days old, more than 90) (or validated AWS Backup restore tests, which db-restore-tested describes). ` +
                'Fix: run the drill, then set `"restore-tested-at": "YYYY-MM-DD"` (its date) in `tags` of the aws.rds.Instance args of "orders-db".',
        );
    });

    it("accepts a drill exactly maxAgeDays ago and full ISO timestamps", async () => {
        expect(await run(dbDrillsRecent, retag(compliantStack(), "orders-db", { "restore-tested-at": daysAgo(90) }))).toEqual([]);
        expect(await run(dbDrillsRecent, retag(compliantStack(), "ledger", { "failover-tested-at": new Date(Date.now() - 5 * 86_400_000).toISOString() }))).toEqual([]);
    });

    it.each([
        ["in the future", () => daysAgo(-3), "in the future"],
        ["not a date", () => "Q3 2024", "not an ISO date"],
        ["an impossible date", () => "2024-02-30", "not an ISO date"],
    ])("flags a drill date that is %s", async (_, value, why) => {
        const v = value();
        const findings = await run(dbDrillsRecent, retag(compliantStack(), "ledger", { "failover-tested-at": v }));
        expect(findings.map((f) => [f.resource, f.message])).toEqual([
            ["ledger", expect.stringContaining(`tags["failover-tested-at"] is ${JSON.stringify(v)}; wanted an ISO date (YYYY-MM-DD) of the last drill, within the last 90 days (this is ${why})`)],
        ]);
    });

    it("flags missing drill tags, one finding per drill", async () => {
        const findings = await run(dbDrillsRecent, withProps(compliantStack(), rds.instance, "orders-db", set({ tags: { owner: "team-orders" } })));
        expect(findings.map((f) => f.message.split(";")[0])).toEqual([
            'aws.rds.Instance "orders-db": tags["restore-tested-at"] is unset',
            'aws.rds.Instance "orders-db": tags["failover-tested-at"] is unset',
        ]);
    });

    it("honours maxAgeDays and drillTags from config", async () => {
        const stack = retag(compliantStack(), "orders-db", { "restore-tested-at": daysAgo(15), "failover-tested-at": undefined });
        const findings = await run(dbDrillsRecent, stack, { config: { "db-drills-recent": { maxAgeDays: 12 } } });
        expect(findings.map((f) => [f.resource, f.message.split(";")[0]])).toEqual([
            ["orders-db", 'aws.rds.Instance "orders-db": tags["restore-tested-at"] is "' + daysAgo(15) + '"'],
            ["orders-db", 'aws.rds.Instance "orders-db": tags["failover-tested-at"] is unset'],
            ["ledger", 'aws.rds.Cluster "ledger": tags["failover-tested-at"] is "' + daysAgo(20) + '"'],
        ]);
        expect(await run(dbDrillsRecent, stack, { config: { "db-drills-recent": { drillTags: ["restore-tested-at"] } } })).toEqual([]);
    });

    it("does not judge read replicas or Aurora cluster members (drills are run on the source or cluster)", async () => {
        const stack = withProps(withProps(compliantStack(), rds.instance, "orders-replica", set({ tags: {} })), rds.clusterInstance, "ledger-1", set({ tags: {} }));
        expect(await run(dbDrillsRecent, stack)).toEqual([]);
        expect(await run(dbDrillsRecent, [rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-mysql" })])).toEqual([]);
    });

    it("notes unknown dates at preview, and still reports a known-bad one", async () => {
        const stack = retag(compliantStack(), "orders-db", { "restore-tested-at": unknownSentinels.string, "failover-tested-at": "never" });
        const findings = await run(dbDrillsRecent, stack, { preview: true, config: { "db-drills-recent": "mandatory" } });
        expect(findings.map((f) => [f.enforcementLevel, f.message.split(";")[0]])).toEqual([
            ["advisory", expect.stringContaining('tags["restore-tested-at"] is not known during preview')],
            ["mandatory", 'aws.rds.Instance "orders-db": tags["failover-tested-at"] is "never"'],
        ]);
        const unknownMap = await run(dbDrillsRecent, withProps(compliantStack(), rds.cluster, "ledger", set({ tags: unknownSentinels.object })), { preview: true });
        expect(unknownMap.map((f) => f.message)).toEqual([expect.stringContaining('aws.rds.Cluster "ledger": tags is not known during preview')]);
        expect(atLevel(unknownMap)).toEqual([]);
    });

    it("reports odd values instead of crashing", async () => {
        expect((await run(dbDrillsRecent, withProps(compliantStack(), rds.instance, "orders-db", set({ tags: untyped(7) })))).map((f) => f.message)).toEqual([
            expect.stringContaining("tags is 7; wanted a map of tags with"),
        ]);
        expect(await run(dbDrillsRecent, retag(compliantStack(), "orders-db", { "restore-tested-at": 20240101 }))).toHaveLength(1);
    });
});

describe("db-drills-recent: a validated restore test is the restore drill", () => {
    const noRestoreTag = (stack: Stack) => retag(retag(stack, "orders-db", { "restore-tested-at": undefined }), "ledger", { "restore-tested-at": undefined });

    it("needs only the failover drill recorded when restore tests are validated", async () => {
        expect(await run(dbDrillsRecent, noRestoreTag(fullyCompliantStack()))).toEqual([]);
        expect(await run(dbDrillsRecent, retag(fullyCompliantStack(), "orders-db", { "restore-tested-at": daysAgo(400) }))).toEqual([]);
        const findings = await run(dbDrillsRecent, retag(noRestoreTag(fullyCompliantStack()), "orders-db", { "failover-tested-at": undefined }));
        expect(findings.map((f) => [f.resource, f.message.split(";")[0]])).toEqual([["orders-db", 'aws.rds.Instance "orders-db": tags["failover-tested-at"] is unset']]);
    });

    it("asks for the restore drill when restore tests are not validated, naming the alternative", async () => {
        const findings = await run(dbDrillsRecent, noRestoreTag(without(fullyCompliantStack(), "orders-db-restore-validation", "orders-db-restore-completed-to-validation")));
        expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": tags["restore-tested-at"] is unset; wanted an ISO date (YYYY-MM-DD) of the last drill, within the last 90 days ' +
                "(or validated AWS Backup restore tests, which db-restore-tested describes). " +
                'Fix: run the drill, then set `"restore-tested-at": "YYYY-MM-DD"` (its date) in `tags` of the aws.rds.Instance args of "orders-db".',
        );
    });

    it("does not count restore tests whose selection does not fit the database, or with the option off", async () => {
        const otherType = withProps(fullyCompliantStack(), backup.restoreTestingSelection, "orders-db-restore-test-selection", set({ protectedResourceType: "Aurora" }));
        expect((await run(dbDrillsRecent, noRestoreTag(otherType))).map((f) => f.resource)).toEqual(["orders-db"]);
        const noSelection = without(fullyCompliantStack(), "orders-db-restore-test-selection");
        expect((await run(dbDrillsRecent, noRestoreTag(noSelection))).map((f) => f.resource)).toEqual(["orders-db"]);
        const off = await run(dbDrillsRecent, noRestoreTag(fullyCompliantStack()), { config: { "db-drills-recent": { countValidatedRestoreTests: false } } });
        expect(off.map((f) => f.resource)).toEqual(["orders-db", "ledger"]);
    });

    it("notes a validation not known during preview instead of judging the restore drill", async () => {
        const stack = noRestoreTag(withProps(fullyCompliantStack(), cloudwatch.eventRule, "orders-db-restore-completed", set({ eventPattern: unknownSentinels.string })));
        const findings = await run(dbDrillsRecent, stack, { preview: true });
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["orders-db", "advisory"]]);
        expect(findings[0].message).toContain('eventPattern of aws.cloudwatch.EventRule "orders-db-restore-completed" is not known during preview');
    });
});
