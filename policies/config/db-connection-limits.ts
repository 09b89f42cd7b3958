import type * as aws from "@pulumi/aws";
import { z } from "zod";
import {
    isMultiAzDbCluster,
    isParameterFormula,
    maxConnectionsParameter,
    maxConnectionsFor,
    maxConnectionsForMemory,
    serverlessV2InstanceClass,
    serverlessV2MemoryBytes,
} from "../../aws-facts/capacity";
import { EngineFamily } from "../../aws-facts/rds";
import { ComponentInputs, componentTypeTokens } from "../../contract";
import { types } from "../../aws-facts/resource-types";
import { argsOf, databaseRole, engineFamilyOf, engineOf } from "../lib/databases";
import { ParameterGroupInForce, findParameter, ParameterGroupSlot, parameterGroupInForce, rdsParameterGroupSlots } from "../lib/parameter-groups";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, Unknown, asNumber, asObjectList, asString, indexedObjects, isInvalid } from "../lib/values";
import { StackReport, defineStackPolicy } from "../lib/define";
import { UsedBy } from "../lib/shared-resources";
import { clusterMembers, parentOfType } from "../lib/database-links";

/** max_connections as a group sets it. */
type Setting =
    | { kind: "absent" }
    | { kind: "unknown"; what: string }
    | { kind: "number"; value: number; property: string }
    | { kind: "formula"; formula: string }
    | { kind: "invalid"; raw: unknown; property: string };

function maxConnectionsIn(group: ResourceUnderCheck): Setting {
    const entry = findParameter(group, "parameters", maxConnectionsParameter);
    if (entry.kind === "unknown") return { kind: "unknown", what: entry.property };
    if (entry.kind === "invalid-list") return { kind: "invalid", raw: entry.seen, property: "parameters" };
    if (entry.kind === "absent") return entry;
    const property = `${entry.property} (${maxConnectionsParameter})`;
    const text = asString(entry.value);
    if (text === UNKNOWN) return { kind: "unknown", what: property };
    if (typeof text === "string" && isParameterFormula(text)) return { kind: "formula", formula: text };
    const value = asNumber(entry.value);
    if (typeof value === "number" && Number.isInteger(value) && value > 0) return { kind: "number", value, property };
    return { kind: "invalid", raw: entry.value, property };
}

/** A declared application connection pool and what it takes from max_connections. */
interface Pool {
    name: string;
    size: number;
    replicas: number;
}

type Pools = { pools: Pool[]; reserved: number; component: ResourceUnderCheck } | { unknown: string } | undefined;

const poolsShape = '`connectionPools: [{ name: "api", size: 20, replicas: 3 }]`';

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
    for (const [i, entry] of indexedObjects(raw).objects) {
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
    description: "The parameter group in force sets max_connections explicitly, within what the instance class's memory supports, and large enough for the application's declared connection pools.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Add `{ name: "max_connections", value: "<n>", applyMethod: "pending-reboot" }` to `parameters` of the aws.rds.ParameterGroup the database uses ' +
        "(Aurora: the cluster instances' DB parameter group, or the cluster parameter group), with n at most what the class supports " +
        "(PostgreSQL: memory / 9531392, at most 5000; MySQL/MariaDB: memory / 12582880) and at least the sum of pool size x replicas plus reserved connections " +
        'declared on the ProductionDatabase / ProductionAuroraCluster component. An RDS formula such as "{DBInstanceClassMemory/9531392}" counts as explicit but is not checked.',
    peers: [],
    config: {
        headroomFactor: z
            .number()
            .gt(0)
            .max(2)
            .default(1)
            .describe("max_connections may be at most this factor times what RDS's own formula gives for the instance class (e.g. 0.8 keeps 20% of memory free)."),
        reservedConnections: z.number().int().min(0).default(10).describe("Connections kept for administrators, monitoring and migrations when a component does not declare reservedConnections."),
    },
    judges: [types.instance, types.cluster, types.clusterInstance],
    check(stack, config, report) {
        const limits = new ConnectionLimits(stack, config, report);
        for (const judged of judgedDatabases(stack)) limits.judge(judged);
        limits.reportGroupsWithoutSetting();
    },
});

type Config = { headroomFactor: number; reservedConnections: number };

/** A database whose connection limit is judged: the groups that may set it, and the property holding its class. */
interface Judged {
    db: ResourceUnderCheck;
    slots: ParameterGroupSlot[];
    classProperty: string;
    cluster?: ResourceUnderCheck;
}

/** Standalone instances and read replicas, Aurora cluster instances, and Multi-AZ DB clusters (non-Aurora). */
function judgedDatabases(stack: StackUnderCheck): Judged[] {
    const members = clusterMembers(stack);
    const judged: Judged[] = [];
    for (const db of stack.ofType(types.instance)) {
        const role = databaseRole(db);
        if (role === "instance" || role === "read-replica") judged.push({ db, slots: rdsParameterGroupSlots(db), classProperty: "instanceClass" });
    }
    for (const db of stack.ofType(types.clusterInstance)) {
        const found = members.clusterOf(db);
        const cluster = found !== undefined && found !== UNKNOWN ? found : undefined;
        judged.push({ db, slots: rdsParameterGroupSlots(db, cluster), classProperty: "instanceClass", ...(cluster ? { cluster } : {}) });
    }
    for (const db of stack.ofType(types.cluster)) {
        // Multi-AZ DB clusters (non-Aurora) have no cluster instances: the cluster's class and group are in force.
        if (asString(db.get<aws.rds.ClusterArgs>("dbClusterInstanceClass")) === undefined) continue;
        const engine = engineOf(db);
        if (engine === UNKNOWN || !isMultiAzDbCluster(engine)) continue;
        judged.push({ db, slots: rdsParameterGroupSlots(db), classProperty: "dbClusterInstanceClass" });
    }
    return judged;
}

/** Where max_connections for a database comes from, after reading its slots in the order RDS applies them. */
type Source =
    | { kind: "set"; group: ResourceUnderCheck; setting: Exclude<Setting, { kind: "absent" }> }
    /** The first custom group in force, which leaves max_connections unset. */
    | { kind: "unset"; group: ResourceUnderCheck }
    | { kind: "external"; name: string }
    /** No custom group: AWS's default group (or none) is in force. */
    | { kind: "default" }
    | { kind: "unknown"; what: string };

function maxConnectionsSource(slots: readonly ParameterGroupSlot[], inForce: readonly ParameterGroupInForce[]): Source {
    let firstCustom: ResourceUnderCheck | undefined;
    let external: string | undefined;
    for (const [i, named] of inForce.entries()) {
        if (named.kind === "unknown") return { kind: "unknown", what: `${named.property} of ${slots[i].holder.label}` };
        if (named.kind === "external") external ??= named.name;
        if (named.kind !== "groups") continue;
        const group = named.groups[0];
        const setting = maxConnectionsIn(group);
        if (setting.kind !== "absent") return { kind: "set", group, setting };
        firstCustom ??= group;
    }
    if (firstCustom) return { kind: "unset", group: firstCustom };
    return external !== undefined ? { kind: "external", name: external } : { kind: "default" };
}

/** The most connections the class allows: a number, UNKNOWN, or why no figure is known. */
type Ceiling = { limit: number; rds: number } | Unknown | string;

function ceilingOf({ cluster }: Judged, engine: EngineFamily | Unknown | undefined, instanceClass: unknown, headroomFactor: number): Ceiling {
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
    if (rds === undefined)
        return `no memory figure is known for ${cls === undefined ? "an unset instance class" : `instance class ${JSON.stringify(cls)}`}${engine === undefined ? "" : ` on ${engine}`}`;
    return { limit: Math.floor(rds * headroomFactor), rds };
}

/** Declared pools read without error: what they need in all. */
type KnownPools = Exclude<Pools, undefined | { unknown: string }>;

/** What one database brings to the messages about it. */
interface Context {
    judged: Judged;
    engine: EngineFamily | Unknown | undefined;
    instanceClass: unknown;
    ceiling: () => Ceiling;
    declared: Pools;
    /** Connections the declared pools need, reserved ones included. */
    needed?: number;
}

/** The policy's state over one stack: the pools read per component, and the groups found without max_connections. */
class ConnectionLimits {
    /** Each component's pools, read (and its malformed pools reported) once. */
    private readonly poolsByComponent = new Map<string, Pools>();
    /** Groups that lack max_connections, with the databases they serve. */
    private readonly groupsWithoutSetting = new UsedBy();
    /** What each of those databases' class allows and pools need. */
    private readonly boundsByDb = new Map<string, { limit?: number; need?: number }>();

    constructor(
        private readonly stack: StackUnderCheck,
        private readonly config: Config,
        private readonly report: StackReport,
    ) {}

    judge(judged: Judged): void {
        const { db, slots, classProperty, cluster } = judged;
        const inForce = slots.map((slot) => parameterGroupInForce(this.stack, slot));
        const groups = inForce.flatMap((named) => (named.kind === "groups" ? named.groups : []));
        const engine = engineFamilyOf(this.stack, db, { ...(cluster ? { cluster } : {}), groups });
        const instanceClass = asString(db.get(classProperty));
        // Read the pools first, so every message can state the whole allowed range (what the pools need .. what the class allows).
        const declared = this.poolsFor(judged);
        const context: Context = {
            judged,
            engine,
            instanceClass,
            ceiling: () => ceilingOf(judged, engine, instanceClass, this.config.headroomFactor),
            declared,
            ...(isKnown(declared) ? { needed: declared.pools.reduce((sum, p) => sum + p.size * p.replicas, 0) + declared.reserved } : {}),
        };

        const source = maxConnectionsSource(slots, inForce);
        switch (source.kind) {
            case "unknown":
                return this.report.unknown(db, source.what);
            case "unset":
                return this.noteGroupWithoutSetting(source.group, context);
            case "external":
                return this.report.note(db, `its parameter group ${JSON.stringify(source.name)} is not declared in this stack, so whether it sets max_connections cannot be checked.`);
            case "default":
                return this.reportDefaultGroup(db, slots[0]);
            case "set":
                return this.judgeSetting(source.group, source.setting, context);
        }
    }

    /** Application pools connect to the writer: primaries and every Aurora instance (any may become the writer) are judged against them. */
    private poolsFor({ db, cluster }: Judged): Pools {
        const component =
            databaseRole(db) === "read-replica"
                ? undefined
                : (parentOfType(this.stack, db, ...componentTypeTokens) ?? (cluster ? parentOfType(this.stack, cluster, ...componentTypeTokens) : undefined));
        if (!component) return undefined;
        if (!this.poolsByComponent.has(component.urn)) this.poolsByComponent.set(component.urn, poolsOf(component, this.config.reservedConnections, this.report));
        return this.poolsByComponent.get(component.urn);
    }

    private noteGroupWithoutSetting(group: ResourceUnderCheck, { judged, ceiling, needed }: Context): void {
        this.groupsWithoutSetting.add(group, judged.db);
        const c = ceiling();
        this.boundsByDb.set(judged.db.urn, { ...(typeof c === "object" ? { limit: c.limit } : {}), ...(needed !== undefined ? { need: needed } : {}) });
    }

    private reportDefaultGroup(db: ResourceUnderCheck, slot: ParameterGroupSlot): void {
        this.report.violation(db, {
            property: slot.property,
            seen: slot.holder.get(slot.property),
            wanted: `a custom parameter group that sets ${maxConnectionsParameter} explicitly (with no group, or AWS's default.* group, RDS's own formula decides, whatever the application needs)`,
            fix:
                `create an aws.rds.ParameterGroup with \`parameters: [{ name: "${maxConnectionsParameter}", value: "<n>", applyMethod: "pending-reboot" }]\` ` +
                `and set \`${slot.property}: group.name\` in ${argsOf(slot.holder)}.`,
        });
    }

    private judgeSetting(group: ResourceUnderCheck, setting: Exclude<Setting, { kind: "absent" }>, context: Context): void {
        const { db } = context.judged;
        switch (setting.kind) {
            case "unknown":
                return this.report.unknown(group, setting.what);
            case "invalid":
                return this.report.violation(group, {
                    property: setting.property,
                    seen: setting.raw,
                    wanted: `a positive whole number of connections, or an RDS formula such as "{DBInstanceClassMemory/9531392}"; it is the ${maxConnectionsParameter} of ${db.label}`,
                    fix: `set \`value: "<n>"\` on ${maxConnectionsParameter} in ${argsOf(group)}.`,
                });
            case "formula":
                return this.report.note(
                    db,
                    `${maxConnectionsParameter} in ${group.label} is the RDS formula ${JSON.stringify(setting.formula)}: accepted as explicit, but neither it nor any declared connection pools are checked against the instance class memory.`,
                );
            case "number": {
                const ceiling = context.ceiling();
                this.checkAgainstClass(group, setting.value, ceiling, context);
                this.checkAgainstPools(group, setting.value, ceiling, context);
            }
        }
    }

    /** max_connections at most what the class's memory supports. */
    private checkAgainstClass(group: ResourceUnderCheck, max: number, c: Ceiling, { judged, engine, instanceClass, declared, needed }: Context): void {
        const { db, classProperty } = judged;
        const inGroup = group.label;
        const { headroomFactor } = this.config;
        if (c === UNKNOWN) return this.report.unknown(db, engine === UNKNOWN ? "engine" : classProperty);
        if (typeof c === "string") return this.report.note(db, `${c}, so ${maxConnectionsParameter} ${max} in ${inGroup} is not checked against memory.`);
        if (max <= c.limit) return;
        const supports =
            `what ${JSON.stringify(String(instanceClass).trim().toLowerCase())} memory supports on ${String(engine)}` +
            (headroomFactor === 1 ? " (RDS's own formula for the class)" : ` (RDS's formula gives ${c.rds}; headroomFactor ${headroomFactor})`);
        const range = needed !== undefined && needed <= c.limit;
        const poolsText = isKnown(declared) ? `what the pools of ${declared.component.label} need` : "";
        this.report.violation(db, {
            property: `${maxConnectionsParameter} (in ${inGroup})`,
            seen: max,
            wanted: range
                ? `between ${needed} (${poolsText}) and ${c.limit} (${supports})`
                : `at most ${c.limit}, ${supports}` + (needed !== undefined ? `; the pools need ${needed}, more than the class allows` : ""),
            fix: range
                ? `set ${maxConnectionsParameter} to a value from ${needed} to ${c.limit} in ${argsOf(group)}, or choose a larger \`${classProperty}\` in ${argsOf(db)}.`
                : `lower ${maxConnectionsParameter} to ${c.limit} or less in ${argsOf(group)}, ` +
                  `or choose a larger \`${classProperty}\` in ${argsOf(db)}` +
                  (needed !== undefined && isKnown(declared) ? `, and shrink the pools in the args of ${declared.component.label} or choose a class that allows ${needed}.` : "."),
        });
    }

    /** max_connections at least what the declared pools need. */
    private checkAgainstPools(group: ResourceUnderCheck, max: number, c: Ceiling, { judged, declared, needed }: Context): void {
        const { db, classProperty } = judged;
        if (declared === undefined) return;
        if ("unknown" in declared) return this.report.unknown(db, declared.unknown);
        if (needed === undefined || needed <= max) return;
        const limit = typeof c === "object" ? c.limit : undefined;
        const groupArgs = argsOf(group);
        const pools = `the pools (size or replicas) in the args of ${declared.component.label}`;
        const contributions = declared.pools.map((p) => `${p.name}: ${p.size} x ${p.replicas} = ${p.size * p.replicas}`);
        this.report.violation(db, {
            property: `connections the pools of ${declared.component.label} need (${[...contributions, `reserved: ${declared.reserved}`].join("; ")})`,
            seen: needed,
            wanted: `at most ${max}, the ${maxConnectionsParameter} in ${group.label}`,
            fix:
                limit === undefined
                    ? `raise ${maxConnectionsParameter} in ${groupArgs} (within what the instance class supports), or shrink ${pools}.`
                    : needed <= limit
                      ? `raise ${maxConnectionsParameter} to a value from ${needed} to ${limit} (the most the instance class supports) in ${groupArgs}, or shrink ${pools}.`
                      : `shrink ${pools} to ${limit} connections or fewer in all (the most the instance class supports), ` +
                        `or choose a larger \`${classProperty}\` in ${argsOf(db)} and raise ${maxConnectionsParameter} in ${groupArgs}.`,
        });
    }

    /** One violation per group in force that leaves max_connections unset, with the range its databases allow. */
    reportGroupsWithoutSetting(): void {
        for (const { resource: group, databases } of this.groupsWithoutSetting.usages()) {
            const bounds = databases.map((db) => this.boundsByDb.get(db.urn) ?? {});
            const limits = bounds.flatMap((b) => (b.limit !== undefined ? [b.limit] : []));
            const needs = bounds.flatMap((b) => (b.need !== undefined ? [b.need] : []));
            const most = limits.length > 0 ? Math.min(...limits) : undefined;
            const least = needs.length > 0 ? Math.max(...needs) : undefined;
            const suggestion = least !== undefined && (most === undefined || least <= most) ? `${least}` : most !== undefined ? `${most}` : "<n>";
            this.report.violation(group, {
                property: maxConnectionsParameter,
                seen: undefined,
                wanted:
                    `an explicit value sized for the instance class and the application (unset leaves RDS's formula); the group is in force on ${databases.map((d) => d.label).join(", ")}` +
                    rangeText(most, least),
                fix: `add \`{ name: "${maxConnectionsParameter}", value: "${suggestion}", applyMethod: "pending-reboot" }\` to \`parameters\` in ${argsOf(group)}.`,
            });
        }
    }
}

/** How the range the databases of a group allow reads after their names. */
function rangeText(most: number | undefined, least: number | undefined): string {
    if (most !== undefined && least !== undefined) {
        return least <= most ? `: between ${least} (what their pools need) and ${most} (what their class allows)` : `, whose pools need ${least} but whose class allows at most ${most}`;
    }
    if (most !== undefined) return `, whose class allows at most ${most}`;
    return least !== undefined ? `, whose pools need at least ${least}` : "";
}

function isKnown(declared: Pools): declared is KnownPools {
    return declared !== undefined && !("unknown" in declared);
}
