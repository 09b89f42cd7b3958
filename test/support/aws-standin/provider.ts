// The offline stand-in for the `aws` provider: a @pulumi/pulumi/provider Provider that answers
// check/diff/create/read/update/delete for every aws resource type and the data sources the
// components call. Nothing leaves the process: "AWS" is the Pulumi state itself, so the stand-in
// is stateless between calls.
//
// Generic behaviour (every type), refined per type by resources.ts:
// * check: resource references become their ID and output values their value (as the real provider
//   reads them), the provider's schema defaults are written into the inputs, the name property is
//   auto-named `<resource name>-<7 hex>` when unset (reusing the previous name on updates), and
//   plan-time validation fails with the provider's message;
// * diff: compares the inputs with the old state; a change to a ForceNew property is a replacement;
// * create/update: refuses what the AWS API refuses, then returns the inputs plus the computed
//   outputs (id, arn, region, tagsAll, and per type endpoints, ports, secrets...);
// * delete: refuses what AWS refuses (deletion protection, a missing final snapshot name).
// During preview the engine does not call create/update for a provider that does not support
// previews, so every computed output is unknown then, as with the real provider.
import { appendFileSync } from "fs";
import type * as provider from "@pulumi/pulumi/provider";
import { Account, accountFromConfig, arn, defaultAccount } from "./account";
import { invoke } from "./invokes";
import { Autoname, CheckFailure, TypeRules, forcesReplacement, typeRules } from "./resources";
import { shapeOf } from "./schema";
import { PropertyMap, UNKNOWN, isSecret, knownString, parseUrn, randomHex, reveal, sameValue, secret } from "./values";

/** The @pulumi/aws version the programs use; the engine asks for this plugin version. */
export const AWS_PROVIDER_VERSION = "7.48.0";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** Inputs every aws type computes when unset (v7's per-resource region). */
const genericComputedInputs = ["region"];

export class AwsStandIn implements provider.Provider {
    readonly version = AWS_PROVIDER_VERSION;
    account: Account = defaultAccount();

    /** The provider's configuration (aws:region, aws:defaultTags), as the engine's Configure call sends it. */
    configure(variables: Record<string, string>): void {
        this.account = accountFromConfig(variables);
    }

    async getSchema(): Promise<string> {
        // The engine does not need the real schema for up/preview/destroy; a name and version suffice.
        return JSON.stringify({ name: "aws", version: AWS_PROVIDER_VERSION, resources: {}, functions: {} });
    }

    async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<{ inputs: PropertyMap; failures: CheckFailure[] }> {
        trace("check", { urn, olds, news });
        const { type, name } = parseUrn(urn);
        const rules = typeRules[type];
        const inputs = normalize(news ?? {}) as PropertyMap;
        for (const [key, value] of Object.entries(rules?.defaults ?? {})) {
            if (inputs[key] === undefined || inputs[key] === null) inputs[key] = value;
        }
        const autoname = rules?.autoname ?? genericAutoname(type);
        if (autoname) applyAutoname(inputs, olds ?? {}, autoname, name);
        const failures = rules?.validate?.(inputs) ?? [];
        return { inputs, failures };
    }

    async diff(_id: string, urn: string, olds: PropertyMap, news: PropertyMap): Promise<provider.DiffResult> {
        trace("diff", { urn, olds, news });
        const { type } = parseUrn(urn);
        const rules = typeRules[type];
        const replaces: string[] = [];
        let changes = false;
        for (const key of inputKeys(type, rules, olds, news)) {
            if (key.startsWith("__")) continue;
            if (sameValue(olds[key], news[key])) continue;
            changes = true;
            if (forcesReplacement(rules, key)) replaces.push(key);
        }
        return { changes, replaces, deleteBeforeReplace: false };
    }

    async create(urn: string, inputs: PropertyMap): Promise<provider.CreateResult> {
        const { type } = parseUrn(urn);
        const rules = typeRules[type];
        const state: PropertyMap = { ...inputs };
        const displayId = knownString(state[rules?.autoname?.property ?? "name"]) ?? parseUrn(urn).name;
        const refusal = rules?.reject?.(state, displayId, "creating");
        if (refusal) throw refusal;
        // AWS-made IDs (sg-...) exist before the ARN that contains them; others derive from the state.
        const newId = rules?.newId?.() ?? (rules?.id ? undefined : genericId(type, state));
        this.complete(type, rules, state, newId);
        const id = newId ?? rules!.id!(state);
        return { id, outs: clean(state) };
    }

    async update(id: string, urn: string, olds: PropertyMap, news: PropertyMap): Promise<provider.UpdateResult> {
        const { type } = parseUrn(urn);
        const rules = typeRules[type];
        const state: PropertyMap = { ...olds, ...news };
        // An input the program no longer sets goes back to unset (computed ones keep AWS's value).
        for (const key of removedInputs(type, rules, olds, news)) delete state[key];
        delete state.tagsAll;
        const refusal = rules?.reject?.(state, id, "updating");
        if (refusal) throw refusal;
        this.complete(type, rules, state, id);
        return { outs: clean(state) };
    }

    async read(id: string, _urn: string, props?: PropertyMap): Promise<provider.ReadResult> {
        // "AWS" is the state: what the engine holds is what exists.
        return { id, props: props ?? {} };
    }

    async delete(id: string, urn: string, props: PropertyMap): Promise<void> {
        const refusal = typeRules[parseUrn(urn).type]?.refuseDelete?.(props ?? {}, id);
        if (refusal) throw refusal;
    }

    async invoke(token: string, args: PropertyMap): Promise<provider.InvokeResult> {
        return { outputs: invoke(token, normalize(args ?? {}) as PropertyMap, this.account) };
    }

    /** Fills region, tagsAll, the per-type computed outputs and a generic ARN. */
    private complete(type: string, rules: TypeRules | undefined, state: PropertyMap, id: string | undefined): void {
        const shape = shapeOf(type);
        // v7 resources take a `region` of their own; unset, they live in the provider's.
        const account = { ...this.account, region: knownString(state.region) ?? this.account.region };
        if (shape?.inputs.has("region") && state.region === undefined) state.region = account.region;
        if (shape?.outputs.has("tagsAll") || state.tags !== undefined) {
            const tags = (reveal(state.tags) ?? {}) as Record<string, string>;
            state.tagsAll = { ...account.defaultTags, ...tags };
        }
        rules?.computed?.(state, account, id);
        if (state.arn === undefined && (shape === undefined || shape.outputs.has("arn"))) {
            state.arn = genericArn(type, state, id, account);
        }
    }
}

// ---- helpers ---------------------------------------------------------------------------------

/** With AWS_STANDIN_TRACE=<file>, every call is appended to that file as a JSON line (for debugging). */
function trace(call: string, args: PropertyMap): void {
    const file = process.env.AWS_STANDIN_TRACE;
    if (file) appendFileSync(file, `${JSON.stringify({ call, ...args })}\n`);
}

/**
 * Wire values as the real provider reads them: a resource reference is its ID (unknown while the
 * resource is not created yet), an output value is its value (secret or unknown as it says).
 */
function normalize(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(normalize);
    if (typeof value !== "object" || value === null) return value;
    const obj = value as PropertyMap;
    if (obj[SIG_KEY] === RESOURCE_SIG) {
        if (typeof obj.id === "string") return obj.id === "" ? UNKNOWN : obj.id;
        return obj.urn;
    }
    if (obj[SIG_KEY] === OUTPUT_SIG) {
        if (!("value" in obj)) return UNKNOWN;
        const inner = normalize(obj.value);
        return obj.secret ? secret(inner) : inner;
    }
    if (isSecret(obj)) return secret(normalize(obj.value));
    if (typeof obj[SIG_KEY] === "string") return obj; // assets and archives
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, normalize(v)]));
}

/** Any type whose SDK class has a settable `name` is auto-named like the real provider does. */
function genericAutoname(type: string): Autoname | undefined {
    const shape = shapeOf(type);
    if (!shape?.inputs.has("name")) return undefined;
    return { property: "name", prefix: shape.inputs.has("namePrefix") ? "namePrefix" : undefined };
}

function applyAutoname(inputs: PropertyMap, olds: PropertyMap, autoname: Autoname, resourceName: string): void {
    const { property, prefix } = autoname;
    if (inputs[property] !== undefined && inputs[property] !== null) return;
    // The name made on an earlier check stays (a change of prefix is a replacement, checked afresh).
    if (olds[property] !== undefined && olds[property] !== null) {
        inputs[property] = olds[property];
        return;
    }
    const givenPrefix = prefix ? inputs[prefix] : undefined;
    if (givenPrefix !== undefined && givenPrefix !== null) {
        inputs[property] = typeof givenPrefix === "string" && givenPrefix !== UNKNOWN ? `${givenPrefix}${randomHex(26)}` : UNKNOWN;
        return;
    }
    const lead = autoname.lead && !resourceName.startsWith(autoname.lead) ? autoname.lead : "";
    let base = `${lead}${resourceName}`;
    if (autoname.lowercase) base = base.toLowerCase().replace(/[^a-z0-9-]/g, "-");
    const suffix = randomHex(7);
    const max = autoname.maxLength ?? 255;
    inputs[property] = `${base.slice(0, Math.max(1, max - suffix.length - 1))}-${suffix}`;
}

/** The properties a diff compares: what the program sets now, and what it set before and dropped. */
function inputKeys(type: string, rules: TypeRules | undefined, olds: PropertyMap, news: PropertyMap): string[] {
    return [...new Set([...Object.keys(news), ...removedInputs(type, rules, olds, news)])];
}

/**
 * Settable properties the old state holds but the new inputs do not: the program stopped setting
 * them. Computed ones keep what AWS chose, and, as in the Terraform provider, an unset primitive is
 * its zero value, so an old `false`, `0`, `""` or empty list is no change either.
 */
function removedInputs(type: string, rules: TypeRules | undefined, olds: PropertyMap, news: PropertyMap): string[] {
    const shape = shapeOf(type);
    if (!shape) return [];
    const computed = new Set([...(rules?.computedInputs ?? []), ...genericComputedInputs, rules?.autoname?.property]);
    return Object.keys(olds).filter((key) => news[key] === undefined && !isZero(olds[key]) && shape.inputs.has(key) && !computed.has(key));
}

function isZero(value: unknown): boolean {
    const v = reveal(value);
    if (v === undefined || v === null || v === false || v === 0 || v === "") return true;
    if (Array.isArray(v)) return v.length === 0;
    return typeof v === "object" && Object.keys(v as object).length === 0;
}

function shortTypeName(type: string): string {
    const name = type.split(":").pop() ?? type;
    return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

function genericId(type: string, state: PropertyMap): string {
    return knownString(state.name) ?? `${shortTypeName(type)}-${randomHex(12)}`;
}

function genericArn(type: string, state: PropertyMap, id: string | undefined, account: Account): string {
    const service = /^aws:([^/:]+)\//.exec(type)?.[1] ?? "aws";
    return arn(account, service, `${shortTypeName(type)}/${knownString(state.name) ?? id ?? randomHex(12)}`);
}

/** The state without undefined values (a protobuf Struct cannot hold them). */
function clean(state: PropertyMap): PropertyMap {
    const strip = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : strip(v)));
        if (typeof value !== "object" || value === null) return value;
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, strip(v)]),
        );
    };
    return strip(state) as PropertyMap;
}
