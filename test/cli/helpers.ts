// Running `db-preflight` in-process, and the inputs the CLI tests feed it.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as esbuild from "esbuild";
import type { ResourceInput } from "../../policies/evaluate";

export const fixtures = path.join(__dirname, "fixtures");
export const fixture = (name: string) => path.join(fixtures, name);

/**
 * commander 15 ships only as ES modules. Node (20.19 and later) loads it with require(), so the CLI
 * imports it as usual; jest's module system on Node 20 cannot, so a test mocks "commander" with
 * this CommonJS build of the same code: `jest.mock("commander", () => require("./helpers").commanderAsCommonJs())`.
 */
export function commanderAsCommonJs(): unknown {
    const { outputFiles } = esbuild.buildSync({
        entryPoints: [require.resolve("commander")],
        bundle: true,
        format: "cjs",
        platform: "node",
        target: "node20",
        write: false,
    });
    const module = { exports: {} as Record<string, unknown> };
    new Function("module", "exports", "require", outputFiles[0].text)(module, module.exports, require);
    return module.exports;
}

export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

/** `db-preflight <argv>` in this process. */
export async function cli(...argv: string[]): Promise<CliRun> {
    const { main } = await import("../../cli/db-preflight");
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "db-preflight-cli-"));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

/** Writes `content` (a string, or JSON for anything else) to a temp file and returns its path. */
export function tempFile(name: string, content: unknown): string {
    const file = path.join(tmpRoot, name);
    fs.writeFileSync(file, typeof content === "string" || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
    return file;
}

/** A `pulumi stack export` document holding the given resources (props as inputs and outputs, links as URNs). */
export function stackExport(resources: readonly ResourceInput[], stack = "production", project = "orders"): object {
    const urnOf = (r: ResourceInput) => r.urn ?? `urn:pulumi:${stack}::${project}::${r.type}::${r.name}`;
    const byName = new Map(resources.map((r) => [r.name, urnOf(r)]));
    const urns = (refs: readonly string[] = []) => refs.map((ref) => byName.get(ref) ?? ref);
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-01-01T00:00:00Z", magic: "", version: "v3.259.0" },
            resources: resources.map((r) => ({
                urn: urnOf(r),
                custom: true,
                type: r.type,
                inputs: r.props,
                outputs: r.props,
                ...(r.parent ? { parent: byName.get(r.parent) ?? r.parent } : {}),
                dependencies: [...new Set(urns([...(r.dependencies ?? []), ...Object.values(r.propertyDependencies ?? {}).flat()]))],
                propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, refs]) => [k, urns(refs)])),
            })),
        },
    };
}
