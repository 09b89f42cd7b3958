// `--drill restore --yes`: restores the latest recovery point into the database's own subnets (not
// public), validates it, reports RTO and RPO, prints how to record the drill, and deletes the
// temporary instance whatever happens: each failing step, an error of the query, and Ctrl-C.
jest.mock("commander", () => require("../helpers").commanderAsCommonJs());
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("../../components/production-database/fixtures").lambdaBundleStandIn);
import { main } from "../../../cli/db-preflight";
import type { ReadinessReport } from "../../../cli/report/model";
import { restoredPort, temporaryIdentifier } from "../../../cli/verify/drill";
import { tempFile } from "../helpers";
import { CapturedResource } from "../../support/capture";
import { Account, commands, componentResources, exportOf, healthyAccount, healthyDatabase, now } from "./support";
import { drillAccount, drillHooks, recoveryPointArn, temporaryId } from "./drill-support";

let resources: CapturedResource[];
let stateFile: string;
let account: Account;

beforeAll(async () => {
    resources = await componentResources();
    stateFile = tempFile("drill-state.json", exportOf(resources));
}, 120_000);
beforeEach(() => {
    account = healthyAccount(resources);
    drillAccount(account, resources);
});
afterEach(() => account.restore());

async function drill(hooks = drillHooks(), ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string; report?: ReadinessReport }> {
    let stdout = "";
    let stderr = "";
    const code = await main(["verify", "--state", stateFile, "--drill", "restore", "--yes", ...extra], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        now: () => now,
        drill: hooks.drill,
    });
    return { code, stdout, stderr, ...(extra.includes("json") ? { report: JSON.parse(stdout) as ReadinessReport } : {}) };
}

const deletes = () => account.rds.commandCalls(commands.DeleteDBInstanceCommand).map((c) => c.args[0].input);
const theDelete = { DBInstanceIdentifier: temporaryId, SkipFinalSnapshot: true, DeleteAutomatedBackups: true };

describe("db-preflight verify --drill restore", () => {
    it("restores the latest completed recovery point into the database's subnets and security groups, never public", async () => {
        const hooks = drillHooks();
        const { code, report } = await drill(hooks, "--format", "json");
        const restore = account.rds.commandCalls(commands.RestoreDBInstanceFromDBSnapshotCommand)[0].args[0].input;
        const source = healthyDatabase(resources);
        expect(restore).toMatchObject({
            DBInstanceIdentifier: temporaryId,
            DBSnapshotIdentifier: recoveryPointArn,
            DBSubnetGroupName: source.DBSubnetGroup!.DBSubnetGroupName,
            VpcSecurityGroupIds: source.VpcSecurityGroups!.map((g) => g.VpcSecurityGroupId),
            PubliclyAccessible: false,
            DeletionProtection: false,
            ManageMasterUserPassword: true,
            Tags: [{ Key: "db-preflight:drill", Value: "orders" }],
        });
        expect(hooks.queries).toEqual([{ host: `${temporaryId}.c9akciq32.us-east-1.rds.amazonaws.com`, sql: "SELECT 1", username: "postgres_admin", database: "orders" }]);
        expect(report!.drill).toMatchObject({
            status: "passed",
            database: "orders",
            recoveryPoint: { arn: recoveryPointArn },
            // The recovery point was taken 2.5 hours before the drill; the restore waited twice (creating, then available) on a clock that moves 10 minutes a wait.
            dataAgeSeconds: 9000,
            restoreSeconds: 600,
            cleanup: [`deleted instance ${temporaryId} (deletion started; no final snapshot, no automated backups kept)`],
        });
        expect(deletes()).toEqual([theDelete]);
        expect(code).toBe(0);
    });

    it("reports RTO and RPO in Markdown and prints how the component records the drill date", async () => {
        const { stdout, code } = await drill(drillHooks(), "--validation-query", "SELECT count(*) FROM orders");
        expect(stdout).toContain("## Restore drill: ✅ passed");
        expect(stdout).toContain("- Data age at the start of the drill (RPO): 2.5 h");
        expect(stdout).toContain("- Restore until the validation query answered (RTO): 10 min");
        expect(stdout).toContain(
            'Record the drill: set `drills: { restoreTestedAt: "2026-12-06" }` in the ProductionDatabase args of "orders" (the example programs read it from config: `pulumi config set restoreTestedAt 2026-12-06`), then `pulumi up`.',
        );
        expect(code).toBe(0);
    });

    const failures: Array<[string, (a: Account) => void, RegExp, boolean]> = [
        [
            "the restore request is refused",
            (a) => a.rds.on(commands.RestoreDBInstanceFromDBSnapshotCommand).rejects(Object.assign(new Error("The quota for DB instances is exceeded"), { name: "InstanceQuotaExceededFault" })),
            /InstanceQuotaExceededFault: The quota/,
            true,
        ],
        [
            "the restored instance fails",
            (a) =>
                a.rds
                    .on(commands.DescribeDBInstancesCommand, { DBInstanceIdentifier: temporaryId })
                    .resolves({ DBInstances: [{ DBInstanceIdentifier: temporaryId, DBInstanceStatus: "incompatible-restore" }] }),
            /is incompatible-restore/,
            true,
        ],
        [
            "the restored instance's secret cannot be read",
            (a) => a.secrets.on(commands.GetSecretValueCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" })),
            /missing IAM permission secretsmanager:GetSecretValue/,
            true,
        ],
        [
            "the restore never finishes",
            (a) =>
                a.rds.on(commands.DescribeDBInstancesCommand, { DBInstanceIdentifier: temporaryId }).resolves({ DBInstances: [{ DBInstanceIdentifier: temporaryId, DBInstanceStatus: "creating" }] }),
            /did not finish within 180 minutes/,
            true,
        ],
    ];

    it.each(failures)("deletes the temporary instance when %s", async (_, breakIt, error, created) => {
        breakIt(account);
        const { code, report } = await drill(drillHooks(), "--format", "json");
        expect(report!.drill!.status).toBe("failed");
        expect(report!.drill!.error).toMatch(error);
        expect(deletes()).toEqual(created ? [theDelete] : []);
        expect(code).toBe(1);
    });

    it("deletes the temporary instance when the validation query fails, without printing the password", async () => {
        const hooks = drillHooks({
            query: async () => {
                throw Object.assign(new Error('password authentication failed for user "postgres_admin" (password s3cr3t-Pa55word)'), { name: "DatabaseError" });
            },
        });
        const { code, report, stdout, stderr } = await drill(hooks, "--format", "json");
        expect(report!.drill!.error).toBe(`the validation query "login" failed on ${temporaryId}: DatabaseError: password authentication failed for user "postgres_admin" (password ****)`);
        expect(stdout + stderr).not.toContain("s3cr3t-Pa55word");
        expect(deletes()).toEqual([theDelete]);
        expect(code).toBe(1);
    });

    it("deletes nothing when there is no recovery point to restore", async () => {
        account.backup.on(commands.ListRecoveryPointsByResourceCommand).resolves({ RecoveryPoints: [] });
        const { code, report } = await drill(drillHooks(), "--format", "json");
        expect(report!.drill).toMatchObject({ status: "failed", error: "AWS Backup has no COMPLETED recovery point of orders; the drill restores the latest one", cleanup: [] });
        expect(account.rds.commandCalls(commands.RestoreDBInstanceFromDBSnapshotCommand)).toHaveLength(0);
        expect(deletes()).toEqual([]);
        expect(code).toBe(1);
    });

    it("on Ctrl-C while the restore runs, deletes the temporary instance and exits 130", async () => {
        const hooks = drillHooks();
        const sleep = hooks.drill.sleep!;
        hooks.drill.sleep = async (ms) => {
            hooks.interrupt();
            await sleep(ms);
        };
        const { code, report } = await drill(hooks, "--format", "json");
        expect(report!.drill).toMatchObject({ status: "interrupted", error: "interrupted (Ctrl-C)" });
        expect(hooks.queries).toEqual([]);
        expect(deletes()).toEqual([theDelete]);
        expect(code).toBe(130);
    });

    it("listens to the process's SIGINT during the drill, and only then", async () => {
        const hooks = drillHooks();
        delete hooks.drill.onInterrupt; // the real subscription to process signals
        const before = process.listenerCount("SIGINT");
        const sleep = hooks.drill.sleep!;
        let listening = 0;
        hooks.drill.sleep = async (ms) => {
            listening = process.listenerCount("SIGINT");
            process.emit("SIGINT", "SIGINT");
            await sleep(ms);
        };
        const { code, report } = await drill(hooks, "--format", "json");
        expect(listening).toBe(before + 1);
        expect(process.listenerCount("SIGINT")).toBe(before);
        expect(report!.drill!.status).toBe("interrupted");
        expect(deletes()).toEqual([theDelete]);
        expect(code).toBe(130);
    });

    it("waits while RDS cannot delete the instance yet, then deletes it", async () => {
        account.rds
            .on(commands.DeleteDBInstanceCommand)
            .rejectsOnce(Object.assign(new Error("Instance is not in available state"), { name: "InvalidDBInstanceStateFault" }))
            .resolves({ DBInstance: { DBInstanceIdentifier: temporaryId, DBInstanceStatus: "deleting" } });
        const { report } = await drill(drillHooks(), "--format", "json");
        expect(deletes()).toEqual([theDelete, theDelete]);
        expect(report!.drill!.cleanup).toEqual([`deleted instance ${temporaryId} (deletion started; no final snapshot, no automated backups kept)`]);
    });

    it("says how to delete the instance by hand when the deletion is refused", async () => {
        account.rds.on(commands.DeleteDBInstanceCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDenied" }));
        const { report, code } = await drill(drillHooks(), "--format", "json");
        expect(report!.drill!.cleanup[0]).toMatch(
            new RegExp(
                `^COULD NOT DELETE instance ${temporaryId}: missing IAM permission rds:DeleteDBInstance .*; delete it yourself: aws rds delete-db-instance --db-instance-identifier ${temporaryId} --skip-final-snapshot --delete-automated-backups --region us-east-1$`,
            ),
        );
        expect(report!.drill).toMatchObject({ status: "failed", error: `the restore and validation passed, but the temporary instance ${temporaryId} is left behind` });
        expect(code).toBe(1);
    });

    describe("with the restore validation checks the component declares", () => {
        let declaredState: string;
        beforeAll(() => {
            // What ProductionDatabase registers with backup: { restoreTesting: { validation: { queries } } }.
            const withChecks = resources.map((r) =>
                r.type === "db-preflight:aws:ProductionDatabase"
                    ? {
                          ...r,
                          inputs: {
                              ...r.inputs,
                              backup: { ...(r.inputs.backup as object), restoreValidation: { queries: [{ name: "orders present", sql: "SELECT count(*) > 0 FROM orders" }], timeoutMs: 60000 } },
                          },
                      }
                    : r,
            );
            declaredState = tempFile("drill-declared.json", exportOf(withChecks));
        });

        async function run(hooks: ReturnType<typeof drillHooks>, ...extra: string[]) {
            let stdout = "";
            const code = await main(["verify", "--state", declaredState, "--drill", "restore", "--yes", "--format", "json", ...extra], {
                stdout: (t) => (stdout += t),
                stderr: () => undefined,
                now: () => now,
                drill: hooks.drill,
            });
            return { code, report: JSON.parse(stdout) as ReadinessReport };
        }

        it("runs the login query, then each declared check, which must answer one true", async () => {
            const hooks = drillHooks({}, { "SELECT count(*) > 0 FROM orders": [[true]] });
            const { code, report } = await run(hooks);
            expect(hooks.queries.map((q) => q.sql)).toEqual(["SELECT 1", "SELECT count(*) > 0 FROM orders"]);
            expect(report.drill).toMatchObject({ status: "passed", validation: ["login", "orders present"] });
            expect(code).toBe(0);
        });

        it("fails, and cleans up, when a declared check answers false", async () => {
            const { code, report } = await run(drillHooks({}, { "SELECT count(*) > 0 FROM orders": [[false]] }));
            expect(report.drill!.error).toBe(`the validation check "orders present" (SELECT count(*) > 0 FROM orders) did not answer one true value on ${temporaryId}: got [[false]]`);
            expect(deletes()).toEqual([theDelete]);
            expect(code).toBe(1);
        });

        it("runs only --validation-query when one is given", async () => {
            const hooks = drillHooks();
            await run(hooks, "--validation-query", "SELECT now()");
            expect(hooks.queries.map((q) => q.sql)).toEqual(["SELECT now()"]);
        });
    });

    it("refuses to start without --yes, and says why", async () => {
        let stderr = "";
        const code = await main(["verify", "--state", stateFile, "--drill", "restore"], { stdout: () => undefined, stderr: (t) => (stderr += t), now: () => now });
        expect(code).toBe(2);
        expect(stderr).toMatch(/^error: --drill restore creates a temporary database .*: add --yes to go ahead\n$/);
        expect(account.rds.commandCalls(commands.RestoreDBInstanceFromDBSnapshotCommand)).toHaveLength(0);
    });

    it("names temporary instances RDS accepts", () => {
        expect(temporaryIdentifier("orders", now)).toBe("orders-drill-202612062330");
        const long = temporaryIdentifier("a".repeat(63), now);
        // 61: a restored cluster's instance adds "-1" within RDS's 63.
        expect(long.length).toBeLessThanOrEqual(61);
        expect(long).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
        expect(long).not.toContain("--");
    });

    it("logs in on the port RDS reports for the copy, else the source's, else the engine's default", () => {
        expect(restoredPort("mysql", 3307, 3306)).toBe(3307);
        expect(restoredPort("postgres", undefined, 6432)).toBe(6432);
        expect(restoredPort("mysql", undefined, undefined)).toBe(3306);
        expect(restoredPort("aurora-postgresql")).toBe(5432);
        expect(() => restoredPort(undefined)).toThrow(/no port for the restored copy/);
    });
});
