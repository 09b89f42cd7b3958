import type * as aws from "@pulumi/aws";
import { parseArn } from "../../aws-facts/arn";
import { accountIdPattern, backupVaultArnPrefix } from "../../aws-facts/backup";
import { regionOf } from "../lib/provider";
import { types } from "../../aws-facts/resource-types";
import { defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, Unknown, asObjectList, asString, isInvalid } from "../lib/values";
import { locationOf, ownsBackups, selectionsOf } from "./backup-selection";
import { Verdict, allOf, anyOf, isPending, pending } from "./verdict";

type Location = ReturnType<typeof locationOf>;

/** Whether a copy destination is a backup vault in another region or another account than the database. */
function leavesHome(vaultArn: string, home: Location, seen: string[]): Verdict {
    seen.push(vaultArn);
    const vault = parseArn(vaultArn);
    // Only a real vault ARN says where the copy goes: a blank region or account, or another kind of ARN, proves nothing.
    if (vault === undefined || vault.service !== "backup" || !vault.resource.startsWith(backupVaultArnPrefix)) return false;
    if (vault.region === "" || !accountIdPattern.test(vault.account)) return false;
    const differs = (ours: string | Unknown | undefined, theirs: string, what: "region" | "arn"): Verdict => (typeof ours === "string" ? ours !== theirs : pending(what));
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

/** Where an automated backups replication puts the backups: its `region`, its provider's, or the region in its ARN (`id`). */
function destinationRegionOf(replication: ResourceUnderCheck): string | Unknown | undefined {
    const region = regionOf(replication);
    if (region !== undefined) return region;
    const arn = parseArn(asString(replication.get("id")));
    return arn?.region || undefined;
}

/** Automated backups replications by the instance they replicate (URN); replications whose source is unknown. */
function replicationsByInstance(stack: StackUnderCheck): { bySource: Map<string, ResourceUnderCheck[]>; unlinked: ResourceUnderCheck[] } {
    const bySource = new Map<string, ResourceUnderCheck[]>();
    const unlinked: ResourceUnderCheck[] = [];
    for (const replication of stack.ofType(types.automatedBackupsReplication)) {
        const sources = stack.referencedBy(replication, "sourceDbInstanceArn", types.instance);
        if (sources === UNKNOWN) unlinked.push(replication);
        else for (const db of sources) bySource.set(db.urn, [...(bySource.get(db.urn) ?? []), replication]);
    }
    return { bySource, unlinked };
}

/** Whether a replication of the database's backups lands in another region; why not, in `notes`. */
function replicatesOut(replication: ResourceUnderCheck, home: Location, notes: string[]): Verdict {
    const destination = destinationRegionOf(replication);
    if (destination === UNKNOWN) return pending(`region of ${replication.label}`);
    if (destination === undefined) {
        notes.push(`${replication.label} names no region (no \`region\`, no provider region, no ARN), so where it replicates to cannot be told`);
        return false;
    }
    if (home.region === UNKNOWN || home.region === undefined) return pending("region");
    if (destination === home.region) {
        notes.push(`${replication.label} replicates to ${destination}, the database's own region`);
        return false;
    }
    return true;
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
        const { bySource, unlinked } = replicationsByInstance(stack);
        for (const db of stack.ofType(types.instance, types.cluster)) {
            if (!ownsBackups(db)) continue;
            const home = locationOf(db);
            const isInstance = db.type === types.instance;
            const verdicts: Verdict[] = [];
            const notes: string[] = [];
            const destinations: string[] = [];
            if (isInstance) {
                for (const replication of bySource.get(db.urn) ?? []) verdicts.push(replicatesOut(replication, home, notes));
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
                    (isInstance ? `add \`new aws.rds.InstanceAutomatedBackupsReplication("${db.name}-dr", { sourceDbInstanceArn: db.arn }, { provider: drRegionProvider })\`, or ` : "") +
                    `add \`copyActions: [{ destinationVaultArn: drVault.arn }]\` to a rule of the aws.backup.Plan selecting it, where \`db\` is the ${db.label} and \`drVault\` an aws.backup.Vault in another region.`,
            });
        }
    },
});
