#!/usr/bin/env node
// `npm start`: the offline demo. Runs the real Pulumi CLI with the policy pack (policies/) against
// the offline aws stand-in (test/support/aws-standin) and a local file backend in a temp dir:
//   1. the example program (examples/database: a production database built with the component) must pass;
//   2. a hand-written RDS instance that misses the checklist must be blocked.
// Prints what passed and what was blocked (policies, messages, counts) and the go-live readiness
// report of the example. Exit code 0 when both behaved as expected, 1 otherwise.
//
// Needs node_modules (runs `npm ci` through scripts/ensure-node-modules.sh when it is missing) and
// the Pulumi CLI (scripts/ensure-pulumi.sh: a cached build after the first run).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const started = Date.now();

function say(line = "") {
    process.stdout.write(`${line}\n`);
}
function seconds(ms) {
    return `${(ms / 1000).toFixed(1)}s`;
}

function ensureNodeModules() {
    const needed = ["@pulumi/pulumi/package.json", "@pulumi/aws/package.json", "@pulumi/policy/package.json", "esbuild/package.json"];
    if (needed.every((m) => fs.existsSync(path.join(root, "node_modules", m)))) return;
    say("node_modules is missing: installing it with npm ci (once)...");
    execFileSync("bash", [path.join(root, "scripts", "ensure-node-modules.sh")], { stdio: "inherit" });
}

function ensurePulumi() {
    if (process.env.PULUMI_BIN_DIR && fs.existsSync(path.join(process.env.PULUMI_BIN_DIR, "pulumi"))) return process.env.PULUMI_BIN_DIR;
    const out = execFileSync("bash", [path.join(root, "scripts", "ensure-pulumi.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    return out.trim().split("\n").pop();
}

/** The last line of a finding's text: its message (the line before is the policy's description). */
function messageOf(finding) {
    return finding.text.split("\n").pop();
}

function indent(text, prefix = "    ") {
    return text
        .split("\n")
        .map((l) => (l ? prefix + l : l))
        .join("\n");
}

async function main() {
    ensureNodeModules();
    process.env.PULUMI_BIN_DIR = ensurePulumi();
    // The repository's TypeScript (helpers, registry, report) runs through esbuild's require hook.
    require(path.join(root, "cli", "register.js"));
    const e2e = require(path.join(root, "test", "support", "e2e", "pulumi.ts"));
    const programs = require(path.join(root, "test", "support", "e2e", "programs.ts"));
    const { exampleProjectOptions } = require(path.join(root, "test", "support", "e2e", "example.ts"));
    const { policies, checklistTitles } = require(path.join(root, "policies", "registry.ts"));
    const itemOf = new Map(policies.map((p) => [p.name, p.dbPreflight.checklistItem]));

    const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "db-preflight-demo-"));
    const version = execFileSync(path.join(process.env.PULUMI_BIN_DIR, "pulumi"), ["version"], { encoding: "utf8" }).trim();
    say(`db-preflight demo: the policy pack (${policies.length} policies) in \`pulumi preview --policy-pack ./policies\``);
    say(`Pulumi CLI ${version}, the offline aws stand-in, a file backend under ${tmpRoot}`);
    say();

    const projects = [];
    let ok = true;

    // 1. The example program.
    say("1. The example program (examples/database): a production database built with the component");
    if (!fs.existsSync(programs.exampleProgramFile) || !fs.existsSync(programs.exampleProjectFile)) {
        say("   MISSING: the example program, examples/database (index.ts and Pulumi.yaml).");
        ok = false;
    } else {
        const example = await e2e.PulumiProject.create({ ...exampleProjectOptions(), program: programs.exampleProgram(), tmpRoot });
        projects.push(example);
        const eventLog = path.join(example.root, "preview-events.json");
        const result = await example.preview({ policyPack: true, eventLog });
        const findings = e2e.parsePolicyFindings(result.output);
        const mandatory = findings.filter((f) => f.level === "mandatory");
        const resources = /(\d+) to create/.exec(result.output)?.[1] ?? "?";
        if (result.code === 0 && mandatory.length === 0) {
            say(`   PASSED in ${seconds(result.seconds * 1000)}: ${resources} resources to create, 0 mandatory findings, ${findings.length - mandatory.length} advisory notes.`);
        } else {
            ok = false;
            say(`   NOT PASSED (exit ${result.code}, ${mandatory.length} mandatory findings), but the example must pass:`);
            say(indent(result.output.trimEnd().split("\n").slice(-40).join("\n")));
        }
        if (fs.existsSync(eventLog)) {
            const { main: dbPreflight } = require(path.join(root, "cli", "db-preflight.ts"));
            let report = "";
            await dbPreflight(["report", "--event-log", eventLog], { stdout: (t) => (report += t), stderr: (t) => (report += t) });
            say();
            say("   Go-live readiness report (db-preflight report --event-log <preview events>):");
            say(indent(report.trimEnd()));
        }
    }
    say();

    // 2. The broken program.
    say("2. A hand-written aws.rds.Instance that misses the checklist (test/support/e2e/programs.ts)");
    const broken = await e2e.PulumiProject.create({ name: "broken", program: programs.badInstanceProgram(), tmpRoot });
    projects.push(broken);
    const result = await broken.preview({ policyPack: true });
    const findings = e2e.parsePolicyFindings(result.output);
    const mandatory = findings.filter((f) => f.level === "mandatory");
    if (result.code !== 0 && mandatory.length > 0) {
        const names = [...new Set(mandatory.map((f) => f.policy))];
        say(
            `   BLOCKED in ${seconds(result.seconds * 1000)} (exit ${result.code}): ${mandatory.length} mandatory findings from ${names.length} policies, ${findings.length - mandatory.length} advisory.`,
        );
        for (const item of Object.keys(checklistTitles)) {
            const inItem = mandatory.filter((f) => itemOf.get(f.policy) === item);
            if (inItem.length === 0) continue;
            say(`   ${checklistTitles[item]}:`);
            for (const f of inItem) say(`     x ${f.policy}: ${messageOf(f)}`);
        }
    } else {
        ok = false;
        say(`   NOT BLOCKED (exit ${result.code}, ${mandatory.length} mandatory findings), but the pack must refuse it:`);
        say(indent(result.output.trimEnd().split("\n").slice(-40).join("\n")));
    }
    say();

    for (const p of projects) p.remove();
    if (process.env.DB_PREFLIGHT_KEEP_E2E !== "1") fs.rmSync(tmpRoot, { recursive: true, force: true });
    say(
        ok
            ? `Done in ${seconds(Date.now() - started)}: the example passed and the broken program was blocked, as expected.`
            : `Done in ${seconds(Date.now() - started)}: the demo did NOT behave as expected (see above).`,
    );
    return ok ? 0 : 1;
}

main().then(
    (code) => (process.exitCode = code),
    (err) => {
        process.stderr.write(`demo failed: ${err && err.stack ? err.stack : err}\n`);
        process.exitCode = 1;
    },
);
