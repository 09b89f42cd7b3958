// `db-preflight verify`: the go-live check of what only the running account can show. Reads the
// stack (a `pulumi stack export` file, or `--stack NAME` through the Pulumi CLI), finds each
// database and what was declared around it, asks AWS (read-only) and prints the readiness report.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { stackFromUrn } from "../../policies/lib/config";
import { InputError } from "../report/input-error";
import { renderMarkdown } from "../report/markdown";
import { Source } from "../report/model";
import { parseStateFile, readText } from "../report/read-input";
import { renderSarif } from "../report/sarif";
import { toResourceInputs } from "../report/state";
import { AwsAccess, awsAccess } from "./aws";
import { CallMode, iamPolicy } from "./calls";
import { verifyChecks } from "./checks";
import { Thresholds, defaultThresholds } from "./context";
import { DrillDeps, runRestoreDrill } from "./drill";
import { buildVerifyReport, runChecks } from "./report";
import { Target, findTargets, stackOf } from "./targets";

/** What verify lets a caller replace (tests, the README sample): the clock, AWS, the Pulumi CLI, the drill's effects. */
export interface VerifyHooks {
    /** The clock (tests and the README sample fix it). */
    now?: () => number;
    /** AWS access (tests pass one with stubbed clients; by default the SDK's clients and credential chain). */
    aws?: (region: string | undefined) => AwsAccess;
    /** Runs `pulumi` (tests stub it). */
    pulumi?: (args: string[], cwd: string) => { status: number | null; stdout: string; stderr: string; error?: Error };
    drill?: Partial<DrillDeps>;
}

export interface VerifyIo extends VerifyHooks {
    stdout(text: string): void;
    stderr(text: string): void;
    cwd?: string;
}

export interface VerifyOptions {
    state?: string;
    stack?: string;
    region?: string;
    format: "markdown" | "json" | "sarif";
    output?: string;
    database?: string[];
    printIamPolicy?: boolean;
    drill?: string;
    yes?: boolean;
    validationQuery?: string;
    pitrMaxLagMinutes?: string;
    backupMarginHours?: string;
    restoreTestMaxAgeDays?: string;
    drillMaxAgeDays?: string;
    healthWindowMinutes?: string;
}

function positive(name: string, value: string | undefined, fallback: number): number {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InputError(`--${name} ${JSON.stringify(value)} is not a positive number`);
    return n;
}

function thresholdsOf(o: VerifyOptions): Thresholds {
    return {
        pitrMaxLagMinutes: positive("pitr-max-lag-minutes", o.pitrMaxLagMinutes, defaultThresholds.pitrMaxLagMinutes),
        backupMarginHours: positive("backup-margin-hours", o.backupMarginHours, defaultThresholds.backupMarginHours),
        restoreTestMaxAgeDays: positive("restore-test-max-age-days", o.restoreTestMaxAgeDays, defaultThresholds.restoreTestMaxAgeDays),
        drillMaxAgeDays: positive("drill-max-age-days", o.drillMaxAgeDays, defaultThresholds.drillMaxAgeDays),
        healthWindowMinutes: positive("health-window-minutes", o.healthWindowMinutes, defaultThresholds.healthWindowMinutes),
    };
}

function runPulumi(args: string[], cwd: string) {
    const r = spawnSync("pulumi", args, { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
    return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", ...(r.error ? { error: r.error } : {}) };
}

/** The stack's export: the file given, or `pulumi stack export --stack NAME`. */
function readStack(options: VerifyOptions, io: VerifyIo, cwd: string): { text: string; shown: string } {
    if (options.state !== undefined) {
        const file = options.state === "-" ? "-" : path.resolve(cwd, options.state);
        return { text: readText(file, options.state), shown: options.state };
    }
    const name = options.stack!;
    const r = (io.pulumi ?? runPulumi)(["stack", "export", "--stack", name], cwd);
    if (r.error) throw new InputError(`cannot run the Pulumi CLI (${r.error.message}); install it or pass --state <file> from \`pulumi stack export\``);
    if (r.status !== 0) {
        const why =
            r.stderr
                .split("\n")
                .map((l) => l.trim())
                .find((l) => l !== "") ?? `exit code ${r.status}`;
        throw new InputError(`\`pulumi stack export --stack ${name}\` failed: ${why}`);
    }
    if (r.stdout.trim() === "") throw new InputError(`\`pulumi stack export --stack ${name}\` printed nothing`);
    return { text: r.stdout, shown: `pulumi stack export --stack ${name}` };
}

export async function verify(options: VerifyOptions, io: VerifyIo, version: string): Promise<number> {
    if (options.drill !== undefined && options.drill !== "restore") throw new InputError(`--drill ${JSON.stringify(options.drill)} is not a drill verify runs; the one it runs is --drill restore`);
    const modes: CallMode[] = options.drill ? ["verify", "drill"] : ["verify"];
    if (options.printIamPolicy) {
        io.stdout(`${JSON.stringify(iamPolicy(modes), null, 2)}\n`);
        return 0;
    }
    if (!options.state === !options.stack) throw new InputError("give one input: --state <file> (from `pulumi stack export`) or --stack <name> (runs `pulumi stack export`)");
    if (options.drill && !options.yes) {
        throw new InputError("--drill restore creates a temporary database (it costs money while it runs, and verify deletes it afterwards): add --yes to go ahead");
    }
    const thresholds = thresholdsOf(options);
    const cwd = io.cwd ?? process.cwd();
    const { text, shown } = readStack(options, io, cwd);
    const { resources } = toResourceInputs(parseStateFile(shown, text), shown);
    let targets: Target[] = findTargets(stackOf(resources));
    const total = targets.length;
    if (options.database && options.database.length > 0) {
        const wanted = new Set(options.database.map((d) => d.toLowerCase()));
        const unknown = [...wanted].filter((w) => !targets.some((t) => t.identifier === w || t.db.name.toLowerCase() === w));
        if (unknown.length > 0) throw new InputError(`--database ${unknown.join(", ")} is not a database of the stack; it has ${targets.map((t) => t.identifier ?? t.db.name).join(", ") || "none"}`);
        targets = targets.filter((t) => wanted.has(t.identifier ?? "") || wanted.has(t.db.name.toLowerCase()));
    }
    if (total === 0) throw new InputError(`${shown} has no RDS instance or Aurora cluster (aws:rds/instance:Instance, aws:rds/cluster:Cluster) to verify`);

    if (options.drill && targets.length !== 1) {
        throw new InputError(`--drill restore works on one database at a time: add --database <identifier> (one of ${targets.map((t) => t.identifier ?? t.db.name).join(", ")})`);
    }
    const now = (io.now ?? Date.now)();
    const aws = (io.aws ?? ((region) => awsAccess(region ? { region } : {})))(options.region);
    try {
        const results = await runChecks(targets, verifyChecks, { aws, thresholds, now });
        const stack = resources.map((r) => stackFromUrn(r.urn)).find((s) => s !== undefined);
        const accounts = [...new Set(targets.map((t) => t.account).filter((a): a is string => a !== undefined))];
        const regions = [...new Set(targets.map((t) => t.region ?? options.region).filter((r): r is string => r !== undefined))];
        const source: Source = {
            kind: "live-account",
            file: shown,
            ...(stack !== undefined ? { stack } : {}),
            resources: resources.length,
            databases: targets.length,
            notes: [],
            ...(accounts.length > 0 ? { account: accounts.join(", ") } : {}),
            ...(regions.length > 0 ? { region: regions.join(", ") } : {}),
        };
        const report = buildVerifyReport(results, verifyChecks, source, version);
        let exit = report.ready ? 0 : 1;

        let drillText = "";
        if (options.drill === "restore") {
            const drill = await runRestoreDrill(targets[0], {
                aws,
                now: io.now ?? Date.now,
                ...(options.validationQuery !== undefined ? { validationQuery: options.validationQuery } : {}),
                log: io.stderr,
                ...io.drill,
            });
            report.drill = drill;
            drillText = drill.summary;
            if (drill.status === "interrupted") exit = 130;
            else if (drill.status !== "passed") exit = 1;
        }

        const out =
            options.format === "json"
                ? JSON.stringify(report, null, 2)
                : options.format === "sarif"
                  ? JSON.stringify(renderSarif(report, verifyChecks), null, 2)
                  : `${renderMarkdown(report)}${drillText ? `\n${drillText}\n` : ""}`;
        if (options.output !== undefined) {
            try {
                fs.writeFileSync(path.resolve(cwd, options.output), `${out}\n`);
            } catch (e) {
                throw new InputError(`cannot write ${options.output}: ${(e as Error).message}`);
            }
        } else io.stdout(`${out}\n`);
        return exit;
    } finally {
        aws.close();
    }
}
