// The rule that holds the two halves together, the components and the pack: a database built by the component with its
// defaults passes every policy of the pack; every checklist item switched off on purpose is caught
// by the policy that owns it. The whole pack runs (no `policies` option), on what the component
// really registers, linked through the dependencies the engine records.
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("./fixtures").lambdaBundleStandIn);
import { ProductionDatabase, ProductionDatabaseArgs } from "../../../components/production-database";
import { Finding, evaluate, unknownSentinels } from "../../../policies/evaluate";
import { captureResources } from "../../support/capture";
import { productionArgs } from "./fixtures";

async function findingsFor(args: ProductionDatabaseArgs): Promise<Finding[]> {
    const { resources } = await captureResources(() => new ProductionDatabase("orders", args));
    return evaluate(resources);
}

/** An ISO date `days` ago. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Dates of drills done recently: what an operated database records through `drills`. */
const drilled: ProductionDatabaseArgs["drills"] = { restoreTestedAt: daysAgo(10), failoverTestedAt: daysAgo(20) };

const instanceUrn = "urn:pulumi:production::db-preflight::db-preflight:aws:ProductionDatabase$aws:rds/instance:Instance::orders";

/**
 * A database no one has drilled yet cannot carry a failover drill date: db-drills-recent (advisory)
 * asks for it until the first failover drill is recorded with `drills`. Its validated weekly restore
 * test is the restore drill. This is the only finding a freshly built database may have.
 */
const drillReminders: Finding[] = ["failover-tested-at"].map((tag) => ({
    policy: "db-drills-recent",
    checklistItem: "runbook",
    enforcementLevel: "advisory",
    resource: "orders",
    urn: instanceUrn,
    message:
        `aws.rds.Instance "orders": tags["${tag}"] is unset; wanted an ISO date (YYYY-MM-DD) of the last drill, within the last 90 days. ` +
        // A child of the component: the fix names the component argument that writes the tag.
        `Fix: run the drill, then set \`drills: { ${tag === "restore-tested-at" ? "restoreTestedAt" : "failoverTestedAt"}: "YYYY-MM-DD" }\` in the args of the ProductionDatabase "orders" that creates aws.rds.Instance "orders" (the component writes the tag).`,
}));

describe.each(["postgres", "mysql", "mariadb"] as const)("ProductionDatabase (%s) against the whole policy pack", (engine) => {
    it("passes every policy with its defaults once its drills are recorded", async () => {
        expect(await findingsFor(productionArgs({ engine, drills: drilled }))).toEqual([]);
    });

    it("has nothing but the drill reminders when freshly built", async () => {
        expect(await findingsFor(productionArgs({ engine }))).toEqual(drillReminders);
    });

    it("passes with app users and connection pools declared", async () => {
        const findings = await findingsFor(
            productionArgs({
                engine,
                drills: drilled,
                appUsers: [
                    { name: "orders_app", privilege: "readwrite", databases: ["orders"] },
                    { name: "orders_migrations", privilege: "owner", databases: ["orders"] },
                ],
                connectionPools: [
                    { name: "api", size: 20, replicas: 10 },
                    { name: "worker", size: 5, replicas: 8 },
                ],
            }),
        );
        expect(findings).toEqual([]);
    });
});

/** A restore drill recorded in the tag counts for db-restore-tested too: leave it out where restore testing is what is off. */
const failoverDrilledOnly: ProductionDatabaseArgs["drills"] = { failoverTestedAt: daysAgo(20) };

/** Each opt-out, and the policies that must flag it (nothing else may). */
const optOuts: Array<[string, Partial<ProductionDatabaseArgs>, string[]]> = [
    ["multiAz: false", { multiAz: false }, ["db-multi-az"]],
    ["deletionProtection: false", { deletionProtection: false }, ["db-deletion-protection"]],
    ["backup.restoreTesting: false", { backup: { restoreTesting: false }, drills: failoverDrilledOnly }, ["db-restore-tested", "db-drills-recent"]],
    ["backup.restoreTesting.validation: false", { backup: { restoreTesting: { validation: false } }, drills: failoverDrilledOnly }, ["db-restore-tested", "db-drills-recent"]],
    ["backup.copyToRegion: false", { backup: { copyToRegion: false } }, ["db-offsite-copy"]],
    ["backup.plan: false", { backup: { plan: false }, drills: failoverDrilledOnly }, ["db-backup-plan", "db-offsite-copy", "db-restore-tested", "db-drills-recent"]],
    ["backup.retentionDays: 3", { backup: { retentionDays: 3 } }, ["db-backup-retention"]],
    ["healthCheck: false", { healthCheck: false }, ["db-health-check"]],
    ["storage.autoscaling: false", { storage: { autoscaling: false } }, ["db-storage-autoscaling"]],
    ["a burstable class with allowBurstableClass: true", { instanceClass: "db.t4g.large", allowBurstableClass: true }, ["db-instance-class"]],
    ["monitoring.enhancedMonitoringInterval: 0", { monitoring: { enhancedMonitoringInterval: 0 } }, ["db-enhanced-monitoring"]],
    ["monitoring.performanceInsights: false", { monitoring: { performanceInsights: false } }, ["db-performance-insights"]],
];

describe("each opt-out is caught by the policy that owns it", () => {
    it.each(optOuts)("%s", async (_label, overrides, owners) => {
        const findings = await findingsFor(productionArgs({ drills: drilled, ...overrides }));
        expect([...new Set(findings.map((f) => f.policy))].sort()).toEqual([...owners].sort());
        for (const f of findings) expect(f.resource).toBe("orders");
    });

    it("flags a database without AWS Backup and without a restore drill as not restore-tested (mandatory), its other backup items as advisory", async () => {
        const findings = await findingsFor(productionArgs({ drills: failoverDrilledOnly, backup: { plan: false } }));
        expect(Object.fromEntries(findings.map((f) => [f.policy, f.enforcementLevel]))).toEqual({
            "db-backup-plan": "advisory",
            "db-offsite-copy": "advisory",
            "db-restore-tested": "mandatory",
            "db-drills-recent": "advisory",
        });
    });

    it("blocks a single-AZ or deletable database (mandatory)", async () => {
        for (const overrides of [{ multiAz: false }, { deletionProtection: false }, { healthCheck: false as const }]) {
            const findings = await findingsFor(productionArgs({ drills: drilled, ...overrides }));
            expect(findings.map((f) => f.enforcementLevel)).toEqual(["mandatory"]);
        }
    });
});

describe("at preview, when the outputs that link resources are not known yet", () => {
    it.each(["postgres", "mysql", "mariadb"] as const)("blocks nothing for %s, and says what it will check at `pulumi up`", async (engine) => {
        const { resources } = await captureResources(() => new ProductionDatabase("orders", productionArgs({ engine, drills: drilled })), { preview: true });
        // As in a real preview, the instance's key and groups are known only once they exist.
        expect(resources.find((r) => r.type === "aws:rds/instance:Instance")!.props.kmsKeyId).toBe(unknownSentinels.string);
        const findings = await evaluate(resources, { preview: true });
        expect(findings.filter((f) => f.enforcementLevel === "mandatory")).toEqual([]);
        for (const f of findings) expect(f.message).toMatch(/not known during preview/);
    });
});
