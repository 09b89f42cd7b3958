// The policy pack as a gate in the real Pulumi CLI, against the offline aws stand-in: a
// hand-written RDS instance that misses the checklist is refused by preview and up, enforcement
// levels from --policy-pack-config behave as documented (advisory, remediate), and stacks outside
// the configured production scope are not blocked.
import { evaluate } from "../../policies/evaluate";
import { AwsStandIn } from "../support/aws-standin/provider";
import { mandatoryPoliciesAt, productionOnlyConfig } from "../support/e2e/policy-config";
import { BAD_INSTANCE_NAME, BAD_INSTANCE_TYPE, badInstanceArgs, badInstanceProgram } from "../support/e2e/programs";
import { PulumiProject, expectBlocked, expectPassed, policiesAt, resourcesOfType } from "../support/e2e/pulumi";

jest.setTimeout(10 * 60_000);

const projects: PulumiProject[] = [];
async function project(options: { stack?: string; stackTags?: Record<string, string> } = {}): Promise<PulumiProject> {
    const p = await PulumiProject.create({ name: "gate", program: badInstanceProgram(), ...options });
    projects.push(p);
    return p;
}
afterAll(() => projects.forEach((p) => p.remove()));

/** What the in-process evaluator says about the same instance, with the provider's defaults applied as the CLI sees them. */
async function mandatoryPoliciesByEvaluator(): Promise<string[]> {
    const urn = `urn:pulumi:dev::gate::${BAD_INSTANCE_TYPE}::${BAD_INSTANCE_NAME}`;
    const { inputs } = await new AwsStandIn().check(urn, {}, { ...badInstanceArgs });
    const findings = await evaluate([{ type: BAD_INSTANCE_TYPE, name: BAD_INSTANCE_NAME, urn, props: inputs }], { preview: true, stack: "dev" });
    return [...new Set(findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.policy))].sort();
}

describe("a hand-written RDS instance that misses the checklist", () => {
    let mandatory: string[] = [];

    it("fails `pulumi preview --policy-pack` and names each mandatory violation", async () => {
        const p = await project();
        const findings = expectBlocked(await p.preview({ policyPack: true }));
        mandatory = policiesAt(findings, "mandatory");

        expect(mandatory).toEqual(expect.arrayContaining(["db-backup-retention", "db-deletion-protection"]));
        // Every mandatory finding is about the instance and names it.
        for (const f of findings.filter((x) => x.level === "mandatory")) {
            expect(f.text).toContain(`"${BAD_INSTANCE_NAME}"`);
        }
        expect(findings.find((f) => f.policy === "db-backup-retention")?.text).toMatch(/backupRetentionPeriod is 1/);
        // The CLI and the in-process evaluator agree on what blocks this program.
        expect(mandatory).toEqual(await mandatoryPoliciesByEvaluator());
    });

    it("is refused by `pulumi up --policy-pack`: nothing is created", async () => {
        const p = await project();
        const findings = expectBlocked(await p.up({ policyPack: true }));
        expect(policiesAt(findings, "mandatory")).toEqual(expect.arrayContaining(["db-backup-retention"]));
        const { state } = await p.exportState();
        expect(resourcesOfType(state, BAD_INSTANCE_TYPE)).toEqual([]);
    });

    it("passes preview with warnings when the config makes every policy advisory (`all`)", async () => {
        const p = await project();
        const findings = expectPassed(await p.preview({ policyConfig: { all: "advisory" } }));
        expect(policiesAt(findings, "mandatory")).toEqual([]);
        expect(policiesAt(findings, "advisory")).toEqual(expect.arrayContaining(mandatory.length ? mandatory : ["db-backup-retention"]));
    });

    it("passes preview with warnings when the config sets each mandatory policy to advisory", async () => {
        const p = await project();
        const findings = expectPassed(await p.preview({ policyConfig: mandatoryPoliciesAt("advisory") }));
        expect(policiesAt(findings, "advisory")).toEqual(expect.arrayContaining(["db-backup-retention", "db-deletion-protection"]));
    });

    it("deploys deletionProtection: true when db-deletion-protection is set to remediate, and then refuses to destroy it", async () => {
        const p = await project();
        const findings = expectPassed(await p.up({ policyConfig: { all: "advisory", "db-deletion-protection": "remediate" } }));
        expect(findings).toContainEqual(expect.objectContaining({ level: "remediate", policy: "db-deletion-protection" }));

        const { state } = await p.exportState();
        const [db] = resourcesOfType(state, BAD_INSTANCE_TYPE);
        expect(badInstanceArgs).not.toHaveProperty("deletionProtection");
        expect(db.inputs?.deletionProtection).toBe(true);
        expect(db.outputs?.deletionProtection).toBe(true);

        const destroy = await p.destroy();
        expect(destroy).not.toMatchObject({ code: 0 });
        expect(destroy.output).toContain("Cannot delete protected DB Instance");
        const after = await p.exportState();
        expect(resourcesOfType(after.state, BAD_INSTANCE_TYPE)).toHaveLength(1);
    });
});

describe("production scope from --policy-pack-config", () => {
    // Built when each test runs, from the pack's registry: every policy, scoped.
    const byName = () => productionOnlyConfig({ productionStacks: "prod(-.*)?" });
    const byTag = () => productionOnlyConfig({ productionStackTag: "environment=production" });

    it("does not block a stack whose name is outside productionStacks", async () => {
        const p = await project({ stack: "dev" });
        expect(expectPassed(await p.preview({ policyConfig: byName() }))).toEqual([]);
    });

    it("blocks a stack whose name matches productionStacks", async () => {
        const p = await project({ stack: "prod-eu" });
        const findings = expectBlocked(await p.preview({ policyConfig: byName() }));
        expect(policiesAt(findings, "mandatory")).toEqual(expect.arrayContaining(["db-backup-retention"]));
    });

    it("does not block a stack without the productionStackTag tag", async () => {
        const p = await project({ stack: "staging", stackTags: { environment: "staging" } });
        expect(expectPassed(await p.preview({ policyConfig: byTag() }))).toEqual([]);
    });

    it("blocks a stack tagged environment=production", async () => {
        const p = await project({ stack: "live", stackTags: { environment: "production" } });
        const findings = expectBlocked(await p.preview({ policyConfig: byTag() }));
        expect(policiesAt(findings, "mandatory")).toEqual(expect.arrayContaining(["db-backup-retention"]));
    });
});
