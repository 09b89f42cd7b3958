// How the e2e tests and the demo run one of the repository's example programs (examples/database or
// examples/aurora: Pulumi.yaml + index.ts) in a temp project: same project name (so `new pulumi.Config()`
// reads the same namespace), the `config:` block of its Pulumi.yaml, and its stack config file when there is one.
import * as fs from "fs";
import * as path from "path";
import { Example, exampleDir, exampleProjectFile } from "./programs";
import { ProjectOptions } from "./pulumi";

/** The text of a top-level key's block in a Pulumi.yaml (the key line and its indented lines). */
function topLevelBlock(yaml: string, key: string): string | undefined {
    const lines = yaml.split("\n");
    const start = lines.findIndex((l) => l.startsWith(`${key}:`));
    if (start < 0) return undefined;
    let end = start + 1;
    while (end < lines.length && (lines[end].trim() === "" || /^\s/.test(lines[end]) || lines[end].startsWith("#"))) end++;
    return lines.slice(start, end).join("\n").trimEnd();
}

export function exampleProjectOptions(example: Example = "database", stack = "dev"): Omit<ProjectOptions, "program"> {
    const projectFile = exampleProjectFile(example);
    const yaml = fs.readFileSync(projectFile, "utf8");
    // Pulumi requires the name; without it the temp project would read another config namespace.
    const name = /^name:\s*(\S+)/m.exec(yaml)?.[1];
    if (!name) throw new Error(`${projectFile} has no project name`);
    const config: Record<string, string> = {};
    const stackFile = path.join(exampleDir(example), `Pulumi.${stack}.yaml`);
    if (fs.existsSync(stackFile)) {
        // Plain `key: value` lines under `config:` (secure values cannot be copied to another stack).
        for (const m of fs.readFileSync(stackFile, "utf8").matchAll(/^ {2}([\w-]+:[\w.-]+):\s*("?)([^"\n]*)\2\s*$/gm)) {
            config[m[1]] = m[3];
        }
    }
    return { name, stack, projectYaml: topLevelBlock(yaml, "config"), config };
}
