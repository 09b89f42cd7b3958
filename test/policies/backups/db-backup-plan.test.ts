import { awsProviderType } from "../../../policies/lib/provider";
import { dbBackupPlan } from "../../../policies/backups/db-backup-plan";
import { compliantStack } from "../../fixtures/compliant-stack";
import { arn, backup, rds, set, untyped, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

/** The compliant stack with both databases' selections replaced by the given ones. */
const withSelections = (...selections: ReturnType<typeof backup.selection>[]) => [...without(compliantStack(), "orders-db-selection", "ledger-selection"), ...selections];
const selection = (name: string, props: Record<string, unknown>, links = {}) =>
    backup.selection(name, { name, planId: "orders-db-plan-id", iamRoleArn: arn("iam", "role/backup", ""), ...props }, { propertyDependencies: { planId: ["orders-db-plan"] }, ...links });
const flagged = async (stack: Parameters<typeof run>[1], options = {}) => (await run(dbBackupPlan, stack, options)).map((f) => f.resource);

describe("db-backup-plan", () => {
    it("passes the compliant stack (selections link the databases' ARNs)", async () => {
        expect(await run(dbBackupPlan, compliantStack())).toEqual([]);
    });

    it("flags a database no backup selection selects, naming the fix", async () => {
        const findings = await run(dbBackupPlan, without(compliantStack(), "orders-db-selection"));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ policy: "db-backup-plan", enforcementLevel: "advisory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": AWS Backup selection is unset; wanted an aws.backup.Selection of a backup plan that selects the database by ARN, ARN pattern or tag. ' +
                'Fix: add `new aws.backup.Selection("orders-db-backup", { planId: plan.id, iamRoleArn: backupRole.arn, resources: [db.arn] })`, ' +
                'where `db` is the aws.rds.Instance "orders-db" and `plan` an aws.backup.Plan.',
        );
    });

    it("accepts the database's ARN as a literal value (no recorded dependency)", async () => {
        expect(await flagged(withSelections(selection("both", { resources: [arn("rds", "db:orders-db"), arn("rds", "cluster:ledger")] })))).toEqual([]);
        expect(await flagged(withSelections(selection("other", { resources: [arn("rds", "db:billing-db")] })))).toEqual(["orders-db", "ledger"]);
    });

    it("matches ARN patterns the way AWS Backup does", async () => {
        expect(await flagged(withSelections(selection("all-instances", { resources: ["arn:aws:rds:*:*:db:*"] })))).toEqual(["ledger"]);
        expect(await flagged(withSelections(selection("all-clusters", { resources: ["arn:aws:rds:*:*:cluster:*"] })))).toEqual(["orders-db"]);
        expect(await flagged(withSelections(selection("everything", { resources: ["*"] })))).toEqual([]);
        expect(await flagged(withSelections(selection("other-region", { resources: ["arn:aws:rds:eu-west-1:*:*"] })))).toEqual(["orders-db", "ledger"]);
    });

    it("selects by tag through selectionTags (STRINGEQUALS, ORed)", async () => {
        const byTag = (value: string) =>
            selection("by-owner", {
                selectionTags: [
                    { type: "STRINGEQUALS", key: "owner", value },
                    { type: "STRINGEQUALS", key: "backup", value: "daily" },
                ],
            });
        expect(await flagged(withSelections(byTag("team-orders")))).toEqual([]);
        expect(await flagged(withSelections(byTag("team-billing")))).toEqual(["orders-db", "ledger"]);
    });

    it("selects by a tag the AWS provider's defaultTags put on the database (AWS Backup sees tagsAll)", async () => {
        const byBackupTag = selection("by-backup-tag", { selectionTags: [{ type: "STRINGEQUALS", key: "backup", value: "daily" }] });
        const provider = { type: awsProviderType, name: "prod", props: { region: "us-east-1", defaultTags: JSON.stringify({ tags: { backup: "daily" } }) } };
        const viaProvider = [provider, ...withSelections(byBackupTag).map((r) => (r.name === "orders-db" || r.name === "ledger" ? { ...r, provider: "prod" } : r))];
        expect(await flagged(viaProvider)).toEqual([]);
        // The database's own tag wins over the provider's.
        expect(await flagged(withProps(viaProvider, rds.instance, "orders-db", (p) => ({ ...p, tags: { ...(p.tags as object), backup: "none" } })))).toEqual(["orders-db"]);
        expect(await flagged(withSelections(byBackupTag))).toEqual(["orders-db", "ledger"]);
    });

    it("selects by conditions, ANDed with each other and with resources", async () => {
        const byConditions = (conditions: unknown[], resources?: string[]) => selection("by-conditions", { conditions, ...(resources ? { resources } : {}) });
        expect(await flagged(withSelections(byConditions([{ stringEquals: [{ key: "aws:ResourceTag/owner", value: "team-orders" }] }])))).toEqual([]);
        expect(await flagged(withSelections(byConditions([{ stringLikes: [{ key: "aws:ResourceTag/runbook", value: "https://runbooks.example.com/*" }] }])))).toEqual([]);
        expect(
            await flagged(
                withSelections(
                    byConditions([
                        {
                            stringEquals: [
                                { key: "aws:ResourceTag/owner", value: "team-orders" },
                                { key: "aws:ResourceTag/tier", value: "gold" },
                            ],
                        },
                    ]),
                ),
            ),
        ).toEqual(["orders-db", "ledger"]);
        expect(await flagged(withSelections(byConditions([{ stringNotEquals: [{ key: "aws:ResourceTag/owner", value: "team-orders" }] }], ["*"])))).toEqual(["orders-db", "ledger"]);
        expect(await flagged(withSelections(byConditions([{ stringEquals: [{ key: "aws:ResourceTag/owner", value: "team-orders" }] }], ["arn:aws:rds:*:*:cluster:*"])))).toEqual(["orders-db"]);
    });

    it("does not count a selection whose notResources exclude the database, and says so", async () => {
        const findings = await run(dbBackupPlan, withSelections(selection("all-but-orders", { resources: ["*"], notResources: [arn("rds", "db:orders-db")] })));
        expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
        expect(findings[0].message).toContain('(aws.backup.Selection "all-but-orders" would, but its `notResources` exclude it)');
    });

    it("accepts a literal plan id of a plan outside the stack, but not a selection without a plan", async () => {
        const external = backup.selection("external", { name: "external", planId: "0a1b2c3d-plan", iamRoleArn: "r", resources: ["*"] });
        expect(await flagged(withSelections(external))).toEqual([]);
        const noPlan = backup.selection("no-plan", { name: "no-plan", planId: "", iamRoleArn: "r", resources: ["*"] });
        expect(await flagged(withSelections(noPlan))).toEqual(["orders-db", "ledger"]);
    });

    it("does not judge read replicas or Aurora cluster members (covered by source and cluster)", async () => {
        // The compliant stack selects neither the replica nor the cluster instances and passes.
        expect(await flagged(compliantStack())).toEqual([]);
    });

    it("notes selections it cannot judge at preview, and passes those linked by dependency", async () => {
        const pendingList = selection("pending", { resources: unknownSentinels.array });
        const findings = await run(dbBackupPlan, withSelections(pendingList), { preview: true });
        expect(atLevel(findings, "advisory").map((f) => [f.resource, f.message])).toEqual([
            ["orders-db", expect.stringContaining('resources of aws.backup.Selection "pending" is not known during preview')],
            ["ledger", expect.stringContaining('resources of aws.backup.Selection "pending" is not known during preview')],
        ]);
        const linked = withProps(compliantStack(), backup.selection, "orders-db-selection", set({ resources: unknownSentinels.array }));
        expect(await run(dbBackupPlan, withProps(linked, rds.instance, "orders-db", set({ arn: unknownSentinels.string })), { preview: true })).toEqual([]);
    });

    it("notes a database whose ARN is unknown at preview when only a pattern could select it", async () => {
        const stack = withProps(
            withSelections(selection("all-instances", { resources: ["arn:aws:rds:*:*:db:*"] }), selection("ledger-only", { resources: [arn("rds", "cluster:ledger")] })),
            rds.instance,
            "orders-db",
            set({ arn: unknownSentinels.string }),
        );
        const findings = await run(dbBackupPlan, stack, { preview: true });
        expect(findings.map((f) => [f.resource, f.enforcementLevel, f.message])).toEqual([
            ["orders-db", "advisory", expect.stringMatching(/^aws\.rds\.Instance "orders-db": arn is not known during preview/)],
        ]);
    });

    it("treats unknown tags of the database as not known yet", async () => {
        const stack = withProps(
            withSelections(selection("by-owner", { selectionTags: [{ type: "STRINGEQUALS", key: "owner", value: "team-orders" }] })),
            rds.instance,
            "orders-db",
            set({ tags: unknownSentinels.object }),
        );
        const findings = await run(dbBackupPlan, stack, { preview: true });
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["orders-db", "advisory"]]);
    });

    it("does not crash on odd input: lists that are strings, tags that are not a map, nulls", async () => {
        let stack = withSelections(selection("odd", { resources: "arn:aws:rds:*:*:db:*", selectionTags: "owner=team", conditions: [null, { stringEquals: "x" }], notResources: [null, 3] }));
        stack = withProps(stack, rds.instance, "orders-db", set({ tags: untyped("owner=team-orders"), arn: untyped(42) }));
        expect(await flagged(stack)).toEqual(["orders-db", "ledger"]);
    });

    it("can be made mandatory, or scoped to production stacks, by config", async () => {
        const stack = without(compliantStack(), "ledger-selection");
        expect(atLevel(await run(dbBackupPlan, stack, { config: { "db-backup-plan": "mandatory" } })).map((f) => f.resource)).toEqual(["ledger"]);
        const scoped = { "db-backup-plan": { productionStackTag: "environment=production" } };
        expect(await run(dbBackupPlan, stack, { config: scoped, stackTags: { environment: "dev" } })).toEqual([]);
    });
});
