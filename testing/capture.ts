// Runs a Pulumi program against mocks and records every resource it registers the way the engine
// sees it: type, name, URN, parent URN, dependencies and property dependencies (from the register
// requests), inputs, and the mocks' outputs. The result feeds evaluate() (policies/evaluate.ts), so a
// component's registered resources can be checked by the policy pack with no CLI.
//
// The mocks (awsMocks, ./aws-mocks) return realistic outputs (ids, ARNs in the right region and
// account, names, RDS and Aurora endpoints and master secrets) so that values link between resources
// as they would in AWS.
import * as pulumi from "@pulumi/pulumi";
import type { ResourceInput } from "../policies/evaluate";
import { unknownSentinels } from "../policies/lib/values";
import { awsMocks, mockRegion } from "./aws-mocks";

export interface CapturedResource extends ResourceInput {
    urn: string;
    /** False for component resources. */
    custom: boolean;
    /** The `protect` option the resource was registered with. */
    protect: boolean;
    /** The provider reference ("urn::id") when one was set explicitly. */
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** The inputs as registered (a component's are its args). */
    inputs: Record<string, unknown>;
    /** What the mocks returned. */
    outputs: Record<string, unknown>;
}

export interface CaptureOptions {
    /** Default: awsMocks(). */
    mocks?: pulumi.runtime.Mocks;
    /** Run as `pulumi preview` (outputs the mocks do not give are unknown). */
    preview?: boolean;
    project?: string;
    stack?: string;
    /** Stack configuration; default { "aws:region": "us-east-1" }. */
    config?: Record<string, string>;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProtect(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface RegisterResponse {
    getUrn(): string;
    getId(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type Callback = (err: Error | null, resp?: RegisterResponse) => void;

// The SDK's internal wait for outstanding RPCs (what `disconnect` awaits).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** A serialized property value (with the SDK's signatures) as plain data: secrets unwrapped, resource references as their ID or URN. */
function plain(value: unknown): unknown {
    if (value === pulumi.runtime.unknownValue) return unknownSentinels.string;
    if (Array.isArray(value)) return value.map(plain);
    if (value === null || typeof value !== "object") return value;
    const o = value as Record<string, unknown>;
    switch (o[pulumi.runtime.specialSigKey]) {
        case pulumi.runtime.specialSecretSig:
            return plain(o.value);
        case pulumi.runtime.specialResourceSig:
            return o.id !== undefined && o.id !== "" ? plain(o.id) : o.urn;
        case pulumi.runtime.specialOutputValueSig:
            return "value" in o ? plain(o.value) : unknownSentinels.string;
        case pulumi.runtime.specialAssetSig:
            return { asset: o.path ?? o.uri ?? "text" };
        case pulumi.runtime.specialArchiveSig:
            return { archive: o.assets !== undefined ? Object.keys(o.assets as object) : (o.path ?? o.uri) };
        default:
            return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plain(v)]));
    }
}

/**
 * Runs `program` under mocks and returns what it registered, in registration order, once every
 * registration has finished (an async program is awaited first). Each call installs fresh mocks.
 */
export async function captureResources<T>(program: () => T, options: CaptureOptions = {}): Promise<{ resources: CapturedResource[]; result: Awaited<T> }> {
    await pulumi.runtime.setMocks(options.mocks ?? awsMocks(), options.project ?? "db-preflight", options.stack ?? "production", options.preview ?? false);
    for (const [key, value] of Object.entries(options.config ?? { "aws:region": mockRegion })) pulumi.runtime.setConfig(key, value);

    const resources: CapturedResource[] = [];
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequest, cb: Callback): void };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterRequest, callback: Callback) =>
        register(req, (err, resp) => {
            if (!err && resp) {
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((deps, key) => {
                    const urns = deps.getUrnsList();
                    if (urns.length > 0) propertyDependencies[key] = urns;
                });
                const inputs = plain(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
                // The engine gives a custom resource's ID beside its other outputs.
                const id = req.getCustom() ? resp.getId() : "";
                const outputs = { ...(id ? { id } : {}), ...(plain(resp.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>) };
                resources.push({
                    type: req.getType(),
                    name: req.getName(),
                    urn: resp.getUrn(),
                    ...(req.getParent() ? { parent: req.getParent() } : {}),
                    custom: req.getCustom(),
                    protect: req.getProtect(),
                    ...(req.getProvider() ? { provider: req.getProvider() } : {}),
                    dependencies: [...new Set(req.getDependenciesList())],
                    propertyDependencies,
                    inputs,
                    outputs,
                    props: { ...inputs, ...outputs },
                });
            }
            // The SDK writes every response into a debug-log string whether or not debug logging is
            // on; protobuf's toString of a Lambda's response (its 2 MB prebuilt bundle) costs a tenth
            // of a second or more each time, for a line no one reads.
            if (resp) resp.toString = () => `RegisterResourceResponse ${resp.getUrn()}`;
            callback(err, resp);
        });

    // A failure inside the program's outputs (a mock with no answer, a throwing apply) rejects a
    // promise no one awaits: turn it into this call's error instead of a crashed test runner.
    const failures: unknown[] = [];
    const onUnhandled = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const sourceMappedStacks = Error.prepareStackTrace;
    Error.prepareStackTrace = plainStackTrace;
    try {
        const result = await program();
        // Registrations start as inputs resolve; wait until no RPC is outstanding.
        await settings.waitForRPCs();
        // Let rejections of the last RPCs be reported (Node reports them after the microtask queue drains).
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (failures.length > 0) throw failures[0];
        return { resources, result };
    } finally {
        process.off("unhandledRejection", onUnhandled);
        Error.prepareStackTrace = sourceMappedStacks;
    }
}

/**
 * V8's own stack format. The SDK reads `new Error().stack` for every promise it makes (for its leak
 * report), and under jest each read maps every frame through source maps: the largest share of a
 * capture's CPU time. While a capture runs, stacks read right away get this plain format; V8 formats
 * a stack when it is first read, so an error's stack read later (a failed test's) is still source-mapped.
 */
function plainStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
    return [String(error), ...frames.map((frame) => `    at ${frame}`)].join("\n");
}

/** The captured resources of one type. */
export function ofType(resources: readonly CapturedResource[], type: string): CapturedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The one captured resource with this type and name; throws when there is not exactly one. */
export function find(resources: readonly CapturedResource[], type: string, name: string): CapturedResource {
    const found = resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1)
        throw new Error(
            `expected one ${type} named ${JSON.stringify(name)}, found ${found.length}: ${resources
                .filter((r) => r.type === type)
                .map((r) => r.name)
                .join(", ")}`,
        );
    return found[0];
}

/** Resource counts by type, for asserting what a program registers. */
export function countByType(resources: readonly CapturedResource[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
