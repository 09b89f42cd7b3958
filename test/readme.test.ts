// The README's policy reference is generated from the registry (scripts/generate-readme.ts); this
// fails when a policy was added or changed without regenerating it (`npm run readme`).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { endMarker, judgedTypes, main, readmePath, renderPolicyReference, startMarker } from "../scripts/generate-readme";
import { policies } from "../policies/registry";

function run(argv: string[], file?: string) {
    let stdout = "";
    let stderr = "";
    const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, file);
    return { code, stdout, stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "db-preflight-readme-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("README policy reference", () => {
    it("is up to date with the registry (run `npm run readme` after changing a policy)", () => {
        const { code, stderr } = run(["--check"]);
        expect(stderr).toBe("");
        expect(code).toBe(0);
    });

    it("lists every policy of the pack once, with its checklist item, level and severity", () => {
        const section = renderPolicyReference(policies);
        for (const p of policies) {
            const rows = section.split("\n").filter((l) => l.startsWith(`| \`${p.name}\` |`));
            expect(rows).toEqual([expect.stringContaining(`| ${p.dbPreflight.checklistItem} | ${p.enforcementLevel} | ${p.severity} |`)]);
        }
    });

    it("lists the resource types each policy judges, as Pulumi TypeScript classes", () => {
        const section = renderPolicyReference(policies);
        for (const p of policies) {
            const types = judgedTypes(p);
            expect(types.length).toBeGreaterThan(0);
            const line = section.split("\n").find((l) => l.startsWith(`- \`${p.name}\` — `));
            expect(line).toContain(`Resource types: ${types.map((t) => `\`${t}\``).join(", ")}.`);
        }
        const tls = section.split("\n").find((l) => l.startsWith("- `db-tls-enforced` — "));
        expect(tls).toContain("`aws.docdb.ClusterParameterGroup`");
        expect(tls).toContain("`aws.rds.Instance`");
    });

    it("every stack policy declares the database types it judges", () => {
        expect(policies.filter((q) => q.dbPreflight.kind === "stack" && !(q.dbPreflight.judges && q.dbPreflight.judges.length > 0)).map((q) => q.name)).toEqual([]);
    });

    it("is deterministic: the registry's order does not change the output", () => {
        expect(renderPolicyReference([...policies].reverse())).toBe(renderPolicyReference(policies));
    });

    it("--check fails on a stale README and passes once the generator has rewritten it, touching only the marked section", () => {
        const readme = fs.readFileSync(readmePath, "utf8");
        const file = path.join(tmp, "README.md");
        const stale = readme.replace(startMarker, `${startMarker}\n| \`db-removed-policy\` | backups | mandatory | high | — | — |`);
        fs.writeFileSync(file, stale);

        const check = run(["--check"], file);
        expect(check.code).toBe(1);
        expect(check.stderr).toMatch(/^error: the policy reference in .*README\.md is stale .*: run `npm run readme`\n$/);

        expect(run([], file).code).toBe(0);
        expect(run(["--check"], file).code).toBe(0);
        const rewritten = fs.readFileSync(file, "utf8");
        expect(rewritten).toBe(readme);
        expect(rewritten.slice(0, rewritten.indexOf(startMarker))).toBe(readme.slice(0, readme.indexOf(startMarker)));
        expect(rewritten.slice(rewritten.indexOf(endMarker))).toBe(readme.slice(readme.indexOf(endMarker)));
    });

    it("refuses a README without the markers", () => {
        const file = path.join(tmp, "NO-MARKERS.md");
        fs.writeFileSync(file, "# db-preflight\n");
        const { code, stderr } = run(["--check"], file);
        expect(code).toBe(2);
        expect(stderr).toMatch(/needs the markers <!-- policy-reference:start --> and <!-- policy-reference:end -->/);
    });
});
