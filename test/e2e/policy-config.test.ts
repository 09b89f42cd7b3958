// The pack config in the real Pulumi CLI: one "scope" setting keeps the whole pack off dev stacks,
// and whatever the CLI itself lets through (a misspelt policy name, a setting no policy has,
// productionStacks under "all", a catastrophic pattern) fails the preview with one message that
// names the key and what it may be, instead of being ignored.
import { badInstanceProgram } from "../support/e2e/programs";
import { PulumiProject, RunResult, expectBlocked, expectPassed, parsePolicyFindings, policiesAt } from "../support/e2e/pulumi";

jest.setTimeout(10 * 60_000);

const projects: PulumiProject[] = [];
async function project(options: { stack?: string; stackTags?: Record<string, string> } = {}): Promise<PulumiProject> {
    const p = await PulumiProject.create({ name: "packconfig", program: badInstanceProgram(), ...options });
    projects.push(p);
    return p;
}
afterAll(() => projects.forEach((p) => p.remove()));

/** The preview failed because of the config, before any policy judged a resource. */
function expectConfigError(result: RunResult, ...fragments: RegExp[]): void {
    if (result.code === 0) throw new Error(`${result.command} exited 0, wanted a config error. Output:\n${result.output}`);
    for (const fragment of fragments) expect(result.output).toMatch(fragment);
    expect(parsePolicyFindings(result.output)).toEqual([]);
}

describe('one setting scopes the whole pack ("scope")', () => {
    const scoped = { scope: { productionStacks: "prod(-.*)?" } };

    it("does not block a dev stack", async () => {
        const p = await project({ stack: "dev" });
        expect(expectPassed(await p.preview({ policyConfig: scoped }))).toEqual([]);
    });

    it("blocks a production stack, and a policy's own productionStacks overrides the scope", async () => {
        const p = await project({ stack: "prod-eu" });
        const findings = expectBlocked(await p.preview({ policyConfig: scoped }));
        expect(policiesAt(findings, "mandatory")).toEqual(expect.arrayContaining(["db-backup-retention", "db-storage-encrypted"]));

        const retentionEverywhereElse = { ...scoped, "db-backup-retention": { productionStacks: "staging" } };
        const narrowed = expectBlocked(await p.preview({ policyConfig: retentionEverywhereElse }));
        expect(policiesAt(narrowed, "mandatory")).not.toContain("db-backup-retention");
        expect(policiesAt(narrowed, "mandatory")).toContain("db-storage-encrypted");
    });

    it("keeps out a stack without the scope's productionStackTag", async () => {
        const p = await project({ stack: "staging", stackTags: { environment: "staging" } });
        expect(expectPassed(await p.preview({ policyConfig: { scope: { productionStackTag: "environment=production" } } }))).toEqual([]);
    });
});

describe("config the CLI would pass on silently is refused by the pack", () => {
    let p: PulumiProject;
    beforeAll(async () => {
        p = await project({ stack: "dev" });
    });

    it("refuses a misspelt policy name, naming it and the policy it resembles", async () => {
        expectConfigError(await p.preview({ policyConfig: { "db-backup-retension": "advisory" } }), /"db-backup-retension" is not a policy of the pack \(did you mean "db-backup-retention"\?\)/);
    });

    it("refuses a setting the policy does not have, listing the allowed ones", async () => {
        expectConfigError(
            await p.preview({ policyConfig: { "db-backup-retention": { minDayz: 14 } } }),
            /"db-backup-retention.minDayz" is not a setting of db-backup-retention \(did you mean "minDays"\?\); allowed: enforcementLevel, minDays, productionStacks, productionStackTag/,
        );
    });

    it('refuses productionStacks under "all" (the CLI applies only a level from it) and points at "scope"', async () => {
        expectConfigError(await p.preview({ policyConfig: { all: { enforcementLevel: "mandatory", productionStacks: "prod" } } }), /"all.productionStacks" .*put it under "scope"/);
    });

    it("refuses a pattern it cannot match safely, and an empty one", async () => {
        expectConfigError(await p.preview({ policyConfig: { scope: { productionStacks: "(?=prod)" } } }), /scope.productionStacks.*RE2/);
        expectConfigError(await p.preview({ policyConfig: { scope: { productionStacks: "" } } }), /scope.productionStacks/);
    });
});
