// `db-preflight report --state` on exported states of 10k, 50k and 100k resources, each in a
// fresh process (wall time and peak RSS), including the worst cases for indexing: every copy of
// the database carrying the same AWS ids and ARNs, or the same resource names.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ResourceInput } from "../../policies/evaluate";
import { Collision, syntheticStack } from "./synthetic-stack";

export interface ReportRun {
    target: number;
    collision: Collision;
    resources: number;
    ms?: number;
    peakMb?: number;
    error?: string;
}

/** A `pulumi stack export` document of the resources (links by URN). */
function stateOf(resources: readonly ResourceInput[]): object {
    const urnOf = (r: ResourceInput) => r.urn ?? `urn:pulumi:production::db-preflight::${r.type}::${r.name}`;
    const byName = new Map<string, string>();
    for (const r of resources) if (!byName.has(r.name)) byName.set(r.name, urnOf(r));
    const link = (refs: readonly string[] = []) => refs.map((ref) => byName.get(ref) ?? ref);
    return {
        version: 3,
        deployment: {
            manifest: { time: new Date(0).toISOString(), magic: "", version: "v3.259.0" },
            resources: resources.map((r) => ({
                urn: urnOf(r),
                custom: true,
                type: r.type,
                inputs: r.props,
                outputs: r.props,
                ...(r.parent ? { parent: byName.get(r.parent) } : {}),
                dependencies: link(r.dependencies),
                propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [k, link(v)])),
            })),
        },
    };
}

const runner = `
require(process.argv[1] + "/cli/register.js");
const { main } = require(process.argv[1] + "/cli/db-preflight.ts");
const started = process.hrtime.bigint();
main(["report", "--state", process.argv[2], "--format", "json", "--output", require("os").devNull]).then((code) => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stderr.write("\\nBENCH " + JSON.stringify({ code, ms, peakKb: process.resourceUsage().maxRSS }) + "\\n");
});`;

export function measureReportScale(repoRoot: string, targets: number[], collisions: Collision[], timeoutSeconds: number, log: (line: string) => void): ReportRun[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "db-preflight-bench-report-"));
    const runs: ReportRun[] = [];
    try {
        for (const collision of collisions) {
            for (const target of targets) {
                const { resources } = syntheticStack(target, 4, collision);
                const file = path.join(dir, `state-${collision}-${target}.json`);
                fs.writeFileSync(file, JSON.stringify(stateOf(resources)));
                const result = spawnSync(process.execPath, ["--max-old-space-size=8192", "-e", runner, repoRoot, file], { encoding: "utf8", timeout: timeoutSeconds * 1000, maxBuffer: 1 << 26 });
                const line = /BENCH (\{.*\})/.exec(result.stderr ?? "");
                const run: ReportRun = { target, collision, resources: resources.length };
                if (line) {
                    const { code, ms, peakKb } = JSON.parse(line[1]) as { code: number; ms: number; peakKb: number };
                    if (code === 2) run.error = (result.stderr ?? "").split("\n").find((l) => l.startsWith("error:")) ?? "exit 2";
                    run.ms = ms;
                    run.peakMb = peakKb / 1024;
                } else {
                    run.error =
                        result.error && (result.error as NodeJS.ErrnoException).code === "ETIMEDOUT"
                            ? `did not finish in ${timeoutSeconds} s`
                            : (result.stderr ?? "").trim().split("\n").pop() || `exit ${result.status ?? result.signal}`;
                }
                log(`  report, ${resources.length} resources (${collision}): ${run.ms !== undefined ? `${Math.round(run.ms)} ms, peak ${Math.round(run.peakMb!)} MB` : run.error}`);
                runs.push(run);
                fs.rmSync(file, { force: true });
            }
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    return runs;
}
