// Engine switches that live in a parameter group (DocumentDB `tls` / `audit_logs`, Neptune
// `neptune_enforce_ssl` / `neptune_enable_audit_log`, Redshift `require_ssl` /
// `enable_user_activity_logging`) or in a Redshift Serverless workgroup's configParameters. One
// stack check judges each switch on every group of the stack (peers judge the group alone) and on
// each cluster whose group is AWS's default or unset; unknowns at preview are reported, not judged.
import { typeLabel } from "../../aws-facts/resource-types";
import { argsOf } from "../lib/databases";
import { StackReport } from "../lib/define";
import { findParameter, parameterGroupName } from "../lib/parameter-groups";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asString, isInvalid } from "../lib/values";
import { parameterGroupSlots } from "./config";

export type ParameterRead = { kind: "value"; value: string; property: string } | { kind: "absent" } | { kind: "unknown"; property: string } | { kind: "invalid"; seen: unknown };

/** One parameter of a list of `{ name, value }` (or `{ parameterKey, parameterValue }`) objects. */
export function readParameter(holder: ResourceUnderCheck, listProperty: string, name: string, keys: { name: string; value: string } = { name: "name", value: "value" }): ParameterRead {
    const entry = findParameter(holder, listProperty, name, keys);
    if (entry.kind === "invalid-list") return { kind: "invalid", seen: entry.seen };
    if (entry.kind !== "found") return entry;
    const value = asString(entry.value);
    if (value === UNKNOWN) return { kind: "unknown", property: entry.property };
    if (typeof value !== "string" || isInvalid(value)) return { kind: "invalid", seen: entry.value };
    return { kind: "value", value: value.trim(), property: entry.property };
}

export interface ParameterRule {
    /** The cluster type and the group type it names (see parameterGroupSlots). */
    clusterType: string;
    parameter: string;
    /** The value the fix sets. */
    onValue: string;
    isOn(value: string): boolean;
    /** What an absent parameter in a custom group means. */
    absentIsOn: boolean;
    /** What AWS's default group (or no group) means. */
    defaultGroupIsOn: boolean;
    /** Why the switch matters, e.g. "the cluster accepts only TLS connections". */
    purpose: string;
}

function judgeGroupParameter(group: ResourceUnderCheck, rule: ParameterRule, report: StackReport): void {
    const groupArgs = `the ${typeLabel(group.type)} args of ${JSON.stringify(group.name)}`;
    const wanted = `${rule.parameter} = ${JSON.stringify(rule.onValue)}, so that ${rule.purpose}`;
    const read = readParameter(group, "parameters", rule.parameter);
    switch (read.kind) {
        case "unknown":
            return report.unknown(group, read.property);
        case "absent":
            if (rule.absentIsOn) return;
            return report.violation(group, {
                property: `parameter ${rule.parameter}`,
                seen: undefined,
                wanted: `${wanted} (unset means off)`,
                fix: `add \`{ name: "${rule.parameter}", value: "${rule.onValue}" }\` to \`parameters\` in ${groupArgs}.`,
            });
        case "invalid":
            return report.violation(group, { property: `parameters (${rule.parameter})`, seen: read.seen, wanted, fix: `set \`value: "${rule.onValue}"\` on ${rule.parameter} in ${groupArgs}.` });
        case "value":
            if (rule.isOn(read.value)) return;
            return report.violation(group, {
                property: `${read.property} (${rule.parameter})`,
                seen: read.value,
                wanted,
                fix: `set \`value: "${rule.onValue}"\` on ${rule.parameter} in ${groupArgs}.`,
            });
    }
}

/** Judges each rule on the stack's groups of the rule's kind and on the clusters that use AWS's default group. */
export function checkParameterRules(stack: StackUnderCheck, rules: readonly ParameterRule[], report: StackReport): void {
    for (const rule of rules) {
        const slot = parameterGroupSlots[rule.clusterType];
        for (const group of stack.ofType(slot.groupType)) judgeGroupParameter(group, rule, report);
        for (const cluster of stack.ofType(rule.clusterType)) {
            const named = parameterGroupName({ holder: cluster, property: slot.property, groupType: slot.groupType });
            if (named.kind === "unknown") {
                // A group created in this deployment is judged on its own above.
                if (stack.referencedBy(cluster, slot.property, slot.groupType) === UNKNOWN) report.unknown(cluster, slot.property);
                continue;
            }
            if (named.kind === "default") {
                if (rule.defaultGroupIsOn) continue;
                report.violation(cluster, {
                    property: slot.property,
                    seen: named.raw,
                    wanted:
                        `a custom ${slot.groupClass} that sets ${rule.parameter} = ${JSON.stringify(rule.onValue)}, so that ${rule.purpose} ` +
                        `(${named.raw === undefined ? "unset means AWS's default group" : "an AWS default group"}, where it is off and cannot be changed)`,
                    fix:
                        `create an ${slot.groupClass} with \`parameters: [{ name: "${rule.parameter}", value: "${rule.onValue}" }]\` ` +
                        `and set \`${slot.property}: group.name\` in ${argsOf(cluster)}.`,
                });
                continue;
            }
            const groups = stack.referencedBy(cluster, slot.property, slot.groupType);
            if (groups !== UNKNOWN && groups.length === 0) {
                report.note(
                    cluster,
                    `${slot.property} names ${JSON.stringify(named.name)}, a parameter group that is not in this stack, so this policy cannot see whether it sets ` +
                        `${rule.parameter} = ${JSON.stringify(rule.onValue)}; make sure it does, or manage the group in this stack.`,
                );
            }
        }
    }
}

/** A switch in a Redshift Serverless workgroup's configParameters ({ parameterKey, parameterValue }). */
export interface WorkgroupParameterRule {
    parameter: string;
    onValue: string;
    purpose: string;
}

export function checkWorkgroupParameter(workgroup: ResourceUnderCheck, rule: WorkgroupParameterRule, report: StackReport): void {
    const read = readParameter(workgroup, "configParameters", rule.parameter, { name: "parameterKey", value: "parameterValue" });
    const wanted = `${rule.parameter} = ${JSON.stringify(rule.onValue)}, so that ${rule.purpose}`;
    const fix = `add \`{ parameterKey: "${rule.parameter}", parameterValue: "${rule.onValue}" }\` to \`configParameters\` in ${argsOf(workgroup)}.`;
    switch (read.kind) {
        case "unknown":
            return report.unknown(workgroup, read.property);
        case "absent":
            return report.violation(workgroup, {
                property: `configParameters (${rule.parameter})`,
                seen: undefined,
                wanted: `${wanted} (unset leaves the workgroup's default, which this policy does not take as on: set it explicitly)`,
                fix,
            });
        case "invalid":
            return report.violation(workgroup, { property: `configParameters (${rule.parameter})`, seen: read.seen, wanted, fix });
        case "value":
            if (read.value.toLowerCase() === rule.onValue) return;
            return report.violation(workgroup, { property: `${read.property} (${rule.parameter})`, seen: read.value, wanted, fix });
    }
}
