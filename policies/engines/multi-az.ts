// db-multi-az for DocumentDB, Neptune and Redshift. DocumentDB and Neptune clusters are Aurora-like:
// they survive an AZ failure only with a second instance (a replica in another AZ to fail over to).
// A Redshift cluster needs multiAz (RA3 node types). Redshift Serverless spreads a workgroup over its
// subnets' AZs by design and is not judged.
import { docdbTypes } from "../../aws-facts/docdb";
import { neptuneTypes } from "../../aws-facts/neptune";
import { redshiftDefaults, redshiftTypes } from "../../aws-facts/redshift";
import { typeLabel } from "../../aws-facts/resource-types";
import { argsOf } from "../lib/databases";
import { StackReport } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asBoolean, asString, asStringList } from "../lib/values";

const memberTypes: Record<string, string> = {
    [docdbTypes.cluster]: docdbTypes.clusterInstance,
    [neptuneTypes.cluster]: neptuneTypes.clusterInstance,
};

function checkInstanceSpread(stack: StackUnderCheck, clusterType: string, minInstances: number, report: StackReport): void {
    const memberType = memberTypes[clusterType];
    const members = new Map<string, ResourceUnderCheck[]>();
    let unresolved: ResourceUnderCheck | undefined;
    for (const member of stack.ofType(memberType)) {
        const clusters = stack.referencedBy(member, "clusterIdentifier", clusterType);
        if (clusters === UNKNOWN) unresolved ??= member;
        else {
            for (const c of clusters) {
                const list = members.get(c.urn);
                if (list) list.push(member);
                else members.set(c.urn, [member]);
            }
        }
    }
    const memberClass = typeLabel(memberType);
    for (const cluster of stack.ofType(clusterType)) {
        // Neptune and DocumentDB take the zones a cluster may use; fewer than two cannot survive an AZ failure (cdk-nag N1).
        const zonesRaw = cluster.get("availabilityZones");
        const clusterZones = asStringList(zonesRaw);
        if (clusterZones === UNKNOWN) report.unknown(cluster, "availabilityZones");
        else if (Array.isArray(clusterZones) && clusterZones.length > 0 && new Set(clusterZones).size < 2) {
            report.violation(cluster, {
                property: "availabilityZones",
                seen: zonesRaw,
                wanted: "at least two Availability Zones (or unset, so AWS uses the subnet group's zones)",
                fix: `remove \`availabilityZones\` or list at least two zones in ${argsOf(cluster)}.`,
            });
        }
        const instances = members.get(cluster.urn) ?? [];
        if (instances.length < minInstances && unresolved) {
            report.unknown(cluster, `clusterIdentifier of ${unresolved.label}`);
            continue;
        }
        checkMembersSpread(cluster, instances, { minInstances, memberClass, takesOver: "a replica in another AZ takes over when the primary's AZ fails" }, report);
    }
}

/**
 * Shared by Aurora, DocumentDB and Neptune clusters: at least minInstances members, in two
 * Availability Zones or more (a member with no zone is placed by AWS, which spreads them).
 */
export function checkMembersSpread(
    cluster: ResourceUnderCheck,
    instances: readonly ResourceUnderCheck[],
    wanted: { minInstances: number; memberClass: string; takesOver: string },
    report: StackReport,
): void {
    const { minInstances, memberClass } = wanted;
    if (instances.length < minInstances) {
        report.violation(cluster, {
            property: "cluster instances",
            seen: instances.length,
            wanted:
                `at least ${minInstances} ${memberClass} resources with clusterIdentifier set to this cluster, so ${wanted.takesOver}` +
                (instances.length > 0 ? ` (found ${instances.map((i) => i.label).join(", ")})` : ""),
            fix: `add ${minInstances - instances.length === 1 ? `an ${memberClass}` : `${minInstances - instances.length} ${memberClass} resources`} with \`clusterIdentifier: cluster.id\` (availabilityZone unset, or a zone the others are not in).`,
        });
        return;
    }
    const zones: string[] = [];
    for (const instance of instances) {
        const az = asString(instance.get("availabilityZone"));
        if (az === UNKNOWN) return report.unknown(cluster, `availabilityZone of ${instance.label}`);
        // An instance with no zone is placed by AWS, which spreads a cluster's instances across zones.
        if (typeof az !== "string" || az.trim() === "") return;
        zones.push(az.trim());
    }
    if (new Set(zones).size >= 2) return;
    report.violation(cluster, {
        property: "availabilityZone of its cluster instances",
        seen: [...new Set(zones)],
        wanted: "at least two distinct Availability Zones (or availabilityZone unset, so AWS spreads them)",
        fix: `set a different \`availabilityZone\` (or none) on one of ${instances.map((i) => i.label).join(", ")}.`,
    });
}

export function checkDocdbNeptuneRedshiftMultiAz(stack: StackUnderCheck, minInstances: number, report: StackReport): void {
    checkInstanceSpread(stack, docdbTypes.cluster, minInstances, report);
    checkInstanceSpread(stack, neptuneTypes.cluster, minInstances, report);
    for (const cluster of stack.ofType(redshiftTypes.cluster)) {
        const raw = cluster.get("multiAz");
        const value = asBoolean(raw);
        if (value === UNKNOWN) {
            report.unknown(cluster, "multiAz");
            continue;
        }
        if ((value ?? redshiftDefaults.multiAz) === true) continue;
        report.violation(cluster, {
            property: "multiAz",
            seen: raw,
            wanted: `true, compute in a second Availability Zone that takes over when the first fails${raw === undefined ? ` (unset means ${redshiftDefaults.multiAz})` : ""}`,
            fix: `set \`multiAz: true\` in ${argsOf(cluster)} (Multi-AZ needs an RA3 node type, e.g. \`nodeType: "ra3.xlplus"\`).`,
        });
    }
}

/** What db-multi-az judges for these services (for the README reference). */
export const multiAzTypes = [docdbTypes.cluster, docdbTypes.clusterInstance, neptuneTypes.cluster, neptuneTypes.clusterInstance, redshiftTypes.cluster] as const;
