// The stack index when thousands of resources carry the same value (a state that repeats
// resources): a value the engine linked names its source only, lookups share their results,
// and the by-value candidate indexes stay bounded — with the semantics of small stacks intact.
import { buildStack, listHas, maxMatchesPerValue } from "../../../policies/lib/stack";
import { evaluate } from "../../../policies/evaluate";
import { syntheticStack } from "../../../scripts/bench/synthetic-stack";
import { stackResource as r } from "./support";

const instance = "aws:rds/instance:Instance";
const group = "aws:ec2/securityGroup:SecurityGroup";

describe("stack index with shared values", () => {
    it("links a value the engine recorded to its source only, even when other resources carry the same value", () => {
        const stack = buildStack([
            r("sg-a", group, { id: "sg-same" }),
            r("sg-b", group, { id: "sg-same" }),
            r("db", instance, { vpcSecurityGroupIds: ["sg-same"] }, { vpcSecurityGroupIds: ["urn:sg-a"] }),
            r("typed", instance, { vpcSecurityGroupIds: ["sg-same"] }),
        ]);
        const names = (x: unknown) => (x as { name: string }[]).map((y) => y.name);
        expect(names(stack.referencedBy(stack.byUrn("urn:db")!, "vpcSecurityGroupIds", group))).toEqual(["sg-a"]);
        // Typed in, the value may be either group: both are returned, as before.
        expect(names(stack.referencedBy(stack.byUrn("urn:typed")!, "vpcSecurityGroupIds", group))).toEqual(["sg-a", "sg-b"]);
        expect([...stack.linkedValues(stack.byUrn("urn:db")!, "vpcSecurityGroupIds")]).toEqual(["sg-same"]);
        expect(stack.linkedValues(stack.byUrn("urn:typed")!).size).toBe(0);
    });

    it("shares one result between lookups of the same literal", () => {
        const resources = [r("pg", "aws:rds/parameterGroup:ParameterGroup", { name: "pg-1" })];
        for (let i = 0; i < 100; i++) resources.push(r(`db${i}`, instance, { parameterGroupName: "pg-1" }));
        const stack = buildStack(resources);
        const first = stack.referencedBy(stack.byUrn("urn:db0")!, "parameterGroupName", "aws:rds/parameterGroup:ParameterGroup");
        const second = stack.referencedBy(stack.byUrn("urn:db99")!, "parameterGroupName", "aws:rds/parameterGroup:ParameterGroup");
        expect(second).toBe(first);
        expect(listHas(first as never, stack.byUrn("urn:pg")!)).toBe(true);
        expect(listHas(first as never, stack.byUrn("urn:db1")!)).toBe(false);
    });

    it("keeps the pack's verdicts on a stack whose database copies all carry the same AWS ids", async () => {
        // 40 copies: well under the cap, so every verdict is the same as with distinct ids.
        expect(maxMatchesPerValue).toBeGreaterThanOrEqual(16);
        const distinct = syntheticStack(1000, 4, "none");
        const shared = syntheticStack(1000, 4, "ids");
        const blocking = async (resources: typeof distinct.resources) => new Set((await evaluate(resources)).filter((f) => f.enforcementLevel === "mandatory").map((f) => f.policy));
        expect(shared.databases).toBe(distinct.databases);
        expect(await blocking(shared.resources)).toEqual(await blocking(distinct.resources));
    });
});
