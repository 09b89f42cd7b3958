// db-preflight used from another repository, exactly as the README's "Install in your own project"
// section says: this test runs that section's blocks, as written and in order, in a new directory
// outside the repository. Shell blocks run one after the other with the working directory and the
// exported variables of the previous one (as in one terminal); `// file: X` blocks are written to
// the project, `// append to: X` blocks appended. Only the packed tarballs (and their dependencies
// from the registry) are installed; the aws provider is the offline stand-in (a test double).
//   (a) a program using both components type-checks; (b) its jest tests, with the shipped test
//   helper, pass the components and fail a careless hand-written instance; (c) the real CLI previews
//   it with the installed pack: components pass, the careless instance is blocked; (d) `npx
//   db-preflight report` reports on those previews.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parsePolicyFindings, pulumiBinDir, repoRoot } from "../support/e2e/pulumi";
import { Block, readmeBlocks, readmeStepEnvironment } from "../support/e2e/readme";

jest.setTimeout(30 * 60_000);

interface ShellRun {
    code: number;
    output: string;
    seconds: number;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "db-preflight-consumer-"));
const tarballs = path.join(work, "tarballs");
const project = path.join(work, "orders-infra");
const stateEnv = path.join(work, "shell-env.sh");
const stateCwd = path.join(work, "shell-cwd");

/** The environment of the steps: the README's clean one with the Pulumi CLI on PATH too, an own PULUMI_HOME. */
function stepEnvironment(): NodeJS.ProcessEnv {
    return readmeStepEnvironment({ repoRoot, tarballs, project }, [pulumiBinDir()], {
        PULUMI_HOME: path.join(work, "pulumi-home"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // Only the project's plugins (the stand-in) and the CLI's own.
        PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
        NO_COLOR: "1",
    });
}

let environment: NodeJS.ProcessEnv = {};

/** Runs one shell block in the state (working directory, exported variables) the previous one left. */
function runShell(block: Block): ShellRun {
    const script = [
        "set -eo pipefail",
        `source ${JSON.stringify(stateEnv)}`,
        `cd "$(cat ${JSON.stringify(stateCwd)})"`,
        block.text,
        `export -p > ${JSON.stringify(stateEnv)}`,
        `pwd > ${JSON.stringify(stateCwd)}`,
    ].join("\n");
    const started = Date.now();
    const r = spawnSync("bash", ["-c", script], { env: environment, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
    const run = { code: r.status ?? 1, output: `${r.stdout}\n${r.stderr}`, seconds: (Date.now() - started) / 1000 };
    fs.appendFileSync(path.join(work, "steps.log"), `\n### ${block.name} (exit ${run.code}, ${run.seconds}s)\n${run.output}`);
    return run;
}

function expectSucceeded(run: ShellRun, what: string): void {
    if (run.code !== 0) throw new Error(`${what} exited ${run.code}. Output:\n${run.output.trimEnd().split("\n").slice(-80).join("\n")}`);
}

/** The entries of a tarball, without npm's `package/` prefix. */
function tarballEntries(file: string): string[] {
    return execFileSync("tar", ["-tzf", file], { encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .map((e) => e.replace(/^package\//, ""));
}

const blocks = readmeBlocks(fs.readFileSync(path.join(repoRoot, "README.md"), "utf8"), "Install in your own project");
const shellSteps = blocks.filter((b) => b.kind === "sh");
/** The shell steps' runs, by the number their first comment gives them ("# 4. ..."). */
const runs = new Map<number, ShellRun>();
const stepNumber = (b: Block) => Number(/^(\d+)\./.exec(b.name)?.[1]);
const run = (n: number): ShellRun => {
    const r = runs.get(n);
    if (!r) throw new Error(`step ${n} of the README did not run`);
    return r;
};

beforeAll(() => {
    fs.mkdirSync(tarballs);
    environment = stepEnvironment();
    // The first step starts from this environment; each later one from what the previous exported.
    fs.writeFileSync(stateEnv, "");
    fs.writeFileSync(stateCwd, work);
    // The whole section, in order; the tests below look at what each step did.
    for (const block of blocks) {
        if (block.kind === "sh") {
            const r = runShell(block);
            runs.set(stepNumber(block), r);
            // A failed step leaves the later ones nothing to work on.
            if (r.code !== 0) break;
        } else {
            const file = path.join(project, block.name);
            if (block.kind === "file") fs.writeFileSync(file, block.text);
            else fs.appendFileSync(file, `\n${block.text}`);
        }
    }
});

afterAll(() => {
    if (process.env.DB_PREFLIGHT_KEEP_E2E !== "1") fs.rmSync(work, { recursive: true, force: true });
});

describe("the README's 'Install in your own project', followed in a project outside the repository", () => {
    it("has the seven numbered shell steps the test checks", () => {
        expect(shellSteps.map(stepNumber)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        expect(path.relative(repoRoot, work).startsWith("..")).toBe(true);
    });

    it("1. packs two tarballs with compiled JavaScript and .d.ts only, versioned together", () => {
        expectSucceeded(run(1), "step 1 (npm pack)");
        const files = fs.readdirSync(tarballs).sort();
        const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
        expect(files).toEqual([`db-preflight-${version}.tgz`, `db-preflight-policies-${version}.tgz`]);
        for (const f of files) console.log(`tarball ${f}: ${(fs.statSync(path.join(tarballs, f)).size / 1024).toFixed(0)} KiB`);

        const components = tarballEntries(path.join(tarballs, files[0]));
        expect(components.filter((e) => !/^dist\/.*\.(js|d\.ts)$/.test(e)).sort()).toEqual(["README.md", "package.json"]);
        expect(components).toEqual(
            expect.arrayContaining([
                "dist/components/index.js",
                "dist/components/index.d.ts",
                "dist/testing/index.js",
                "dist/testing/index.d.ts",
                "dist/cli/main.js",
                "dist/components/runtime/prebuilt/health-check.js",
                "dist/components/runtime/prebuilt/app-users.js",
            ]),
        );
        expect(components.filter((e) => /(^|\/)(test|examples|scripts)\//.test(e))).toEqual([]);

        const pack = tarballEntries(path.join(tarballs, files[1]));
        expect(pack.sort()).toEqual(["PulumiPolicy.yaml", "bin/index.js", "build.js", "package.json"]);
    });

    it("2. installs them in the new project, with no esbuild, pg or mysql2", () => {
        expectSucceeded(run(2), "step 2 (npm install)");
        for (const pkg of ["db-preflight", "db-preflight-policies", "@pulumi/pulumi", "@pulumi/aws", "@pulumi/policy"]) {
            expect(fs.existsSync(path.join(project, "node_modules", pkg, "package.json"))).toBe(true);
        }
        // The components read their prebuilt Lambda bundles: nothing bundles or connects at deploy time.
        for (const pkg of ["esbuild", "pg", "mysql2"]) expect(fs.existsSync(path.join(project, "node_modules", pkg))).toBe(false);
        // The project's dependencies name the tarballs, never this repository's folders.
        const manifest = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> };
        expect(manifest.dependencies["db-preflight"]).toMatch(/^file:.*\.tgz$/);
        expect(manifest.dependencies["db-preflight-policies"]).toMatch(/^file:.*\.tgz$/);
        // `pulumi policy publish` runs `npm pack` in the pack's folder: the installed pack packs as it is (no sources to build).
        const republished = spawnSync("npm", ["pack", "--dry-run", "--json"], { cwd: path.join(project, "node_modules", "db-preflight-policies"), env: environment, encoding: "utf8" });
        expect(republished.status).toBe(0);
        // (npm may print the prepack script's banner before the JSON.)
        const [packed] = JSON.parse(republished.stdout.slice(republished.stdout.search(/^\[/m))) as { files: { path: string }[] }[];
        expect(packed.files.map((f) => f.path).sort()).toEqual(["PulumiPolicy.yaml", "bin/index.js", "build.js", "package.json"]);
    });

    it("3. (a) type-checks a program that uses both components and the test helper", () => {
        expectSucceeded(run(3), "step 3 (tsc --noEmit)");
        expect(fs.readFileSync(path.join(project, "databases.ts"), "utf8")).toMatch(/new ProductionDatabase\([\s\S]*new ProductionAuroraCluster\(/);
    });

    it("4. (b) runs the project's jest tests with db-preflight/testing: the components pass, the careless instance fails", () => {
        const jest = run(4);
        expectSucceeded(jest, "step 4 (npx jest)");
        console.log(`consumer jest run: ${jest.seconds.toFixed(1)} s`);
        expect(jest.output).toMatch(/✓ builds databases that pass the checklist, at preview and at deployment/);
        expect(jest.output).toMatch(/✓ refuses a careless hand-written instance/);
        expect(jest.output).toMatch(/Tests:\s+2 passed, 2 total/);
    });

    it("6. (c, d) previews with the installed pack through the real CLI: both components pass; the report says ready", () => {
        expectSucceeded(run(5), "step 5 (the stand-in in Pulumi.yaml)");
        const preview = run(6);
        expectSucceeded(preview, "step 6 (pulumi preview, db-preflight report)");
        const findings = parsePolicyFindings(preview.output);
        expect(findings.filter((f) => f.level === "mandatory")).toEqual([]);
        expect(preview.output).toMatch(/db-preflight:aws:ProductionDatabase\s+orders/);
        expect(preview.output).toMatch(/db-preflight:aws:ProductionAuroraCluster\s+ledger/);
        expect(preview.output).toMatch(/aws:rds:Cluster\s+ledger/);
        // The report (exit 0 under `set -e`) read the preview's events.
        expect(fs.existsSync(path.join(project, "preview-events.json"))).toBe(true);
        expect(preview.output).toMatch(/# Go-live readiness: ✅ ready/);
    });

    it("7. (c, d) blocks the careless hand-written instance with the installed pack, and the report says it is not ready", () => {
        const blocked = run(7);
        expectSucceeded(blocked, "step 7");
        expect(blocked.output).toMatch(/preview blocked: exit code [1-9]\d*/);
        const mandatory = parsePolicyFindings(blocked.output).filter((f) => f.level === "mandatory");
        expect(new Set(mandatory.map((f) => f.subject))).toEqual(new Set(["aws:rds:Instance: legacy"]));
        expect(mandatory.map((f) => f.policy)).toEqual(expect.arrayContaining(["db-no-public-access", "db-storage-encrypted", "db-backup-retention"]));
        expect(blocked.output).toMatch(/not ready: exit code 1\b/);
        expect(blocked.output).toMatch(/# Go-live readiness: ❌ not ready/);
        expect(blocked.output).not.toContain("not-a-secret-at-all");
    });
});
