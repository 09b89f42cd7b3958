// The repository's example program (examples/database: a production database built with the
// component) under the real CLI and the policy pack, against the offline aws stand-in: it previews
// and deploys with no violation, holds no plaintext password in its state, is idempotent, and
// cannot be destroyed while the database is protected.
import * as fs from "fs";
import { exampleProgram, exampleProgramFile, exampleProjectFile } from "../support/e2e/programs";
import { ExportedState, PulumiProject, expectPassed, parsePolicyFindings, resourcesOfType, updatePhase } from "../support/e2e/pulumi";
import { exampleProjectOptions } from "../support/e2e/example";

jest.setTimeout(10 * 60_000);

const DATABASE_TYPES = ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"];
const exampleExists = fs.existsSync(exampleProgramFile()) && fs.existsSync(exampleProjectFile());

/** Every property whose name says password, anywhere in the state, with its value. */
function passwordProperties(state: ExportedState): { where: string; value: unknown }[] {
    const found: { where: string; value: unknown }[] = [];
    const walk = (value: unknown, where: string) => {
        if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
        else if (typeof value === "object" && value !== null) {
            for (const [k, v] of Object.entries(value)) {
                if (/password/i.test(k)) found.push({ where: `${where}.${k}`, value: v });
                walk(v, `${where}.${k}`);
            }
        }
    };
    for (const r of state.deployment.resources ?? []) walk({ inputs: r.inputs, outputs: r.outputs }, r.urn);
    return found;
}

const isEncryptedSecret = (v: unknown) =>
    typeof v === "object" && v !== null && (v as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270" && "ciphertext" in v;

(exampleExists ? describe : describe.skip)("the example program (examples/database)", () => {
    let project: PulumiProject;
    beforeAll(async () => {
        const options = exampleProjectOptions();
        // A database whose drills are recorded, as the example's comments ask after each drill.
        const today = new Date().toISOString().slice(0, 10);
        const config = { ...options.config, restoreTestedAt: today, failoverTestedAt: today };
        project = await PulumiProject.create({ ...options, config, program: exampleProgram() });
    });
    afterAll(() => project?.remove());

    it("previews with the pack and no mandatory finding; advisory notes only for values not known yet", async () => {
        const findings = expectPassed(await project.preview({ policyPack: true }));
        expect(findings.filter((f) => f.level === "mandatory")).toEqual([]);
        expect(findings.filter((f) => !/not known during preview/.test(f.text))).toEqual([]);
    });

    it("deploys with the pack and no finding at all", async () => {
        const up = await project.up({ policyPack: true });
        expectPassed(up);
        expect(parsePolicyFindings(updatePhase(up.output))).toEqual([]);
        const { state } = await project.exportState();
        expect(DATABASE_TYPES.flatMap((t) => resourcesOfType(state, t)).length).toBeGreaterThan(0);
    });

    it("holds no plaintext password in the exported state", async () => {
        const { state } = await project.exportState();
        // A password property holds nothing, a flag, or an encrypted secret: never a readable value.
        const plaintext = passwordProperties(state).filter(
            (p) => typeof p.value === "string" || typeof p.value === "number" || (typeof p.value === "object" && p.value !== null && !Array.isArray(p.value) && !isEncryptedSecret(p.value)),
        );
        expect(plaintext).toEqual([]);
        for (const db of DATABASE_TYPES.flatMap((t) => resourcesOfType(state, t))) {
            if (db.inputs?.replicateSourceDb !== undefined) continue;
            expect(db.inputs?.manageMasterUserPassword).toBe(true);
            expect(db.outputs?.masterUserSecrets).toEqual([expect.objectContaining({ secretArn: expect.stringContaining(":secretsmanager:") })]);
        }
    });

    it("previews no change after the deployment (the stand-in's diff agrees with its own outputs)", async () => {
        expectPassed(await project.run(["preview", "--non-interactive", "--expect-no-changes"]));
    });

    it("refuses `pulumi destroy` while the database is protected", async () => {
        const destroy = await project.destroy();
        expect(destroy.code).not.toBe(0);
        expect(destroy.output).toMatch(/Cannot delete protected (DB Instance|Cluster)|is protected/);
        const { state } = await project.exportState();
        expect(DATABASE_TYPES.flatMap((t) => resourcesOfType(state, t)).length).toBeGreaterThan(0);
    });
});
