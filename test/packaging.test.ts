// The published packages' manifests (package.json: db-preflight; policies/package.json:
// db-preflight-policies): versioned together, Node 22, installable with `npm ci` from the committed
// lock, and shaped so an installed package needs nothing from this repository. The install itself is
// proven end to end by test/e2e/consumer.test.ts.
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
interface Manifest {
    name: string;
    version: string;
    private?: boolean;
    main?: string;
    types?: string;
    files?: string[];
    bin?: Record<string, string>;
    exports?: Record<string, string | { types: string; default: string }>;
    engines?: { node?: string };
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
}
const components = JSON.parse(read("package.json")) as Manifest;
const pack = JSON.parse(read("policies/package.json")) as Manifest;
const lock = JSON.parse(read("package-lock.json")) as { version: string; packages: Record<string, Manifest & { optional?: boolean }> };

describe("the packages", () => {
    it("are versioned together: db-preflight, db-preflight-policies, PulumiPolicy.yaml and the lock agree", () => {
        const policyYamlVersion = /^version:\s*(\S+)\s*$/m.exec(read("policies/PulumiPolicy.yaml"))?.[1];
        expect({ pack: pack.version, policyYaml: policyYamlVersion, lock: lock.version }).toEqual({ pack: components.version, policyYaml: components.version, lock: components.version });
    });

    it("are publishable, and require Node 22 (the tested runtime)", () => {
        for (const m of [components, pack]) {
            expect(m.private).toBeUndefined();
            expect(m.engines?.node).toBe(">=22");
        }
        expect(components.devDependencies?.["@types/node"]).toMatch(/^22\./);
        expect(pack.devDependencies?.["@types/node"]).toMatch(/^22\./);
    });

    it("db-preflight ships dist/ only, with an exports map for the components and the test helper, and the CLI", () => {
        expect(components.files).toEqual(["dist"]);
        expect(components.exports?.["."]).toEqual({ types: "./dist/components/index.d.ts", default: "./dist/components/index.js" });
        expect(components.exports?.["./testing"]).toEqual({ types: "./dist/testing/index.d.ts", default: "./dist/testing/index.js" });
        expect(components.main).toBe("dist/components/index.js");
        expect(components.bin).toEqual({ "db-preflight": "dist/cli/main.js" });
        // Each entry point is compiled from a source the build includes.
        for (const source of ["components/index.ts", "testing/index.ts", "cli/main.ts"]) expect(fs.existsSync(path.join(root, source))).toBe(true);
        expect(read("cli/main.ts").startsWith("#!/usr/bin/env node\n")).toBe(true);
    });

    it("db-preflight takes @pulumi/pulumi and @pulumi/aws from the project (peers), and needs no bundler or database driver once installed", () => {
        expect(Object.keys(components.peerDependencies ?? {}).sort()).toEqual(["@pulumi/aws", "@pulumi/pulumi"]);
        const runtime = Object.keys(components.dependencies ?? {});
        for (const name of ["@pulumi/aws", "@pulumi/pulumi", "esbuild", "pg", "mysql2", "typescript"]) expect(runtime).not.toContain(name);
        // The repository itself still develops against exact versions of the peers.
        expect(components.devDependencies?.["@pulumi/pulumi"]).toMatch(/^\d+\.\d+\.\d+$/);
        expect(components.devDependencies?.["@pulumi/aws"]).toMatch(/^\d+\.\d+\.\d+$/);
    });

    it("the build compiles every file under its source folders (new files need no list)", () => {
        const build = JSON.parse(read("tsconfig.build.json")) as { include: string[]; compilerOptions: { outDir: string; declaration: boolean } };
        expect(build.include).toEqual(["aws-facts/**/*.ts", "contract/**/*.ts", "components/**/*.ts", "policies/**/*.ts", "cli/**/*.ts", "testing/**/*.ts"]);
        expect(build.compilerOptions).toMatchObject({ outDir: "dist", declaration: true });
    });

    it("db-preflight-policies ships the prebuilt pack the CLI loads, with PulumiPolicy.yaml", () => {
        expect(pack.main).toBe("bin/index.js");
        expect(pack.files).toEqual(expect.arrayContaining(["bin/index.js", "PulumiPolicy.yaml"]));
        expect(Object.keys(pack.dependencies ?? {})).toEqual(expect.arrayContaining(["@pulumi/policy", "@pulumi/pulumi"]));
    });

    it("the lock installs with `npm ci`: it matches package.json and lists no platform package the registry does not serve", () => {
        const locked = lock.packages[""];
        expect(locked.dependencies).toEqual(components.dependencies);
        expect(locked.devDependencies).toEqual(components.devDependencies);
        expect(locked.peerDependencies).toEqual(components.peerDependencies);
        // jest 30's resolver pulls optional @unrs/resolver-binding-* packages per platform; jest 29 has none.
        expect(Object.keys(lock.packages).filter((p) => p.includes("@unrs/resolver-binding"))).toEqual([]);
        expect(lock.packages["node_modules/jest"].version).toMatch(/^29\./);
    });
});

describe("the Lambda bundles (components/runtime/bundle.ts)", () => {
    afterEach(() => {
        jest.resetModules();
        jest.dontMock("fs");
        jest.dontMock("esbuild");
    });

    it("are read from the prebuilt file when the package carries one, without loading esbuild", () => {
        const actualFs = jest.requireActual<typeof import("fs")>("fs");
        const runtimeDir = path.join(root, "components", "runtime");
        const prebuilt = path.join(runtimeDir, "prebuilt", "health-check.js");
        jest.doMock("fs", () => ({
            ...actualFs,
            existsSync: (p: string) => p === prebuilt || actualFs.existsSync(p),
            readFileSync: (p: string, ...rest: unknown[]) => (p === prebuilt ? "exports.handler = async () => 'prebuilt';" : (actualFs.readFileSync as (...a: unknown[]) => unknown)(p, ...rest)),
        }));
        jest.doMock("esbuild", () => {
            throw new Error("esbuild must not be loaded when a prebuilt bundle exists");
        });
        const bundle = require("../components/runtime/bundle") as typeof import("../components/runtime/bundle");
        expect(bundle.prebuiltBundlePath("health-check")).toBe(prebuilt);
        expect(bundle.lambdaCode("health-check")).toBe("exports.handler = async () => 'prebuilt';");
    });

    it("are built from the sources in the repository, where there is no prebuilt file", () => {
        const bundle = require("../components/runtime/bundle") as typeof import("../components/runtime/bundle");
        expect(fs.existsSync(bundle.prebuiltBundlePath("health-check"))).toBe(false);
        const code = bundle.lambdaCode("health-check");
        expect(code).toBe(bundle.bundleFromSources("health-check"));
        expect(code).toMatch(/exports\.handler|module\.exports/);
    });
});
