// `db-preflight report`: is this stack ready for go-live? Reads an exported stack state (the pack
// runs in-process) or the event log of a `pulumi preview --policy-pack ./policies` run, and prints
// the findings grouped by checklist item as Markdown, JSON or SARIF.
//
// Exit codes: 0 ready (no mandatory finding), 1 a mandatory checklist item fails, 2 the input or
// the command line cannot be used (one line on stderr, never a stack trace).
import * as fs from "fs";
import * as path from "path";
import { Command, CommanderError, Option } from "commander";
import type { PolicyPackConfig } from "@pulumi/policy";
import { policies as packPolicies } from "../policies/registry";
import { stackFromUrn } from "../policies/lib/config";
import { PackConfigError, reconcilePackConfig } from "../policies/lib/pack-config";
import { InputError } from "./report/input-error";
import { parseEventLogFile, parseJsonText, parseStateFile, readText } from "./report/read-input";
import { ResourceState, toResourceInputs, typeFromUrn } from "./report/state";
import { evidenceFromResources, isDatabaseType, oneLine } from "./report/from-resources";
import { evidenceFromEvents } from "./report/from-events";
import { Evidence, Source, buildReport } from "./report/model";
import { renderMarkdown } from "./report/markdown";
import { renderSarif } from "./report/sarif";
import { registerVerify } from "./verify/cli";
import type { VerifyHooks } from "./verify/command";

export interface Io extends VerifyHooks {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Relative file names are read from here (default: the process's working directory). */
    cwd?: string;
}

const processIo: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
};

const formats = ["markdown", "json", "sarif"] as const;
type Format = (typeof formats)[number];

interface ReportOptions {
    state?: string;
    eventLog?: string;
    format: Format;
    config?: string;
    stackTag?: string[];
    output?: string;
}

function toolVersion(): string {
    // cli/ in the repository, dist/cli/ in the published package.
    for (const dir of [path.join(__dirname, ".."), path.join(__dirname, "..", "..")]) {
        try {
            return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
        } catch {
            // not this one
        }
    }
    return "0.0.0";
}

/** The -c file, checked exactly as the pack checks it in the CLI (unknown keys, types, levels, scope patterns). */
function readConfig(location: string, file: string): PolicyPackConfig {
    const parsed = parseJsonText(readText(location, file), file);
    if (!parsed.ok) {
        throw new InputError(`${file} is not JSON (${parsed.error}); expected a policy pack config like {"scope": {"productionStacks": "prod(-.*)?"}, "db-backup-retention": {"minDays": 14}}`);
    }
    try {
        reconcilePackConfig(parsed.value, packPolicies);
    } catch (e) {
        if (e instanceof PackConfigError) throw new InputError(`${file}: ${e.message}`);
        throw e;
    }
    return parsed.value as PolicyPackConfig;
}

function parseStackTags(tags: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const tag of tags) {
        const i = tag.indexOf("=");
        if (i <= 0) throw new InputError(`--stack-tag ${JSON.stringify(tag)} is not key=value`);
        out[tag.slice(0, i)] = tag.slice(i + 1);
    }
    return out;
}

async function report(options: ReportOptions, io: Io): Promise<number> {
    if (!options.state === !options.eventLog) {
        throw new InputError("give one input: --state <file> (from `pulumi stack export`) or --event-log <file> (from `pulumi preview --event-log <file>`)");
    }
    const cwd = io.cwd ?? process.cwd();
    const resolve = (file: string) => (file === "-" ? file : path.resolve(cwd, file));
    const config = options.config !== undefined ? readConfig(resolve(options.config), options.config) : undefined;
    const stackTags = parseStackTags(options.stackTag ?? []);
    const policies = packPolicies;
    const file = (options.state ?? options.eventLog)!;

    let evidence: Evidence;
    let source: Source;
    const fromStates = async (kind: Source["kind"], states: readonly ResourceState[]) => {
        const { resources, hiddenSecrets, hasUnknowns } = toResourceInputs(states, file);
        if (resources.length === 0) {
            throw new InputError(
                `${file} holds no resources${kind === "preview-json" ? " (the preview has no steps)" : " (every resource is pending deletion)"}; a report on nothing cannot say the stack is ready`,
            );
        }
        const notes: string[] = [];
        if (hiddenSecrets > 0) {
            notes.push(`${hiddenSecrets} secret value(s) are encrypted in the export and were judged as unknown; export with \`pulumi stack export --show-secrets\` to check them.`);
        }
        if (kind === "preview-json") notes.push("Values computed during the preview are unknown; the policies that need them say so and judge them at `pulumi up`.");
        evidence = await evidenceFromResources(resources, { policies, ...(config ? { config } : {}), preview: hasUnknowns || kind === "preview-json", stackTags });
        source = {
            kind,
            file,
            ...stackOf(resources.map((r) => r.urn!)),
            resources: resources.length,
            databases: resources.filter((r) => isDatabaseType(r.type)).length,
            notes,
        };
    };
    if (options.state !== undefined) {
        await fromStates("stack-export", parseStateFile(file, readText(resolve(file), file)));
    } else {
        const input = parseEventLogFile(file, readText(resolve(file), file));
        if (input.kind === "preview-json") {
            await fromStates("preview-json", input.states);
        } else {
            const events = evidenceFromEvents(input.events, policies, file);
            evidence = events.evidence;
            source = {
                kind: "event-log",
                file,
                ...stackOf(events.urns),
                resources: events.urns.length,
                databases: events.urns.filter((u) => isDatabaseType(typeFromUrn(u))).length,
                notes: events.notes,
            };
        }
    }

    const result = buildReport(evidence!, source!, { policies, ...(config ? { config } : {}), version: toolVersion() });
    const text = options.format === "json" ? JSON.stringify(result, null, 2) : options.format === "sarif" ? JSON.stringify(renderSarif(result, policies, config), null, 2) : renderMarkdown(result);
    if (options.output !== undefined) {
        try {
            fs.writeFileSync(resolve(options.output), `${text}\n`);
        } catch (e) {
            throw new InputError(`cannot write ${options.output}: ${(e as Error).message}`);
        }
    } else {
        io.stdout(`${text}\n`);
    }
    return result.ready ? 0 : 1;
}

function stackOf(urns: readonly string[]): { stack?: string } {
    const stack = urns.map((u) => stackFromUrn(u)).find((s) => s !== undefined);
    return stack !== undefined ? { stack } : {};
}

function program(io: Io, done: (code: number) => void): Command {
    const cli = new Command("db-preflight")
        .description("Production readiness of AWS RDS and Aurora databases, checked by the db-preflight policy pack.")
        .version(toolVersion(), "-V, --version")
        .exitOverride()
        // Errors stay on one line (commander puts its "Did you mean" hint on a second one).
        .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`${oneLine(text)}\n`) });

    cli.command("report")
        .description(
            "Print a go-live readiness report grouped by checklist item (backups, users, security, config, monitoring, runbook): " +
                "per item pass, fail or not applicable, with each finding's resource, message and fix.",
        )
        .addOption(new Option("--state <file>", "a stack state from `pulumi stack export` (the pack runs in-process on it); - reads stdin").conflicts("eventLog"))
        .addOption(new Option("--event-log <file>", "the engine events of `pulumi preview --policy-pack ./policies --event-log <file>` (also the JSON of `pulumi preview --json`); - reads stdin"))
        .addOption(new Option("-f, --format <format>", "output format").choices(formats).default("markdown"))
        .option("-c, --config <file>", "policy pack config, the file given to `--policy-pack-config` (levels and settings)")
        .option("--stack-tag <key=value>", "a stack tag, for policies scoped by productionStackTag (repeatable; --state only)", (v: string, acc: string[] = []) => [...acc, v])
        .option("-o, --output <file>", "write the report to a file instead of stdout")
        .addHelpText(
            "after",
            [
                "",
                "Examples:",
                "  pulumi stack export > state.json && db-preflight report --state state.json",
                "  PULUMI_DEBUG_COMMANDS=true pulumi preview --policy-pack ./policies --event-log preview.json; db-preflight report --event-log preview.json --format sarif -o db-preflight.sarif",
                "",
                "Exit codes: 0 ready, 1 a mandatory checklist item fails, 2 unusable input or arguments.",
            ].join("\n"),
        )
        .action(async (options: ReportOptions) => done(await report(options, io)));
    registerVerify(cli, io, toolVersion(), done);
    return cli;
}

/** Runs the command line `argv` (without the node and script arguments); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
    let code = 0;
    try {
        await program(io, (c) => (code = c)).parseAsync([...argv], { from: "user" });
        return code;
    } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2; // commander has printed its one line
        const message = e instanceof InputError ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
        io.stderr(`error: ${oneLine(message)}\n`);
        if (process.env.DB_PREFLIGHT_DEBUG && e instanceof Error && !(e instanceof InputError)) io.stderr(`${e.stack}\n`);
        return 2;
    }
}

if (require.main === module) {
    void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
