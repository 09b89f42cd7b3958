// `pulumi policy analyze --file <exported state>` judges a deployed stack offline with the pack,
// and reports what a preview of the same program reports.
import { BAD_INSTANCE_NAME, BAD_INSTANCE_TYPE, badInstanceProgram } from "../support/e2e/programs";
import { CliFinding, PulumiProject, expectBlocked, expectPassed, resourcesOfType } from "../support/e2e/pulumi";

jest.setTimeout(10 * 60_000);

let project: PulumiProject;
afterAll(() => project?.remove());

/** Findings without their order, as "level policy (subject): message". */
function summary(findings: CliFinding[]): string[] {
    return findings.map((f) => `${f.level} ${f.policy} (${f.subject}): ${f.text.split("\n").pop()}`).sort();
}

describe("pulumi policy analyze --file", () => {
    it("reports on an exported state the findings a preview reports", async () => {
        project = await PulumiProject.create({ name: "analyze", program: badInstanceProgram() });
        // Deployed without the pack, as a stack that predates the gate would be.
        expectPassed(await project.up());
        const { file, state } = await project.exportState();
        expect(resourcesOfType(state, BAD_INSTANCE_TYPE)).toHaveLength(1);
        // The stand-in's diff finds the deployed stack unchanged: a preview judges the same resource.
        expect((await project.preview()).output).toMatch(/Resources:\s+2 unchanged/);

        const analyzed = expectBlocked(await project.analyze(file));
        const previewed = expectBlocked(await project.preview({ policyPack: true }));

        expect(analyzed.filter((f) => f.level === "mandatory").map((f) => f.policy)).toEqual(expect.arrayContaining(["db-backup-retention", "db-deletion-protection"]));
        expect(analyzed.every((f) => f.subject.endsWith(`: ${BAD_INSTANCE_NAME}`))).toBe(true);
        expect(summary(analyzed)).toEqual(summary(previewed));
    });
});
