// The consumer row of `npm run bench`: what a user's jest test of a program with both components
// costs. The README's "Install in your own project" is followed as test/e2e/consumer.test.ts
// follows it (its steps 1-2 pack this repository and install the tarballs with Pulumi, jest and
// ts-jest in a project outside the repository; its files, with the recommended tsconfig.json and
// jest.config.js, are written there), then that project's `npx jest` runs its one test file
// (databases.test.ts: both components through db-preflight/testing's checkProgram, at preview and
// at deployment, and a hand-written instance) with an empty jest cache and again with it warm.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readmeBlocks, readmeStepEnvironment } from "../../test/support/e2e/readme";

export interface JestRun {
    /** Wall time of the `jest` process, ms. */
    wallMs: number;
    /** CPU time (user + system) of jest and its workers, ms: what the run costs on an idle core. */
    cpuMs: number;
}

export interface ConsumerJest {
    cold?: JestRun;
    warm?: JestRun;
    error?: string;
}

const cacheRoot = process.env.DB_PREFLIGHT_CACHE ?? path.join(os.homedir(), ".cache", "db-preflight");

/** Runs `command` under bash and returns its wall time and the CPU time of its children (bash's `times`). */
function timed(command: string[], cwd: string, env: NodeJS.ProcessEnv): JestRun {
    const started = process.hrtime.bigint();
    const script = '"$@"; status=$?; times >&2; exit $status';
    const result = spawnSync("bash", ["-c", script, "bash", ...command], { cwd, env, encoding: "utf8", timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const stderr = result.stderr ?? "";
    if (result.status !== 0) throw new Error(`${command.join(" ")} exited ${result.status}: ${stderr.split("\n").slice(-15).join(" ")}`);
    // `times` prints the shell's user/system time, then its children's: "0m11.230s 0m2.120s".
    const children = stderr.trimEnd().split("\n").pop() ?? "";
    const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    if (seconds.length !== 2) throw new Error(`could not read the CPU time from bash's times: ${children}`);
    return { wallMs, cpuMs: (seconds[0] + seconds[1]) * 1000 };
}

/** Steps 1-2 of the README section and its project files, in `work`; returns the project directory. */
function setUpProject(repoRoot: string, work: string, log: (line: string) => void): string {
    const tarballs = path.join(work, "tarballs");
    const project = path.join(work, "orders-infra");
    fs.rmSync(tarballs, { recursive: true, force: true });
    fs.mkdirSync(tarballs, { recursive: true });
    // The previous run's install stays (npm then fetches nothing new); the package itself is reinstalled.
    fs.rmSync(path.join(project, "node_modules", "db-preflight"), { recursive: true, force: true });
    const env = readmeStepEnvironment({ repoRoot, tarballs, project });
    const blocks = readmeBlocks(fs.readFileSync(path.join(repoRoot, "README.md"), "utf8"), "Install in your own project");
    for (const block of blocks.filter((b) => b.kind === "sh" && /^[12]\./.test(b.name))) {
        log(`  ${block.name}`);
        const r = spawnSync("bash", ["-c", `set -eo pipefail\n${block.text}`], { cwd: work, env, encoding: "utf8", timeout: 30 * 60_000, maxBuffer: 64 * 1024 * 1024 });
        if (r.status !== 0) throw new Error(`README step "${block.name}" exited ${r.status}: ${`${r.stdout}\n${r.stderr}`.trim().split("\n").slice(-10).join(" ")}`);
    }
    for (const block of blocks.filter((b) => b.kind === "file")) fs.writeFileSync(path.join(project, block.name), block.text);
    return project;
}

/** The README's consumer project, set up from this checkout, and its jest run cold and warm. */
export function measureConsumerJest(repoRoot: string, log: (line: string) => void): ConsumerJest {
    const work = path.join(cacheRoot, "bench-consumer");
    const jestCache = fs.mkdtempSync(path.join(os.tmpdir(), "db-preflight-bench-jest-"));
    try {
        const project = setUpProject(repoRoot, work, log);
        const jest = [process.execPath, path.join(project, "node_modules", "jest", "bin", "jest.js"), "--ci", "--cacheDirectory", jestCache];
        const cold = timed(jest, project, process.env);
        const warm = timed(jest, project, process.env);
        const show = (r: JestRun) => `${Math.round(r.wallMs)} ms wall, ${Math.round(r.cpuMs)} ms CPU`;
        log(`  consumer jest file: cold ${show(cold)}; warm ${show(warm)}`);
        return { cold, warm };
    } catch (e) {
        return { error: (e as Error).message };
    } finally {
        fs.rmSync(jestCache, { recursive: true, force: true });
    }
}
