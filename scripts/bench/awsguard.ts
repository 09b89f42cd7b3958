// @pulumi/awsguard 0.3.1, the reference pack for the benchmark. It needs @pulumi/aws 4 and the AWS
// SDK v2, so it is installed outside the repository (a cache directory, once), and its database
// policies are run on the same resources through a harness that does per resource what
// evaluate() does (a copy of the props behind the SDK's unknown-checking proxy, the same args
// shape, not-applicable caught) plus the policy SDK server's fast path for single-type policies.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ResourceInput } from "../../policies/evaluate";

export const awsguardVersion = "0.3.1";
export const defaultAwsguardDir = path.join(os.homedir(), ".cache", "db-preflight", "bench-awsguard");

export function awsguardPackageDir(dir = defaultAwsguardDir): string {
    return path.join(dir, "node_modules", "@pulumi", "awsguard");
}

/** Installs @pulumi/awsguard@0.3.1 into `dir` unless it is there already; returns the package directory. */
export function ensureAwsguard(dir = defaultAwsguardDir, log: (line: string) => void = () => undefined): string {
    const pkg = awsguardPackageDir(dir);
    const installed = path.join(pkg, "package.json");
    // Its package.json says "v0.3.1".
    if (fs.existsSync(installed) && (JSON.parse(fs.readFileSync(installed, "utf8")) as { version: string }).version.replace(/^v/, "") === awsguardVersion) return pkg;
    fs.mkdirSync(dir, { recursive: true });
    log(`installing @pulumi/awsguard@${awsguardVersion} into ${dir} (once)`);
    // No install scripts: @pulumi/aws 4 would try to download its provider plugin, which the benchmark does not need.
    execFileSync("npm", ["install", "--prefix", dir, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", `@pulumi/awsguard@${awsguardVersion}`], {
        stdio: ["ignore", "ignore", "inherit"],
    });
    return pkg;
}

type Report = (message: string) => void;
type Validate = ((args: Record<string, unknown>, report: Report) => unknown) & { __pulumiType?: string };

export interface AwsguardPolicy {
    name: string;
    configSchema?: { properties?: Record<string, { default?: unknown }> };
    validateResource?: Validate | Validate[];
}

export interface Awsguard {
    policies: AwsguardPolicy[];
    run(resources: readonly ResourceInput[]): Promise<number>;
}

/** awsguard's database policies (its database.ts module: RDS, plus Redshift and DynamoDB, which are not applicable here) and a harness to run them. */
export function loadAwsguard(pkg: string): Awsguard {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- awsguard's own copy, found at run time inside its package
    const policyModule = require(require.resolve("@pulumi/policy", { paths: [pkg] })) as {
        unknownCheckingProxy<T>(o: T): T;
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module of the package given at run time
    const database = require(path.join(pkg, "database")) as Record<string, AwsguardPolicy>;
    const policies = Object.values(database).filter((p): p is AwsguardPolicy => typeof p === "object" && p !== null && "validateResource" in p);
    const configs = new Map(policies.map((p) => [p.name, Object.fromEntries(Object.entries(p.configSchema?.properties ?? {}).flatMap(([k, v]) => (v.default !== undefined ? [[k, v.default]] : [])))]));

    class NotApplicable extends Error {}
    const notApplicable = (reason?: string): never => {
        throw new NotApplicable(reason);
    };
    const opts = { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };
    const stackTags = new Map<string, string>();
    const isTypeOf = (type: string, cls: { __pulumiType?: string; isInstance?: (o: unknown) => boolean }) =>
        cls.__pulumiType !== undefined ? type === cls.__pulumiType : cls.isInstance?.({ __pulumiType: type }) === true;

    return {
        policies,
        async run(resources) {
            let violations = 0;
            const report: Report = () => void violations++;
            for (const r of resources) {
                const urn = r.urn ?? `urn:pulumi:production::db-preflight::${r.type}::${r.name}`;
                const props = structuredClone(r.props);
                for (const p of policies) {
                    const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
                    for (const validate of validations) {
                        if (validate.__pulumiType !== undefined && validate.__pulumiType !== r.type) continue;
                        const proxied = policyModule.unknownCheckingProxy(props);
                        const args = {
                            type: r.type,
                            name: r.name,
                            urn,
                            props: proxied,
                            opts,
                            stackTags,
                            isType: (cls: { __pulumiType?: string }) => isTypeOf(r.type, cls),
                            asType: (cls: { __pulumiType?: string }) => (isTypeOf(r.type, cls) ? proxied : undefined),
                            getConfig: () => configs.get(p.name),
                            notApplicable,
                        };
                        try {
                            await validate(args, report);
                        } catch (e) {
                            if (!(e instanceof NotApplicable) && (e as Error).name !== "UnknownValueError") throw e;
                        }
                    }
                }
            }
            return violations;
        },
    };
}
