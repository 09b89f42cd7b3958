// The pack config as the Pulumi CLI delivers it, checked and completed before any policy runs.
//
// The CLI reconciles `--policy-pack-config` (schema defaults, "all" levels, per-policy settings),
// validates each policy's settings against its JSON Schema, and hands the whole map to the pack in
// one Configure call. What it does not do: refuse keys that name no policy (a misspelt policy
// name is passed on and ignored), refuse settings a schema does not list (it drops
// additionalProperties), or apply anything but a level from "all". The policy SDK then gives each
// policy only its own entry, so a pack-wide setting never reaches the policies.
//
// So the pack wraps the SDK's Configure handler (through grpc's public Server.addService, on the
// very @grpc/grpc-js instance the SDK's server uses): the whole map is checked with the same
// reconcilePackConfig that evaluate() and the report use (a problem fails the preview with one
// message naming the key and the allowed values), and the "scope" entry is merged into every
// policy's settings before the SDK stores them.
import { createRequire } from "module";
import { ConfigurablePolicy, reconcilePackConfig } from "./pack-config";

interface PolicyConfigMessage {
    getEnforcementlevel(): number;
    getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
    setProperties(value: unknown): void;
}

interface ConfigureCall {
    request: {
        getPolicyconfigMap(): { entries(): { next(): IteratorResult<[string, PolicyConfigMessage]> } | Iterable<[string, PolicyConfigMessage]>; get(key: string): PolicyConfigMessage | undefined };
    };
}

type Handler = (call: ConfigureCall, callback: (error: unknown, value?: unknown) => void) => unknown;

/** What is used of @grpc/grpc-js (the SDK's dependency, not one of the pack's). */
interface Grpc {
    Server: { prototype: object };
    status: { INVALID_ARGUMENT: number };
}

/** The modules the policy SDK itself loads, resolved from its own folder (not bundled copies). */
function sdkModules() {
    const sdkRequire = createRequire(require.resolve("@pulumi/policy"));
    const pulumiRequire = createRequire(sdkRequire.resolve("@pulumi/pulumi/package.json"));
    return {
        grpc: sdkRequire("@grpc/grpc-js") as Grpc,
        protoutil: sdkRequire("./protoutil") as { convertEnforcementLevel(level: number): string },
        Struct: (() => {
            try {
                return sdkRequire("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: Record<string, unknown>): unknown } };
            } catch {
                return pulumiRequire("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: Record<string, unknown>): unknown } };
            }
        })().Struct,
    };
}

function entriesOf(map: ReturnType<ConfigureCall["request"]["getPolicyconfigMap"]>): [string, PolicyConfigMessage][] {
    const it = map.entries() as { next(): IteratorResult<[string, PolicyConfigMessage]> };
    const out: [string, PolicyConfigMessage][] = [];
    for (let step = it.next(); !step.done; step = it.next()) out.push(step.value);
    return out;
}

/** Checks the engine's config map and merges the pack-wide scope into each policy's settings, in place. */
export function completeEngineConfig(call: ConfigureCall, policies: readonly ConfigurablePolicy[], modules = sdkModules()): void {
    const map = call.request.getPolicyconfigMap();
    const plain: Record<string, Record<string, unknown>> = {};
    for (const [key, message] of entriesOf(map)) {
        plain[key] = { ...(message.getProperties()?.toJavaScript() ?? {}), enforcementLevel: modules.protoutil.convertEnforcementLevel(message.getEnforcementlevel()) };
    }
    const settings = reconcilePackConfig(plain, policies, "engine");
    for (const p of policies) {
        const message = map.get(p.name);
        if (message) message.setProperties(modules.Struct.fromJavaScript(settings.get(p.name)!.properties));
    }
}

/**
 * Runs `startPack` (which constructs the PolicyPack, whose constructor registers the SDK's gRPC
 * service) with the SDK's Configure handler wrapped as described above. Throws when the handler
 * could not be wrapped, rather than run with config checks silently off.
 */
export function withEngineConfigChecks(policies: readonly ConfigurablePolicy[], startPack: () => void): void {
    const modules = sdkModules();
    const server = modules.grpc.Server.prototype as unknown as { addService(service: unknown, implementation: Record<string, unknown>): void };
    const addService = server.addService;
    let wrapped = false;
    server.addService = function (this: unknown, service: unknown, implementation: Record<string, unknown>) {
        const configure = implementation.configure as Handler | undefined;
        if (typeof configure === "function") {
            wrapped = true;
            implementation = {
                ...implementation,
                configure: (call: ConfigureCall, callback: (error: unknown, value?: unknown) => void) => {
                    try {
                        completeEngineConfig(call, policies, modules);
                    } catch (e) {
                        const message = (e as Error)?.message ?? String(e);
                        callback({ code: modules.grpc.status.INVALID_ARGUMENT, details: message, message });
                        return;
                    }
                    return configure(call, callback);
                },
            };
        }
        return addService.call(this, service, implementation);
    };
    try {
        startPack();
    } finally {
        server.addService = addService;
    }
    if (!wrapped) {
        throw new Error("db-preflight could not attach its policy pack config checks to the policy SDK's server (unexpected @pulumi/policy version); refusing to run with config checks off");
    }
}
