// `npm run bench`: the pack's performance (targets: evaluate() on 10,000 resources under 1 s on an idle
// core; the policies' own share of a preview under 5%), measured side by side with
// @pulumi/awsguard 0.3.1 in one run on one core, and printed as a Markdown block for the README.
//   1. evaluate() on synthetic stacks of 100, 1,000 and 10,000 resources vs awsguard's database
//      policies on the same resources: resources/second, the ratio, per-resource cost by size;
//   2. cold start of each pack in a fresh node process, the way the CLI loads it and compiled;
//   3. `pulumi preview` of a 200-resource program, alternating: no pack, awsguard's pack,
//      db-preflight, db-preflight with every policy disabled (when the CLI and the aws stand-in
//      are available): overhead ratios and the policies' own share;
//   4. `db-preflight report` on 10k, 50k and 100k-resource states, also with shared ids or names:
//      time, peak memory and growth between sizes;
//   5. a consumer's jest file (the README's project, installed from the packed tarball) with both
//      components under db-preflight/testing, cold and warm: wall and CPU time.
//
// node -r ./cli/register.js scripts/bench/run.ts [--sizes 100,1000,10000] [--report-sizes 10000,50000,100000]
//   [--report-collisions none,ids,names] [--preview-runs 3] [--quick] [--no-awsguard] [--no-preview] [--no-report] [--no-jest] [--only-new] [--no-pin]
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { evaluate } from "../../policies/evaluate";
import { policies } from "../../policies/registry";
import { Collision, syntheticStack } from "./synthetic-stack";
import { timeInterleaved } from "./stats";
import { Awsguard, awsguardVersion, ensureAwsguard, loadAwsguard } from "./awsguard";
import { ColdStartRun, coldStartCandidates, measureColdStarts } from "./cold-start";
import { measurePreview, previewUnavailable } from "./preview";
import { measureReportScale } from "./report-scale";
import { measureConsumerJest } from "./consumer";

const repoRoot = path.resolve(__dirname, "..", "..");
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
};
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Re-runs this benchmark pinned to CPU 0 (taskset), so every figure is one core's. */
function pinToOneCore(): boolean {
    if (flag("--no-pin") || process.env.DB_PREFLIGHT_BENCH_PINNED === "1") return false;
    if (spawnSync("taskset", ["--version"]).status !== 0) {
        log("taskset not found: measuring without pinning to one core");
        return false;
    }
    const result = spawnSync("taskset", ["-c", "0", process.execPath, ...process.execArgv, __filename, ...argv], {
        stdio: "inherit",
        env: { ...process.env, DB_PREFLIGHT_BENCH_PINNED: "1" },
    });
    process.exitCode = result.status ?? 1;
    return true;
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface SizeResult {
    resources: number;
    databases: number;
    nonCompliant: number;
    findings: number;
    oursMs: number;
    awsguardMs?: number;
}

async function evaluationBenchmark(sizes: number[], quick: boolean, awsguard: Awsguard | undefined): Promise<SizeResult[]> {
    const results: SizeResult[] = [];
    for (const size of sizes) {
        const stack = syntheticStack(size);
        const findings = (await evaluate(stack.resources)).length;
        const iterations = quick ? 3 : size <= 100 ? 30 : size <= 1000 ? 10 : 5;
        const fns = [() => evaluate(stack.resources), ...(awsguard ? [() => awsguard.run(stack.resources)] : [])];
        const [oursMs, awsguardMs] = await timeInterleaved(fns, iterations, quick ? 1 : 2);
        results.push({ resources: stack.resources.length, databases: stack.databases, nonCompliant: stack.nonCompliant, findings, oursMs, ...(awsguard ? { awsguardMs } : {}) });
        log(`  ${fmt(stack.resources.length)} resources: db-preflight ${fmt(oursMs, 1)} ms${awsguard ? `, awsguard ${fmt(awsguardMs, 1)} ms` : ""} (median of ${iterations})`);
    }
    return results;
}

function evaluationTable(results: SizeResult[]): string[] {
    const withGuard = results.every((r) => r.awsguardMs !== undefined);
    const lines = [
        `| Resources (databases, non-compliant) | db-preflight: median | resources/s | µs per resource | ${withGuard ? "awsguard: median | resources/s | µs per resource | time ratio |" : ""}`,
        `| --- | --- | --- | --- | ${withGuard ? "--- | --- | --- | --- |" : ""}`,
    ];
    for (const r of results) {
        const perSecond = (ms: number) => fmt(r.resources / (ms / 1000));
        const perResource = (ms: number) => fmt((ms * 1000) / r.resources, 1);
        lines.push(
            `| ${fmt(r.resources)} (${fmt(r.databases)}, ${fmt(r.nonCompliant)}) | ${fmt(r.oursMs, 1)} ms | ${perSecond(r.oursMs)} | ${perResource(r.oursMs)} | ` +
                (withGuard ? `${fmt(r.awsguardMs!, 1)} ms | ${perSecond(r.awsguardMs!)} | ${perResource(r.awsguardMs!)} | ${fmt(r.oursMs / r.awsguardMs!, 1)}x |` : ""),
        );
    }
    return lines;
}

function coldStartTable(title: string, runs: ColdStartRun[]): string[] {
    const lines = [`| ${title} | median | ratio to awsguard |`, "| --- | --- | --- |"];
    const guard = runs.find((r) => r.label.startsWith("awsguard"))?.medianMs;
    for (const r of runs) {
        const value = r.medianMs !== undefined ? `${fmt(r.medianMs)} ms` : `failed: ${r.error}`;
        const ratio = r.medianMs !== undefined && guard ? `${fmt(r.medianMs / guard, 2)}x` : "—";
        lines.push(`| ${r.label} | ${value.replace(/\|/g, "\\|")} | ${ratio} |`);
    }
    return lines;
}

async function main(): Promise<void> {
    if (pinToOneCore()) return;
    const quick = flag("--quick");
    const sizes = (option("--sizes") ?? "100,1000,10000").split(",").map(Number);
    const previewRuns = Number(option("--preview-runs") ?? (quick ? 1 : 3));
    if (!Number.isInteger(previewRuns) || previewRuns < 1) throw new Error(`--preview-runs ${option("--preview-runs")}: give a whole number of rounds, 1 or more`);
    const out: string[] = [];
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    const pinned = process.env.DB_PREFLIGHT_BENCH_PINNED === "1";
    log(`db-preflight benchmark: ${policies.length} policies, node ${process.version}, ${cpu}${pinned ? ", pinned to CPU 0" : ""}`);

    let awsguardPkg: string | undefined;
    let awsguard: Awsguard | undefined;
    if (!flag("--no-awsguard")) {
        try {
            awsguardPkg = ensureAwsguard(undefined, log);
            awsguard = loadAwsguard(awsguardPkg);
            log(`awsguard ${awsguardVersion}: ${awsguard.policies.length} database policies (${awsguard.policies.map((p) => p.name).join(", ")})`);
        } catch (e) {
            log(`awsguard unavailable, measuring db-preflight alone: ${(e as Error).message.split("\n")[0]}`);
        }
    }

    const onlyNew = flag("--only-new");
    if (!onlyNew) {
        log("1. evaluate() on synthetic stacks");
        const sizesResult = await evaluationBenchmark(sizes, quick, awsguard);
        out.push(
            `Measured by \`npm run bench\` (\`node -r ./cli/register.js scripts/bench/run.ts\`) on ${pinned ? "one core (taskset -c 0)" : "an unpinned process"} of ${cpu}, node ${process.version}, ` +
                `${policies.length} policies${awsguard ? `; awsguard ${awsguardVersion} runs its ${awsguard.policies.length} database policies on the same resources in the same process` : ""}. ` +
                "Absolute times vary with the machine; the ratios are measured side by side.",
            "",
            "**In-process evaluation** (`evaluate()`, all policies, synthetic stacks built from the compliant fixture, one database in four non-compliant):",
            "",
            ...evaluationTable(sizesResult),
            "",
        );
        // Each step's change in cost per resource: about 1.0 is linear; below 1.0 a fixed cost per call is being spread.
        const steps = sizesResult.slice(1).map((r, i) => {
            const before = sizesResult[i];
            return `${fmt(before.resources)} → ${fmt(r.resources)}: ${fmt(r.oursMs / r.resources / (before.oursMs / before.resources), 2)}x`;
        });
        if (steps.length > 0) out.push(`Per-resource cost of db-preflight from one size to the next (1.0 is linear): ${steps.join(", ")}.`, "");

        log("2. cold start (fresh node processes)");
        const runs = quick ? 2 : 5;
        const candidates = coldStartCandidates(awsguardPkg);
        const cli = measureColdStarts(candidates.asTheCliLoadsIt, runs);
        const compiled = measureColdStarts(candidates.compiled, runs);
        for (const r of [...cli, ...compiled]) log(`  ${r.label}: ${r.medianMs !== undefined ? `${fmt(r.medianMs)} ms` : `failed: ${r.error}`}`);
        out.push(
            `**Cold start** (a fresh \`node\` process loading the pack's code, median of ${runs}):`,
            "",
            ...coldStartTable("As the Pulumi CLI loads a pack", cli),
            "",
            ...coldStartTable("Compiled JavaScript", compiled),
            "",
        );
    }

    if (!flag("--no-preview")) {
        const unavailable = previewUnavailable(repoRoot);
        if (unavailable) {
            log(`3. preview benchmark skipped: ${unavailable}`);
            out.push(`**Preview** of a 200-resource program: not measured (${unavailable}).`, "");
        } else {
            log("3. pulumi preview, 200 resources, with and without the pack");
            try {
                const p = await measurePreview(repoRoot, previewRuns, log, awsguardPkg);
                const overhead = (ms: number) => ms - p.withoutPackMs;
                // Each round's share is taken within the round, so drift between rounds cancels out.
                const shares = [...p.policyShares].sort((a, b) => a - b);
                const share = shares[Math.floor(shares.length / 2)];
                const percent = (x: number) => `${fmt(x * 100, 1)}%`;
                out.push(
                    `**Preview** of a 200-resource program (real CLI, offline aws stand-in, runs alternating, median of ${p.runs}):`,
                    "",
                    "| Preview | median | vs no pack | overhead vs awsguard's |",
                    "| --- | --- | --- | --- |",
                    `| no pack | ${fmt(p.withoutPackMs)} ms | 1.00x | |`,
                    ...(p.awsguardMs !== undefined
                        ? [`| @pulumi/awsguard ${awsguardVersion} (AwsGuard, all policies) | ${fmt(p.awsguardMs)} ms | ${fmt(p.awsguardMs / p.withoutPackMs, 2)}x | 1.00x |`]
                        : []),
                    `| db-preflight | ${fmt(p.withPackMs)} ms | ${fmt(p.withPackMs / p.withoutPackMs, 2)}x | ${p.awsguardMs !== undefined ? `${fmt(overhead(p.withPackMs) / overhead(p.awsguardMs), 2)}x` : ""} |`,
                    `| db-preflight, every policy disabled | ${fmt(p.disabledPackMs)} ms | ${fmt(p.disabledPackMs / p.withoutPackMs, 2)}x | ${p.awsguardMs !== undefined ? `${fmt(overhead(p.disabledPackMs) / overhead(p.awsguardMs), 2)}x` : ""} |`,
                    "",
                    `The policies' own share of the db-preflight preview (with policies minus all disabled, within each round): median ${percent(share)}, rounds from ${percent(shares[0])} to ${percent(shares[shares.length - 1])}; ` +
                        "the rest of the pack's overhead is the CLI's analyzer machinery and the pack's start-up, paid by any pack.",
                    "",
                );
            } catch (e) {
                log(`  preview benchmark failed: ${(e as Error).message.split("\n")[0]}`);
                out.push(`**Preview** of a 200-resource program: not measured (${(e as Error).message.split("\n")[0]}).`, "");
            }
        }
    }
    if (!flag("--no-report")) {
        const targets = (option("--report-sizes") ?? (quick ? "10000" : "10000,50000,100000")).split(",").map(Number);
        log("4. db-preflight report on large states (fresh process each)");
        const collisions = (option("--report-collisions") ?? "none,ids,names").split(",") as Collision[];
        const runs = measureReportScale(repoRoot, targets, collisions, quick ? 120 : 900, log);
        const rows = ["| State | Resources | Time | Peak memory | Per-resource time vs the previous size (1.0 is linear) |", "| --- | --- | --- | --- | --- |"];
        const label = { none: "distinct ids and names", ids: "every database copy with the same AWS ids/ARNs", names: "every database copy with the same resource names" } as const;
        runs.forEach((r, i) => {
            const previous = i > 0 && runs[i - 1].collision === r.collision ? runs[i - 1] : undefined;
            const growth = previous?.ms !== undefined && r.ms !== undefined ? `${fmt(r.ms / r.resources / (previous.ms / previous.resources), 2)}x` : "";
            rows.push(
                `| ${label[r.collision]} | ${fmt(r.resources)} | ${r.ms !== undefined ? `${fmt(r.ms / 1000, 1)} s` : r.error} | ${r.peakMb !== undefined ? `${fmt(r.peakMb)} MB` : ""} | ${growth} |`,
            );
        });
        out.push("**Report** (`db-preflight report --state`, fresh process per run, start-up included):", "", ...rows, "");
    }
    if (!flag("--no-jest")) {
        log("5. a consumer's jest file: the README's project, installed from the packed tarball (db-preflight/testing's checkProgram, both components)");
        const j = measureConsumerJest(repoRoot, log);
        const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;
        out.push(
            j.error === undefined
                ? `**A consumer's jest file** (the project of [Install in your own project](#install-in-your-own-project), installed from the packed tarball, ` +
                      "its jest config; databases.test.ts checks both components with `checkProgram` at preview and at deployment): " +
                      `${seconds(j.cold!.wallMs)} cold (${seconds(j.cold!.cpuMs)} of CPU), ${seconds(j.warm!.wallMs)} with jest's cache warm (${seconds(j.warm!.cpuMs)} of CPU).`
                : `**A consumer's jest file**: not measured (${j.error}).`,
            "",
        );
    }
    process.stdout.write(`${out.join("\n")}\n`);
}

main().catch((e) => {
    log(`bench failed: ${(e as Error).stack ?? e}`);
    process.exitCode = 1;
});
