import { dbRestoreTested } from "../../../policies/backups/db-restore-tested";
import { compliantStack, daysAgo } from "../../fixtures/compliant-stack";
import { anyKind, arn, backup, cloudwatch, rds, set, untyped, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

type Stack = Parameters<typeof run>[1];
/** Changes some tags of one resource (undefined removes a tag). */
const retag = (stack: Stack, name: string, tags: Record<string, unknown>) =>
    withProps(stack, anyKind, name, (props) => {
        const merged: Record<string, unknown> = { ...(props.tags as object), ...tags };
        for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
        return { ...props, tags: merged };
    });
/** The compliant stack where orders-db has no restore testing selection and no attestation tag. */
const untested = () => retag(without(compliantStack(), "orders-db-restore-test-selection"), "orders-db", { "restore-tested-at": undefined });
const restoreSelection = (props: Record<string, unknown>, links: Record<string, string[]> = { restoreTestingPlanName: ["orders-db-restore-test"] }) =>
    backup.restoreTestingSelection(
        "custom-selection",
        {
            name: "custom_selection",
            restoreTestingPlanName: "orders_db_restore_test",
            protectedResourceType: "RDS",
            iamRoleArn: arn("iam", "role/backup", ""),
            ...props,
        },
        { propertyDependencies: links },
    );
const flagged = async (stack: Stack, options = {}) => (await run(dbRestoreTested, stack, options)).map((f) => f.resource);

describe("db-restore-tested", () => {
    it("passes the compliant stack (restore testing selections for the instance and the cluster)", async () => {
        expect(await run(dbRestoreTested, compliantStack())).toEqual([]);
    });

    it("flags a database with neither restore testing nor an attestation tag, naming both fixes", async () => {
        const findings = await run(dbRestoreTested, untested());
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ policy: "db-restore-tested", enforcementLevel: "mandatory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": restore testing is unset; wanted an aws.backup.RestoreTestingSelection (protectedResourceType "RDS") of a restore testing plan in this stack covering it, ' +
                'or a restore drill recorded in tags["restore-tested-at"] within 90 days. ' +
                'Fix: add `new aws.backup.RestoreTestingSelection("orders-db-restore-test", { restoreTestingPlanName: plan.name, protectedResourceType: "RDS", protectedResourceArns: [db.arn], iamRoleArn: role.arn })` ' +
                'where `db` is the aws.rds.Instance "orders-db" and `plan` an aws.backup.RestoreTestingPlan, ' +
                'or after a restore drill set `"restore-tested-at": "YYYY-MM-DD"` in `tags` of the aws.rds.Instance args of "orders-db".',
        );
    });

    it("accepts a fresh attestation tag instead of restore testing", async () => {
        expect(await flagged(retag(untested(), "orders-db", { "restore-tested-at": daysAgo(89) }))).toEqual([]);
        expect(await flagged(retag(untested(), "orders-db", { "restore-tested-at": new Date(Date.now() - 3_600_000).toISOString() }))).toEqual([]);
    });

    it.each([
        ["stale", () => daysAgo(91), "91 days old, more than 90"],
        ["in the future", () => daysAgo(-2), "in the future"],
        ["not a date", () => "last week", "not an ISO date"],
    ])("flags an attestation tag that is %s, saying why", async (_, value, why) => {
        const v = value();
        const findings = await run(dbRestoreTested, retag(untested(), "orders-db", { "restore-tested-at": v }));
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining(`(tags["restore-tested-at"] is ${JSON.stringify(v)}: ${why})`)]);
    });

    it("does not count a selection whose protectedResourceType does not fit the database", async () => {
        const stack = withProps(compliantStack(), backup.restoreTestingSelection, "ledger-restore-test-selection", set({ protectedResourceType: "RDS" }));
        const findings = await run(dbRestoreTested, retag(stack, "ledger", { "restore-tested-at": undefined }));
        expect(findings.map((f) => [f.resource, f.message])).toEqual([
            ["ledger", expect.stringContaining('(aws.backup.RestoreTestingSelection "ledger-restore-test-selection" has protectedResourceType "RDS", not "Aurora")')],
        ]);
    });

    it("does not count a selection whose restore testing plan is not in the stack", async () => {
        const orphan = restoreSelection({ restoreTestingPlanName: "someone_elses_plan", protectedResourceArns: [arn("rds", "db:orders-db")] }, {});
        const findings = await run(dbRestoreTested, [...untested(), orphan]);
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('(aws.backup.RestoreTestingSelection "custom-selection" names a restore testing plan that is not in this stack)')]);
    });

    it('accepts the database\'s ARN by value, and "*" narrowed by tag conditions', async () => {
        expect(await flagged([...untested(), restoreSelection({ protectedResourceArns: [arn("rds", "db:orders-db")] })])).toEqual([]);
        expect(await flagged([...untested(), restoreSelection({ protectedResourceArns: ["*"] })])).toEqual([]);
        const owner = (value: string) => ({ stringEquals: [{ key: "aws:ResourceTag/owner", value }] });
        expect(await flagged([...untested(), restoreSelection({ protectedResourceArns: ["*"], protectedResourceConditions: owner("team-orders") })])).toEqual([]);
        expect(await flagged([...untested(), restoreSelection({ protectedResourceConditions: owner("team-orders") })])).toEqual([]);
        expect(await flagged([...untested(), restoreSelection({ protectedResourceArns: ["*"], protectedResourceConditions: owner("team-billing") })])).toEqual(["orders-db"]);
        const notOrders = { stringNotEquals: [{ key: "aws:ResourceTag/owner", value: "team-orders" }] };
        expect(await flagged([...untested(), restoreSelection({ protectedResourceArns: ["*"], protectedResourceConditions: notOrders })])).toEqual(["orders-db"]);
        expect(await flagged([...untested(), restoreSelection({ protectedResourceArns: [arn("rds", "db:billing-db")] })])).toEqual(["orders-db"]);
    });

    it("honours tagKey and maxAgeDays from config", async () => {
        const stack = retag(untested(), "orders-db", { "dr-restore-drill": daysAgo(100) });
        const config = (c: object) => ({ config: { "db-restore-tested": c } });
        expect(await flagged(stack, config({ tagKey: "dr-restore-drill", maxAgeDays: 120 }))).toEqual([]);
        expect(await flagged(stack, config({ tagKey: "dr-restore-drill" }))).toEqual(["orders-db"]);
    });

    it("does not judge read replicas or Aurora members (their source or cluster is restored)", async () => {
        const replica = rds.instance("replica", { instanceClass: "db.m6g.large", replicateSourceDb: "orders-db-source" });
        const member = rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-postgresql" });
        expect(await flagged([replica, member])).toEqual([]);
    });

    it("notes unknown values at preview as advisory, never as a pass or a violation", async () => {
        const unknownTag = retag(untested(), "orders-db", { "restore-tested-at": unknownSentinels.string });
        expect((await run(dbRestoreTested, unknownTag, { preview: true })).map((f) => [f.enforcementLevel, f.message])).toEqual([
            ["advisory", expect.stringContaining('aws.rds.Instance "orders-db": tags["restore-tested-at"] is not known during preview')],
        ]);
        const unknownType = [...untested(), restoreSelection({ protectedResourceArns: [arn("rds", "db:orders-db")], protectedResourceType: unknownSentinels.string })];
        expect((await run(dbRestoreTested, unknownType, { preview: true })).map((f) => [f.enforcementLevel, f.message])).toEqual([
            ["advisory", expect.stringContaining('protectedResourceType of aws.backup.RestoreTestingSelection "custom-selection" is not known during preview')],
        ]);
        const unknownPlan = [...untested(), restoreSelection({ protectedResourceArns: [arn("rds", "db:orders-db")], restoreTestingPlanName: unknownSentinels.string }, {})];
        const planFindings = await run(dbRestoreTested, unknownPlan, { preview: true });
        expect(atLevel(planFindings)).toEqual([]);
        expect(planFindings.map((f) => f.message)).toEqual([expect.stringContaining('restoreTestingPlanName of aws.backup.RestoreTestingSelection "custom-selection" is not known')]);
    });

    it("passes at preview when the selection is linked to a database whose ARN is not known yet", async () => {
        let stack = withProps(compliantStack(), rds.instance, "orders-db", set({ arn: unknownSentinels.string }));
        stack = withProps(stack, backup.restoreTestingSelection, "orders-db-restore-test-selection", set({ protectedResourceArns: unknownSentinels.array }));
        expect(await run(dbRestoreTested, retag(stack, "orders-db", { "restore-tested-at": undefined }), { preview: true })).toEqual([]);
    });

    it("does not crash on odd input", async () => {
        const odd = restoreSelection({ protectedResourceArns: "*", protectedResourceConditions: { stringEquals: "owner" }, protectedResourceType: 7 });
        const stack = withProps([...untested(), odd], rds.instance, "orders-db", set({ tags: untyped("restore-tested-at=2025-01-01") }));
        const findings = await run(dbRestoreTested, stack);
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('(tags is "restore-tested-at=2025-01-01", not a map)')]);
    });

    it("is not applicable on stacks outside productionStacks", async () => {
        expect(await run(dbRestoreTested, untested(), { config: { "db-restore-tested": { productionStacks: "prod" } }, stack: "staging" })).toEqual([]);
    });
});

describe("db-restore-tested: restore tests must be validated", () => {
    /** orders-db's restore tests, with no validation: the function and its trigger gone. */
    const unvalidated = () =>
        retag(without(compliantStack(), "orders-db-restore-validation", "orders-db-restore-completed", "orders-db-restore-completed-to-validation"), "orders-db", { "restore-tested-at": undefined });
    const withoutDrillTag = (stack: Stack) => retag(stack, "orders-db", { "restore-tested-at": undefined });

    it("passes a selection whose plan has a function invoked for completed restore jobs", async () => {
        expect(await flagged(withoutDrillTag(compliantStack()))).toEqual([]);
    });

    it("flags a selection nothing validates, saying how to add the validation", async () => {
        const findings = await run(dbRestoreTested, unvalidated());
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ policy: "db-restore-tested", enforcementLevel: "mandatory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": restore test validation is "aws.backup.RestoreTestingSelection \\"orders-db-restore-test-selection\\" with nothing that validates its restore tests"; ' +
                "wanted each restore test validated on the restored copy (AWS Backup only restores: a copy that comes up empty or unreachable still passes). " +
                "Fix: add a validation: an aws.lambda.Function in the database's subnets that depends on the plan (e.g. `environment: { variables: { RESTORE_TESTING_PLAN_ARN: plan.arn } }`), " +
                "logs in to the restored copy, runs a query and reports `backup:PutRestoreValidationResult` (SUCCESSFUL or FAILED), invoked by an aws.cloudwatch.EventRule with " +
                '`eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["COMPLETED"] } })` and an aws.cloudwatch.EventTarget with `arn: fn.arn`. ' +
                "The ProductionDatabase and ProductionAuroraCluster components do this by default (`backup.restoreTesting.validation`). " +
                "Or, to accept unvalidated restore tests, set `requireValidation: false` in the db-restore-tested policy config.",
        );
    });

    it("does not count a function that depends on the plan but nothing invokes for completed restore jobs", async () => {
        const stack = withoutDrillTag(without(compliantStack(), "orders-db-restore-completed-to-validation"));
        const findings = await run(dbRestoreTested, stack);
        expect(findings.map((f) => f.message)).toEqual([
            expect.stringContaining(
                '(aws.lambda.Function "orders-db-restore-validation" depends on the restore testing plan, but no enabled EventBridge rule invokes it for completed "Restore Job State Change" events)',
            ),
        ]);
    });

    it.each([
        ["a disabled rule", { state: "DISABLED" }],
        ["a rule with isEnabled false", { isEnabled: false }],
        ["a rule on a custom bus", { eventBusName: "apps" }],
        ["a rule on failed restores only", { eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["FAILED"] } }) }],
        ["a rule on backup jobs", { eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"] }) }],
        [
            "a rule on Aurora restores only",
            { eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["COMPLETED"], resourceType: ["Aurora"] } }) },
        ],
        ["a rule whose pattern is not JSON", { eventPattern: "status=COMPLETED" }],
    ])("does not count a validation triggered by %s", async (_, props) => {
        expect(await flagged(withoutDrillTag(withProps(compliantStack(), cloudwatch.eventRule, "orders-db-restore-completed", set(props))))).toEqual(["orders-db"]);
    });

    it("counts a rule that admits completed restores by content filters, and a validation that depends on the selection", async () => {
        const prefixed = withProps(
            compliantStack(),
            cloudwatch.eventRule,
            "orders-db-restore-completed",
            set({ eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": [{ prefix: "Restore Job" }], detail: { status: [{ "anything-but": ["FAILED"] }] } }) }),
        );
        expect(await flagged(withoutDrillTag(prefixed))).toEqual([]);
        const bySelection = compliantStack().map((r) => (r.name === "orders-db-restore-validation" ? { ...r, propertyDependencies: { environment: ["orders-db-restore-test-selection"] } } : r));
        expect(await flagged(withoutDrillTag(bySelection))).toEqual([]);
    });

    it("accepts unvalidated restore tests with requireValidation: false, and a fresh drill tag instead", async () => {
        expect(await flagged(unvalidated(), { config: { "db-restore-tested": { requireValidation: false } } })).toEqual([]);
        expect(await flagged(retag(unvalidated(), "orders-db", { "restore-tested-at": daysAgo(3) }))).toEqual([]);
    });

    it("notes an unknown trigger at preview as advisory, never as a pass or a violation", async () => {
        const stack = withoutDrillTag(withProps(compliantStack(), cloudwatch.eventRule, "orders-db-restore-completed", set({ eventPattern: unknownSentinels.string })));
        const findings = await run(dbRestoreTested, stack, { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('eventPattern of aws.cloudwatch.EventRule "orders-db-restore-completed" is not known during preview')]);
    });
});
