// Tags set once as the AWS provider's defaultTags are on every resource (tagsAll): the runbook,
// ownership and drill policies count them, as the engine passes them (provider inputs, JSON).
import { awsProviderType } from "../../../policies/lib/provider";
import type { ResourceInput } from "../../../policies/evaluate";
import { dbDrillsRecent } from "../../../policies/runbook/db-drills-recent";
import { dbOwnership } from "../../../policies/runbook/db-ownership";
import { dbRunbook } from "../../../policies/runbook/db-runbook";
import { compliantInstanceStack, productionTags } from "../../fixtures/compliant-stack";
import { rds, withProps } from "../../fixtures/resources";
import { run, unknownSentinels } from "../helpers";

const tagPolicies = [dbRunbook, dbOwnership, dbDrillsRecent];
const provider = (defaultTags: unknown): ResourceInput => ({ type: awsProviderType, name: "prod", props: { region: "us-east-1", defaultTags } });

/** The compliant instance with its operational tags moved to the provider's defaultTags. */
function onProvider(defaultTags: unknown, ownTags: Record<string, string> = { "cost-center": "orders" }): ResourceInput[] {
    const stack = withProps(compliantInstanceStack(), rds.instance, "orders-db", (p) => ({ ...p, tags: ownTags }));
    return [provider(defaultTags), ...stack.map((r) => (r.name === "orders-db" ? { ...r, provider: "prod" } : r))];
}

const findingsOf = async (stack: ResourceInput[], options = {}) => (await Promise.all(tagPolicies.map((p) => run(p, stack, options)))).flat().filter((f) => f.resource === "orders-db");

describe("provider default tags count for the tag policies", () => {
    it("accepts runbook, owner, on-call and drill dates set as the provider's defaultTags (a JSON string, as the SDK sends it)", async () => {
        expect(await findingsOf(onProvider(JSON.stringify({ tags: productionTags() })))).toEqual([]);
        // The object form (what a test or an exported state may hold) too.
        expect(await findingsOf(onProvider({ tags: productionTags() }))).toEqual([]);
    });

    it("lets the resource's own tags win over the provider's", async () => {
        const findings = await findingsOf(onProvider(JSON.stringify({ tags: productionTags() }), { runbook: "http://wiki/orders" }));
        expect(findings.map((f) => [f.policy, f.message])).toEqual([["db-runbook", expect.stringContaining('tags.runbook is "http://wiki/orders"')]]);
    });

    it("counts the tagsAll output when the engine has it", async () => {
        const stack = withProps(compliantInstanceStack(), rds.instance, "orders-db", (p) => ({ ...p, tags: {}, tagsAll: productionTags() }));
        expect(await findingsOf(stack)).toEqual([]);
    });

    it("still flags tags neither the resource nor its provider sets", async () => {
        const { owner: _owner, ...rest } = productionTags();
        const findings = await findingsOf(onProvider(JSON.stringify({ tags: rest })));
        expect(findings.map((f) => [f.policy, f.message])).toEqual([["db-ownership", expect.stringContaining("tags.owner is unset")]]);
    });

    it("notes, at preview, default tags that are not known yet", async () => {
        const findings = await findingsOf(onProvider(unknownSentinels.string), { preview: true });
        expect(findings.length).toBeGreaterThan(0);
        expect(findings.every((f) => f.enforcementLevel === "advisory" && f.message.includes('the defaultTags of aws.Provider "prod" may set it'))).toBe(true);
    });
});

describe("as the policy SDK calls a resource policy (ResourceValidationArgs.provider, props behind the unknown-checking proxy)", () => {
    it("reads the provider's defaultTags the engine sends", async () => {
        const { unknownCheckingProxy } = await import("@pulumi/policy");
        const db = compliantInstanceStack().find((r) => r.name === "orders-db")!;
        const violations: unknown[] = [];
        const call = (defaultTags: unknown) =>
            (dbRunbook.validateResource as (args: unknown, report: (v: unknown) => void) => void)(
                {
                    type: db.type,
                    name: db.name,
                    urn: `urn:pulumi:prod::shop::${db.type}::${db.name}`,
                    props: unknownCheckingProxy({ ...db.props, tags: {} }),
                    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
                    provider: {
                        type: awsProviderType,
                        name: "default_7_48_0",
                        urn: "urn:pulumi:prod::shop::pulumi:providers:aws::default_7_48_0",
                        props: unknownCheckingProxy({ region: "us-east-1", defaultTags }),
                    },
                    stackTags: new Map(),
                    isType: () => false,
                    asType: () => undefined,
                    getConfig: () => ({}),
                    notApplicable: () => {
                        throw new Error("not applicable");
                    },
                },
                (v) => violations.push(v),
            );
        call(JSON.stringify({ tags: { runbook: "https://runbooks.example.com/orders" } }));
        expect(violations).toEqual([]);
        call(JSON.stringify({ tags: { owner: "team-orders" } }));
        expect(violations).toEqual([expect.stringContaining("tags.runbook is unset")]);
    });
});
