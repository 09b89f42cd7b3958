// What verify does with input it cannot use (exit 2, one line, never a stack trace), with --stack
// through the Pulumi CLI, and with databases the account does not have.
jest.mock("commander", () => require("../helpers").commanderAsCommonJs());
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("../../components/production-database/fixtures").lambdaBundleStandIn);
import { main } from "../../../cli/db-preflight";
import type { ReadinessReport } from "../../../cli/report/model";
import { fixture, tempFile } from "../helpers";
import { CapturedResource } from "../../support/capture";
import { Account, commands, componentResources, exportOf, healthyAccount, now } from "./support";
import type { VerifyHooks } from "../../../cli/verify/command";

let resources: CapturedResource[];
let stateFile: string;
let account: Account;

beforeAll(async () => {
    resources = await componentResources();
    stateFile = tempFile("input-state.json", exportOf(resources));
}, 120_000);
beforeEach(() => {
    account = healthyAccount(resources);
});
afterEach(() => account.restore());

async function run(argv: string[], hooks: VerifyHooks = {}) {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), now: () => now, ...hooks });
    return { code, stdout, stderr };
}

describe("db-preflight verify: unusable input exits 2 with one line", () => {
    it.each([
        [["verify"], /^error: give one input: --state <file> \(from `pulumi stack export`\) or --stack <name>/],
        [["verify", "--state", "missing.json"], /^error: cannot read missing\.json: no such file\n$/],
        [["verify", "--state", fixture("preview-events.json")], /is a Pulumi event log, not a stack export/],
        [["verify", "--state", "STATE", "--pitr-max-lag-minutes", "soon"], /^error: --pitr-max-lag-minutes "soon" is not a positive number\n$/],
        [["verify", "--state", "STATE", "--drill", "failover", "--yes"], /^error: --drill "failover" is not a drill verify runs; the one it runs is --drill restore\n$/],
        [["verify", "--state", "STATE", "--database", "payments"], /^error: --database payments is not a database of the stack; it has orders\n$/],
        [["verify", "--state", "STATE", "--format", "html"], /^error: option '-f, --format <format>' argument 'html' is invalid/],
    ])("%j", async (argv, message) => {
        const { code, stdout, stderr } = await run(argv.map((a) => (a === "STATE" ? stateFile : a)));
        expect(stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*$/, "")).toMatch(message);
        expect(stderr).not.toMatch(/\n\s+at /);
        expect(stdout).toBe("");
        expect(code).toBe(2);
    });

    it("refuses a stack with no database to verify", async () => {
        const file = tempFile("no-db.json", exportOf(resources.filter((r) => !r.type.startsWith("aws:rds/instance"))));
        const { code, stderr } = await run(["verify", "--state", file]);
        expect(stderr).toMatch(/has no RDS instance or Aurora cluster .* to verify\n$/);
        expect(code).toBe(2);
    });

    it("stops with exit 2 when the SDK finds no credentials, rather than reporting every check unverifiable", async () => {
        account.rds.on(commands.DescribeDBInstancesCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
        const { code, stderr, stdout } = await run(["verify", "--state", stateFile]);
        expect(stderr).toMatch(
            /^error: AWS credentials or region unusable for rds:DescribeDBInstances: CredentialsProviderError: Could not load credentials from any providers; configure the default SDK chain/,
        );
        expect(stdout).toBe("");
        expect(code).toBe(2);
    });
});

describe("db-preflight verify --stack", () => {
    it("reads the stack with `pulumi stack export --stack NAME`", async () => {
        const calls: string[][] = [];
        const text = JSON.stringify(exportOf(resources));
        const { code, stdout } = await run(["verify", "--stack", "acme/orders/production", "--format", "json"], {
            pulumi: (args) => {
                calls.push(args);
                return { status: 0, stdout: text, stderr: "" };
            },
        });
        expect(calls).toEqual([["stack", "export", "--stack", "acme/orders/production"]]);
        expect((JSON.parse(stdout) as ReadinessReport).source.file).toBe("pulumi stack export --stack acme/orders/production");
        expect(code).toBe(0);
    });

    it("says what the Pulumi CLI said when it fails, and exits 2", async () => {
        const { code, stderr } = await run(["verify", "--stack", "nope"], {
            pulumi: () => ({ status: 255, stdout: "", stderr: "error: no stack named 'nope' found\n" }),
        });
        expect(stderr).toBe("error: `pulumi stack export --stack nope` failed: error: no stack named 'nope' found\n");
        expect(code).toBe(2);
    });

    it("says when the Pulumi CLI is not installed", async () => {
        const { code, stderr } = await run(["verify", "--stack", "production"], {
            pulumi: () => ({ status: null, stdout: "", stderr: "", error: Object.assign(new Error("spawnSync pulumi ENOENT"), { code: "ENOENT" }) }),
        });
        expect(stderr).toBe("error: cannot run the Pulumi CLI (spawnSync pulumi ENOENT); install it or pass --state <file> from `pulumi stack export`\n");
        expect(code).toBe(2);
    });
});

describe("db-preflight verify on an account without the database", () => {
    it("fails every check that needs it, saying the database does not exist there", async () => {
        const missing = Object.assign(new Error("DBInstance orders not found."), { name: "DBInstanceNotFoundFault" });
        account.rds.on(commands.DescribeDBInstancesCommand).rejects(missing);
        const { code, stdout } = await run(["verify", "--state", stateFile, "--format", "json"]);
        const report = JSON.parse(stdout) as ReadinessReport;
        const checks = Object.fromEntries(report.databases![0].checks.map((c) => [c.name, c]));
        expect(checks["pitr-current"]).toMatchObject({ status: "fail", detail: "DB instance orders does not exist in account 123456789012, us-east-1; wanted the database the stack deployed" });
        expect(checks["drills-recent"].status).toBe("fail");
        expect(code).toBe(1);
    });

    it("checks only the databases named with --database", async () => {
        const { code, stdout } = await run(["verify", "--state", stateFile, "--database", "ORDERS", "--format", "json"]);
        expect((JSON.parse(stdout) as ReadinessReport).databases!.map((d) => d.identifier)).toEqual(["orders"]);
        expect(code).toBe(0);
    });
});

describe("the db-preflight command", () => {
    it("prints the IAM policy through the installed bin, with no AWS call and no credentials", () => {
        const { spawnSync } = require("child_process") as typeof import("child_process");
        const path = require("path") as typeof import("path");
        const bin = path.join(__dirname, "..", "..", "..", "cli", "bin.js");
        const r = spawnSync(process.execPath, [bin, "verify", "--print-iam-policy"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: "/nonexistent" } });
        expect(r.status).toBe(0);
        expect(JSON.parse(r.stdout).Statement[0].Action).toContain("backup:ListBackupJobs");
    });

    it("writes the report to --output", async () => {
        const out = tempFile("verify-out.md", "");
        const { code, stdout } = await run(["verify", "--state", stateFile, "-o", out]);
        expect(stdout).toBe("");
        expect(require("fs").readFileSync(out, "utf8")).toMatch(/^# Go-live readiness: ✅ ready\n/);
        expect(code).toBe(0);
    });
});

describe("db-preflight verify --drill restore on a stack of several databases", () => {
    it("asks which one, before any AWS call", async () => {
        const { stackExport } = require("../helpers") as typeof import("../helpers");
        const db = (name: string) => ({ type: "aws:rds/instance:Instance", name, props: { identifier: name, arn: `arn:aws:rds:us-east-1:123456789012:db:${name}`, engine: "postgres" } });
        const file = tempFile("two-dbs.json", stackExport([db("orders"), db("billing")]));
        const { code, stderr } = await run(["verify", "--state", file, "--drill", "restore", "--yes"]);
        expect(stderr).toBe("error: --drill restore works on one database at a time: add --database <identifier> (one of orders, billing)\n");
        expect(code).toBe(2);
        expect(account.rds.calls()).toHaveLength(0);
    });
});
