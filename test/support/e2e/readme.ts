// The fenced blocks of a README section, read the way test/e2e/consumer.test.ts follows "Install in
// your own project" (and the bench's consumer row sets up its project): shell steps, and blocks
// marked `// file: X` (written to the project) or `// append to: X` (appended), and the environment
// its steps run in.
import { execFileSync } from "child_process";
import * as path from "path";

export interface Block {
    kind: "sh" | "file" | "append";
    /** The file a file/append block writes; the first comment line of a shell block. */
    name: string;
    /** The block's text without its first line (the `file:` / `append to:` marker). */
    text: string;
}

/** The fenced blocks of the README section `title`, in order. */
export function readmeBlocks(readme: string, title: string): Block[] {
    const start = readme.indexOf(`\n## ${title}\n`);
    if (start < 0) throw new Error(`README.md has no "## ${title}" section`);
    const end = readme.indexOf("\n## ", start + 1);
    const section = readme.slice(start, end < 0 ? undefined : end);
    const blocks: Block[] = [];
    for (const m of section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
        const [first, ...rest] = m[2].split("\n");
        const marker = /^(?:\/\/|#) (file|append to): (\S+)\s*$/.exec(first);
        if (marker) blocks.push({ kind: marker[1] === "file" ? "file" : "append", name: marker[2], text: rest.join("\n") });
        else if (m[1] === "sh") blocks.push({ kind: "sh", name: first.replace(/^#\s*/, ""), text: m[2] });
        else throw new Error(`README "${title}": a \`\`\`${m[1]} block that is neither a shell step nor marked "file:" / "append to:": ${first}`);
    }
    return blocks;
}

/** Where the README's steps find this checkout, put the tarballs and make the project: its DB_PREFLIGHT, TARBALLS and PROJECT. */
export interface StepPlaces {
    repoRoot: string;
    tarballs: string;
    project: string;
}

/**
 * The environment the README's steps run in, as in a user's terminal: the inherited one without npm's
 * lifecycle variables (npm_*, INIT_CWD), Pulumi settings or jest's worker id; Node 22 (scripts/ensure-node.sh)
 * first on PATH, then `extraPath`; the section's variables (`places`), then `extra`.
 */
export function readmeStepEnvironment(places: StepPlaces, extraPath: string[] = [], extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const nodeBin = execFileSync("bash", [path.join(places.repoRoot, "scripts", "ensure-node.sh")], { encoding: "utf8" })
        .trim()
        .split("\n")
        .pop()!;
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (/^(npm_|INIT_CWD$|PULUMI_|JEST_WORKER_ID$)/i.test(k)) continue;
        env[k] = v;
    }
    return {
        ...env,
        PATH: [nodeBin, ...extraPath, process.env.PATH].join(path.delimiter),
        DB_PREFLIGHT: places.repoRoot,
        TARBALLS: places.tarballs,
        PROJECT: places.project,
        ...extra,
    };
}
