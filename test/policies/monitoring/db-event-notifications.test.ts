import { dbEventNotifications } from "../../../policies/monitoring/db-event-notifications";
import { compliantStack } from "../../fixtures/compliant-stack";
import { arn, PropsOf, rds, set, unset, untyped, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

type EventSubscription = PropsOf<typeof rds.eventSubscription>;

describe("db-event-notifications", () => {
    it("passes the compliant stack (a subscription per database)", async () => {
        expect(await run(dbEventNotifications, compliantStack())).toEqual([]);
    });

    it("flags a database no subscription covers, as advisory by default", async () => {
        const findings = await run(dbEventNotifications, without(compliantStack(), "orders-db-events"));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "advisory" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": event categories sent to SNS is []; wanted all of "failure", "failover", "low storage", "maintenance" ' +
                'from an enabled aws.rds.EventSubscription with sourceType "db-instance" naming this database in sourceIds (or leaving sourceIds unset) and an snsTopic. ' +
                'Fix: add "failure", "failover", "low storage", "maintenance" to `eventCategories` of an aws.rds.EventSubscription with `sourceType: "db-instance"`, ' +
                "`sourceIds: [db.identifier]` and `snsTopic: alerts.arn`.",
        );
    });

    it("lists the categories a subscription leaves out", async () => {
        const findings = await run(dbEventNotifications, withProps(compliantStack(), rds.eventSubscription, "orders-db-events", set({ eventCategories: ["failure", "backup"] })));
        expect(findings[0].message).toContain('event categories sent to SNS is ["failure"]');
        expect(findings[0].message).toContain('Fix: add "failover", "low storage", "maintenance" to `eventCategories`');
    });

    it('does not ask a cluster for "low storage" (RDS has no such db-cluster category)', async () => {
        const stack = withProps(compliantStack(), rds.eventSubscription, "ledger-events", set({ eventCategories: ["failure", "failover", "maintenance"] }));
        expect(await run(dbEventNotifications, stack)).toEqual([]);
        const findings = await run(dbEventNotifications, withProps(compliantStack(), rds.eventSubscription, "ledger-events", set({ eventCategories: ["failure"] })));
        expect(findings[0].message).toContain('wanted all of "failure", "failover", "maintenance" from an enabled aws.rds.EventSubscription with sourceType "db-cluster"');
    });

    it.each([
        ["disabled", set<EventSubscription>({ enabled: false })],
        ["for another source type", set<EventSubscription>({ sourceType: "db-cluster" })],
        ["without a topic", unset<EventSubscription>("snsTopic")],
    ])("does not count a subscription %s", async (_, change) => {
        const findings = await run(dbEventNotifications, withProps(compliantStack(), rds.eventSubscription, "orders-db-events", change));
        expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
    });

    it("counts a subscription with unset categories (every category) and unset sourceIds (every source)", async () => {
        const all = rds.eventSubscription("all-db-events", { snsTopic: arn("sns", "db-alerts"), sourceType: "db-instance" });
        expect(await run(dbEventNotifications, [...without(compliantStack(), "orders-db-events", "orders-replica-events"), all])).toEqual([]);
    });

    it("counts a subscription with unset sourceType (every source type)", async () => {
        const all = rds.eventSubscription("everything", { snsTopic: arn("sns", "db-alerts") });
        expect(await run(dbEventNotifications, [...without(compliantStack(), "orders-db-events", "ledger-events"), all])).toEqual([]);
    });

    it("adds up categories across subscriptions", async () => {
        const stack = [
            ...withProps(compliantStack(), rds.eventSubscription, "orders-db-events", set({ eventCategories: ["failure", "failover"] })),
            rds.eventSubscription("orders-db-more-events", { snsTopic: arn("sns", "db-alerts"), sourceType: "db-instance", sourceIds: ["orders-db"], eventCategories: ["low storage", "maintenance"] }),
        ];
        expect(await run(dbEventNotifications, stack)).toEqual([]);
    });

    it("does not count a subscription naming another database", async () => {
        const stack = withProps(compliantStack(), rds.eventSubscription, "orders-db-events", set({ sourceIds: ["orders-replica"] }));
        const unlinked = stack.map((r) => (r.name === "orders-db-events" ? { ...r, propertyDependencies: {} } : r));
        expect((await run(dbEventNotifications, unlinked)).map((f) => f.resource)).toEqual(["orders-db"]);
    });

    it("honours configured categories", async () => {
        const config = { "db-event-notifications": { categories: ["failure", "security patching"] } };
        const findings = await run(dbEventNotifications, compliantStack(), { config });
        expect(findings.map((f) => f.resource)).toEqual(["orders-db", "orders-replica"]);
        expect(findings[0].message).toContain('wanted all of "failure", "security patching"');
    });

    it("can be made mandatory", async () => {
        const findings = await run(dbEventNotifications, without(compliantStack(), "orders-db-events"), { config: { "db-event-notifications": "mandatory" } });
        expect(atLevel(findings)).toHaveLength(1);
    });

    it("at preview, notes unknown categories as advisory, and links unknown source ids through dependencies", async () => {
        const unknownCategories = withProps(compliantStack(), rds.eventSubscription, "orders-db-events", set({ eventCategories: unknownSentinels.array }));
        const findings = await run(dbEventNotifications, unknownCategories, { preview: true, config: { "db-event-notifications": "mandatory" } });
        expect(atLevel(findings)).toEqual([]);
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('eventCategories of aws.rds.EventSubscription "orders-db-events" is not known during preview')]);
        const unknownIds = withProps(compliantStack(), rds.eventSubscription, "orders-db-events", set({ sourceIds: unknownSentinels.array, snsTopic: unknownSentinels.string }));
        expect(await run(dbEventNotifications, unknownIds, { preview: true })).toEqual([]);
    });

    it("at preview, waits rather than counting another database's subscription when the identifier is unknown", async () => {
        const stack = withProps(without(compliantStack(), "orders-db-events"), rds.instance, "orders-db", set({ identifier: unknownSentinels.string }));
        const findings = await run(dbEventNotifications, stack, { preview: true });
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["orders-db", "advisory"]]);
        // Another database's subscription, linked to it by the engine, is not a candidate at all.
        expect(findings[0].message).toMatch(/aws.rds.Instance "orders-db"\W.*identifier (of aws.rds.Instance "orders-db" )?is not known during preview/);
    });

    it("does not crash on odd input", async () => {
        const stack = withProps(compliantStack(), rds.eventSubscription, "orders-db-events", set({ eventCategories: untyped("failure"), sourceIds: untyped([null, 3]), enabled: untyped("maybe") }));
        const findings = await run(dbEventNotifications, stack);
        expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
    });
});
