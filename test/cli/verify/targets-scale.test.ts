// Finding the databases verify checks, and what was declared around each, grows with the stack,
// not with its square, also when every database copy shares its AWS ids or its resource names.
// Work is counted, not timed: the property reads at n and at 4n resources.
import { findTargets, stackOf } from "../../../cli/verify/targets";
import { Collision, syntheticStack } from "../../../scripts/bench/synthetic-stack";
import { reads, totalReads } from "../../support/counting-values";

jest.mock("../../../policies/lib/values", () => require("../../support/counting-values").countingValues());

function readsPerResource(size: number, collision: Collision): { perResource: number; targets: number; restoreTests: number } {
    const { resources, databases } = syntheticStack(size, 4, collision);
    reads.count = new Map();
    const targets = findTargets(stackOf(resources));
    expect(targets).toHaveLength(databases);
    return { perResource: totalReads() / resources.length, targets: targets.length, restoreTests: targets.filter((t) => t.restoreTesting.length > 0).length };
}

describe("verify's targets on large stacks", () => {
    it.each<Collision>(["none", "ids", "names"])("reads about as many properties per resource at 4x the size (database copies sharing: %s)", (collision) => {
        const small = readsPerResource(500, collision);
        const large = readsPerResource(2000, collision);
        expect(small.perResource).toBeGreaterThan(0);
        // The copies' restore testing selections and plans are found, so their lookups are counted too.
        expect([small.restoreTests, large.restoreTests]).toEqual([small.targets, large.targets]);
        // Linear work gives 1.0 per resource; work over every pair of databases gives about 4.
        expect(large.perResource / small.perResource).toBeLessThan(1.25);
    });
});
