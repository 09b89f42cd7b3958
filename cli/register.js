// Runs the repository's TypeScript in plain Node: `node -r ./cli/register.js some.ts`.
// Each .ts file outside node_modules is transpiled on require by esbuild (a dependency already),
// without type-checking: `npm run typecheck` does that once for the whole tree. No ts-node is
// installed (the Pulumi SDK vendors an old one that type-checks every file, seconds per start).
"use strict";
const fs = require("fs");
const esbuild = require("esbuild");

function compileTypeScript(module, filename) {
    const { code } = esbuild.transformSync(fs.readFileSync(filename, "utf8"), {
        loader: "ts",
        format: "cjs",
        target: "node20",
        sourcefile: filename,
        sourcemap: "inline",
    });
    module._compile(code, filename);
}

if (!require.extensions[".ts"]) {
    require.extensions[".ts"] = compileTypeScript;
    // Stack traces point at the .ts lines.
    process.setSourceMapsEnabled?.(true);
}
