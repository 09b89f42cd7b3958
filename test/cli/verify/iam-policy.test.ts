// `--print-iam-policy` prints exactly the actions verify calls: every command the mocked clients
// receive (an RDS instance stack, an Aurora stack, a restore drill) is in the policy, and every
// action of the policy was called by one of those runs.
jest.mock("commander", () => require("../helpers").commanderAsCommonJs());
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("../../components/production-database/fixtures").lambdaBundleStandIn);
import { main } from "../../../cli/db-preflight";
import { actionsOf, calls, iamPolicy, impliedActions } from "../../../cli/verify/calls";
import { tempFile } from "../helpers";
import { Account, addHealthyCluster, auroraResources, componentResources, exportOf, healthyAccount, now } from "./support";
import { drillAccount, drillClusterAccount, drillHooks } from "./drill-support";

/** The IAM actions of the commands the stubs received ("DescribeDBInstancesCommand" on the RDS stub is rds:DescribeDBInstances). */
function actionsCalled(account: Account): string[] {
    const prefixes: Array<[keyof Account, string]> = [
        ["rds", "rds"],
        ["backup", "backup"],
        ["cloudwatch", "cloudwatch"],
        ["sns", "sns"],
        ["secrets", "secretsmanager"],
    ];
    const out = new Set<string>();
    for (const [stub, prefix] of prefixes) {
        for (const call of (account[stub] as Account["rds"]).calls()) out.add(`${prefix}:${(call.args[0] as object).constructor.name.replace(/Command$/, "")}`);
    }
    return [...out].sort();
}

async function run(argv: string[], hooks: object = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), now: () => now, ...hooks });
    return { code, stdout, stderr };
}

describe("the IAM policy verify prints", () => {
    it("names each call by its service prefix and API operation", () => {
        for (const spec of Object.values(calls)) expect(spec.action).toBe(`${spec.service}:${spec.command.name.replace(/Command$/, "")}`);
    });

    it("lists exactly the actions the read-only checks call on an instance stack and an Aurora stack", async () => {
        const instance = await componentResources();
        const aurora = await auroraResources();
        const called = new Set<string>();
        for (const [resources, add] of [
            [instance, () => undefined],
            [aurora, (a: Account) => addHealthyCluster(a, aurora)],
        ] as const) {
            const account = healthyAccount(resources === instance ? instance : []);
            add(account);
            const { code, stderr } = await run(["verify", "--state", tempFile(`iam-${called.size}.json`, exportOf(resources))]);
            expect(stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*$/, "")).toBe("");
            expect(code).toBe(0);
            for (const a of actionsCalled(account)) called.add(a);
            account.restore();
        }
        expect([...called].sort()).toEqual(actionsOf(["verify"]));

        const printed = await run(["verify", "--print-iam-policy"]);
        expect(printed.code).toBe(0);
        const policy = JSON.parse(printed.stdout) as { Version: string; Statement: Array<{ Action: string[]; Effect: string; Resource: string }> };
        expect(policy.Version).toBe("2012-10-17");
        expect(policy.Statement).toHaveLength(1);
        expect(policy.Statement[0]).toMatchObject({ Effect: "Allow", Resource: "*" });
        expect(policy.Statement[0].Action).toEqual([...called].sort());
        // Read-only: nothing that creates, changes, deletes or reads a secret's value.
        expect(policy.Statement[0].Action.filter((a) => !/:(Describe|List|Get)/.test(a) || a === "secretsmanager:GetSecretValue")).toEqual([]);
    }, 180_000);

    it("adds, with --drill restore, exactly the drill's calls (an instance and an Aurora cluster) and the permissions AWS checks on their behalf", async () => {
        const instance = await componentResources();
        const aurora = await auroraResources();
        const called = new Set<string>();

        const forInstance = healthyAccount(instance);
        drillAccount(forInstance, instance);
        expect((await run(["verify", "--state", tempFile("iam-drill.json", exportOf(instance)), "--drill", "restore", "--yes"], drillHooks())).code).toBe(0);
        for (const a of actionsCalled(forInstance)) called.add(a);
        forInstance.restore();

        const forCluster = healthyAccount([]);
        addHealthyCluster(forCluster, aurora);
        drillClusterAccount(forCluster);
        expect((await run(["verify", "--state", tempFile("iam-drill-aurora.json", exportOf(aurora)), "--drill", "restore", "--yes"], drillHooks())).code).toBe(0);
        for (const a of actionsCalled(forCluster)) called.add(a);
        forCluster.restore();

        expect([...called].sort()).toEqual(actionsOf(["verify", "drill"]));

        const printed = JSON.parse((await run(["verify", "--print-iam-policy", "--drill", "restore"])).stdout) as { Statement: Array<{ Sid: string; Action: string[] }> };
        const drill = printed.Statement.find((s) => s.Sid === "DbPreflightRestoreDrill")!;
        const implied = Object.values(impliedActions).flat();
        expect(new Set([...printed.Statement[0].Action, ...drill.Action])).toEqual(new Set([...called, ...implied]));
        expect(iamPolicy(["verify", "drill"])).toEqual(printed);
    }, 180_000);
});
