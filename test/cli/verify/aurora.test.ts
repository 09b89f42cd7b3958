// verify on a stack built by ProductionAuroraCluster: the cluster's own settings and its instances'
// (public access, parameter groups) are read with DescribeDBClusters and DescribeDBInstances.
jest.mock("commander", () => require("../helpers").commanderAsCommonJs());
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("../../components/production-database/fixtures").lambdaBundleStandIn);
import { main } from "../../../cli/db-preflight";
import type { ReadinessReport } from "../../../cli/report/model";
import { tempFile } from "../helpers";
import { CapturedResource } from "../../support/capture";
import { Account, addHealthyCluster, healthyCluster, auroraResources, commands, exportOf, healthyAccount, now } from "./support";

let resources: CapturedResource[];
let stateFile: string;
let account: Account;

beforeAll(async () => {
    resources = await auroraResources();
    stateFile = tempFile("aurora-state.json", exportOf(resources));
}, 120_000);
beforeEach(() => {
    account = healthyAccount([]);
    addHealthyCluster(account, resources);
});
afterEach(() => account.restore());

async function run(): Promise<{ code: number; report: ReadinessReport }> {
    let stdout = "";
    let stderr = "";
    const code = await main(["verify", "--state", stateFile, "--format", "json"], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), now: () => now });
    if (!stdout) throw new Error(stderr);
    return { code, report: JSON.parse(stdout) as ReadinessReport };
}

describe("db-preflight verify on an Aurora cluster", () => {
    it("checks the cluster (not its instances one by one) and passes a healthy one", async () => {
        const { code, report } = await run();
        expect(report.databases!.map((d) => d.identifier)).toEqual(["ledger"]);
        expect(report.databases![0].checks.filter((c) => c.status !== "pass").map((c) => [c.name, c.status, c.detail])).toEqual([
            ["app-user-secrets-populated", "not-applicable", "the stack declares no app users for it"],
        ]);
        expect(code).toBe(0);
    });

    it("flags a reader instance that is publicly accessible and a cluster parameter group pending reboot", async () => {
        const cluster = resources.find((r) => r.type === "aws:rds/cluster:Cluster")!;
        const members = resources.filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance").map((m) => m.outputs.identifier as string);
        account.rds.on(commands.DescribeDBInstancesCommand, { Filters: [{ Name: "db-cluster-id", Values: ["ledger"] }] }).resolves({
            DBInstances: members.map((id, i) => ({
                DBInstanceIdentifier: id,
                DBClusterIdentifier: "ledger",
                PubliclyAccessible: i === 1,
                DBParameterGroups: [{ DBParameterGroupName: "ledger-instances", ParameterApplyStatus: "in-sync" }],
            })),
        });
        account.rds.on(commands.DescribeDBClustersCommand, { DBClusterIdentifier: "ledger" }).resolves({
            DBClusters: [
                {
                    ...healthyCluster(resources),
                    DBClusterMembers: members.map((id, i) => ({ DBInstanceIdentifier: id, IsClusterWriter: i === 0, DBClusterParameterGroupStatus: "pending-reboot" })),
                },
            ],
        });
        const { code, report } = await run();
        const byName = Object.fromEntries(report.databases![0].checks.map((c) => [c.name, c]));
        expect(byName["not-publicly-accessible"]).toMatchObject({ status: "fail", detail: `instance ${members[1]} PubliclyAccessible is true; wanted false` });
        expect(byName["parameter-group-in-sync"].status).toBe("fail");
        expect(byName["parameter-group-in-sync"].detail).toContain(`cluster parameter group ${cluster.outputs.dbClusterParameterGroupName} is pending-reboot`);
        expect(code).toBe(1);
    });
});
