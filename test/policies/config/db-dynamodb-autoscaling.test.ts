import { dbDynamodbAutoscaling } from "../../../policies/config/db-dynamodb-autoscaling";
import { appautoscaling, compliantKvStack, dynamodb } from "../../fixtures/compliant-kv";
import { set, unset, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-dynamodb-autoscaling", () => {
    it("passes the compliant key-value stack (an on-demand table, a provisioned one scaled on the table and its index)", async () => {
        expect(await run(dbDynamodbAutoscaling, compliantKvStack())).toEqual([]);
    });

    it("flags a provisioned table with no auto scaling at all (CKV2_AWS_16): unset billingMode means PROVISIONED", async () => {
        const table = dynamodb.table("events", { name: "events", hashKey: "pk", readCapacity: 10, writeCapacity: 10 });
        const findings = await run(dbDynamodbAutoscaling, [table]);
        expect(findings.map((f) => [f.resource, f.enforcementLevel, f.message])).toEqual([
            [
                "events",
                "advisory",
                'aws.dynamodb.Table "events": capacity auto scaling is {"notScaled":["dynamodb:table:ReadCapacityUnits","dynamodb:table:WriteCapacityUnits"]}; ' +
                    "wanted an aws.appautoscaling.Target with an aws.appautoscaling.Policy for each of dynamodb:table:ReadCapacityUnits, dynamodb:table:WriteCapacityUnits " +
                    "(billingMode unset means PROVISIONED: fixed capacity throttles requests above it). " +
                    'Fix: set `billingMode: "PAY_PER_REQUEST"` in the aws.dynamodb.Table args of "events", or add an aws.appautoscaling.Target (`serviceNamespace: "dynamodb"`, ' +
                    '`resourceId: pulumi.interpolate`table/${table.name}``, the scalableDimension listed, minCapacity, maxCapacity) and an aws.appautoscaling.Policy (`policyType: "TargetTrackingScaling"`) for each dimension listed.',
            ],
        ]);
    });

    it("flags an index left out, and a target with no scaling policy", async () => {
        const noIndexWrite = await run(dbDynamodbAutoscaling, without(compliantKvStack(), "ledger-index-write", "ledger-index-write-policy"));
        expect(noIndexWrite[0].message).toContain('{"notScaled":["dynamodb:index:WriteCapacityUnits of index \\"by-account\\""]}');
        const noPolicy = await run(dbDynamodbAutoscaling, without(compliantKvStack(), "ledger-read-policy"));
        expect(noPolicy[0].message).toContain('"targetWithoutPolicy":["dynamodb:table:ReadCapacityUnits (aws.appautoscaling.Target \\"ledger-read\\")"]');
    });

    it("does not judge on-demand tables", async () => {
        expect(await run(dbDynamodbAutoscaling, [dynamodb.table("t", { name: "t", billingMode: "PAY_PER_REQUEST" })])).toEqual([]);
    });

    it("links a target whose resourceId is unknown at preview to its table through the dependency", async () => {
        let stack = withProps(compliantKvStack(), appautoscaling.target, "ledger-read", set({ resourceId: unknownSentinels.string }));
        stack = withProps(stack, appautoscaling.target, "ledger-write", set({ resourceId: unknownSentinels.string }));
        const findings = await run(dbDynamodbAutoscaling, stack, { preview: true });
        expect(findings).toEqual([]);
    });

    it("waits for the deployment when the billing mode or a target's table is unknown", async () => {
        const mode = await run(dbDynamodbAutoscaling, withProps(compliantKvStack(), dynamodb.table, "ledger-table", set({ billingMode: unknownSentinels.string })), { preview: true });
        expect(atLevel(mode, "advisory").map((f) => f.message.includes("billingMode is not known during preview"))).toEqual([true]);
        const unlinked = appautoscaling.target("mystery", {
            serviceNamespace: "dynamodb",
            resourceId: unknownSentinels.string,
            scalableDimension: "dynamodb:table:ReadCapacityUnits",
            minCapacity: 1,
            maxCapacity: 2,
        });
        const table = dynamodb.table("events", { name: "events", readCapacity: 1, writeCapacity: 1 });
        const findings = await run(dbDynamodbAutoscaling, [table, unlinked], { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings[0].message).toContain('resourceId of aws.appautoscaling.Target "mystery" is not known during preview');
    });

    it("is satisfied by switching the table to on demand", async () => {
        const stack = withProps(without(compliantKvStack(), "ledger-read", "ledger-read-policy"), dynamodb.table, "ledger-table", (p) => ({
            ...unset<typeof p>("readCapacity", "writeCapacity")(p),
            billingMode: "PAY_PER_REQUEST",
        }));
        expect(await run(dbDynamodbAutoscaling, stack)).toEqual([]);
    });
});
