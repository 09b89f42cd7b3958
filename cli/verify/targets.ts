// The databases of a stack and what was declared around each (in the stack or by the components):
// its AWS Backup plans and copy destinations, restore testing plans, alarms, health-check metric,
// app-user secrets, drill tags. The stack is indexed once (policies/lib/stack.ts and the pack's own
// indexes of selections and alarms), so finding a database's relatives is a lookup, never a scan:
// linear in the number of resources.
import { parseArn } from "../../aws-facts/arn";
import { restoreTestingResourceTypes } from "../../aws-facts/backup";
import { types } from "../../aws-facts/resource-types";
import { arnOf, ownsBackups, selectionsOf } from "../../policies/backups/backup-selection";
import { clusterMembers, awsIdentifierOf, parentOfType } from "../../policies/lib/database-links";
import { databaseRole } from "../../policies/lib/databases";
import { ResourceUnderCheck } from "../../policies/lib/resource";
import { StackUnderCheck, buildStack } from "../../policies/lib/stack";
import { asBoolean, asNumber, asObjectList, asString, asStringMap, isInvalid, normalise, unwrap, UNKNOWN } from "../../policies/lib/values";
import { alarmIndex, metricsOfDatabase } from "../../policies/monitoring/alarm-index";
import { ReferenceIndex } from "../../policies/lib/reference-index";
import { ComponentInputs, componentTypeTokens, healthCheckDimension, healthCheckNamespace, healthCheckSucceededMetric } from "../../contract";
import type { ResourceInput } from "../../policies/evaluate";

export interface BackupRuleDeclared {
    /** `aws.backup.Plan "orders-backup-plan"`, rule "daily". */
    label: string;
    schedule?: string;
    /** Minutes AWS Backup has to start and to finish a job (AWS defaults apply when unset). */
    startWindowMinutes?: number;
    completionWindowMinutes?: number;
    /** Vault ARNs the rule copies each recovery point to. */
    copyDestinations: string[];
}

export interface RestoreTestingDeclared {
    label: string;
    name?: string;
    arn?: string;
    schedule?: string;
    startWindowHours?: number;
    validationWindowHours?: number;
}

export interface Target {
    db: ResourceUnderCheck;
    kind: "instance" | "cluster";
    /** A read replica inherits backups and the master user from its source. */
    readReplica: boolean;
    /** The identifier AWS knows it by; undefined when the state does not hold one. */
    identifier?: string;
    arn?: string;
    region?: string;
    account?: string;
    declared: {
        storageEncrypted?: boolean;
        kmsKeyId?: string;
        publiclyAccessible?: boolean;
        engine?: string;
    };
    /** The AWS Backup rules of the plans whose selections pick this database. */
    backupRules: BackupRuleDeclared[];
    restoreTesting: RestoreTestingDeclared[];
    /** Names of the CloudWatch alarms on its metrics (its own, its cluster instances', its health check's). */
    alarmNames: string[];
    healthCheck: { namespace: string; metricName: string; dimensions: Record<string, string> };
    /** Secrets of its app users: those its app-user provisioner (an aws.lambda.Invocation on it) writes. */
    appUserSecrets: Array<{ label: string; arn: string }>;
    /** Tags recorded in the state (verify reads the live ones). */
    tags: Record<string, string>;
    /** The db-preflight component around it, when there is one: drill dates are recorded through its `drills` argument. */
    component?: { type: string; name: string };
    /** Cluster instances (their identifiers), for a cluster. */
    members: string[];
    /** The checks the component declares for its restore tests (`backup.restoreValidation.queries`): the drill runs them too. */
    validationChecks: Array<{ name: string; sql: string; database?: string }>;
}

const str = (v: unknown): string | undefined => {
    const s = asString(v);
    return typeof s === "string" && s.trim() !== "" ? s : undefined;
};
const num = (v: unknown): number | undefined => {
    const n = asNumber(v);
    return typeof n === "number" ? n : undefined;
};

/** The stack's resources as one indexed stack (links by URN, as the report does). */
export function stackOf(resources: readonly ResourceInput[]): StackUnderCheck {
    return buildStack(
        resources.map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn ?? r.name,
            props: r.props,
            dependencies: r.dependencies ?? [],
            propertyDependencies: r.propertyDependencies ?? {},
            ...(r.parent !== undefined ? { parent: r.parent } : {}),
        })),
    );
}

/** The databases verify checks: instances that own their settings (not Aurora members), read replicas, and clusters. */
export function findTargets(stack: StackUnderCheck): Target[] {
    const alarms = alarmIndex(stack);
    const members = clusterMembers(stack);
    const restoreSelections = new ReferenceIndex(stack, stack.ofType(types.restoreTestingSelection), "protectedResourceArns", {
        isPattern: (entry) => entry === "*",
        broad: (selection) => selection.get("protectedResourceConditions") !== undefined,
    });
    const appUserSecrets = appUserSecretIndex(stack);

    const targets: Target[] = [];
    for (const db of stack.ofType(types.instance, types.cluster)) {
        const role = databaseRole(db);
        if (role === "aurora-member" || role === undefined) continue;
        const kind = db.type === types.cluster ? "cluster" : "instance";
        const id = awsIdentifierOf(db);
        const identifier = typeof id === "string" ? id : undefined;
        const arn = str(arnOf(db));
        const parsed = arn ? parseArn(arn) : undefined;
        const memberResources = kind === "cluster" ? members.of(db) : [];

        const backupRules: BackupRuleDeclared[] = [];
        if (ownsBackups(db)) {
            for (const match of selectionsOf(stack, db)) {
                if (match.verdict !== true || !match.plan) continue;
                const rules = asObjectList(match.plan.get("rules"));
                if (!Array.isArray(rules)) continue;
                for (const rule of rules) {
                    if (rule === UNKNOWN) continue;
                    const copies = asObjectList(rule.copyActions);
                    backupRules.push({
                        label: `${match.plan.label}, rule ${JSON.stringify(str(rule.ruleName) ?? "?")}`,
                        ...(str(rule.schedule) ? { schedule: str(rule.schedule) } : {}),
                        ...(num(rule.startWindow) !== undefined ? { startWindowMinutes: num(rule.startWindow) } : {}),
                        ...(num(rule.completionWindow) !== undefined ? { completionWindowMinutes: num(rule.completionWindow) } : {}),
                        copyDestinations: Array.isArray(copies) ? copies.flatMap((c) => (c === UNKNOWN ? [] : [str(c.destinationVaultArn)].filter((a): a is string => a !== undefined))) : [],
                    });
                }
            }
        }

        const restoreTesting: RestoreTestingDeclared[] = [];
        if (ownsBackups(db)) {
            for (const selection of restoreSelections.candidates(db, [arnOf(db)])) {
                if (!restoreSelectionNames(stack, selection, db, arn)) continue;
                const plans = stack.referencedBy(selection, "restoreTestingPlanName", types.restoreTestingPlan);
                for (const plan of plans === UNKNOWN ? [] : plans) {
                    restoreTesting.push({
                        label: plan.label,
                        ...(str(plan.get("name")) ? { name: str(plan.get("name")) } : {}),
                        ...(str(plan.get("arn")) ? { arn: str(plan.get("arn")) } : {}),
                        ...(str(plan.get("scheduleExpression")) ? { schedule: str(plan.get("scheduleExpression")) } : {}),
                        ...(num(plan.get("startWindowHours")) !== undefined ? { startWindowHours: num(plan.get("startWindowHours")) } : {}),
                        ...(num(selection.get("validationWindowHours")) !== undefined ? { validationWindowHours: num(selection.get("validationWindowHours")) } : {}),
                    });
                }
            }
        }

        const alarmNames = new Set<string>();
        let healthCheck: Target["healthCheck"] = {
            namespace: healthCheckNamespace,
            metricName: healthCheckSucceededMetric,
            dimensions: { [healthCheckDimension]: identifier ?? "" },
        };
        for (const watched of [db, ...memberResources].flatMap((r) => metricsOfDatabase(alarms, r))) {
            const name = str(watched.alarm.get("name")) ?? str(watched.alarm.get("id"));
            if (name) alarmNames.add(name);
            if (watched.namespace === healthCheckNamespace && watched.metricName === healthCheckSucceededMetric) {
                const dimensions = Object.fromEntries(Object.entries(watched.dimensions).filter((e): e is [string, string] => typeof e[1] === "string"));
                if (Object.keys(dimensions).length > 0) healthCheck = { namespace: healthCheckNamespace, metricName: healthCheckSucceededMetric, dimensions };
            }
        }

        const tagMap = asStringMap(db.get("tags"));
        const tags = tagMap === undefined || tagMap === UNKNOWN || isInvalid(tagMap) ? {} : Object.fromEntries(Object.entries(tagMap).filter((e): e is [string, string] => typeof e[1] === "string"));
        const component = parentOfType(stack, db, ...componentTypeTokens);
        const encrypted = asBoolean(db.get("storageEncrypted"));
        const publicly = asBoolean(db.get("publiclyAccessible"));
        targets.push({
            db,
            kind,
            readReplica: role === "read-replica",
            ...(identifier ? { identifier } : {}),
            ...(arn ? { arn } : {}),
            ...(parsed?.region ? { region: parsed.region } : str(db.get("region")) ? { region: str(db.get("region")) } : {}),
            ...(parsed?.account ? { account: parsed.account } : {}),
            declared: {
                ...(typeof encrypted === "boolean" ? { storageEncrypted: encrypted } : {}),
                ...(str(db.get("kmsKeyId")) ? { kmsKeyId: str(db.get("kmsKeyId")) } : {}),
                ...(typeof publicly === "boolean" ? { publiclyAccessible: publicly } : {}),
                ...(str(db.get("engine")) ? { engine: str(db.get("engine")) } : {}),
            },
            backupRules,
            restoreTesting,
            alarmNames: [...alarmNames].sort(),
            healthCheck,
            appUserSecrets: appUserSecrets(db),
            tags,
            ...(component ? { component: { type: component.type, name: component.name } } : {}),
            members: memberResources.map((m) => awsIdentifierOf(m)).filter((m): m is string => typeof m === "string"),
            validationChecks: component ? declaredChecks(stack.byUrn(db.parent!)) : [],
        });
    }
    return targets;
}

/** The component's restore validation checks, from its registered inputs; none when it declares none. */
function declaredChecks(component: ResourceUnderCheck | undefined): Target["validationChecks"] {
    const queries = asObjectList(component?.get<ComponentInputs>("backup.restoreValidation.queries"));
    if (!Array.isArray(queries)) return [];
    return queries.flatMap((q) => {
        if (q === UNKNOWN) return [];
        const sql = str(q.sql);
        if (!sql) return [];
        const database = str(q.database);
        return [{ name: str(q.name) ?? sql, sql, ...(database ? { database } : {}) }];
    });
}

/** Whether a restore testing selection names this database: of its resource type, and linked, by its exact ARN, or "*". */
function restoreSelectionNames(stack: StackUnderCheck, selection: ResourceUnderCheck, db: ResourceUnderCheck, arn: string | undefined): boolean {
    const type = str(selection.get("protectedResourceType"));
    const wanted = db.type === types.cluster ? restoreTestingResourceTypes.cluster : restoreTestingResourceTypes.instance;
    if (type !== undefined && type !== wanted) return false;
    const linked = stack.referencedBy(selection, "protectedResourceArns", types.instance, types.cluster);
    if (linked !== UNKNOWN && linked.includes(db)) return true;
    const raw = normalise(unwrap(selection.get("protectedResourceArns")));
    if (!Array.isArray(raw)) return false;
    return raw.some((e) => e === "*" || (arn !== undefined && e === arn));
}

/**
 * App-user secrets: the secrets an app-user provisioner's invocation (an aws.lambda.Invocation
 * whose input depends on the database) passes to it, as the components declare them.
 */
function appUserSecretIndex(stack: StackUnderCheck): (db: ResourceUnderCheck) => Array<{ label: string; arn: string }> {
    return (db) => {
        const out = new Map<string, { label: string; arn: string }>();
        for (const invocation of stack.dependentsOf(db, types.lambdaInvocation)) {
            const secrets = stack.referencedBy(invocation, "input", types.secret);
            for (const secret of secrets === UNKNOWN ? [] : secrets) {
                const arn = str(secret.get("arn")) ?? str(secret.get("id"));
                if (arn) out.set(arn, { label: secret.label, arn });
            }
        }
        return [...out.values()];
    };
}
