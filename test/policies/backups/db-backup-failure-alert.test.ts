import { backupTypes } from "../../../aws-facts/backup";
import { dbBackupFailureAlert } from "../../../policies/backups/db-backup-failure-alert";
import { compliantStack } from "../../fixtures/compliant-stack";
import { arn, cloudwatch, PropsOf, rds, set, unset, untyped, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

type EventSubscription = PropsOf<typeof rds.eventSubscription>;

type Stack = Parameters<typeof run>[1];
const rulesAndTargets = ["orders-db-backup-failed", "orders-db-backup-failed-to-sns", "ledger-backup-failed", "ledger-backup-failed-to-sns"];
/** Only the EventBridge route left: no RDS event subscriptions. */
const bridgeOnly = () => without(compliantStack(), "orders-db-events", "ledger-events");
/** Only the RDS event subscriptions left: no EventBridge rules. */
const subscriptionsOnly = () => without(compliantStack(), ...rulesAndTargets);
/** Neither route for orders-db; the cluster keeps its subscription. */
const noAlertForOrders = () => without(subscriptionsOnly(), "orders-db-events");
const flagged = async (stack: Stack, options = {}) => (await run(dbBackupFailureAlert, stack, options)).map((f) => f.resource);
const pattern = (p: object) => JSON.stringify(p);

describe("db-backup-failure-alert", () => {
    it("passes the compliant stack (event subscriptions and an EventBridge rule)", async () => {
        expect(await run(dbBackupFailureAlert, compliantStack())).toEqual([]);
    });

    it("flags a database whose backup failures reach no one, naming the fix", async () => {
        const findings = await run(dbBackupFailureAlert, noAlertForOrders());
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ policy: "db-backup-failure-alert", enforcementLevel: "mandatory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": backup failure alert is unset; wanted an aws.rds.EventSubscription to SNS covering it ' +
                '(sourceType "db-instance", its identifier in sourceIds or none listed, eventCategories with "backup" or "failure" or unset), ' +
                'or an EventBridge rule on failed/aborted "Backup Job State Change" events with an SNS target for a database in an AWS Backup plan. ' +
                'Fix: add `new aws.rds.EventSubscription("orders-db-backup-events", { snsTopic: alerts.arn, sourceType: "db-instance", sourceIds: [db.identifier], eventCategories: ["backup", "failure"] })`, ' +
                'where `db` is the aws.rds.Instance "orders-db" and `alerts` an aws.sns.Topic that pages someone.',
        );
    });

    it("uses db-cluster and clusterIdentifier in the fix for an Aurora cluster", async () => {
        const findings = await run(dbBackupFailureAlert, without(subscriptionsOnly(), "ledger-events"));
        expect(findings.map((f) => f.resource)).toEqual(["ledger"]);
        expect(findings[0].message).toContain('sourceType: "db-cluster", sourceIds: [db.clusterIdentifier]');
    });

    describe("through an RDS event subscription", () => {
        const sub = (change: (p: EventSubscription) => EventSubscription) => flagged(withProps(subscriptionsOnly(), rds.eventSubscription, "orders-db-events", change));

        it("accepts unset categories (all), an empty source list (all) and an unset source type (all)", async () => {
            expect(await sub(unset("eventCategories"))).toEqual([]);
            expect(await sub(set({ eventCategories: [] }))).toEqual([]);
            expect(await sub(set({ eventCategories: ["failure"] }))).toEqual([]);
            expect(await flagged(withProps(without(subscriptionsOnly(), "ledger-events"), rds.eventSubscription, "orders-db-events", set({ sourceIds: [], sourceType: undefined })))).toEqual([]);
        });

        it("accepts the database's identifier by value", async () => {
            const byValue = rds.eventSubscription("by-value", { snsTopic: arn("sns", "db-alerts"), sourceType: "db-instance", sourceIds: ["orders-db"], eventCategories: ["backup"] });
            expect(await flagged([...noAlertForOrders(), byValue])).toEqual([]);
        });

        it.each([
            ["categories without backup or failure", set<EventSubscription>({ eventCategories: ["maintenance", "low storage"] })],
            ["the cluster source type", set<EventSubscription>({ sourceType: "db-cluster" })],
            ["another database", (p: EventSubscription) => ({ ...p, sourceIds: ["billing-db"] })],
            ["subscription disabled", set<EventSubscription>({ enabled: false })],
            ["no SNS topic", set<EventSubscription>({ snsTopic: "" })],
        ])("does not count a subscription with %s", async (_, change) => {
            const odd = rds.eventSubscription("odd", change({ snsTopic: arn("sns", "db-alerts"), sourceType: "db-instance", sourceIds: ["orders-db"], eventCategories: ["backup"] }));
            expect(await flagged([...noAlertForOrders(), odd])).toEqual(["orders-db"]);
        });
    });

    describe("through an EventBridge rule on AWS Backup job failures", () => {
        const rule = (p: object | string, props: Record<string, unknown> = {}) =>
            withProps(bridgeOnly(), cloudwatch.eventRule, "orders-db-backup-failed", set({ eventPattern: typeof p === "string" ? p : pattern(p), ...props }));
        const onlyOrdersRule = (stack: Stack) => without(stack, "ledger-backup-failed", "ledger-backup-failed-to-sns");

        it("accepts a rule for a database in a backup plan, as long as one such rule exists", async () => {
            expect(await flagged(bridgeOnly())).toEqual([]);
            expect(await flagged(onlyOrdersRule(bridgeOnly()))).toEqual([]);
            expect(await flagged(onlyOrdersRule(rule({ source: ["aws.backup"] })))).toEqual([]);
            expect(await flagged(onlyOrdersRule(rule({ source: ["aws.backup"], detail: { state: [{ "anything-but": ["COMPLETED", "RUNNING"] }] } })))).toEqual([]);
        });

        it.each([
            ["only COMPLETED jobs", { source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["COMPLETED"] } }],
            ["copy jobs", { source: ["aws.backup"], "detail-type": ["Copy Job State Change"] }],
            ["another service", { source: ["aws.rds"] }],
        ])("does not count a rule on %s", async (_, p) => {
            expect(await flagged(onlyOrdersRule(rule(p)))).toEqual(["orders-db", "ledger"]);
        });

        it("says when a rule of the database's own has a pattern that is not JSON, and never mentions another database's rule", async () => {
            const malformed = onlyOrdersRule(rule("{source: aws.backup")).map((r) => (r.name === "orders-db-backup-failed" ? { ...r, propertyDependencies: { eventPattern: ["orders-db"] } } : r));
            const findings = await run(dbBackupFailureAlert, malformed);
            expect(findings.map((f) => f.resource)).toEqual(["orders-db", "ledger"]);
            expect(findings[0].message).toContain('(aws.cloudwatch.EventRule "orders-db-backup-failed" has an eventPattern that is not a JSON object)');
            expect(findings[1].message).not.toContain("orders-db-backup-failed");
        });

        describe("scoped to one database (detail.resourceArn), as the component's rule is", () => {
            const ordersArn = arn("rds", "db:orders-db");
            const failures = { source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED"] } };
            const scopedTo = (resourceArn: unknown[]) => ({ ...failures, detail: { ...failures.detail, resourceArn } });

            it("counts a rule scoped to this database, by exact ARN or by ARN suffix", async () => {
                expect(await flagged(onlyOrdersRule(rule(scopedTo([ordersArn]))))).toEqual(["ledger"]);
                expect(await flagged(onlyOrdersRule(rule(scopedTo([{ suffix: ":db:orders-db" }]))))).toEqual(["ledger"]);
                expect(
                    await flagged(
                        onlyOrdersRule(
                            rule({ ...failures, detail: { state: ["FAILED"], $or: [{ resourceArn: [{ suffix: ":db:orders-db" }] }, { sourceResourceArn: [{ suffix: ":db:orders-db" }] }] } }),
                        ),
                    ),
                ).toEqual(["ledger"]);
            });

            it("does not count a rule scoped to another database for this one", async () => {
                expect(await flagged(onlyOrdersRule(rule(scopedTo([arn("rds", "db:billing-db")]))))).toEqual(["orders-db", "ledger"]);
                expect(await flagged(onlyOrdersRule(rule(scopedTo([{ suffix: ":cluster:ledger" }]))))).toEqual(["orders-db"]);
                // Restore-job events name the database in sourceResourceArn, which backup jobs do not carry.
                expect(await flagged(onlyOrdersRule(rule({ ...failures, detail: { state: ["FAILED"], sourceResourceArn: [ordersArn] } })))).toEqual(["orders-db", "ledger"]);
                expect(await flagged(onlyOrdersRule(rule({ ...failures, resources: [arn("rds", "db:billing-db")] })))).toEqual(["orders-db", "ledger"]);
            });

            it("judges a scoped rule at preview from the identifier when the ARN is not known yet", async () => {
                const newDb = (stack: Stack) => withProps(stack, rds.instance, "orders-db", set({ arn: unknownSentinels.string }));
                expect(await flagged(newDb(onlyOrdersRule(rule(scopedTo([{ suffix: ":db:orders-db" }])))), { preview: true })).toEqual(["ledger"]);
                expect((await run(dbBackupFailureAlert, newDb(onlyOrdersRule(rule(scopedTo([{ suffix: ":db:billing" }])))), { preview: true })).map((f) => [f.resource, f.enforcementLevel])).toEqual([
                    ["orders-db", "mandatory"],
                    ["ledger", "mandatory"],
                ]);
                // A prefix with the region cannot be judged before the ARN is known.
                const byPrefix = await run(dbBackupFailureAlert, newDb(onlyOrdersRule(rule(scopedTo([{ prefix: "arn:aws:rds:us-east-1:123456789012:db:orders" }])))), { preview: true });
                expect(byPrefix.filter((f) => f.resource === "orders-db").map((f) => f.enforcementLevel)).toEqual(["advisory"]);
            });
        });

        it("does not count a disabled rule, a rule on a custom bus, or a target that is not SNS", async () => {
            expect(await flagged(onlyOrdersRule(rule({ source: ["aws.backup"] }, { state: "DISABLED" })))).toHaveLength(2);
            expect(await flagged(onlyOrdersRule(rule({ source: ["aws.backup"] }, { isEnabled: false })))).toHaveLength(2);
            expect(await flagged(onlyOrdersRule(rule({ source: ["aws.backup"] }, { eventBusName: "orders-bus" })))).toHaveLength(2);
            expect(await flagged(onlyOrdersRule(rule({ source: ["aws.backup"] }, { eventBusName: "default" })))).toEqual([]);
            const toLambda = withProps(onlyOrdersRule(bridgeOnly()), cloudwatch.eventTarget, "orders-db-backup-failed-to-sns", (p) => ({ ...p, arn: arn("lambda", "function:notify") }));
            expect(await flagged(toLambda)).toHaveLength(2);
            expect(await flagged(without(onlyOrdersRule(bridgeOnly()), "orders-db-backup-failed-to-sns"))).toHaveLength(2);
        });

        it("finds the rule of a target by the rule's name when no dependency is recorded", async () => {
            const target = cloudwatch.eventTarget("by-name", { rule: "orders-db-backup-failed", arn: arn("sns", "db-alerts") });
            expect(await flagged([...without(onlyOrdersRule(bridgeOnly()), "orders-db-backup-failed-to-sns"), target])).toEqual([]);
        });

        it("does not count the rule for a database no AWS Backup plan selects, and says so", async () => {
            const findings = await run(dbBackupFailureAlert, without(bridgeOnly(), "orders-db-selection"));
            expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
            expect(findings[0].message).toContain("(an EventBridge rule alerts on its failed AWS Backup jobs, but no AWS Backup plan selects this database)");
        });
    });

    it("explains that a vault notification on BACKUP_JOB_FAILED does not count", async () => {
        const notifications = {
            type: backupTypes.vaultNotifications,
            name: "orders-vault-events",
            props: { backupVaultName: "orders-db-vault", snsTopicArn: arn("sns", "db-alerts"), backupVaultEvents: ["BACKUP_JOB_FAILED"] },
        };
        const findings = await run(dbBackupFailureAlert, [...noAlertForOrders(), notifications]);
        expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
        expect(findings[0].message).toContain(
            '(aws.backup.VaultNotifications "orders-vault-events" does not count: AWS Backup deprecated BACKUP_JOB_FAILED and no longer sends it; watch "Backup Job State Change" events with EventBridge instead)',
        );
    });

    it("does not judge read replicas or Aurora members", async () => {
        const replica = rds.instance("replica", { instanceClass: "db.m6g.large", replicateSourceDb: "orders-db-source" });
        const member = rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-postgresql" });
        expect(await flagged([replica, member])).toEqual([]);
    });

    it("notes unknown values at preview as advisory", async () => {
        const unknownCategories = withProps(noAlertForOrders(), rds.eventSubscription, "ledger-events", set({ eventCategories: unknownSentinels.array }));
        const findings = await run(dbBackupFailureAlert, withProps(unknownCategories, rds.eventSubscription, "ledger-events", set({ sourceIds: [] })), { preview: true });
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([
            ["orders-db", "mandatory"],
            ["ledger", "advisory"],
        ]);
        expect(findings[1].message).toContain('eventCategories of aws.rds.EventSubscription "ledger-events" is not known during preview');
        const unknownPattern = withProps(bridgeOnly(), cloudwatch.eventRule, "orders-db-backup-failed", set({ eventPattern: unknownSentinels.string }));
        const patternFindings = await run(dbBackupFailureAlert, without(unknownPattern, "ledger-backup-failed", "ledger-backup-failed-to-sns"), { preview: true });
        expect(atLevel(patternFindings)).toEqual([]);
        expect(patternFindings).toHaveLength(2);
    });

    it("passes at preview when the SNS topic ARN of a target or a subscription is not known yet", async () => {
        const target = withProps(bridgeOnly(), cloudwatch.eventTarget, "orders-db-backup-failed-to-sns", set({ arn: unknownSentinels.string }));
        expect(await run(dbBackupFailureAlert, withProps(target, cloudwatch.eventTarget, "ledger-backup-failed-to-sns", set({ arn: unknownSentinels.string })), { preview: true })).toEqual([]);
        const sub = withProps(subscriptionsOnly(), rds.eventSubscription, "orders-db-events", set({ snsTopic: unknownSentinels.string }));
        expect(await run(dbBackupFailureAlert, sub, { preview: true })).toEqual([]);
    });

    it("does not crash on odd input", async () => {
        let stack = withProps(noAlertForOrders(), rds.eventSubscription, "ledger-events", set({ eventCategories: untyped("backup"), sourceIds: untyped(5) }));
        stack = [...stack, cloudwatch.eventRule("odd-rule", { eventPattern: untyped(42) }), cloudwatch.eventTarget("odd-target", { rule: "odd-rule", arn: "arn:aws:sns" })];
        expect(await flagged(stack)).toEqual(["orders-db", "ledger"]);
    });

    it("can be lowered to advisory by config", async () => {
        expect((await run(dbBackupFailureAlert, noAlertForOrders(), { config: { "db-backup-failure-alert": "advisory" } })).map((f) => f.enforcementLevel)).toEqual(["advisory"]);
    });
});
