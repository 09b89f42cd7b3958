import type * as aws from "@pulumi/aws";
import { billingModes, dynamodbAutoScaling, dynamodbDefaults } from "../../aws-facts/dynamodb";
import { types } from "../../aws-facts/resource-types";
import { defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asString, indexedObjects } from "../lib/values";
import { argsOf } from "../lib/databases";

/** What an Application Auto Scaling target scales: a table, or one of its indexes (undefined index name: not known yet). */
interface Scaled {
    target: ResourceUnderCheck;
    table: string;
    index: string | null | typeof UNKNOWN;
    dimension: string;
}

const resourceIdPattern = /^table\/([^/]+)(?:\/index\/(.+))?$/;

/** The DynamoDB scaling targets of the stack, each with what it scales; targets whose table cannot be told yet are returned apart. */
function scalingTargets(stack: StackUnderCheck): { scaled: Scaled[]; pending: ResourceUnderCheck[] } {
    const scaled: Scaled[] = [];
    const pending: ResourceUnderCheck[] = [];
    for (const target of stack.ofType(types.appautoscalingTarget)) {
        const namespace = asString(target.get<aws.appautoscaling.TargetArgs>("serviceNamespace"));
        if (typeof namespace === "string" && namespace !== dynamodbAutoScaling.serviceNamespace) continue;
        const dimension = asString(target.get<aws.appautoscaling.TargetArgs>("scalableDimension"));
        const resourceId = asString(target.get<aws.appautoscaling.TargetArgs>("resourceId"));
        if (namespace === UNKNOWN || dimension === UNKNOWN || typeof dimension !== "string") {
            if (namespace === UNKNOWN || dimension === UNKNOWN) pending.push(target);
            continue;
        }
        if (typeof resourceId === "string") {
            const match = resourceIdPattern.exec(resourceId.trim());
            if (match) scaled.push({ target, table: match[1], index: match[2] ?? null, dimension });
            continue;
        }
        if (resourceId !== UNKNOWN) continue;
        // A resourceId built from the table's name (unknown at preview) is linked to the table.
        const tables = stack.referencedBy(target, "resourceId", types.dynamodbTable);
        if (tables === UNKNOWN || tables.length === 0) {
            pending.push(target);
            continue;
        }
        const isIndex = dimension.startsWith("dynamodb:index:");
        for (const table of tables) {
            const name = asString(table.get("name"));
            if (typeof name === "string") scaled.push({ target, table: name, index: isIndex ? UNKNOWN : null, dimension });
            else pending.push(target);
        }
    }
    return { scaled, pending };
}

/** The scaling policies of the stack by "resourceId|scalableDimension", and whether some cannot be told yet. */
function scalingPolicies(stack: StackUnderCheck): { keys: Set<string>; someUnknown: boolean } {
    const keys = new Set<string>();
    let someUnknown = false;
    for (const policy of stack.ofType(types.appautoscalingPolicy)) {
        const resourceId = asString(policy.get<aws.appautoscaling.PolicyArgs>("resourceId"));
        const dimension = asString(policy.get<aws.appautoscaling.PolicyArgs>("scalableDimension"));
        if (resourceId === UNKNOWN || dimension === UNKNOWN) someUnknown = true;
        else if (typeof resourceId === "string" && typeof dimension === "string") keys.add(`${resourceId.trim()}|${dimension.trim()}`);
    }
    return { keys, someUnknown };
}

/** Whether an aws.appautoscaling.Policy scales the target: it depends on it, or names the same resourceId and dimension. */
function hasScalingPolicy(stack: StackUnderCheck, target: ResourceUnderCheck, policies: ReturnType<typeof scalingPolicies>): boolean | typeof UNKNOWN {
    if (stack.dependentsOf(target, types.appautoscalingPolicy).length > 0) return true;
    const resourceId = asString(target.get("resourceId"));
    const dimension = asString(target.get("scalableDimension"));
    if (typeof resourceId === "string" && typeof dimension === "string" && policies.keys.has(`${resourceId.trim()}|${dimension.trim()}`)) return true;
    return policies.someUnknown ? UNKNOWN : false;
}

export const dbDynamodbAutoscaling = defineStackPolicy({
    name: "db-dynamodb-autoscaling",
    checklistItem: "config",
    description:
        "DynamoDB tables with provisioned capacity scale it automatically: an Application Auto Scaling target with a scaling policy for the read and write capacity of the table and of each global secondary index.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Either set `billingMode: \"PAY_PER_REQUEST\"` on the aws.dynamodb.Table (on-demand capacity, nothing to scale), or, for each of the table's read and write capacity and each global secondary index's, " +
        'add an aws.appautoscaling.Target (`serviceNamespace: "dynamodb"`, `resourceId: pulumi.interpolate`table/${table.name}`` or `table/<name>/index/<index>`, ' +
        '`scalableDimension: "dynamodb:table:ReadCapacityUnits"` ..., minCapacity, maxCapacity) and an aws.appautoscaling.Policy with `policyType: "TargetTrackingScaling"` on it. ' +
        "Unset billingMode means PROVISIONED.",
    peers: ["CKV2_AWS_16", "Security Hub DynamoDB.1"],
    config: {},
    judges: [types.dynamodbTable],
    check(stack, _config, report) {
        const tables = stack.ofType(types.dynamodbTable);
        if (tables.length === 0) return;
        const { scaled, pending } = scalingTargets(stack);
        const policies = scalingPolicies(stack);
        const byTable = new Map<string, Scaled[]>();
        for (const s of scaled) {
            const list = byTable.get(s.table);
            if (list) list.push(s);
            else byTable.set(s.table, [s]);
        }
        for (const table of tables) {
            const rawMode = table.get<aws.dynamodb.TableArgs>("billingMode");
            const mode = asString(rawMode);
            if (mode === UNKNOWN) {
                report.unknown(table, "billingMode");
                continue;
            }
            const effective = typeof mode === "string" ? mode.trim().toUpperCase() : dynamodbDefaults.billingMode;
            if (effective !== billingModes.provisioned) continue;
            const name = asString(table.get<aws.dynamodb.TableArgs>("name"));
            if (name === UNKNOWN || typeof name !== "string") {
                report.unknown(table, "name");
                continue;
            }
            const indexes: string[] = [];
            let indexUnknown = false;
            for (const [, gsi] of indexedObjects(table.get<aws.dynamodb.TableArgs>("globalSecondaryIndexes")).objects) {
                const indexName = gsi === UNKNOWN ? UNKNOWN : asString(gsi.name);
                if (indexName === UNKNOWN) indexUnknown = true;
                else if (typeof indexName === "string") indexes.push(indexName);
            }
            const wantedScaling = [null, ...indexes].flatMap((index) =>
                (["read", "write"] as const).map((rw) => ({ index, dimension: index === null ? dynamodbAutoScaling.tableDimensions[rw] : dynamodbAutoScaling.indexDimensions[rw] })),
            );
            const mine = byTable.get(name) ?? [];
            const missing: string[] = [];
            const withoutPolicy: string[] = [];
            let waiting: string | undefined = indexUnknown ? "globalSecondaryIndexes" : undefined;
            for (const want of wantedScaling) {
                const what = `${want.dimension}${want.index === null ? "" : ` of index ${JSON.stringify(want.index)}`}`;
                const exact = mine.filter((s) => s.dimension === want.dimension && s.index === want.index);
                const maybe = mine.filter((s) => s.dimension === want.dimension && s.index === UNKNOWN);
                if (exact.length === 0) {
                    if (maybe.length > 0 || pending.length > 0) waiting ??= `resourceId of ${(maybe[0]?.target ?? pending[0]).label}`;
                    else missing.push(what);
                    continue;
                }
                const scaledBy = exact.map((s) => hasScalingPolicy(stack, s.target, policies));
                if (scaledBy.includes(true)) continue;
                if (scaledBy.includes(UNKNOWN)) waiting ??= `aws.appautoscaling.Policy resources scaling ${exact[0].target.label}`;
                else withoutPolicy.push(`${what} (${exact.map((s) => s.target.label).join(", ")})`);
            }
            if (missing.length === 0 && withoutPolicy.length === 0) {
                if (waiting !== undefined) report.unknown(table, waiting);
                continue;
            }
            report.violation(table, {
                property: "capacity auto scaling",
                seen: missing.length > 0 ? { notScaled: missing, ...(withoutPolicy.length > 0 ? { targetWithoutPolicy: withoutPolicy } : {}) } : { targetWithoutPolicy: withoutPolicy },
                wanted:
                    `an aws.appautoscaling.Target with an aws.appautoscaling.Policy for each of ${wantedScaling.map((w) => `${w.dimension}${w.index === null ? "" : ` of index ${JSON.stringify(w.index)}`}`).join(", ")} ` +
                    `(billingMode ${rawMode === undefined ? `unset means ${dynamodbDefaults.billingMode}` : JSON.stringify(effective)}: fixed capacity throttles requests above it)`,
                fix:
                    `set \`billingMode: "PAY_PER_REQUEST"\` in ${argsOf(table)}, or add an aws.appautoscaling.Target (\`serviceNamespace: "dynamodb"\`, ` +
                    `\`resourceId: pulumi.interpolate\`table/\${table.name}\`\`, the scalableDimension listed, minCapacity, maxCapacity) and an aws.appautoscaling.Policy ` +
                    `(\`policyType: "TargetTrackingScaling"\`) for each dimension listed.`,
            });
        }
    },
});
