import type * as aws from "@pulumi/aws";
import { z } from "zod";
import { isParameterFormula, maxConnectionsParameter, maxConnectionsFor, maxConnectionsForMemory, serverlessV2InstanceClass, serverlessV2MemoryBytes } from "../../aws-facts/capacity";
import { EngineFamily } from "../../aws-facts/knowledge";
import { isDefaultParameterGroupName } from "../../aws-facts/parameter-groups";
import { typeLabel, types } from "../../aws-facts/resource-types";
import { ComponentInputs, componentTypes } from "../../contract";
import { argsOf, databaseRole, engineOf } from "../lib/databases";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, Unknown, asNumber, asObjectList, asString, isInvalid } from "../lib/values";
import { StackReport, defineStackPolicy } from "../lib/define";
import { clusterMembers, parentOfType } from "./database-links";

/** Where a parameter group is named for a database, in the order RDS applies them (the DB parameter group overrides the cluster's). */
interface Slot {
    holder: ResourceUnderCheck;
    property: string;
    groupType: string;
}

/** What a slot names: a group in the stack, AWS's default group (or none), a group outside the stack, or not known yet. */
type Named =
    | { kind: "group"; group: ResourceUnderCheck }
    | { kind: "default"; raw: unknown }
    | { kind: "external"; name: string }
    | { kind: "unknown"; what: string };

function resolve(stack: StackUnderCheck, slot: Slot): Named {
    const raw = slot.holder.get(slot.property);
    const name = asString(raw);
    if (name === UNKNOWN) {
        const linked = stack.referencedBy(slot.holder, slot.property, slot.groupType);
        return linked !== UNKNOWN && linked.length > 0 ? { kind: "group", group: linked[0] } : { kind: "unknown", what: `${slot.property} of ${slot.holder.label}` };
    }
    if (typeof name !== "string" || name.trim() === "" || isDefaultParameterGroupName(name.trim().toLowerCase())) return { kind: "default", raw };
    const groups = stack.referencedBy(slot.holder, slot.property, slot.groupType);
    if (groups === UNKNOWN) return { kind: "unknown", what: `${slot.property} of ${slot.holder.label}` };
    return groups.length > 0 ? { kind: "group", group: groups[0] } : { kind: "external", name };
}

/** max_connections as a group sets it. */
type Setting =
    | { kind: "absent" }
    | { kind: "unknown"; what: string }
    | { kind: "number"; value: number; property: string }
    | { kind: "formula"; formula: string }
    | { kind: "invalid"; raw: unknown; property: string };

function maxConnectionsIn(group: ResourceUnderCheck): Setting {
    const raw = group.get<aws.rds.ParameterGroupArgs>("parameters");
    const parameters = asObjectList(raw);
    if (parameters === UNKNOWN) return { kind: "unknown", what: "parameters" };
    if (isInvalid(parameters)) return { kind: "invalid", raw, property: "parameters" };
    let someUnknown = false;
    for (const [i, parameter] of (parameters ?? []).entries()) {
        if (parameter === UNKNOWN) {
            someUnknown = true;
            continue;
        }
        const name = asString(parameter.name);
        if (name === UNKNOWN) someUnknown = true;
        if (typeof name !== "string" || name.trim().toLowerCase() !== maxConnectionsParameter) continue;
        const property = `parameters[${i}].value (${maxConnectionsParameter})`;
        const text = asString(parameter.value);
        if (text === UNKNOWN) return { kind: "unknown", what: property };
        if (typeof text === "string" && isParameterFormula(text)) return { kind: "formula", formula: text };
        const value = asNumber(parameter.value);
        if (typeof value === "number" && Number.isInteger(value) && value > 0) return { kind: "number", value, property };
        return { kind: "invalid", raw: parameter.value, property };
    }
    return someUnknown ? { kind: "unknown", what: "parameters" } : { kind: "absent" };
}

/** A declared application connection pool and what it takes from max_connections. */
interface Pool {
    name: string;
    size: number;
    replicas: number;
}

type Pools = { pools: Pool[]; reserved: number; component: ResourceUnderCheck } | { unknown: string } | undefined;

const poolsShape = "`connectionPools: [{ name: \"api\", size: 20, replicas: 3 }]`";

/** The connection pools the database's component declares; violations on malformed ones are reported on the component. */
function poolsOf(component: ResourceUnderCheck, defaultReserved: number, report: StackReport): Pools {
    const raw = component.get<ComponentInputs>("connectionPools");
    const list = asObjectList(raw);
    if (list === UNKNOWN) return { unknown: `connectionPools of ${component.label}` };
    if (list === undefined) return undefined;
    if (isInvalid(list)) {
        report.violation(component, { property: "connectionPools", seen: raw, wanted: "a list of { name, size, replicas }", fix: `set ${poolsShape} in the args of ${component.label}.` });
        return undefined;
    }
    const pools: Pool[] = [];
    for (const [i, entry] of list.entries()) {
        if (entry === UNKNOWN) return { unknown: `connectionPools[${i}] of ${component.label}` };
        const name = asString(entry.name);
        const size = asNumber(entry.size);
        const replicas = asNumber(entry.replicas);
        if (size === UNKNOWN || replicas === UNKNOWN || name === UNKNOWN) return { unknown: `connectionPools[${i}] of ${component.label}` };
        const label = typeof name === "string" && name !== "" ? name : `pool ${i + 1}`;
        const count = replicas === undefined ? 1 : replicas;
        if (typeof size !== "number" || size < 0 || !Number.isInteger(size) || typeof count !== "number" || count < 0 || !Number.isInteger(count)) {
            report.violation(component, {
                property: `connectionPools[${i}]`,
                seen: entry,
                wanted: "a whole number of connections (size) per process and of processes (replicas, default 1)",
                fix: `set ${poolsShape} in the args of ${component.label}.`,
            });
            return undefined;
        }
        pools.push({ name: label, size, replicas: count });
    }
    const reservedRaw = asNumber(component.get<ComponentInputs>("reservedConnections"));
    if (reservedRaw === UNKNOWN) return { unknown: `reservedConnections of ${component.label}` };
    const reserved = typeof reservedRaw === "number" && reservedRaw >= 0 ? reservedRaw : defaultReserved;
    return { pools, reserved, component };
}

export const dbConnectionLimits = defineStackPolicy({
    name: "db-connection-limits",
    checklistItem: "config",
    description:
        "The parameter group in force sets max_connections explicitly, within what the instance class's memory supports, and large enough for the application's declared connection pools.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Add `{ name: \"max_connections\", value: \"<n>\", applyMethod: \"pending-reboot\" }` to `parameters` of the aws.rds.ParameterGroup the database uses " +
        "(Aurora: the cluster instances' DB parameter group, or the cluster parameter group), with n at most what the class supports " +
        "(PostgreSQL: memory / 9531392, at most 5000; MySQL/MariaDB: memory / 12582880) and at least the sum of pool size x replicas plus reserved connections " +
        "declared on the ProductionDatabase / ProductionAuroraCluster component. An RDS formula such as \"{DBInstanceClassMemory/9531392}\" counts as explicit but is not checked.",
    peers: [],
    config: {
        headroomFactor: z
            .number()
            .gt(0)
            .max(2)
            .default(1)
            .describe("max_connections may be at most this factor times what RDS's own formula gives for the instance class (e.g. 0.8 keeps 20% of memory free)."),
        reservedConnections: z
            .number()
            .int()
            .min(0)
            .default(10)
            .describe("Connections kept for administrators, monitoring and migrations when a component does not declare reservedConnections."),
    },
    judges: [types.instance, types.cluster, types.clusterInstance],
    check(stack, config, report) {
        const members = clusterMembers(stack);
        /** Groups that lack max_connections, with the databases they serve and the ceilings known for them. */
        const missing = new Map<string, { group: ResourceUnderCheck; databases: ResourceUnderCheck[]; limits: number[]; needs: number[] }>();
        /** Each component's pools, read (and its malformed pools reported) once. */
        const poolsByComponent = new Map<string, Pools>();

        const judged: Array<{ db: ResourceUnderCheck; slots: Slot[]; classProperty: string; cluster?: ResourceUnderCheck }> = [];
        for (const db of stack.ofType(types.instance)) {
            const role = databaseRole(db);
            if (role === "instance" || role === "read-replica") judged.push({ db, slots: [{ holder: db, property: "parameterGroupName", groupType: types.parameterGroup }], classProperty: "instanceClass" });
        }
        for (const db of stack.ofType(types.clusterInstance)) {
            const cluster = members.clusterOf(db);
            const slots: Slot[] = [{ holder: db, property: "dbParameterGroupName", groupType: types.parameterGroup }];
            if (cluster !== undefined && cluster !== UNKNOWN) slots.push({ holder: cluster, property: "dbClusterParameterGroupName", groupType: types.clusterParameterGroup });
            judged.push({ db, slots, classProperty: "instanceClass", ...(cluster !== undefined && cluster !== UNKNOWN ? { cluster } : {}) });
        }
        for (const db of stack.ofType(types.cluster)) {
            // Multi-AZ DB clusters (non-Aurora) have no cluster instances: the cluster's class and group are in force.
            if (asString(db.get<aws.rds.ClusterArgs>("dbClusterInstanceClass")) === undefined) continue;
            const engine = engineOf(db);
            if (engine === UNKNOWN || engine === undefined || engine.startsWith("aurora")) continue;
            judged.push({ db, slots: [{ holder: db, property: "dbClusterParameterGroupName", groupType: types.clusterParameterGroup }], classProperty: "dbClusterInstanceClass" });
        }

        for (const { db, slots, classProperty, cluster } of judged) {
            const engine = engineFamilyOf(stack, db, cluster);
            const instanceClass = asString(db.get(classProperty));
            const ceiling = (): { limit: number; rds: number } | Unknown | string => {
                if (engine === UNKNOWN) return UNKNOWN;
                if (instanceClass === UNKNOWN) return UNKNOWN;
                const cls = typeof instanceClass === "string" ? instanceClass.trim().toLowerCase() : undefined;
                let rds = engine !== undefined && cls !== undefined ? maxConnectionsFor(engine, cls) : undefined;
                if (rds === undefined && engine !== undefined && cls === serverlessV2InstanceClass && cluster !== undefined) {
                    // Serverless v2: the memory at the cluster's maximum capacity decides.
                    const maxAcu = asNumber(cluster.get<aws.rds.ClusterArgs>("serverlessv2ScalingConfiguration.maxCapacity"));
                    if (maxAcu === UNKNOWN) return UNKNOWN;
                    if (typeof maxAcu === "number" && maxAcu > 0) rds = maxConnectionsForMemory(engine, serverlessV2MemoryBytes(maxAcu));
                }
                if (rds === undefined) return `no memory figure is known for ${cls === undefined ? "an unset instance class" : `instance class ${JSON.stringify(cls)}`}${engine === undefined ? "" : ` on ${engine}`}`;
                return { limit: Math.floor(rds * config.headroomFactor), rds };
            };
            const unknownOfCeiling = () => (engine === UNKNOWN ? "engine" : classProperty);

            // Application pools connect to the writer: judge primaries and every Aurora instance (any may become the writer).
            // Read first, so every message can state the whole allowed range (what the pools need .. what the class allows).
            const component =
                databaseRole(db) === "read-replica"
                    ? undefined
                    : (parentOfType(stack, db, componentTypes.productionDatabase, componentTypes.productionAuroraCluster) ??
                      (cluster ? parentOfType(stack, cluster, componentTypes.productionDatabase, componentTypes.productionAuroraCluster) : undefined));
            if (component && !poolsByComponent.has(component.urn)) poolsByComponent.set(component.urn, poolsOf(component, config.reservedConnections, report));
            const declared = component ? poolsByComponent.get(component.urn) : undefined;
            const needed = declared !== undefined && !("unknown" in declared) ? declared.pools.reduce((sum, p) => sum + p.size * p.replicas, 0) + declared.reserved : undefined;
            const poolsText = declared !== undefined && !("unknown" in declared) ? `what the pools of ${declared.component.label} need` : "";

            // Find the group in force that sets max_connections.
            let found: { group: ResourceUnderCheck; setting: Exclude<Setting, { kind: "absent" }> } | undefined;
            let firstCustom: ResourceUnderCheck | undefined;
            let external: string | undefined;
            let waiting: string | undefined;
            for (const slot of slots) {
                const named = resolve(stack, slot);
                if (named.kind === "unknown") {
                    waiting = named.what;
                    break;
                }
                if (named.kind === "external") external ??= named.name;
                if (named.kind !== "group") continue;
                const setting = maxConnectionsIn(named.group);
                if (setting.kind === "absent") {
                    firstCustom ??= named.group;
                    continue;
                }
                found = { group: named.group, setting };
                break;
            }
            if (waiting !== undefined) {
                report.unknown(db, waiting);
                continue;
            }
            if (!found) {
                if (firstCustom) {
                    const entry = missing.get(firstCustom.urn) ?? { group: firstCustom, databases: [], limits: [], needs: [] };
                    entry.databases.push(db);
                    const c = ceiling();
                    if (typeof c === "object") entry.limits.push(c.limit);
                    if (needed !== undefined) entry.needs.push(needed);
                    missing.set(firstCustom.urn, entry);
                } else if (external !== undefined) {
                    report.note(db, `its parameter group ${JSON.stringify(external)} is not declared in this stack, so whether it sets max_connections cannot be checked.`);
                } else {
                    const slot = slots[0];
                    report.violation(db, {
                        property: slot.property,
                        seen: slot.holder.get(slot.property),
                        wanted: `a custom parameter group that sets ${maxConnectionsParameter} explicitly (with no group, or AWS's default.* group, RDS's own formula decides, whatever the application needs)`,
                        fix:
                            `create an aws.rds.ParameterGroup with \`parameters: [{ name: "${maxConnectionsParameter}", value: "<n>", applyMethod: "pending-reboot" }]\` ` +
                            `and set \`${slot.property}: group.name\` in ${argsOf(slot.holder)}.`,
                    });
                }
                continue;
            }

            const { group, setting } = found;
            const inGroup = `${typeLabel(group.type)} ${JSON.stringify(group.name)}`;
            if (setting.kind === "unknown") {
                report.unknown(group, setting.what);
                continue;
            }
            if (setting.kind === "invalid") {
                report.violation(group, {
                    property: setting.property,
                    seen: setting.raw,
                    wanted: `a positive whole number of connections, or an RDS formula such as "{DBInstanceClassMemory/9531392}"; it is the ${maxConnectionsParameter} of ${db.label}`,
                    fix: `set \`value: "<n>"\` on ${maxConnectionsParameter} in the ${typeLabel(group.type)} args of ${JSON.stringify(group.name)}.`,
                });
                continue;
            }
            if (setting.kind === "formula") {
                report.note(
                    db,
                    `${maxConnectionsParameter} in ${inGroup} is the RDS formula ${JSON.stringify(setting.formula)}: accepted as explicit, but neither it nor any declared connection pools are checked against the instance class memory.`,
                );
                continue;
            }

            const max = setting.value;
            const c = ceiling();
            if (c === UNKNOWN) report.unknown(db, unknownOfCeiling());
            else if (typeof c === "string") report.note(db, `${c}, so ${maxConnectionsParameter} ${max} in ${inGroup} is not checked against memory.`);
            else if (max > c.limit) {
                const supports =
                    `what ${JSON.stringify(String(instanceClass).trim().toLowerCase())} memory supports on ${String(engine)}` +
                    (config.headroomFactor === 1 ? " (RDS's own formula for the class)" : ` (RDS's formula gives ${c.rds}; headroomFactor ${config.headroomFactor})`);
                const range = needed !== undefined && needed <= c.limit;
                report.violation(db, {
                    property: `${maxConnectionsParameter} (in ${inGroup})`,
                    seen: max,
                    wanted: range ? `between ${needed} (${poolsText}) and ${c.limit} (${supports})` : `at most ${c.limit}, ${supports}` + (needed !== undefined ? `; the pools need ${needed}, more than the class allows` : ""),
                    fix: range
                        ? `set ${maxConnectionsParameter} to a value from ${needed} to ${c.limit} in the ${typeLabel(group.type)} args of ${JSON.stringify(group.name)}, or choose a larger \`${classProperty}\` in ${argsOf(db)}.`
                        : `lower ${maxConnectionsParameter} to ${c.limit} or less in the ${typeLabel(group.type)} args of ${JSON.stringify(group.name)}, ` +
                          `or choose a larger \`${classProperty}\` in ${argsOf(db)}` +
                          (needed !== undefined ? `, and shrink the pools in the args of ${(declared as { component: ResourceUnderCheck }).component.label} or choose a class that allows ${needed}.` : "."),
                });
            }

            if (declared === undefined) continue;
            if ("unknown" in declared) {
                report.unknown(db, declared.unknown);
                continue;
            }
            if (needed === undefined || needed <= max) continue;
            const limit = typeof c === "object" ? c.limit : undefined;
            const contributions = declared.pools.map((p) => `${p.name}: ${p.size} x ${p.replicas} = ${p.size * p.replicas}`);
            report.violation(db, {
                property: `connections the pools of ${declared.component.label} need (${[...contributions, `reserved: ${declared.reserved}`].join("; ")})`,
                seen: needed,
                wanted: `at most ${max}, the ${maxConnectionsParameter} in ${inGroup}`,
                fix:
                    limit === undefined
                        ? `raise ${maxConnectionsParameter} in the ${typeLabel(group.type)} args of ${JSON.stringify(group.name)} (within what the instance class supports), ` +
                          `or shrink the pools (size or replicas) in the args of ${declared.component.label}.`
                        : needed <= limit
                          ? `raise ${maxConnectionsParameter} to a value from ${needed} to ${limit} (the most the instance class supports) in the ${typeLabel(group.type)} args of ${JSON.stringify(group.name)}, ` +
                            `or shrink the pools (size or replicas) in the args of ${declared.component.label}.`
                          : `shrink the pools (size or replicas) in the args of ${declared.component.label} to ${limit} connections or fewer in all (the most the instance class supports), ` +
                            `or choose a larger \`${classProperty}\` in ${argsOf(db)} and raise ${maxConnectionsParameter} in the ${typeLabel(group.type)} args of ${JSON.stringify(group.name)}.`,
            });
        }

        for (const { group, databases, limits, needs } of missing.values()) {
            const most = limits.length > 0 ? Math.min(...limits) : undefined;
            const least = needs.length > 0 ? Math.max(...needs) : undefined;
            const suggestion = least !== undefined && (most === undefined || least <= most) ? `${least}` : most !== undefined ? `${most}` : "<n>";
            report.violation(group, {
                property: maxConnectionsParameter,
                seen: undefined,
                wanted:
                    `an explicit value sized for the instance class and the application (unset leaves RDS's formula); the group is in force on ${databases.map((d) => d.label).join(", ")}` +
                    (most !== undefined && least !== undefined
                        ? least <= most
                            ? `: between ${least} (what their pools need) and ${most} (what their class allows)`
                            : `, whose pools need ${least} but whose class allows at most ${most}`
                        : most !== undefined
                          ? `, whose class allows at most ${most}`
                          : least !== undefined
                            ? `, whose pools need at least ${least}`
                            : ""),
                fix: `add \`{ name: "${maxConnectionsParameter}", value: "${suggestion}", applyMethod: "pending-reboot" }\` to \`parameters\` in the ${typeLabel(group.type)} args of ${JSON.stringify(group.name)}.`,
            });
        }
    },
});

/** The engine: the database's own; a read replica's source's; a cluster instance's cluster's. */
function engineFamilyOf(stack: StackUnderCheck, db: ResourceUnderCheck, cluster: ResourceUnderCheck | undefined): EngineFamily | Unknown | undefined {
    const own = engineOf(db);
    if (own !== undefined) return own;
    if (cluster) return engineOf(cluster);
    if (db.get("replicateSourceDb") === undefined) return undefined;
    const sources = stack.referencedBy(db, "replicateSourceDb", types.instance);
    if (sources === UNKNOWN) return UNKNOWN;
    for (const source of sources) {
        const engine = engineOf(source);
        if (engine !== undefined) return engine;
    }
    return undefined;
}
