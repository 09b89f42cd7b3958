// Security groups, parameter groups, subnets and KMS keys are often shared by several databases.
// Stack policies collect, for each such resource, the databases that use it, judge the resource
// once, and name those databases in the finding (which is reported on the resource itself).
import type { ResourceUnderCheck } from "./resource";

export interface Usage {
    resource: ResourceUnderCheck;
    databases: ResourceUnderCheck[];
}

export class UsedBy {
    private readonly byUrn = new Map<string, { resource: ResourceUnderCheck; databases: Set<ResourceUnderCheck> }>();

    add(resource: ResourceUnderCheck, database: ResourceUnderCheck): void {
        const usage = this.byUrn.get(resource.urn);
        if (usage) usage.databases.add(database);
        else this.byUrn.set(resource.urn, { resource, databases: new Set([database]) });
    }

    *usages(): Iterable<Usage> {
        for (const { resource, databases } of this.byUrn.values()) yield { resource, databases: [...databases] };
    }
}

/** `aws.rds.Instance "a", aws.rds.Cluster "b" and 2 more`: the databases a finding concerns. */
export function databasesPhrase(databases: readonly ResourceUnderCheck[], shown = 3): string {
    const labels = databases.slice(0, shown).map((d) => d.label);
    const rest = databases.length - labels.length;
    if (rest > 0) return `${labels.join(", ")} and ${rest} more`;
    if (labels.length <= 1) return labels.join("");
    return `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
}
