import { evaluate } from "../../../policies/evaluate";
import { policies } from "../../../policies/registry";
import { compliantDocdbRedshiftStack } from "../../fixtures/compliant-docdb-redshift";
import { docdbTypes } from "../../../aws-facts/docdb";
import { neptuneTypes } from "../../../aws-facts/neptune";
import { redshiftTypes } from "../../../aws-facts/redshift";

describe("the compliant DocumentDB / Neptune / Redshift / Redshift Serverless stack", () => {
    it("yields no finding from the whole pack", async () => {
        expect(await evaluate(compliantDocdbRedshiftStack())).toEqual([]);
    });

    it("yields no finding at preview either", async () => {
        expect(await evaluate(compliantDocdbRedshiftStack(), { preview: true })).toEqual([]);
    });

    it("holds one resource of each type the pack now judges for these services", () => {
        const present = new Set(compliantDocdbRedshiftStack().map((r) => r.type));
        for (const type of [...Object.values(docdbTypes), ...Object.values(neptuneTypes), ...Object.values(redshiftTypes)]) {
            expect(present).toContain(type);
        }
    });

    it("is judged: every one of these types is a resource type of some policy, or judged by a stack policy", () => {
        const judged = new Set(policies.flatMap((p) => p.dbPreflight.resourceTypes ?? p.dbPreflight.judges ?? []));
        for (const type of [...Object.values(docdbTypes), ...Object.values(neptuneTypes), ...Object.values(redshiftTypes)]) {
            expect(judged).toContain(type);
        }
    });
});
