// `--drill restore` on an Aurora cluster: the cluster snapshot restored into the cluster's subnet
// group, one private instance to query, an RDS-managed secret of the copy's own, and clean-up of the
// instance then the cluster, also when a step fails.
jest.mock("commander", () => require("../helpers").commanderAsCommonJs());
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("../../components/production-database/fixtures").lambdaBundleStandIn);
import { main } from "../../../cli/db-preflight";
import type { ReadinessReport } from "../../../cli/report/model";
import { tempFile } from "../helpers";
import { CapturedResource } from "../../support/capture";
import { Account, addHealthyCluster, auroraResources, commands, exportOf, healthyAccount, healthyCluster, now } from "./support";
import { clusterRecoveryPointArn, clusterTemporaryId, drillClusterAccount, drillHooks } from "./drill-support";

let resources: CapturedResource[];
let stateFile: string;
let account: Account;

beforeAll(async () => {
    resources = await auroraResources();
    stateFile = tempFile("aurora-drill.json", exportOf(resources));
}, 120_000);
beforeEach(() => {
    account = healthyAccount([]);
    addHealthyCluster(account, resources);
    drillClusterAccount(account);
});
afterEach(() => account.restore());

async function drill(hooks = drillHooks()): Promise<{ code: number; report: ReadinessReport }> {
    let stdout = "";
    let stderr = "";
    const code = await main(["verify", "--state", stateFile, "--drill", "restore", "--yes", "--format", "json"], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        now: () => now,
        drill: hooks.drill,
    });
    if (!stdout) throw new Error(stderr);
    return { code, report: JSON.parse(stdout) as ReadinessReport };
}

const instanceId = `${clusterTemporaryId}-1`;
const deleted = () => [
    ...account.rds.commandCalls(commands.DeleteDBInstanceCommand).map((c) => `instance ${c.args[0].input.DBInstanceIdentifier}`),
    ...account.rds.commandCalls(commands.DeleteDBClusterCommand).map((c) => `cluster ${c.args[0].input.DBClusterIdentifier}`),
];

describe("db-preflight verify --drill restore on an Aurora cluster", () => {
    it("restores the cluster privately, gives the copy its own secret, validates it and deletes the instance, then the cluster", async () => {
        const hooks = drillHooks();
        const { code, report } = await drill(hooks);
        const source = healthyCluster(resources);
        expect(account.rds.commandCalls(commands.RestoreDBClusterFromSnapshotCommand)[0].args[0].input).toMatchObject({
            DBClusterIdentifier: clusterTemporaryId,
            SnapshotIdentifier: clusterRecoveryPointArn,
            Engine: "aurora-postgresql",
            DBSubnetGroupName: source.DBSubnetGroup,
            VpcSecurityGroupIds: source.VpcSecurityGroups!.map((g) => g.VpcSecurityGroupId),
            DeletionProtection: false,
        });
        expect(account.rds.commandCalls(commands.CreateDBInstanceCommand)[0].args[0].input).toMatchObject({
            DBInstanceIdentifier: instanceId,
            DBClusterIdentifier: clusterTemporaryId,
            PubliclyAccessible: false,
        });
        expect(account.rds.commandCalls(commands.ModifyDBClusterCommand)[0].args[0].input).toEqual({ DBClusterIdentifier: clusterTemporaryId, ManageMasterUserPassword: true, ApplyImmediately: true });
        expect(hooks.queries).toEqual([{ host: `${clusterTemporaryId}.cluster-c9akciq32.us-east-1.rds.amazonaws.com`, sql: "SELECT 1", username: "ledger_admin", database: "ledger" }]);
        expect(report.drill).toMatchObject({ status: "passed", dataAgeSeconds: 7200, recoveryPoint: { arn: clusterRecoveryPointArn } });
        expect(report.drill!.cleanup).toEqual([
            `deleted instance ${instanceId} (deletion started; no final snapshot, no automated backups kept)`,
            `deleted cluster ${clusterTemporaryId} (deletion started; no final snapshot)`,
        ]);
        expect(deleted()).toEqual([`instance ${instanceId}`, `cluster ${clusterTemporaryId}`]);
        expect(code).toBe(0);
    });

    it("deletes the restored cluster when its instance cannot be created", async () => {
        account.rds.on(commands.CreateDBInstanceCommand).rejects(Object.assign(new Error("db.r6g.large is not available in this zone"), { name: "InsufficientDBInstanceCapacityFault" }));
        account.rds.on(commands.DeleteDBInstanceCommand).rejects(Object.assign(new Error(`DBInstance ${instanceId} not found`), { name: "DBInstanceNotFoundFault" }));
        const { code, report } = await drill();
        expect(report.drill!.error).toMatch(/^InsufficientDBInstanceCapacityFault: /);
        expect(report.drill!.cleanup).toEqual([`instance ${instanceId} was never created (nothing to delete)`, `deleted cluster ${clusterTemporaryId} (deletion started; no final snapshot)`]);
        expect(code).toBe(1);
    });

    it("deletes both when the copy's secret cannot be made, retrying the cluster while its instance is still going", async () => {
        account.rds.on(commands.ModifyDBClusterCommand).rejects(Object.assign(new Error("not authorized to perform secretsmanager:CreateSecret"), { name: "AccessDenied" }));
        account.rds
            .on(commands.DeleteDBClusterCommand)
            .rejectsOnce(Object.assign(new Error("Cluster cannot be deleted, it still contains DB instances in non-deleting state."), { name: "InvalidDBClusterStateFault" }))
            .resolves({});
        const { code, report } = await drill();
        expect(report.drill!.error).toMatch(/missing IAM permission rds:ModifyDBCluster/);
        expect(deleted()).toEqual([`instance ${instanceId}`, `cluster ${clusterTemporaryId}`, `cluster ${clusterTemporaryId}`]);
        expect(report.drill!.cleanup[1]).toBe(`deleted cluster ${clusterTemporaryId} (deletion started; no final snapshot)`);
        expect(code).toBe(1);
    });
});
