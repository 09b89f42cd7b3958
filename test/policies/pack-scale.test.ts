// The pack's work on a stack grows with the stack, not with its square, also when every database
// copy shares a restore testing plan, its AWS ids or its resource names (the report's worst cases).
// Work is counted, not timed: the property reads each stack policy (and the resource policies
// together) make at n and at 4n resources.
import { evaluate } from "../../policies/evaluate";
import type { DbPolicy, DbStackPolicy } from "../../policies/lib/define";
import { policies } from "../../policies/registry";
import { Collision, syntheticStack } from "../../scripts/bench/synthetic-stack";
import { reads } from "../support/counting-values";

jest.mock("../../policies/lib/values", () => require("../support/counting-values").countingValues());

const resourcePolicies = "resource policies";

/** The pack, with each stack policy's reads counted under its name. */
const counted: DbPolicy[] = policies.map((p) => {
    if (!("validateStack" in p)) return p;
    const validateStack: DbStackPolicy["validateStack"] = (args, report) => {
        reads.reader = p.name;
        return p.validateStack(args, report);
    };
    return { ...p, validateStack };
});

async function readsPerResource(size: number, collision: Collision): Promise<Map<string, number>> {
    const { resources } = syntheticStack(size, 4, collision);
    reads.reader = resourcePolicies;
    reads.count = new Map();
    await evaluate(resources, { policies: counted });
    return new Map([...reads.count].map(([reader, count]) => [reader, count / resources.length]));
}

describe("the pack's work on large stacks", () => {
    it.each<Collision>(["none", "ids", "names"])("reads about as many properties per resource at 4x the size (database copies sharing: %s)", async (collision) => {
        const small = await readsPerResource(500, collision);
        const large = await readsPerResource(2000, collision);
        expect(small.get(resourcePolicies)).toBeGreaterThan(0);
        expect([...small.keys()].filter((reader) => reader !== resourcePolicies).length).toBeGreaterThan(10);
        // Linear work gives 1.0 per resource; work over every pair of databases gives about 4.
        const growing = [...large].filter(([reader, perResource]) => perResource / (small.get(reader) ?? 0) >= 1.25);
        expect(Object.fromEntries(growing.map(([reader, perResource]) => [reader, `${small.get(reader)} -> ${perResource} reads per resource`]))).toEqual({});
    });
});
