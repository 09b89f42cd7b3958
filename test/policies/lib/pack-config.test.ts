// The whole pack config, checked the same way for the CLI (the pack's Configure), evaluate() and
// the report: nothing unknown or mistyped is ignored, and "scope" reaches every policy.
import { evaluate } from "../../../policies/evaluate";
import { PackConfigError, reconcilePackConfig, scopeSettingsPolicy } from "../../../policies/lib/pack-config";
import { stackMatches } from "../../../policies/lib/config";
import { policies } from "../../../policies/registry";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds } from "../../fixtures/resources";

const problemsOf = (config: unknown, source: "file" | "engine" = "file"): string[] => {
    try {
        reconcilePackConfig(config, policies, source);
    } catch (e) {
        if (e instanceof PackConfigError) return [...e.problems];
        throw e;
    }
    return [];
};

describe("reconcilePackConfig", () => {
    it('applies "scope" to every policy, a policy\'s own scope key winning', () => {
        const settings = reconcilePackConfig({ scope: { productionStacks: "prod(-.*)?" }, "db-backup-retention": { minDays: 14, productionStacks: "live" } }, policies);
        expect(settings.size).toBe(policies.length);
        for (const p of policies.filter((q) => q.name !== "db-backup-retention")) {
            expect(settings.get(p.name)!.properties).toEqual({ productionStacks: "prod(-.*)?" });
        }
        expect(settings.get("db-backup-retention")!.properties).toEqual({ productionStacks: "live", minDays: 14 });
    });

    it('gives levels as the engine does: a policy\'s own level, then "all", then its default', () => {
        const settings = reconcilePackConfig({ all: "advisory", "db-backup-retention": "mandatory" }, policies);
        expect(settings.get("db-backup-retention")!.enforcementLevel).toBe("mandatory");
        expect(settings.get("db-storage-encrypted")!.enforcementLevel).toBe("advisory");
        expect(reconcilePackConfig({}, policies).get("db-storage-encrypted")!.enforcementLevel).toBe("mandatory");
        expect(reconcilePackConfig(undefined, policies).get("db-iam-auth")!.enforcementLevel).toBe("advisory");
    });

    it.each([
        [{ all: "MANDATORY" }, /"all" is "MANDATORY", which is not an enforcement level \(levels are lowercase: "mandatory"\); allowed: "advisory", "mandatory", "remediate", "disabled"/],
        [{ all: "warn" }, /"all" is "warn", which is not an enforcement level; allowed: "advisory", "mandatory", "remediate", "disabled"/],
        [{ "db-backup-retention": { enforcementLevel: "block" } }, /"db-backup-retention.enforcementLevel" is "block", which is not an enforcement level/],
        [{ "db-backup-retention": null }, /"db-backup-retention" is null; expected an enforcement level/],
        [{ "db-backup-retention": [14] }, /"db-backup-retention" is an array \(\[14\]\); expected an enforcement level/],
        [{ "db-backup-retention": 14 }, /"db-backup-retention" is 14; expected an enforcement level/],
        [{ "db-backup-retension": "advisory" }, /"db-backup-retension" is not a policy of the pack \(did you mean "db-backup-retention"\?\); allowed keys: "all" .*"scope" .*db-backup-retention, /],
        [
            { "db-backup-retention": { minDayz: 14 } },
            /"db-backup-retention.minDayz" is not a setting of db-backup-retention \(did you mean "minDays"\?\); allowed: enforcementLevel, minDays, productionStacks, productionStackTag/,
        ],
        [{ "db-backup-retention": { minDays: "14" } }, /"db-backup-retention.minDays" is "14": .*expected number/],
        [{ "db-no-test-database": { names: ["test", 5] } }, /"db-no-test-database.names.1" is 5: .*expected string/],
        [{ all: { enforcementLevel: "mandatory", productionStacks: "prod" } }, /"all.productionStacks" is not applied .*put it under "scope".*\{"scope": \{"productionStacks": "prod"\}\}/],
        [{ all: { minDays: 3 } }, /"all.minDays" is not allowed: "all" takes only "enforcementLevel"/],
        [{ scope: "mandatory" }, /"scope" is "mandatory"; it takes no enforcement level but an object of productionStacks, productionStackTag/],
        [{ scope: { enforcementLevel: "mandatory" } }, /"scope.enforcementLevel" is not allowed/],
        [{ scope: { productionStack: "prod" } }, /"scope.productionStack" is not a setting of scope \(did you mean "productionStacks"\?\); allowed: productionStacks, productionStackTag/],
        [{ scope: { productionStacks: "" } }, /"scope.productionStacks" is "": an empty pattern matches no stack/],
        [{ scope: { productionStacks: "   " } }, /"scope.productionStacks" is " {3}": an empty pattern/],
        [{ "db-multi-az": { productionStacks: "(?=prod)" } }, /"db-multi-az.productionStacks" is "\(\?=prod\)": .*RE2 syntax/],
        [{ scope: { productionStacks: "(prod" } }, /"scope.productionStacks" is "\(prod": .*missing closing \)/],
        [{ scope: { productionStackTag: "" } }, /"scope.productionStackTag" is "": the tag key is empty/],
        [{ scope: { productionStackTag: "=production" } }, /"scope.productionStackTag" is "=production": the tag key is empty/],
        [{ scope: { productionStacks: ["prod"] } }, /"scope.productionStacks" is \["prod"\]: .*expected string/],
        [null, /the config is null; expected a JSON object keyed by policy name, "all" or "scope"/],
        [["db-backup-retention"], /the config is an array; expected a JSON object/],
        ["mandatory", /the config is a string \("mandatory"\); expected a JSON object/],
    ])("refuses %j, naming the key and the allowed values", (config, message) => {
        expect(() => reconcilePackConfig(config, policies)).toThrow(PackConfigError);
        expect(() => reconcilePackConfig(config, policies)).toThrow(message);
    });

    it("reports every problem of a file at once, on one line", () => {
        const problems = problemsOf({ all: "warn", "db-backup-retension": "advisory", scope: { productionStacks: "" } });
        expect(problems).toHaveLength(3);
        expect(() => reconcilePackConfig({ all: "warn", "db-x": 1 }, policies)).toThrow(/^policy pack config is invalid: [^\n]+$/);
    });

    it('accepts the map the CLI hands the pack: every policy with a level and its defaults, "scope" with a level', () => {
        const fromEngine: Record<string, unknown> = Object.fromEntries(policies.map((p) => [p.name, { enforcementLevel: p.enforcementLevel }]));
        fromEngine["db-backup-retention"] = { enforcementLevel: "mandatory", minDays: 7 };
        fromEngine.scope = { enforcementLevel: "advisory", productionStackTag: "environment=production" };
        const settings = reconcilePackConfig(fromEngine, policies, "engine");
        expect(settings.get("db-backup-retention")).toEqual({ enforcementLevel: "mandatory", properties: { productionStackTag: "environment=production", minDays: 7 } });
        expect(problemsOf({ ...fromEngine, "db-typo": { enforcementLevel: "advisory" } }, "engine")).toEqual([expect.stringMatching(/"db-typo" is not a policy of the pack/)]);
    });

    it('registers "scope" with the CLI as a settings-only policy whose schema is the scope keys', () => {
        expect(scopeSettingsPolicy.name).toBe("scope");
        expect(Object.keys(scopeSettingsPolicy.configSchema!.properties).sort()).toEqual(["productionStackTag", "productionStacks"]);
        expect(policies.map((p) => p.name)).not.toContain("scope");
    });
});

describe("productionStacks matching", () => {
    it("matches the whole stack name", () => {
        expect(stackMatches("prod(-.*)?", "prod-eu")).toBe(true);
        expect(stackMatches("prod(-.*)?", "preprod")).toBe(false);
        expect(stackMatches("^prod$", "prod")).toBe(true);
    });

    it("matches a catastrophic-backtracking pattern in linear time (RE2), where RegExp would not return", () => {
        // Native backtracking needs about 2^n steps for this input; n = 5000 does not finish in any
        // lifetime. RE2 answers at once, so this test can only pass with a linear-time engine.
        const hostile = `${"a".repeat(5000)}!`;
        expect(stackMatches("(a+)+b", hostile)).toBe(false);
        expect(stackMatches("(a|aa)*c", hostile)).toBe(false);
        expect(stackMatches("(a+)+b", "aaab")).toBe(true);
    });
});

describe("evaluate() with the pack-wide scope", () => {
    const careless = rds.instance("db", { instanceClass: "db.m6g.large", engine: "postgres", backupRetentionPeriod: 1, deletionProtection: false });

    it('skips every policy on a stack outside "scope", and judges a production stack', async () => {
        const config = { scope: { productionStacks: "prod(-.*)?" } };
        expect(await evaluate([careless], { config, stack: "dev" })).toEqual([]);
        const prod = await evaluate([careless], { config, stack: "prod-eu" });
        expect(new Set(prod.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.policy))).toEqual(expect.objectContaining({ size: expect.any(Number) }));
        expect(prod.map((f) => f.policy)).toEqual(expect.arrayContaining(["db-backup-retention", "db-deletion-protection", "db-storage-encrypted"]));
    });

    it("scopes by stack tag", async () => {
        const config = { scope: { productionStackTag: "environment=production" } };
        expect(await evaluate([careless], { config, stackTags: { environment: "staging" } })).toEqual([]);
        expect((await evaluate([careless], { config, stackTags: { environment: "production" } })).length).toBeGreaterThan(0);
    });

    it("refuses a bad config before judging anything", async () => {
        await expect(evaluate(compliantStack(), { config: { all: "MANDATORY" } as never })).rejects.toThrow(/"all" is "MANDATORY", which is not an enforcement level/);
        await expect(evaluate(compliantStack(), { config: null as never })).rejects.toThrow(/the config is null/);
    });
});
