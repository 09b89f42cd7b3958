// One cold start for the benchmark, in a fresh `node` process: `node load-pack.js <mode> <module>`.
//   ts-node  what the Pulumi CLI's policy-pack runner (@pulumi/pulumi/cmd/run-policy-pack/run.js)
//            does before it requires a pack: register ts-node (the SDK's vendored 7.0.1, with the
//            installed typescript) with type-checking on and the tsconfig.json of the working
//            directory, then require the pack's code.
//   plain    require the module with nothing registered (compiled JavaScript).
"use strict";
const fs = require("fs");
const path = require("path");

const [mode, entry] = process.argv.slice(2);
if (mode === "ts-node") {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd(), __dirname] }));
    const tsutils = require(path.join(pulumiDir, "tsutils"));
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    require(tsnodeRequire).register({
        typeCheck: true,
        skipProject: !fs.existsSync("tsconfig.json"),
        compiler: typescriptRequire,
        compilerOptions: {
            target: "ES2020",
            module: "nodenext",
            moduleResolution: "nodenext",
            sourceMap: "true",
            ...tsutils.loadTypeScriptCompilerOptions("tsconfig.json"),
        },
    });
} else if (mode !== "plain") {
    throw new Error(`usage: node load-pack.js ts-node|plain <module>`);
}
require(path.resolve(entry));
