// Pack start-up, cold: fresh `node` processes that load each pack's code, timed from spawn to exit,
// the two packs alternating so that the machine's noise hits both alike.
import { spawnSync } from "child_process";
import * as path from "path";
import * as esbuild from "esbuild";
import { median } from "./stats";

const repoRoot = path.resolve(__dirname, "..", "..");
const loader = path.join(__dirname, "load-pack.js");

export interface ColdStartRun {
    label: string;
    /** Median wall time of a process, ms; undefined when loading failed. */
    medianMs?: number;
    error?: string;
}

interface Candidate {
    label: string;
    args: string[];
    cwd: string;
    env?: Record<string, string>;
}

function once(c: Candidate): number | string {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [loader, ...c.args], { cwd: c.cwd, encoding: "utf8", env: { ...process.env, ...c.env } });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) {
        const lines = (result.stderr ?? "").split("\n");
        const firstError = lines.find((l) => /error TS\d+/.test(l)) ?? lines.find((l) => /^\w*Error\b/.test(l)) ?? `exit ${result.status}`;
        return firstError.trim();
    }
    return ms;
}

/** Runs each candidate `runs` times, interleaved, after one untimed warm-up of the file cache. */
export function measureColdStarts(candidates: Candidate[], runs: number): ColdStartRun[] {
    const times = candidates.map(() => [] as number[]);
    const errors: Array<string | undefined> = candidates.map(() => undefined);
    candidates.forEach((c, i) => {
        const warm = once(c);
        if (typeof warm === "string") errors[i] = warm;
    });
    for (let run = 0; run < runs; run++) {
        candidates.forEach((c, i) => {
            if (errors[i]) return;
            const t = once(c);
            if (typeof t === "string") errors[i] = t;
            else times[i].push(t);
        });
    }
    return candidates.map((c, i) => (errors[i] ? { label: c.label, error: errors[i] } : { label: c.label, medianMs: median(times[i]) }));
}

/** The pack's registry and policies as one CommonJS file (dependencies stay in node_modules), as a compiled pack would ship. */
export function bundleRegistry(): string {
    const outfile = path.join(repoRoot, "node_modules", ".cache", "db-preflight", "bench", "registry.js");
    esbuild.buildSync({
        entryPoints: [path.join(repoRoot, "policies", "registry.ts")],
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node20",
        packages: "external",
        outfile,
        logLevel: "silent",
    });
    return outfile;
}

export function coldStartCandidates(awsguardPkg: string | undefined): { asTheCliLoadsIt: Candidate[]; compiled: Candidate[] } {
    const policiesDir = path.join(repoRoot, "policies");
    const awsguardIndex = awsguardPkg ? path.join(awsguardPkg, "index.js") : undefined;
    const bundle = bundleRegistry();
    return {
        asTheCliLoadsIt: [
            // The CLI loads policies/bin/index.js (the esbuild bundle, package.json "main") after registering ts-node;
            // the registry's bundle is that file without the `new PolicyPack` that starts the gRPC server.
            { label: "db-preflight (compiled bundle, as the CLI loads policies/bin/index.js)", args: ["ts-node", bundle], cwd: policiesDir },
            // For reference: the TypeScript sources type-checked by ts-node, cache off (main: index.ts, first preview after a change).
            {
                label: "db-preflight TypeScript sources, type-checked, compile cache off (not shipped: reference)",
                args: ["ts-node", "registry.ts"],
                cwd: policiesDir,
                env: { TS_NODE_CACHE: "false" },
            },
            ...(awsguardIndex ? [{ label: "awsguard 0.3.1 (JavaScript, same ts-node registration)", args: ["ts-node", awsguardIndex], cwd: policiesDir }] : []),
        ],
        compiled: [
            { label: "db-preflight (esbuild bundle of the registry)", args: ["plain", bundle], cwd: repoRoot },
            ...(awsguardIndex ? [{ label: "awsguard 0.3.1 (its compiled index.js)", args: ["plain", awsguardIndex], cwd: repoRoot }] : []),
        ],
    };
}
