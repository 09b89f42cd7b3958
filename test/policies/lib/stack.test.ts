import { buildStack } from "../../../policies/lib/stack";
import { UNKNOWN } from "../../../policies/lib/values";
import { unknownSentinels } from "../../../policies/evaluate";
import { stackResource as r } from "./support";

describe("stack index", () => {
    const stack = buildStack([
        r("db", "aws:rds/instance:Instance", { identifier: "db-1", parameterGroupName: "pg-1", vpcSecurityGroupIds: ["sg-1", "sg-2"] }, { vpcSecurityGroupIds: ["urn:sg1"] }),
        r("pg", "aws:rds/parameterGroup:ParameterGroup", { name: "pg-1" }),
        r("sg1", "aws:ec2/securityGroup:SecurityGroup", { id: "sg-1" }),
        r("sg2", "aws:ec2/securityGroup:SecurityGroup", { id: "sg-2" }),
        r("alarm", "aws:cloudwatch/metricAlarm:MetricAlarm", { dimensions: { DBInstanceIdentifier: "db-1" } }, { dimensions: ["urn:db"] }),
        r("pending", "aws:rds/instance:Instance", { parameterGroupName: unknownSentinels.string }),
    ]);

    it("groups by type and URN", () => {
        expect(stack.ofType("aws:ec2/securityGroup:SecurityGroup").map((x) => x.name)).toEqual(["sg1", "sg2"]);
        expect(stack.byUrn("urn:pg")?.name).toBe("pg");
    });

    it("finds dependents through property dependencies", () => {
        const db = stack.byUrn("urn:db")!;
        expect(stack.dependentsOf(db, "aws:cloudwatch/metricAlarm:MetricAlarm").map((x) => x.name)).toEqual(["alarm"]);
    });

    it("follows a property to what it references: its dependencies, plus literal values matched exactly", () => {
        const db = stack.byUrn("urn:db")!;
        // sg-1 came from sg1's output (a dependency); sg-2 was typed in and matches sg2's id.
        expect((stack.referencedBy(db, "vpcSecurityGroupIds") as readonly { name: string }[]).map((x) => x.name)).toEqual(["sg1", "sg2"]);
        expect((stack.referencedBy(db, "parameterGroupName", "aws:rds/parameterGroup:ParameterGroup") as readonly { name: string }[]).map((x) => x.name)).toEqual(["pg"]);
        expect(stack.referencedBy(stack.byUrn("urn:pending")!, "parameterGroupName")).toBe(UNKNOWN);
        expect(stack.referencedBy(db, "nothing")).toEqual([]);
    });
});
