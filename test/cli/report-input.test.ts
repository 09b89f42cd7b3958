// `db-preflight report` on hostile or unusual input: config that would fail open, encodings
// Windows writes, empty and deeply nested documents. Each is one line on stderr and exit code 2,
// or (for encodings) read as if it were UTF-8.
import { compliantStack } from "../fixtures/compliant-stack";
import { cli, fixture, stackExport, tempFile } from "./helpers";

jest.mock("commander", () => require("./helpers").commanderAsCommonJs());

const state = fixture("noncompliant-state.json");

async function expectOneLineError(argv: string[], pattern: RegExp): Promise<void> {
    const run = await cli(...argv);
    expect(run.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.stderr).toMatch(pattern);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
}

describe("report --config that would fail open is refused", () => {
    it.each([
        [
            "an upper-case level",
            { all: "MANDATORY" },
            /"all" is "MANDATORY", which is not an enforcement level \(levels are lowercase: "mandatory"\); allowed: "advisory", "mandatory", "remediate", "disabled"/,
        ],
        ["a level from another tool", { all: "warn" }, /"all" is "warn", which is not an enforcement level; allowed: "advisory", "mandatory", "remediate", "disabled"/],
        ["an invalid policy level", { "db-backup-retention": { enforcementLevel: "off" } }, /"db-backup-retention.enforcementLevel" is "off", which is not an enforcement level/],
        ["null", null, /the config is null; expected a JSON object keyed by policy name, "all" or "scope"/],
        ["an array", [{ all: "advisory" }], /the config is an array; expected a JSON object/],
        ["a string", JSON.stringify("advisory"), /the config is a string \("advisory"\)/],
        ["an empty productionStacks", { "db-backup-retention": { productionStacks: "" } }, /"db-backup-retention.productionStacks" is "": an empty pattern matches no stack/],
        ["an empty scope pattern", { scope: { productionStacks: "" } }, /"scope.productionStacks" is ""/],
        ["an empty productionStackTag", { scope: { productionStackTag: "" } }, /"scope.productionStackTag" is "": the tag key is empty/],
        ["an array of patterns", { scope: { productionStacks: ["prod"] } }, /"scope.productionStacks" is \["prod"\]: .*expected string/],
        ["productionStacks under all", { all: { enforcementLevel: "advisory", productionStacks: "prod" } }, /"all.productionStacks" .*put it under "scope"/],
    ])("%s", async (_what, config, message) => {
        await expectOneLineError(["report", "--state", state, "--config", tempFile("config.json", config)], message);
    });

    it("does not hang on a catastrophic productionStacks pattern, and judges with it", async () => {
        // (a+)+b on a stack name of many a's takes exponential time with JavaScript's RegExp; the
        // pack matches with RE2, so the report finishes whatever the machine's speed.
        const longStack = "a".repeat(5000);
        const file = tempFile("long-stack.json", stackExport(compliantStack(), longStack));
        const run = await cli("report", "--state", file, "--format", "json", "--config", tempFile("redos.json", { scope: { productionStacks: "(a+)+b" } }));
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout).ready).toBe(true);
    });

    it('applies "scope": a failing stack outside it is not judged, inside it fails', async () => {
        const outside = await cli("report", "--state", state, "--format", "json", "--config", tempFile("scope.json", { scope: { productionStacks: "live" } }));
        const inside = await cli("report", "--state", state, "--format", "json", "--config", tempFile("scope-all.json", { scope: { productionStacks: ".*" } }));
        expect(inside.code).toBe(1);
        expect(outside.code).toBe(0);
    });
});

describe("report input files", () => {
    const exported = JSON.stringify(stackExport(compliantStack()));

    it("reads UTF-16 LE with a BOM (Windows PowerShell's `pulumi stack export > state.json`)", async () => {
        const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(exported, "utf16le")]);
        const run = await cli("report", "--state", tempFile("utf16le.json", bytes), "--format", "json");
        expect(run.stderr).toBe("");
        expect(JSON.parse(run.stdout).ready).toBe(true);
    });

    it("reads UTF-16 BE with a BOM, UTF-16 LE without one, and UTF-8 with a BOM", async () => {
        const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(exported, "utf16le").swap16()]);
        const leNoBom = Buffer.from(exported, "utf16le");
        const utf8Bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(exported, "utf8")]);
        for (const [name, bytes] of [
            ["be.json", be],
            ["le.json", leNoBom],
            ["bom.json", utf8Bom],
        ] as const) {
            const run = await cli("report", "--state", tempFile(name, bytes), "--format", "json");
            expect(run.stderr).toBe("");
            expect(JSON.parse(run.stdout).ready).toBe(true);
        }
    });

    it("reads a UTF-16 policy pack config", async () => {
        const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify({ all: "warn" }), "utf16le")]);
        await expectOneLineError(["report", "--state", state, "--config", tempFile("config16.json", bytes)], /"all" is "warn"/);
    });

    it("refuses an empty deployment instead of calling it ready", async () => {
        await expectOneLineError(["report", "--state", tempFile("empty-deployment.json", { version: 3, deployment: {} })], /holds no resources \(an empty deployment/);
        await expectOneLineError(["report", "--state", tempFile("no-resources.json", { version: 3, deployment: { manifest: {}, resources: [] } })], /holds no resources/);
        await expectOneLineError(["report", "--state", tempFile("null-deployment.json", { version: 3, deployment: null })], /deployment is null/);
        await expectOneLineError(["report", "--event-log", tempFile("empty-preview.json", { steps: [], changeSummary: {} })], /holds no resources \(the preview has no steps\)/);
    });

    it("refuses deeply nested JSON in one line", async () => {
        const depth = 100_000;
        await expectOneLineError(["report", "--state", tempFile("deep.json", `${"[".repeat(depth)}${"]".repeat(depth)}`)], /nests objects or lists more than 200 levels deep/);
        const deepProps = `{"version":3,"deployment":{"resources":[{"urn":"urn:pulumi:p::p::aws:rds/instance:Instance::db","type":"aws:rds/instance:Instance","inputs":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}]}}`;
        await expectOneLineError(["report", "--state", tempFile("deep-props.json", deepProps)], /nests objects or lists more than 200 levels deep/);
        await expectOneLineError(
            ["report", "--state", state, "--config", tempFile("deep-config.json", `{"db-no-test-database":{"names":${"[".repeat(depth)}${"]".repeat(depth)}}}`)],
            /nests .* more than 200 levels deep/,
        );
    });
});
