#!/usr/bin/env node
// `npm run build` (and `prepack`, so `npm pack` / `npm publish` build first): the published
// db-preflight package in dist/ — the components, the test helper (db-preflight/testing), the CLI
// and the pack's modules they import, as JavaScript and .d.ts (tsconfig.build.json compiles every
// .ts file under components/, policies/, cli/ and testing/), plus the runtime Lambda bundles
// prebuilt into dist/components/runtime/prebuilt/<function>.js (components/runtime/bundle.ts reads
// them there, so an installed package needs no esbuild, pg or mysql2 at deploy time).
// The policy pack is its own package: policies/package.json (`npm pack` there runs policies/build.js).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
const runtimeSources = path.join(root, "components", "runtime");

function build() {
    fs.rmSync(dist, { recursive: true, force: true });
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });

    // The same esbuild call the repository makes at deploy time: the bundles are byte for byte what
    // it would deploy, so upgrading from the repository to the package replaces no Lambda.
    require(path.join(root, "cli", "register.js"));
    const { bundleFromSources, prebuiltBundlePath } = require(path.join(runtimeSources, "bundle.ts"));
    // Every function folder (one with an index.ts) is bundled: new functions need no entry here.
    const functions = fs.readdirSync(runtimeSources).filter((f) => fs.existsSync(path.join(runtimeSources, f, "index.ts")));
    for (const fn of functions) {
        const target = path.join(dist, "components", "runtime", path.relative(runtimeSources, prebuiltBundlePath(fn)));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, bundleFromSources(fn));
    }
    return functions;
}

module.exports = { build };
if (require.main === module) {
    const functions = build();
    process.stdout.write(`built dist/ (components, testing, cli) and the Lambda bundles: ${functions.join(", ")}\n`);
}
