import type * as aws from "@pulumi/aws";
import { parseArn } from "../aws/arn";
import { types } from "../aws/resource-types";
import { defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, Unknown, asObjectList, asString, isInvalid } from "../lib/values";
import { locationOf, ownsBackups, selectionsOf } from "./backup-selection";
import { Verdict, allOf, anyOf, isPending, pending } from "./verdict";

type Location = ReturnType<typeof locationOf>;

/** Whether a vault ARN lies in another region or another account than the database. */
function leavesHome(vaultArn: string, home: Location, seen: string[]): Verdict {
    const vault = parseArn(vaultArn);
    if (vault === undefined) return false;
    seen.push(vaultArn);
    const differs = (ours: string | Unknown | undefined, theirs: string, what: "region" | "arn"): Verdict =>
        typeof ours === "string" ? ours !== theirs : pending(what);
    // The database's account is read from its ARN.
    return anyOf([differs(home.region, vault.region, "region"), differs(home.account, vault.account, "arn")]);
}

/** Whether a backup plan in the stack has a rule copying recovery points out of the database's region or account. */
function planCopiesOut(plan: ResourceUnderCheck, home: Location, seen: string[]): Verdict {
    const rules = asObjectList(plan.get<aws.backup.PlanArgs>("rules"));
    if (rules === UNKNOWN) return pending(`rules of ${plan.label}`);
    if (rules === undefined || isInvalid(rules)) return false;
    const verdicts: Verdict[] = [];
    for (const rule of rules) {
        if (rule === UNKNOWN) {
            verdicts.push(pending(`rules of ${plan.label}`));
            continue;
        }
        const copies = asObjectList(rule.copyActions);
        if (copies === UNKNOWN) verdicts.push(pending(`rules.copyActions of ${plan.label}`));
        if (!Array.isArray(copies)) continue;
        for (const copy of copies) {
            const destination = copy === UNKNOWN ? UNKNOWN : asString(copy.destinationVaultArn);
            if (destination === UNKNOWN) verdicts.push(pending(`copyActions.destinationVaultArn of ${plan.label}`));
            else if (typeof destination === "string") verdicts.push(leavesHome(destination, home, seen));
        }
    }
    return anyOf(verdicts);
}

/** Instances whose automated backups are replicated to another region, by URN; replications whose source is unknown. */
function replicatedInstances(stack: StackUnderCheck): { replicated: Set<string>; unlinked: ResourceUnderCheck[] } {
    const replicated = new Set<string>();
    const unlinked: ResourceUnderCheck[] = [];
    for (const replication of stack.ofType(types.automatedBackupsReplication)) {
        const sources = stack.referencedBy(replication, "sourceDbInstanceArn", types.instance);
        if (sources === UNKNOWN) unlinked.push(replication);
        else for (const db of sources) replicated.add(db.urn);
    }
    return { replicated, unlinked };
}

export const dbOffsiteCopy = defineStackPolicy({
    name: "db-offsite-copy",
    checklistItem: "backups",
    description:
        "A copy of each database's backups leaves its region or account: automated backups replication (instances), or a copy action of the AWS Backup plan that selects it to a vault in another region or account.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "For an aws.rds.Instance: add an aws.rds.InstanceAutomatedBackupsReplication with `sourceDbInstanceArn: db.arn`, created with a provider for another region. " +
        "For any database selected by an AWS Backup plan: add `copyActions: [{ destinationVaultArn: drVault.arn }]` to a rule of the plan, where drVault is an aws.backup.Vault in another region or account. " +
        "Read replicas and Aurora cluster members are covered by their source or cluster.",
    peers: [],
    config: {},
    judges: [types.instance, types.cluster],
    check(stack, _config, report) {
        const { replicated, unlinked } = replicatedInstances(stack);
        for (const db of stack.ofType(types.instance, types.cluster)) {
            if (!ownsBackups(db)) continue;
            const home = locationOf(db);
            const isInstance = db.type === types.instance;
            const verdicts: Verdict[] = [];
            const notes: string[] = [];
            const destinations: string[] = [];
            if (isInstance) {
                if (replicated.has(db.urn)) continue;
                for (const r of unlinked) verdicts.push(pending(`sourceDbInstanceArn of ${r.label}`));
            }
            for (const match of selectionsOf(stack, db)) {
                if (match.verdict === false) continue;
                if (match.plan === undefined) {
                    notes.push(`${match.selection.label} belongs to a plan outside this stack, whose copy actions cannot be checked`);
                    continue;
                }
                verdicts.push(allOf([match.verdict, planCopiesOut(match.plan, home, destinations)]));
            }
            const verdict = anyOf(verdicts);
            if (verdict === true) continue;
            if (isPending(verdict)) {
                report.unknown(db, verdict.pending);
                continue;
            }
            const where = typeof home.region === "string" ? ` than ${home.region}` : "";
            report.violation(db, {
                property: "backup copy outside the region",
                seen: destinations.length > 0 ? destinations : undefined,
                wanted:
                    (isInstance ? "automated backups replicated to another region (aws.rds.InstanceAutomatedBackupsReplication), or " : "") +
                    `a copy action of the backup plan selecting it, to a vault in another region or account${where}` +
                    (notes.length > 0 ? ` (${notes.join("; ")})` : ""),
                fix:
                    (isInstance
                        ? `add \`new aws.rds.InstanceAutomatedBackupsReplication("${db.name}-dr", { sourceDbInstanceArn: db.arn }, { provider: drRegionProvider })\`, or `
                        : "") +
                    `add \`copyActions: [{ destinationVaultArn: drVault.arn }]\` to a rule of the aws.backup.Plan selecting it, where \`db\` is the ${db.label} and \`drVault\` an aws.backup.Vault in another region.`,
            });
        }
    },
});
