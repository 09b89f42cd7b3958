// The Aurora example program (examples/aurora: a production Aurora cluster built with
// ProductionAuroraCluster) under the real CLI and the policy pack, against the offline aws stand-in:
// it previews and deploys with no violation for both engines, spreads its instances over zones,
// is idempotent, and cannot be destroyed while the cluster is protected.
import { exampleProjectOptions } from "../support/e2e/example";
import { exampleProgram } from "../support/e2e/programs";
import { PulumiProject, expectPassed, parsePolicyFindings, resourcesOfType, updatePhase } from "../support/e2e/pulumi";

jest.setTimeout(10 * 60_000);

describe.each(["aurora-postgresql", "aurora-mysql"])("the Aurora example program (examples/aurora) with %s", (engine) => {
    let project: PulumiProject;
    beforeAll(async () => {
        // A cluster whose drills are recorded, as the example's comments ask after each drill.
        const today = new Date().toISOString().slice(0, 10);
        const options = exampleProjectOptions("aurora");
        project = await PulumiProject.create({ ...options, config: { ...options.config, engine, restoreTestedAt: today, failoverTestedAt: today }, program: exampleProgram("aurora") });
    });
    afterAll(() => project?.remove());

    it("previews with the pack and no mandatory finding; advisory notes only for values not known yet", async () => {
        const findings = expectPassed(await project.preview({ policyPack: true }));
        expect(findings.filter((f) => f.level === "mandatory")).toEqual([]);
        expect(findings.filter((f) => !/not known during preview/.test(f.text))).toEqual([]);
    });

    it("deploys with the pack and no finding at all: a cluster, a writer and a reader in different zones", async () => {
        const up = await project.up({ policyPack: true });
        expectPassed(up);
        expect(parsePolicyFindings(updatePhase(up.output))).toEqual([]);
        const { state } = await project.exportState();
        const [cluster] = resourcesOfType(state, "aws:rds/cluster:Cluster");
        expect(cluster.inputs).toMatchObject({ engine, storageEncrypted: true, deletionProtection: true, manageMasterUserPassword: true });
        expect(cluster.protect).toBe(true);
        const instances = resourcesOfType(state, "aws:rds/clusterInstance:ClusterInstance");
        expect(instances).toHaveLength(2);
        expect(new Set(instances.map((i) => i.inputs?.availabilityZone)).size).toBe(2);
        expect(resourcesOfType(state, "aws:appautoscaling/target:Target")).toHaveLength(1);
    });

    it("previews no change after the deployment", async () => {
        expectPassed(await project.run(["preview", "--non-interactive", "--expect-no-changes"]));
    });

    it("refuses `pulumi destroy` while the cluster is protected", async () => {
        const destroy = await project.destroy();
        expect(destroy.code).not.toBe(0);
        expect(destroy.output).toMatch(/Cannot delete protected Cluster|is protected/);
        const { state } = await project.exportState();
        expect(resourcesOfType(state, "aws:rds/cluster:Cluster")).toHaveLength(1);
    });
});
