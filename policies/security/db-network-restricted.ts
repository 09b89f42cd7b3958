import { z } from "zod";
import { defaultMinPrefixLength, defaultSecurityGroupName, isOverBroad, parseCidr } from "../../aws-facts/network";
import { typeLabel, types } from "../../aws-facts/resource-types";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { PolicyConfigOf, StackReport, defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck, maxMatchesPerValue } from "../lib/stack";
import { UNKNOWN, asObjectList, asString, asStringList, indexedObjects, isInvalid, normalise } from "../lib/values";
import { securityGroupIdsTypes, securityGroupsProperty, vpcSecurityGroupIdsTypes } from "../engines/security";
import { UsedBy, databasesPhrase } from "../lib/shared-resources";
import { isKeyValueStore, keyValueRole } from "../lib/key-value-stores";
import { securityGroupStoreTypes } from "./key-value-stores";

const config = {
    minIpv4PrefixLength: z
        .number()
        .int()
        .min(1)
        .max(32)
        .default(defaultMinPrefixLength.ipv4)
        .describe("IPv4 CIDR blocks with a shorter prefix (wider than /8 by default) are refused in a database's security groups; 0.0.0.0/0 always is."),
    minIpv6PrefixLength: z
        .number()
        .int()
        .min(1)
        .max(128)
        .default(defaultMinPrefixLength.ipv6)
        .describe("IPv6 CIDR blocks with a shorter prefix (wider than /32 by default) are refused in a database's security groups; ::/0 always is."),
};
type Config = PolicyConfigOf<typeof config>;

const groupTypes = [types.securityGroup, types.defaultSecurityGroup];
const ruleTypes = [types.securityGroupRule, types.securityGroupIngressRule];
const groupIdentities = ["id", "arn", "name"];

function isVpcDefaultGroup(group: ResourceUnderCheck): boolean {
    if (group.type === types.defaultSecurityGroup) return true;
    const name = asString(group.get("name"));
    return typeof name === "string" && name.trim().toLowerCase() === defaultSecurityGroupName;
}

/**
 * The groups a database names: those linked through its dependencies, plus groups of the stack
 * named by value (referencedBy stops at the dependencies when there are any, so a literal ID next
 * to a linked group would otherwise look like a group outside the stack).
 */
function namedGroups(stack: StackUnderCheck, db: ResourceUnderCheck, property: string): readonly ResourceUnderCheck[] | typeof UNKNOWN {
    const linked = stack.referencedBy(db, property, ...groupTypes);
    if (linked === UNKNOWN) return UNKNOWN;
    const byValue = stack.referencedBy({ ...db, propertyDependencies: {} }, property, ...groupTypes);
    // Thousands of groups sharing one ID exist only in a state that repeats resources: then the
    // engine's links (and literals they do not explain) decide, so the check stays linear.
    if (byValue === UNKNOWN || byValue.length > maxMatchesPerValue) return linked;
    return [...new Set([...linked, ...byValue])];
}

function identifies(group: ResourceUnderCheck, value: string): boolean {
    return groupIdentities.some((key) => asString(group.get(key)) === value);
}

/** Why each offending block is refused: "0.0.0.0/0 admits every address", "\"10.0.0.0\" is not a CIDR block". */
function explain(blocks: readonly string[]): string {
    return blocks
        .map((b) => {
            const cidr = parseCidr(b);
            if (!cidr) return `${JSON.stringify(b)} is not a CIDR block`;
            return cidr.prefixLength === 0 ? `${b.trim()} admits every address` : `${b.trim()} is a /${cidr.prefixLength}`;
        })
        .join("; ");
}

interface CidrCheck {
    /** The resource that holds the blocks: a security group (inline ingress) or a rule. */
    holder: ResourceUnderCheck;
    /** The property as the message names it, e.g. `ingress[0].cidrBlocks`. */
    property: string;
    raw: unknown;
    databases: readonly ResourceUnderCheck[];
    fix: string;
}

function checkCidrs(c: CidrCheck, config: Config, report: StackReport): void {
    // A lone string is read as a one-block list; an unknown (the whole list from an Output<string[]>
    // at preview) stays unknown rather than being parsed as a block.
    const raw = normalise(c.raw);
    const values = typeof raw === "string" ? [raw] : asStringList(raw);
    if (values === UNKNOWN) return report.unknown(c.holder, c.property);
    if (values === undefined) return;
    const limits = { ipv4: config.minIpv4PrefixLength, ipv6: config.minIpv6PrefixLength };
    const bad = isInvalid(values)
        ? []
        : values.filter((v) => {
              const cidr = parseCidr(v);
              return cidr === undefined || isOverBroad(cidr, limits);
          });
    if (!isInvalid(values) && bad.length === 0) return;
    report.violation(c.holder, {
        property: c.property,
        seen: c.raw,
        wanted: `no CIDR block wider than /${limits.ipv4} (IPv4) or /${limits.ipv6} (IPv6) in a security group of ${databasesPhrase(c.databases)}` + (bad.length > 0 ? ` (${explain(bad)})` : ""),
        fix: c.fix,
    });
}

const clientsFix = "the clients' security group";

function checkGroup(stack: StackUnderCheck, group: ResourceUnderCheck, databases: readonly ResourceUnderCheck[], config: Config, report: StackReport): void {
    const groupArgs = `the ${typeLabel(group.type)} args of ${JSON.stringify(group.name)}`;
    const ingressRaw = group.get("ingress");
    const ingress = asObjectList(ingressRaw);
    if (ingress === UNKNOWN) report.unknown(group, "ingress");
    else if (isInvalid(ingress)) {
        report.violation(group, { property: "ingress", seen: ingressRaw, wanted: "a list of ingress rules", fix: `fix \`ingress\` in ${groupArgs}.` });
    } else if (ingress !== undefined) {
        for (const [i, rule] of indexedObjects(ingressRaw).objects) {
            if (rule === UNKNOWN) {
                report.unknown(group, `ingress[${i}]`);
                continue;
            }
            for (const key of ["cidrBlocks", "ipv6CidrBlocks"]) {
                checkCidrs(
                    {
                        holder: group,
                        property: `ingress[${i}].${key}`,
                        raw: rule[key],
                        databases,
                        fix: `in ${groupArgs}, replace \`${key}\` of ingress[${i}] with \`securityGroups: [clientSecurityGroup.id]\` (${clientsFix}) or the clients' own CIDR blocks.`,
                    },
                    config,
                    report,
                );
            }
        }
    }

    for (const rule of stack.dependentsOf(group, ...ruleTypes)) {
        // A rule can depend on this group as its source; only rules attached to it count.
        const target = stack.referencedBy(rule, "securityGroupId", ...groupTypes);
        if (target === UNKNOWN) {
            report.unknown(rule, "securityGroupId");
            continue;
        }
        if (!target.includes(group)) continue;
        const ruleArgs = `the ${typeLabel(rule.type)} args of ${JSON.stringify(rule.name)}`;
        if (rule.type === types.securityGroupRule) {
            const direction = asString(rule.get("type"));
            if (direction === UNKNOWN) {
                report.unknown(rule, "type");
                continue;
            }
            if (direction !== "ingress") continue;
            for (const key of ["cidrBlocks", "ipv6CidrBlocks"]) {
                checkCidrs(
                    {
                        holder: rule,
                        property: key,
                        raw: rule.get(key),
                        databases,
                        fix: `in ${ruleArgs}, replace \`${key}\` with \`sourceSecurityGroupId: clientSecurityGroup.id\` (${clientsFix}) or the clients' own CIDR blocks.`,
                    },
                    config,
                    report,
                );
            }
        } else {
            for (const key of ["cidrIpv4", "cidrIpv6"]) {
                checkCidrs(
                    {
                        holder: rule,
                        property: key,
                        raw: rule.get(key),
                        databases,
                        fix: `in ${ruleArgs}, replace \`${key}\` with \`referencedSecurityGroupId: clientSecurityGroup.id\` (${clientsFix}) or the clients' own CIDR block.`,
                    },
                    config,
                    report,
                );
            }
        }
    }
}

export const dbNetworkRestricted = defineStackPolicy({
    name: "db-network-restricted",
    checklistItem: "security",
    description: "Each database has its own security groups (not the VPC default), and none of them admits the whole internet (0.0.0.0/0, ::/0 or another over-broad CIDR block).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Create an aws.ec2.SecurityGroup for the database that admits the database port only from the clients' security group " +
        "(`securityGroups: [app.id]` inline, `sourceSecurityGroupId` on aws.ec2.SecurityGroupRule, `referencedSecurityGroupId` on aws.vpc.SecurityGroupIngressRule), " +
        "and set `vpcSecurityGroupIds: [dbSecurityGroup.id]` on the aws.rds.Instance or aws.rds.Cluster (`securityGroupIds` on ElastiCache replication groups, clusters, serverless caches and MemoryDB clusters). Unset means the VPC's default group. " +
        "Aurora cluster instances use the cluster's groups and are not judged separately." +
        " aws.docdb.Cluster, aws.neptune.Cluster and aws.redshift.Cluster take the same `vpcSecurityGroupIds`; aws.redshiftserverless.Workgroup names its groups in `securityGroupIds`.",
    peers: [],
    config,
    judges: [
        ...storageOwnerTypes,
        types.elasticacheReplicationGroup,
        types.elasticacheCluster,
        types.elasticacheServerlessCache,
        types.memorydbCluster,
        ...vpcSecurityGroupIdsTypes,
        ...securityGroupIdsTypes,
    ],
    check(stack, config, report) {
        const groups = new UsedBy();
        for (const db of stack.ofType(...storageOwnerTypes, ...securityGroupStoreTypes, ...vpcSecurityGroupIdsTypes, ...securityGroupIdsTypes)) {
            if (databaseRole(db) === "aurora-member" || keyValueRole(db) === "replication-group-node") continue;
            // ElastiCache, MemoryDB and Redshift Serverless workgroups name their groups in securityGroupIds.
            const property = isKeyValueStore(db) ? "securityGroupIds" : securityGroupsProperty(db);
            const raw = db.get(property);
            const ids = asStringList(raw);
            const ownGroupFix = `set \`${property}: [dbSecurityGroup.id]\` in ${argsOf(db)}, with an aws.ec2.SecurityGroup that admits only the clients' security group on the database port.`;
            if (isInvalid(ids)) {
                report.violation(db, { property, seen: raw, wanted: "a list of security group IDs", fix: ownGroupFix });
                continue;
            }
            if (ids === undefined || (Array.isArray(ids) && ids.length === 0)) {
                report.violation(db, {
                    property,
                    seen: raw,
                    wanted: "the database's own security groups (unset or empty means the VPC's default security group)",
                    fix: ownGroupFix,
                });
                continue;
            }
            const linked = namedGroups(stack, db, property);
            if (linked === UNKNOWN) {
                report.unknown(db, property);
                continue;
            }
            for (const group of linked) {
                if (isVpcDefaultGroup(group)) {
                    report.violation(db, {
                        property,
                        seen: raw,
                        wanted: `the database's own security groups, not the VPC's default group (${group.label})`,
                        fix: ownGroupFix,
                    });
                }
                groups.add(group, db);
            }
            if (ids === UNKNOWN) continue;
            // IDs no group of the stack answers to (allowing for linked groups whose ID is not known yet).
            const unseen = ids.filter((id) => !linked.some((g) => identifies(g, id)));
            const unidentified = linked.filter((g) => typeof asString(g.get("id")) !== "string").length;
            if (unseen.length > unidentified) {
                report.note(
                    db,
                    `${property} names ${unseen.join(", ")}, which ${unseen.length === 1 ? "is" : "are"} not in this stack, so this policy cannot check ` +
                        `that ${unseen.length === 1 ? "it is" : "they are"} not the VPC's default group and admit${unseen.length === 1 ? "s" : ""} no 0.0.0.0/0 or ::/0; ` +
                        `manage the database's security group in this stack, or check its rules by hand.`,
                );
            }
        }
        for (const { resource, databases } of groups.usages()) checkGroup(stack, resource, databases, config, report);
    },
});
