// Compiles the pack to one JavaScript file, bin/index.js (package.json "main"), so the Pulumi CLI
// loads it without type-checking the TypeScript sources on every start (its policy-pack runner
// always registers ts-node with typeCheck on: ~13 s on a cold cache, against ~0.1 s for this
// bundle). `npm test` type-checks the sources with tsc instead. Run: `node build.js` (or
// `npm run build`; `npm pack`, which `pulumi policy publish` runs, builds first).
const fs = require("fs");
const path = require("path");

function buildPolicyPack() {
    // An installed pack (npm tarball) has its prebuilt bin/ and no sources: `pulumi policy publish`
    // there packs it as it is.
    if (!fs.existsSync(path.join(__dirname, "index.ts"))) return;
    const esbuild = require("esbuild");
    const result = esbuild.buildSync({
        entryPoints: [path.join(__dirname, "index.ts")],
        outfile: path.join(__dirname, "bin", "index.js"),
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        // The SDK's server and proxies must be the very modules the CLI's runner loads.
        external: ["@pulumi/*"],
        sourcemap: true,
        logLevel: "warning",
        write: false,
    });
    // Written then renamed: a CLI loading the pack meanwhile (parallel e2e tests, `npm pack` during
    // a test run) sees the old bundle or the new one, never half a file.
    fs.mkdirSync(path.join(__dirname, "bin"), { recursive: true });
    for (const file of result.outputFiles) {
        const partial = `${file.path}.${process.pid}.partial`;
        fs.writeFileSync(partial, file.contents);
        fs.renameSync(partial, file.path);
    }
}

module.exports = { buildPolicyPack };
if (require.main === module) buildPolicyPack();
