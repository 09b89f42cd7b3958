// The runtime functions as Lambda code: each handler bundled by esbuild into one CommonJS file
// (deployed as index.js, handler index.handler) with pg and mysql2 inside and the AWS SDK v3 left
// out (the Lambda Node.js runtime ships it). In the repository it is built from the TypeScript
// sources at deploy time (Pulumi runs the program with ts-node), once per process; the published
// package carries the same bundles prebuilt by `npm run build` (scripts/build.js), so an installed
// db-preflight needs no esbuild, pg or mysql2.
import type * as esbuild from "esbuild";
import { existsSync, readFileSync } from "fs";
import * as path from "path";

export type RuntimeFunction = "health-check" | "app-users" | "restore-validation";

/**
 * Lambda's nodejs20.x reached end of support on 2026-04-30; AWS blocks creating functions on it from
 * 2026-08-31 and updating them from 2026-09-30. nodejs22.x runs the same bundle (target node20).
 */
export const lambdaRuntime = "nodejs22.x";
export const lambdaHandler = "index.handler";

/** The repository root: esbuild names sources relative to it, so the output is the same from any working directory. */
const root = path.join(__dirname, "..", "..");

const built = new Map<RuntimeFunction, string>();

/** Where the published package keeps the prebuilt bundle of a function (absent in the repository). */
export function prebuiltBundlePath(fn: RuntimeFunction): string {
    return path.join(__dirname, "prebuilt", `${fn}.js`);
}

/** The bundled handler's JavaScript; the same text for the same sources (Pulumi hashes it). esbuild throws on a build error. */
export function lambdaCode(fn: RuntimeFunction): string {
    const cached = built.get(fn);
    if (cached !== undefined) return cached;
    const prebuilt = prebuiltBundlePath(fn);
    const code = existsSync(prebuilt) ? readFileSync(prebuilt, "utf8") : bundleFromSources(fn);
    built.set(fn, code);
    return code;
}

/** esbuild on the handler's sources (TypeScript in the repository). */
export function bundleFromSources(fn: RuntimeFunction): string {
    // Loaded here only: an installed package reads its prebuilt bundles and has no esbuild.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildSync } = require("esbuild") as typeof esbuild;
    const ts = path.join(__dirname, fn, "index.ts");
    const entry = existsSync(ts) ? ts : path.join(__dirname, fn, "index.js");
    const result = buildSync({
        entryPoints: [entry],
        absWorkingDir: root,
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        // Shipped by the Lambda runtime; pg-native is pg's optional native binding, never loaded.
        external: ["@aws-sdk/*", "pg-native"],
        write: false,
        logLevel: "silent",
        legalComments: "none",
        charset: "utf8",
    });
    return result.outputFiles[0].text;
}
