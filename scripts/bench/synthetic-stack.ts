// Synthetic stacks of a given size for the benchmark, built from the compliant fixture
// (test/fixtures/compliant-stack.ts): one shared network, backup plan and alert topic, and N copies
// of the PostgreSQL instance with everything it needs (parameter group, security group and rule,
// alarms, log groups, event subscription, backup and restore-test selections, health check), each
// copy with its own names, identifiers and ARNs so that nothing links across copies by accident.
// Every `nonCompliantEvery`-th database misses several checklist items on purpose.
import type { ResourceInput } from "../../policies/evaluate";
import { compliantInstanceStack } from "../../test/fixtures/compliant-stack";
import { types } from "../../aws-facts/resource-types";

/** Backup plan, vaults, restore-testing plan and the backup-failure rule: one per stack, not per database. */
const sharedRenames: Array<[RegExp, string]> = [
    [/orders-db-vault/g, "stack-vault"],
    [/orders-db-plan/g, "stack-plan"],
    [/orders_db_restore_test/g, "stack_restore_test"],
    [/orders-db-restore-test(?!-selection)/g, "stack-restore-test"],
    [/orders-db-backup-failed/g, "stack-backup-failed"],
];
/** What makes a copy of the database its own. */
const perDatabase = /orders-db|orders_db|orders-pg16|db-ABCDEFG|sg-db|db-sg|db-from-app/g;

interface Template {
    shared: ResourceInput[];
    perDatabase: string;
}

let template: Template | undefined;

function databaseTemplate(): Template {
    if (template) return template;
    let json = JSON.stringify(compliantInstanceStack());
    for (const [pattern, name] of sharedRenames) json = json.replace(pattern, name);
    const all = JSON.parse(json) as ResourceInput[];
    const isPerDatabase = (r: ResourceInput) => new RegExp(perDatabase.source).test(JSON.stringify(r));
    template = { shared: all.filter((r) => !isPerDatabase(r)), perDatabase: JSON.stringify(all.filter(isPerDatabase)) };
    return template;
}

/**
 * How copies of the database collide, for the report's worst cases: "none" (each copy its own),
 * "ids" (every copy keeps the template's AWS names, ids and ARNs, so each literal reference
 * matches every copy; resources stay apart by name and URN), "names" (every copy keeps the
 * template's resource names; URNs stay apart through a per-copy parent type).
 */
export type Collision = "none" | "ids" | "names";

const rename = (text: string, i: number) => text.replace(perDatabase, (token) => (token === "db-ABCDEFG" ? `${token}${i}` : `${token}-${i}`));

/** The resources of database number `i` (its name is `orders-db-<i>`). */
function database(i: number, compliant: boolean, collision: Collision = "none"): ResourceInput[] {
    const template = databaseTemplate().perDatabase;
    const copy = (
        collision === "none"
            ? JSON.parse(rename(template, i))
            : (JSON.parse(template) as ResourceInput[]).map((r) =>
                  collision === "ids"
                      ? {
                            ...r,
                            name: rename(r.name, i),
                            ...(r.dependencies ? { dependencies: r.dependencies.map((d) => rename(d, i)) } : {}),
                            ...(r.parent ? { parent: rename(r.parent, i) } : {}),
                            ...(r.propertyDependencies ? { propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map((d) => rename(d, i))])) } : {}),
                        }
                      : {
                            ...r,
                            props: JSON.parse(rename(JSON.stringify(r.props), i)),
                            urn: `urn:pulumi:production::db-preflight::bench:copy${i}:Database$${r.type}::${r.name}`,
                            ...(r.dependencies ? { dependencies: [] } : {}),
                            ...(r.propertyDependencies ? { propertyDependencies: {} } : {}),
                            ...(r.parent ? { parent: undefined } : {}),
                        },
              )
    ) as ResourceInput[];
    if (compliant) return copy;
    return copy.map((r) => {
        if (r.type === types.instance) {
            const tags = { ...(r.props.tags as Record<string, string>) };
            delete tags.runbook;
            return {
                ...r,
                props: { ...r.props, backupRetentionPeriod: 1, deletionProtection: false, publiclyAccessible: true, storageEncrypted: false, tags },
            };
        }
        if (r.type === types.securityGroup) {
            return { ...r, props: { ...r.props, ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] } };
        }
        return r;
    });
}

export interface SyntheticStack {
    resources: ResourceInput[];
    databases: number;
    nonCompliant: number;
}

/** About `size` resources: the shared ones plus as many databases as fit. */
export function syntheticStack(size: number, nonCompliantEvery = 4, collision: Collision = "none"): SyntheticStack {
    const { shared } = databaseTemplate();
    const unit = (JSON.parse(databaseTemplate().perDatabase) as unknown[]).length;
    const databases = Math.max(1, Math.round((size - shared.length) / unit));
    const resources = [...shared];
    let nonCompliant = 0;
    for (let i = 0; i < databases; i++) {
        const compliant = nonCompliantEvery <= 0 || i % nonCompliantEvery !== nonCompliantEvery - 1;
        if (!compliant) nonCompliant++;
        resources.push(...database(i, compliant, collision));
    }
    return { resources, databases, nonCompliant };
}
