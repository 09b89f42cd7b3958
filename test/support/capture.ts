// Runs a Pulumi program against mocks and records every resource it registers the way the engine
// sees it: type, name, URN, parent URN, dependencies and property dependencies (from the register
// requests), inputs, and the mocks' outputs. The result feeds evaluate() (policies/evaluate.ts), so a
// component's registered resources can be checked by the policy pack with no CLI.
//
// The mocks (awsMocks) return realistic outputs (ids, ARNs in the right region and account, names,
// RDS endpoints and master secrets) so that values link between resources as they would in AWS.
import * as pulumi from "@pulumi/pulumi";
import type { ResourceInput } from "../../policies/evaluate";
import { unknownSentinels } from "../../policies/evaluate";

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

export const mockAccount = "123456789012";
export const mockRegion = "us-east-1";

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
            return { archive: o.assets !== undefined ? Object.keys(o.assets as object) : o.path ?? o.uri };
        default:
            return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plain(v)]));
    }
}

/**
 * Runs `program` under mocks and returns what it registered, in registration order, once every
 * registration has finished. Call it once per test (each call installs fresh mocks).
 */
export async function captureResources<T>(program: () => T, options: CaptureOptions = {}): Promise<{ resources: CapturedResource[]; result: T }> {
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
            callback(err, resp);
        });

    const result = program();
    // Registrations start as inputs resolve; wait until no RPC is outstanding.
    await settings.waitForRPCs();
    return { resources, result };
}

/** The captured resources of one type. */
export function ofType(resources: readonly CapturedResource[], type: string): CapturedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The one captured resource with this type and name; throws when there is not exactly one. */
export function find(resources: readonly CapturedResource[], type: string, name: string): CapturedResource {
    const found = resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${JSON.stringify(name)}, found ${found.length}: ${resources.filter((r) => r.type === type).map((r) => r.name).join(", ")}`);
    return found[0];
}

/** Resource counts by type, for asserting what a program registers. */
export function countByType(resources: readonly CapturedResource[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

// ---- Realistic AWS outputs ---------------------------------------------------------------------

/** A short deterministic hex hash: the same program gives the same IDs in every run. */
function hash(text: string, length = 8): string {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    let out = "";
    let x = h;
    while (out.length < length) {
        out += (x >>> 0).toString(16).padStart(8, "0");
        x = Math.imul(x ^ (x >>> 13), 2246822519) >>> 0;
    }
    return out.slice(0, length);
}

const uuid = (seed: string) => `${hash(seed + "a", 8)}-${hash(seed + "b", 4)}-4${hash(seed + "c", 3)}-8${hash(seed + "d", 3)}-${hash(seed + "e", 12)}`;

/** Types whose `name` AWS or the provider fills in when the program leaves it out. */
const autonamed = new Set([
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:rds/parameterGroup:ParameterGroup",
    "aws:rds/optionGroup:OptionGroup",
    "aws:rds/eventSubscription:EventSubscription",
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:sns/topic:Topic",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:cloudwatch/eventRule:EventRule",
    "aws:lambda/function:Function",
    "aws:scheduler/schedule:Schedule",
    "aws:secretsmanager/secret:Secret",
    "aws:backup/vault:Vault",
    "aws:backup/plan:Plan",
    "aws:backup/selection:Selection",
    "aws:kms/alias:Alias",
]);

export interface AwsMocksOptions {
    region?: string;
    account?: string;
}

/**
 * Mocks that answer like AWS: each resource gets an ID and ARN of its kind, in its region (the
 * resource's `region` input, else its provider's, else the default) and account, names for
 * auto-named resources, and the computed outputs other resources use (an RDS instance's identifier,
 * endpoint, address, port and master secret). During a preview they answer like the engine does
 * for resources about to be created: inputs only, every ID and computed output unknown.
 */
export function awsMocks(options: AwsMocksOptions = {}): pulumi.runtime.Mocks {
    const account = options.account ?? mockAccount;
    const providerRegions = new Map<string, string>();
    const defaultRegion = () => options.region ?? (new pulumi.Config("aws").get("region") || mockRegion);
    const regionOf = (inputs: Record<string, unknown>, provider: string | undefined): string => {
        if (typeof inputs.region === "string" && inputs.region !== "") return inputs.region;
        const providerName = provider?.split("::")[3];
        return (providerName && providerRegions.get(providerName)) || defaultRegion();
    };
    return {
        call: (args) => {
            switch (args.token) {
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { accountId: account, arn: `arn:aws:iam::${account}:user/test`, userId: "AIDATEST" };
                case "aws:index/getRegion:getRegion":
                    return { name: defaultRegion(), region: defaultRegion(), id: defaultRegion() };
                case "aws:index/getPartition:getPartition":
                    return { partition: "aws", dnsSuffix: "amazonaws.com" };
                default:
                    return {};
            }
        },
        newResource: (args) => {
            const { type, name, inputs } = args;
            if (!args.custom) return { id: undefined, state: {} };
            if (type.startsWith("pulumi:providers:")) {
                if (typeof inputs.region === "string") providerRegions.set(name, inputs.region);
                return { id: `${name}-provider`, state: inputs };
            }
            // A preview knows a new resource's inputs only: its ID and computed outputs are unknown.
            if (pulumi.runtime.isDryRun()) return { id: undefined, state: { ...inputs } };
            const region = regionOf(inputs, args.provider);
            const arn = (service: string, resource: string, withRegion = true) => `arn:aws:${service}:${withRegion ? region : ""}:${account}:${resource}`;
            const named =
                typeof inputs.name === "string"
                    ? inputs.name
                    : typeof inputs.namePrefix === "string"
                      ? `${inputs.namePrefix}${hash(name, 12)}`
                      : `${name}-${hash(name, 7)}`;
            const state: Record<string, unknown> = { ...inputs, ...(autonamed.has(type) ? { name: named } : {}) };
            let id = `${name}-${hash(name)}`;
            switch (type) {
                case "aws:rds/instance:Instance": {
                    const identifier = typeof inputs.identifier === "string" ? inputs.identifier : `${name}-${hash(name, 7)}`;
                    const port = typeof inputs.port === "number" ? inputs.port : inputs.engine === "postgres" ? 5432 : 3306;
                    const address = `${identifier}.c${hash(account + region, 11)}.${region}.rds.amazonaws.com`;
                    id = `db-${hash(identifier, 26).toUpperCase()}`;
                    Object.assign(state, {
                        identifier,
                        resourceId: id,
                        arn: arn("rds", `db:${identifier}`),
                        address,
                        port,
                        endpoint: `${address}:${port}`,
                        hostedZoneId: "Z2R2ITUGPM61AM",
                        engineVersionActual: typeof inputs.engineVersion === "string" && inputs.engineVersion.includes(".") ? inputs.engineVersion : `${inputs.engineVersion ?? "16"}.4`,
                        masterUserSecrets:
                            inputs.manageMasterUserPassword === true
                                ? [{ secretArn: arn("secretsmanager", `secret:rds!db-${uuid(identifier)}-${hash(identifier, 6)}`), secretStatus: "active", kmsKeyId: inputs.masterUserSecretKmsKeyId ?? arn("kms", "alias/aws/secretsmanager") }]
                                : [],
                    });
                    break;
                }
                case "aws:kms/key:Key": {
                    const keyId = uuid(name);
                    id = keyId;
                    Object.assign(state, { keyId, arn: arn("kms", `key/${keyId}`) });
                    break;
                }
                case "aws:kms/alias:Alias":
                    id = named;
                    Object.assign(state, { arn: arn("kms", named), targetKeyArn: arn("kms", `key/${String(inputs.targetKeyId)}`) });
                    break;
                case "aws:ec2/securityGroup:SecurityGroup":
                    id = `sg-${hash(name, 17)}`;
                    Object.assign(state, { arn: arn("ec2", `security-group/${id}`), ownerId: account });
                    break;
                case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
                    id = `sgr-${hash(name, 17)}`;
                    Object.assign(state, { arn: arn("ec2", `security-group-rule/${id}`), securityGroupRuleId: id });
                    break;
                case "aws:ec2/vpc:Vpc":
                    id = `vpc-${hash(name, 17)}`;
                    Object.assign(state, { arn: arn("ec2", `vpc/${id}`) });
                    break;
                case "aws:ec2/subnet:Subnet":
                    id = `subnet-${hash(name, 17)}`;
                    Object.assign(state, { arn: arn("ec2", `subnet/${id}`) });
                    break;
                case "aws:rds/subnetGroup:SubnetGroup":
                    id = named;
                    Object.assign(state, { arn: arn("rds", `subgrp:${named}`) });
                    break;
                case "aws:rds/parameterGroup:ParameterGroup":
                    id = named;
                    Object.assign(state, { arn: arn("rds", `pg:${named}`) });
                    break;
                case "aws:rds/optionGroup:OptionGroup":
                    id = named;
                    Object.assign(state, { arn: arn("rds", `og:${named}`) });
                    break;
                case "aws:rds/eventSubscription:EventSubscription":
                    id = named;
                    Object.assign(state, { arn: arn("rds", `es:${named}`), customerAwsId: account });
                    break;
                case "aws:sns/topic:Topic":
                    id = arn("sns", named);
                    Object.assign(state, { arn: id });
                    break;
                case "aws:cloudwatch/logGroup:LogGroup":
                    id = named;
                    Object.assign(state, { arn: arn("logs", `log-group:${named}`) });
                    break;
                case "aws:cloudwatch/metricAlarm:MetricAlarm":
                    id = named;
                    Object.assign(state, { arn: arn("cloudwatch", `alarm:${named}`) });
                    break;
                case "aws:cloudwatch/eventRule:EventRule":
                    id = named;
                    Object.assign(state, { arn: arn("events", `rule/${named}`) });
                    break;
                case "aws:iam/role:Role":
                    id = named;
                    Object.assign(state, { arn: arn("iam", `role/${named}`, false), uniqueId: `AROA${hash(name, 17).toUpperCase()}` });
                    break;
                case "aws:lambda/function:Function":
                    id = named;
                    Object.assign(state, {
                        arn: arn("lambda", `function:${named}`),
                        invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn("lambda", `function:${named}`)}/invocations`,
                        version: "$LATEST",
                    });
                    break;
                case "aws:lambda/invocation:Invocation":
                    Object.assign(state, { result: JSON.stringify({ changed: true }) });
                    break;
                case "aws:scheduler/schedule:Schedule":
                    id = `default/${named}`;
                    Object.assign(state, { arn: arn("scheduler", `schedule/default/${named}`), groupName: "default" });
                    break;
                case "aws:secretsmanager/secret:Secret":
                    id = arn("secretsmanager", `secret:${named}-${hash(name, 6)}`);
                    Object.assign(state, { arn: id });
                    break;
                case "aws:backup/vault:Vault":
                    id = named;
                    Object.assign(state, { arn: arn("backup", `backup-vault:${named}`), recoveryPoints: 0 });
                    break;
                case "aws:backup/plan:Plan":
                    id = uuid(name);
                    Object.assign(state, { arn: arn("backup", `backup-plan:${id}`), version: hash(name, 32) });
                    break;
                case "aws:backup/selection:Selection":
                    id = uuid(name);
                    break;
                case "aws:backup/restoreTestingPlan:RestoreTestingPlan":
                    id = String(inputs.name);
                    Object.assign(state, { arn: arn("backup", `restore-testing-plan:${String(inputs.name)}-${hash(name, 6)}`) });
                    break;
            }
            return { id, state };
        },
    };
}
