// The rule that holds the two halves together, the components and the pack, for Aurora: a cluster built by the
// component with its defaults passes every policy of the pack; every checklist item switched off on
// purpose is caught by the policy that owns it, on the resource that owns the setting (cluster
// settings on the cluster, never on its instances). The whole pack runs, on what the component
// really registers, linked through the dependencies the engine records.
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("./fixtures").lambdaBundleStandIn);
import { ProductionAuroraCluster, ProductionAuroraClusterArgs } from "../../../components/production-aurora-cluster";
import { Finding, evaluate, unknownSentinels } from "../../../policies/evaluate";
import { captureResources } from "../../support/capture";
import { auroraArgs, auroraMocks } from "./fixtures";

async function findingsFor(args: ProductionAuroraClusterArgs): Promise<Finding[]> {
    const { resources } = await captureResources(() => new ProductionAuroraCluster("ledger", args), { mocks: auroraMocks() });
    return evaluate(resources);
}

/** An ISO date `days` ago. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Dates of drills done recently: what an operated cluster records through `drills`. */
const drilled: ProductionAuroraClusterArgs["drills"] = { restoreTestedAt: daysAgo(10), failoverTestedAt: daysAgo(20) };
/** A restore drill recorded in the tag counts for db-restore-tested too: leave it out where restore testing is what is off. */
const failoverDrilledOnly: ProductionAuroraClusterArgs["drills"] = { failoverTestedAt: daysAgo(20) };

const clusterUrn = "urn:pulumi:production::db-preflight::db-preflight:aws:ProductionAuroraCluster$aws:rds/cluster:Cluster::ledger";

/**
 * A cluster no one has drilled yet: db-drills-recent (advisory) asks the cluster, and only the
 * cluster, for its failover drill date; its validated weekly restore test is the restore drill.
 */
const drillReminders: Finding[] = ["failover-tested-at"].map((tag) => ({
    policy: "db-drills-recent",
    checklistItem: "runbook",
    enforcementLevel: "advisory",
    resource: "ledger",
    urn: clusterUrn,
    message:
        `aws.rds.Cluster "ledger": tags["${tag}"] is unset; wanted an ISO date (YYYY-MM-DD) of the last drill, within the last 90 days. ` +
        // A child of the component: the fix names the component argument that writes the tag.
        `Fix: run the drill, then set \`drills: { ${tag === "restore-tested-at" ? "restoreTestedAt" : "failoverTestedAt"}: "YYYY-MM-DD" }\` in the args of the ProductionAuroraCluster "ledger" that creates aws.rds.Cluster "ledger" (the component writes the tag).`,
}));

describe.each(["aurora-postgresql", "aurora-mysql"] as const)("ProductionAuroraCluster (%s) against the whole policy pack", (engine) => {
    it("passes every policy with its defaults once its drills are recorded", async () => {
        expect(await findingsFor(auroraArgs({ engine, drills: drilled }))).toEqual([]);
    });

    it("has nothing but the drill reminders on the cluster when freshly built", async () => {
        expect(await findingsFor(auroraArgs({ engine }))).toEqual(drillReminders);
    });

    it("passes with more readers, reader auto scaling, app users and connection pools", async () => {
        const findings = await findingsFor(
            auroraArgs({
                engine,
                drills: drilled,
                instances: 3,
                readerAutoScaling: { maxReaders: 6 },
                appUsers: [
                    { name: "ledger_app", privilege: "readwrite", databases: ["ledger"] },
                    { name: "ledger_migrations", privilege: "owner", databases: ["ledger"] },
                ],
                connectionPools: [
                    { name: "api", size: 20, replicas: 10 },
                    { name: "worker", size: 5, replicas: 8 },
                ],
            }),
        );
        expect(findings).toEqual([]);
    });

    it("blocks nothing at preview, when the outputs that link resources are not known yet, and says what it will check at `pulumi up`", async () => {
        const { resources } = await captureResources(() => new ProductionAuroraCluster("ledger", auroraArgs({ engine, drills: drilled })), { mocks: auroraMocks(), preview: true });
        // As in a real preview, the cluster's key and groups, and the instances' cluster, are known only once they exist.
        expect(resources.find((r) => r.type === "aws:rds/cluster:Cluster")!.props.kmsKeyId).toBe(unknownSentinels.string);
        expect(resources.find((r) => r.type === "aws:rds/clusterInstance:ClusterInstance")!.props.clusterIdentifier).toBe(unknownSentinels.string);
        const findings = await evaluate(resources, { preview: true });
        expect(findings.filter((f) => f.enforcementLevel === "mandatory")).toEqual([]);
        for (const f of findings) expect(f.message).toMatch(/not known during preview/);
    });
});

it("passes with an Aurora MySQL backtrack window", async () => {
    expect(await findingsFor(auroraArgs({ engine: "aurora-mysql", drills: drilled, backup: { backtrackWindowHours: 24 } }))).toEqual([]);
});

it("passes with Aurora Serverless v2 (max_connections judged against the memory at maxCapacity)", async () => {
    expect(await findingsFor(auroraArgs({ drills: drilled, serverless: { maxCapacity: 16 }, maxConnections: 1000 }))).toEqual([]);
});

/** Each opt-out, the policies that must flag it (nothing else may), and the resources they flag. */
const optOuts: Array<[string, Partial<ProductionAuroraClusterArgs>, string[], string[]]> = [
    ["instances: 1 with allowSingleInstance: true", { instances: 1, allowSingleInstance: true }, ["db-multi-az"], ["ledger"]],
    ["deletionProtection: false", { deletionProtection: false }, ["db-deletion-protection"], ["ledger"]],
    ["backup.restoreTesting: false", { backup: { restoreTesting: false }, drills: failoverDrilledOnly }, ["db-restore-tested", "db-drills-recent"], ["ledger"]],
    ["backup.restoreTesting.validation: false", { backup: { restoreTesting: { validation: false } }, drills: failoverDrilledOnly }, ["db-restore-tested", "db-drills-recent"], ["ledger"]],
    ["backup.copyToRegion: false", { backup: { copyToRegion: false } }, ["db-offsite-copy"], ["ledger"]],
    ["backup.plan: false", { backup: { plan: false }, drills: failoverDrilledOnly }, ["db-backup-plan", "db-offsite-copy", "db-restore-tested", "db-drills-recent"], ["ledger"]],
    ["backup.retentionDays: 3", { backup: { retentionDays: 3 } }, ["db-backup-retention"], ["ledger"]],
    ["healthCheck: false", { healthCheck: false }, ["db-health-check"], ["ledger"]],
    ["a burstable class with allowBurstableClass: true", { instanceClass: "db.t4g.large", allowBurstableClass: true }, ["db-instance-class"], ["ledger-1", "ledger-2"]],
    ["monitoring.enhancedMonitoringInterval: 0", { monitoring: { enhancedMonitoringInterval: 0 } }, ["db-enhanced-monitoring"], ["ledger-1", "ledger-2"]],
    ["monitoring.performanceInsights: false", { monitoring: { performanceInsights: false } }, ["db-performance-insights"], ["ledger", "ledger-1", "ledger-2"]],
];

describe("each opt-out is caught by the policy that owns it, on the resource that owns the setting", () => {
    it.each(optOuts)("%s", async (_label, overrides, owners, flagged) => {
        const findings = await findingsFor(auroraArgs({ drills: drilled, ...overrides }));
        expect([...new Set(findings.map((f) => f.policy))].sort()).toEqual([...owners].sort());
        expect([...new Set(findings.map((f) => f.resource))].sort()).toEqual(flagged);
    });

    it("blocks a cluster without a reader, a deletable cluster and one without a health check (mandatory)", async () => {
        for (const overrides of [{ instances: 1, allowSingleInstance: true }, { deletionProtection: false }, { healthCheck: false as const }]) {
            const findings = await findingsFor(auroraArgs({ drills: drilled, ...overrides }));
            expect(findings.map((f) => f.enforcementLevel)).toEqual(["mandatory"]);
        }
    });
});
