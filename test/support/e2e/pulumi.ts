// Runs the real Pulumi CLI on a throw-away project: a temp directory with a Pulumi.yaml that points
// `aws` at the offline stand-in (test/support/aws-standin), a program, a node_modules link to the
// repository's, a local file backend and its own PULUMI_HOME. Used by the e2e tests and by
// `npm start` (scripts/demo.js); it has no jest dependency.
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "../../..");
export const standInDir = path.join(repoRoot, "test", "support", "aws-standin");
export const policyPackDir = path.join(repoRoot, "policies");

let packBuilt = false;
/** The CLI loads the pack's compiled bin/index.js (policies/package.json "main"): build it once per process. */
function builtPolicyPackDir(): string {
    if (!packBuilt) {
        (require(path.join(policyPackDir, "build.js")) as { buildPolicyPack(): void }).buildPolicyPack();
        packBuilt = true;
    }
    return policyPackDir;
}

let cachedBinDir: string | undefined;

/** The directory holding `pulumi` and `pulumi-language-nodejs` (scripts/ensure-pulumi.sh; PULUMI_BIN_DIR when set). */
export function pulumiBinDir(): string {
    if (cachedBinDir) return cachedBinDir;
    const fromEnv = process.env.PULUMI_BIN_DIR;
    if (fromEnv && fs.existsSync(path.join(fromEnv, "pulumi"))) return (cachedBinDir = fromEnv);
    const out = execFileSync("bash", [path.join(repoRoot, "scripts", "ensure-pulumi.sh")], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    });
    const dir = out.trim().split("\n").pop() ?? "";
    if (!fs.existsSync(path.join(dir, "pulumi"))) throw new Error(`scripts/ensure-pulumi.sh printed ${JSON.stringify(dir)}, which holds no pulumi`);
    return (cachedBinDir = dir);
}

export interface RunResult {
    command: string;
    code: number;
    stdout: string;
    stderr: string;
    /** stdout then stderr. */
    output: string;
    seconds: number;
}

export interface ProjectOptions {
    /** TypeScript source of the program's index.ts. */
    program: string;
    /** Project name (the config namespace of `new pulumi.Config()`). */
    name?: string;
    /** Extra top-level Pulumi.yaml text (e.g. a `config:` block), appended as is. */
    projectYaml?: string;
    /** Stack to create; "dev" unless told. */
    stack?: string;
    /** Stack configuration, set with `pulumi config set` (plain values). */
    config?: Record<string, string>;
    /** Stack tags, set with `pulumi stack tag set`. */
    stackTags?: Record<string, string>;
    /** Type-check the program with ts-node as the CLI does by default (slower); off unless told. */
    typeCheck?: boolean;
    /** Parent of the temp directory (os.tmpdir() unless told). */
    tmpRoot?: string;
}

export interface PolicyOptions {
    /** Run the repository's policy pack (policies/). */
    policyPack?: boolean;
    /** The --policy-pack-config document (written to a file). */
    policyConfig?: Record<string, unknown>;
    /** Write the engine events to this file (`--event-log`, a flag the CLI shows only with PULUMI_DEBUG_COMMANDS). */
    eventLog?: string;
    /** More CLI arguments. */
    args?: string[];
}

export interface StateResource {
    urn: string;
    type: string;
    id?: string;
    custom?: boolean;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    protect?: boolean;
    parent?: string;
}

export interface ExportedState {
    version: number;
    deployment: { resources?: StateResource[]; secrets_providers?: unknown };
}

/** The Pulumi.yaml of a test project: the program plus the stand-in as the `aws` provider plugin. */
export function projectYaml(name: string, extra = ""): string {
    return [
        `name: ${name}`,
        "runtime:",
        "  name: nodejs",
        "  options:",
        "    typescript: true",
        `    tsconfig: ${path.join(repoRoot, "tsconfig.json")}`,
        "main: index.ts",
        "plugins:",
        "  providers:",
        "    - name: aws",
        `      path: ${standInDir}`,
        extra,
    ].join("\n");
}

export class PulumiProject {
    /** The temp directory: program/, backend/, home/, files written by the test. */
    readonly root: string;
    readonly programDir: string;
    readonly stack: string;
    private readonly typeCheck: boolean;
    private runs = 0;

    private constructor(root: string, stack: string, typeCheck: boolean) {
        this.root = root;
        this.programDir = path.join(root, "program");
        this.stack = stack;
        this.typeCheck = typeCheck;
    }

    /** Writes the project, initialises the stack and applies its config and tags. */
    static async create(options: ProjectOptions): Promise<PulumiProject> {
        const name = options.name ?? "e2e";
        const root = fs.mkdtempSync(path.join(options.tmpRoot ?? os.tmpdir(), `db-preflight-${name}-`));
        const project = new PulumiProject(root, options.stack ?? "dev", options.typeCheck ?? false);
        fs.mkdirSync(project.programDir);
        fs.mkdirSync(path.join(root, "backend"));
        fs.mkdirSync(path.join(root, "home"));
        fs.writeFileSync(path.join(project.programDir, "Pulumi.yaml"), projectYaml(name, options.projectYaml));
        fs.writeFileSync(path.join(project.programDir, "package.json"), JSON.stringify({ name, private: true, main: "index.ts" }, null, 2));
        fs.writeFileSync(path.join(project.programDir, "index.ts"), options.program);
        fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(project.programDir, "node_modules"), "dir");
        await project.run(["stack", "init", project.stack], { check: true });
        for (const [key, value] of Object.entries(options.config ?? {})) {
            await project.run(["config", "set", key, value], { check: true });
        }
        for (const [key, value] of Object.entries(options.stackTags ?? {})) {
            await project.run(["stack", "tag", "set", key, value], { check: true });
        }
        return project;
    }

    /** The environment of every CLI run: offline, local backend, own PULUMI_HOME, the stand-in. */
    env(): NodeJS.ProcessEnv {
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH ?? ""}`,
            PULUMI_HOME: path.join(this.root, "home"),
            PULUMI_BACKEND_URL: `file://${path.join(this.root, "backend")}`,
            PULUMI_CONFIG_PASSPHRASE: "db-preflight-e2e",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            // Only the project's plugins (the stand-in) and the CLI's own: never a pulumi-resource-aws on PATH.
            PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
            PULUMI_NODEJS_TRANSPILE_ONLY: this.typeCheck ? "false" : "true",
            PULUMI_ACCESS_TOKEN: undefined,
            NO_COLOR: "1",
        };
        for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
        return env;
    }

    /** Runs `pulumi <args>` in the program directory; `check` throws on a non-zero exit. */
    run(args: string[], options: { check?: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
        const bin = path.join(pulumiBinDir(), "pulumi");
        const fullArgs = [...args, "--color", "never"];
        const command = `pulumi ${fullArgs.join(" ")}`;
        const started = Date.now();
        return new Promise((resolve, reject) => {
            const env = { ...this.env(), ...options.env };
            const child = spawn(bin, fullArgs, { cwd: this.programDir, env, stdio: ["ignore", "pipe", "pipe"] });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            const timer = setTimeout(() => child.kill("SIGINT"), options.timeoutMs ?? 8 * 60_000);
            child.on("error", reject);
            child.on("close", (code, signal) => {
                clearTimeout(timer);
                const result: RunResult = {
                    command,
                    code: code ?? (signal ? 128 : 1),
                    stdout,
                    stderr,
                    output: `${stdout}\n${stderr}`,
                    seconds: (Date.now() - started) / 1000,
                };
                // Every run's output stays beside the project (kept with DB_PREFLIGHT_KEEP_E2E=1).
                const log = path.join(this.root, "logs", `${String(++this.runs).padStart(2, "0")}-${args.slice(0, 2).join("-")}.log`);
                fs.mkdirSync(path.dirname(log), { recursive: true });
                fs.writeFileSync(log, `$ ${command}\n# exit ${result.code} after ${result.seconds}s\n${result.output}`);
                if (options.check && result.code !== 0) {
                    reject(new Error(`${command} exited ${result.code} in ${this.programDir}\n${result.output}`));
                } else {
                    resolve(result);
                }
            });
        });
    }

    private policyArgs(options: PolicyOptions): string[] {
        const args: string[] = [];
        if (options.policyPack || options.policyConfig) args.push("--policy-pack", builtPolicyPackDir());
        if (options.policyConfig) {
            const file = path.join(this.root, `policy-config-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
            fs.writeFileSync(file, JSON.stringify(options.policyConfig, null, 2));
            args.push("--policy-pack-config", file);
        }
        if (options.eventLog) args.push("--event-log", options.eventLog);
        return [...args, ...(options.args ?? [])];
    }

    private policyEnv(options: PolicyOptions): NodeJS.ProcessEnv {
        return options.eventLog ? { PULUMI_DEBUG_COMMANDS: "true" } : {};
    }

    preview(options: PolicyOptions = {}): Promise<RunResult> {
        return this.run(["preview", "--non-interactive", ...this.policyArgs(options)], { env: this.policyEnv(options) });
    }

    up(options: PolicyOptions = {}): Promise<RunResult> {
        return this.run(["up", "--yes", "--non-interactive", ...this.policyArgs(options)], { env: this.policyEnv(options) });
    }

    destroy(args: string[] = []): Promise<RunResult> {
        return this.run(["destroy", "--yes", "--non-interactive", ...args]);
    }

    /** `pulumi policy analyze --file <state>` with the repository's pack. */
    analyze(stateFile: string, options: Omit<PolicyOptions, "policyPack"> = {}): Promise<RunResult> {
        return this.run(["policy", "analyze", "--file", stateFile, ...this.policyArgs({ ...options, policyPack: true })]);
    }

    /** `pulumi stack export` into a file under the project root; returns the file and the parsed state. */
    async exportState(options: { showSecrets?: boolean } = {}): Promise<{ file: string; state: ExportedState }> {
        const file = path.join(this.root, `state-${Date.now()}.json`);
        await this.run(["stack", "export", "--file", file, ...(options.showSecrets ? ["--show-secrets"] : [])], { check: true });
        return { file, state: JSON.parse(fs.readFileSync(file, "utf8")) as ExportedState };
    }

    /** Deletes the temp directory (unless DB_PREFLIGHT_KEEP_E2E=1, to look at a failure). */
    remove(): void {
        if (process.env.DB_PREFLIGHT_KEEP_E2E === "1") return;
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

export function resourcesOfType(state: ExportedState, type: string): StateResource[] {
    return (state.deployment.resources ?? []).filter((r) => r.type === type);
}

/** One policy result as the CLI prints it under "Policies:". */
export interface CliFinding {
    level: "mandatory" | "advisory" | "remediate" | "disabled";
    severity?: string;
    policy: string;
    /** "aws:rds:Instance: orders", or "1 resource" for a remediation summary. */
    subject: string;
    /** The indented lines under the finding (the policy's description, then its message). */
    text: string;
}

/**
 * The policy results printed by preview, up or policy analyze, e.g.
 *     - [mandatory] [severity: high]  db-backup-retention  (aws:rds:Instance: orders)
 *       <description>
 *       <message>
 */
export function parsePolicyFindings(output: string): CliFinding[] {
    const findings: CliFinding[] = [];
    const lines = output.split("\n");
    const header = /^(\s*)- \[(mandatory|advisory|remediate|disabled)\](?: \[severity: (\w+)\])?\s+(\S+)\s+\((.*)\)\s*$/;
    for (let i = 0; i < lines.length; i++) {
        const m = header.exec(lines[i]);
        if (!m) continue;
        const indent = m[1].length;
        const text: string[] = [];
        while (i + 1 < lines.length && lines[i + 1].trim() !== "" && lines[i + 1].search(/\S/) > indent && !header.test(lines[i + 1])) {
            text.push(lines[++i].trim());
        }
        findings.push({
            level: m[2] as CliFinding["level"],
            severity: m[3],
            policy: m[4],
            subject: m[5],
            text: text.join("\n"),
        });
    }
    return findings;
}

/** The output of `pulumi up` after its preview phase ("Updating (stack):" on): what the update itself reported. */
export function updatePhase(output: string): string {
    const at = output.search(/^(Updating|Destroying) \(/m);
    return at < 0 ? output : output.slice(at);
}

/** The distinct policy names of the findings at a level. */
export function policiesAt(findings: CliFinding[], level: CliFinding["level"]): string[] {
    return [...new Set(findings.filter((f) => f.level === level).map((f) => f.policy))].sort();
}

function lastLines(text: string, n = 60): string {
    return text.trimEnd().split("\n").slice(-n).join("\n");
}

/** Throws, with the run's output, unless it exited 0. */
export function expectPassed(result: RunResult): CliFinding[] {
    if (result.code !== 0) throw new Error(`${result.command} exited ${result.code}, wanted 0. Output:\n${lastLines(result.output)}`);
    return parsePolicyFindings(result.output);
}

/** Throws, with the run's output, unless it failed because of at least one mandatory policy finding. */
export function expectBlocked(result: RunResult): CliFinding[] {
    const findings = parsePolicyFindings(result.output);
    if (result.code === 0 || !findings.some((f) => f.level === "mandatory")) {
        throw new Error(`${result.command} exited ${result.code}, wanted a failure with mandatory policy findings. Output:\n${lastLines(result.output)}`);
    }
    return findings;
}
