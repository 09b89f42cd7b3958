import { tagKeyProblem, tagValueProblem } from "../../aws-facts/tags";

describe("AWS tag rules", () => {
    it("keys: 1-128 characters, not aws: in any case, AWS's character set", () => {
        expect(tagKeyProblem("cost-center")).toBeUndefined();
        expect(tagKeyProblem("équipe 1/2=+@_.:")).toBeUndefined();
        expect(tagKeyProblem("")).toMatch(/is empty/);
        expect(tagKeyProblem("AWS:thing")).toMatch(/reserves/);
        expect(tagKeyProblem("k".repeat(128))).toBeUndefined();
        expect(tagKeyProblem("k".repeat(129))).toMatch(/129 characters/);
        expect(tagKeyProblem("a#b")).toMatch(/"#"/);
    });

    it("values: up to 256 characters (counted as characters, not UTF-16 units), AWS's character set", () => {
        expect(tagValueProblem("")).toBeUndefined();
        expect(tagValueProblem("v".repeat(256))).toBeUndefined();
        expect(tagValueProblem("😀".repeat(200))).toMatch(/"😀"/);
        expect(tagValueProblem("é".repeat(256))).toBeUndefined();
        expect(tagValueProblem("v".repeat(257))).toMatch(/257 characters/);
        expect(tagValueProblem("https://wiki.example.com/a?b=c")).toMatch(/"\?"/);
    });
});
