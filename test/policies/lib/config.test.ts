import { z } from "zod";
import { outOfScopeReason, parsePolicyConfig, stackFromUrn, toPolicyConfigSchema } from "../../../policies/lib/config";

describe("policy config", () => {
    const shape = { minDays: z.number().int().min(1).max(35).default(7).describe("Minimum days.") };

    it("exports a JSON Schema with defaults and the shared scope keys, in the form the SDK wants", () => {
        const schema = toPolicyConfigSchema(shape);
        expect(schema.properties.minDays).toEqual({ type: "integer", minimum: 1, maximum: 35, default: 7, description: "Minimum days." });
        expect(Object.keys(schema.properties).sort()).toEqual(["minDays", "productionStackTag", "productionStacks"]);
        expect(schema.required).toBeUndefined();
        expect(JSON.stringify(schema)).not.toContain("enforcementLevel");
    });

    it("fills defaults and rejects unknown keys and bad values, naming policy and key", () => {
        expect(parsePolicyConfig("p", shape, {})).toEqual({ minDays: 7 });
        expect(() => parsePolicyConfig("p", shape, { minDayz: 3 })).toThrow(/policy "p" has invalid configuration: .*minDayz/);
        expect(() => parsePolicyConfig("p", shape, { minDays: "x" })).toThrow(/minDays/);
    });

    it("reads the stack from a URN", () => {
        expect(stackFromUrn("urn:pulumi:prod-eu::shop::aws:rds/instance:Instance::db")).toBe("prod-eu");
        expect(stackFromUrn("garbage")).toBeUndefined();
    });

    it("scopes by whole stack name and by stack tag", () => {
        const tags = new Map([["environment", "production"]]);
        expect(outOfScopeReason({}, "dev", new Map())).toBeUndefined();
        expect(outOfScopeReason({ productionStacks: "prod|production" }, "prod", new Map())).toBeUndefined();
        expect(outOfScopeReason({ productionStacks: "prod" }, "prod-copy", new Map())).toMatch(/does not match productionStacks/);
        expect(outOfScopeReason({ productionStackTag: "environment=production" }, "x", tags)).toBeUndefined();
        expect(outOfScopeReason({ productionStackTag: "environment" }, "x", tags)).toBeUndefined();
        expect(outOfScopeReason({ productionStackTag: "environment=staging" }, "x", tags)).toMatch(/no tag environment=staging/);
        expect(() => outOfScopeReason({ productionStacks: "(" }, "x", tags)).toThrow(/not a regular expression the pack can match safely/);
    });
});
