import { defaultVpcPlacement, internetGatewayIdPrefix, subnetMapPublicIpOnLaunchDefault } from "../../aws-facts/network";
import { typeLabel, types } from "../../aws-facts/resource-types";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { StackReport, defineStackPolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { StackUnderCheck } from "../lib/stack";
import { UNKNOWN, asBoolean, asObjectList, asString, indexedObjects, isInvalid } from "../lib/values";
import { UsedBy, databasesPhrase } from "../lib/shared-resources";
import { cacheTypes } from "../lib/key-value-stores";
import { cacheSubnetGroups, serverlessCacheSubnets } from "./key-value-stores";

/** A route to an internet gateway, as the message shows it ("0.0.0.0/0 via igw-1"), or what is not known yet. */
type RouteFinding = { internet: string } | { pending: ResourceUnderCheck; property: string };

const argsOfResource = (r: ResourceUnderCheck) => `the ${typeLabel(r.type)} args of ${JSON.stringify(r.name)}`;

function destinationOf(route: Record<string, unknown>, cidrKey: string, ipv6Key: string): string {
    const v4 = asString(route[cidrKey]);
    const v6 = asString(route[ipv6Key]);
    return typeof v4 === "string" ? v4 : typeof v6 === "string" ? v6 : "a destination";
}

/**
 * The routes of a route table that lead to an internet gateway: inline `routes` and aws.ec2.Route
 * resources attached to it. A gateway counts when its ID starts with "igw-" or it is an
 * aws.ec2.InternetGateway of the stack. Any destination counts: a subnet with a route to an
 * internet gateway is a public subnet (Amazon VPC User Guide, "Subnets for your VPC").
 */
function internetRoutes(stack: StackUnderCheck, table: ResourceUnderCheck): RouteFinding[] {
    const found: RouteFinding[] = [];
    const routesRaw = table.get("routes");
    const routes = asObjectList(routesRaw);
    if (routes === UNKNOWN) found.push({ pending: table, property: "routes" });
    else if (Array.isArray(routes)) {
        const routesLinkAGateway = (table.propertyDependencies.routes ?? []).some((u) => stack.byUrn(u)?.type === types.internetGateway);
        for (const [i, route] of indexedObjects(routesRaw).objects) {
            if (route === UNKNOWN) {
                found.push({ pending: table, property: `routes[${i}]` });
                continue;
            }
            const gateway = asString(route.gatewayId);
            const via = (gw: string) => found.push({ internet: `${destinationOf(route, "cidrBlock", "ipv6CidrBlock")} via ${gw}` });
            if (gateway === UNKNOWN) {
                // Computed from a gateway of this stack: the routes depend on an internet gateway.
                if (routesLinkAGateway) via("an aws.ec2.InternetGateway of this stack");
                else found.push({ pending: table, property: `routes[${i}].gatewayId` });
            } else if (typeof gateway === "string") {
                const gateways = stack.referencedBy(table, `routes.${i}.gatewayId`, types.internetGateway);
                if (gateway.startsWith(internetGatewayIdPrefix) || (gateways !== UNKNOWN && gateways.length > 0)) via(gateway);
            }
        }
    }
    for (const route of stack.dependentsOf(table, types.route)) {
        const target = stack.referencedBy(route, "routeTableId", types.routeTable);
        if (target === UNKNOWN) {
            found.push({ pending: route, property: "routeTableId" });
            continue;
        }
        if (!target.includes(table)) continue;
        const gateways = stack.referencedBy(route, "gatewayId", types.internetGateway);
        if (gateways === UNKNOWN) {
            found.push({ pending: route, property: "gatewayId" });
            continue;
        }
        const gateway = asString(route.get("gatewayId"));
        const destination = destinationOf(route.props, "destinationCidrBlock", "destinationIpv6CidrBlock");
        if (gateways.length > 0) found.push({ internet: `${destination} via ${gateways[0].label} (${route.label})` });
        else if (typeof gateway === "string" && gateway.startsWith(internetGatewayIdPrefix)) found.push({ internet: `${destination} via ${gateway} (${route.label})` });
    }
    return found;
}

function checkSubnet(stack: StackUnderCheck, subnet: ResourceUnderCheck, databases: readonly ResourceUnderCheck[], routesOf: (table: ResourceUnderCheck) => RouteFinding[], report: StackReport): void {
    const inGroupOf = `a subnet in the DB subnet group of ${databasesPhrase(databases)}`;
    const raw = subnet.get("mapPublicIpOnLaunch");
    const mapsPublicIps = asBoolean(raw);
    if (mapsPublicIps === UNKNOWN) report.unknown(subnet, "mapPublicIpOnLaunch");
    else if (mapsPublicIps === true || isInvalid(mapsPublicIps)) {
        report.violation(subnet, {
            property: "mapPublicIpOnLaunch",
            seen: raw,
            wanted: `${subnetMapPublicIpOnLaunchDefault} (unset means ${subnetMapPublicIpOnLaunchDefault}) for ${inGroupOf}`,
            fix: `set \`mapPublicIpOnLaunch: false\` in ${argsOfResource(subnet)}, or put the databases in private subnets.`,
        });
    }

    for (const association of stack.dependentsOf(subnet, types.routeTableAssociation)) {
        const linked = stack.referencedBy(association, "subnetId", types.subnet);
        if (linked === UNKNOWN) {
            report.unknown(association, "subnetId");
            continue;
        }
        if (!linked.includes(subnet)) continue;
        const tables = stack.referencedBy(association, "routeTableId", types.routeTable);
        if (tables === UNKNOWN) {
            report.unknown(association, "routeTableId");
            continue;
        }
        for (const table of tables) {
            const internet = routesOf(table).flatMap((f) => ("internet" in f ? [f.internet] : []));
            if (internet.length === 0) continue;
            report.violation(association, {
                property: "routeTableId",
                seen: association.get("routeTableId"),
                wanted: `a route table with no route to an internet gateway for ${subnet.label}, ${inGroupOf} ` + `(${table.label} routes ${internet.join(", ")})`,
                fix: `in ${argsOfResource(association)}, set \`routeTableId\` to a private route table (outbound traffic through a NAT gateway), or put the databases in private subnets.`,
            });
        }
    }
}

export const dbPrivateSubnets = defineStackPolicy({
    name: "db-private-subnets",
    checklistItem: "security",
    description: "Databases live in private subnets: the subnets of their DB subnet group map no public IPs and have no route to an internet gateway.",
    severity: "high",
    enforcementLevel: "advisory",
    remediationSteps:
        "Give each aws.rds.Instance / aws.rds.Cluster a `dbSubnetGroupName` whose aws.rds.SubnetGroup lists private subnets: " +
        "aws.ec2.Subnet with `mapPublicIpOnLaunch` unset or false, associated (aws.ec2.RouteTableAssociation) with a route table whose routes " +
        "go to a NAT gateway, never to an aws.ec2.InternetGateway. Without a subnet group the database lands in the default VPC, whose subnets are public. " +
        "Subnets and subnet groups outside the stack (literal IDs or names) cannot be seen and are not judged; read replicas without a subnet group use their source's. " +
        "ElastiCache and MemoryDB: the subnets of the aws.elasticache.SubnetGroup / aws.memorydb.SubnetGroup named by `subnetGroupName`; serverless caches: their `subnetIds`.",
    peers: ["Security Hub RDS.46 (runtime only)"],
    config: {},
    judges: [...storageOwnerTypes, types.elasticacheReplicationGroup, types.elasticacheCluster, types.elasticacheServerlessCache, types.memorydbCluster],
    check(stack, _config, report) {
        const subnetGroups = new UsedBy();
        for (const db of stack.ofType(...storageOwnerTypes)) {
            const role = databaseRole(db);
            if (role === "aurora-member") continue;
            const raw = db.get("dbSubnetGroupName");
            if (raw === undefined) {
                // A same-region read replica is placed in its source's subnet group.
                if (role === "read-replica") continue;
                report.violation(db, {
                    property: "dbSubnetGroupName",
                    seen: undefined,
                    wanted: `a DB subnet group of private subnets (unset places the database in ${defaultVpcPlacement})`,
                    fix: `set \`dbSubnetGroupName\` to an aws.rds.SubnetGroup of private subnets in ${argsOf(db)}.`,
                });
                continue;
            }
            const groups = stack.referencedBy(db, "dbSubnetGroupName", types.subnetGroup);
            if (groups === UNKNOWN) {
                report.unknown(db, "dbSubnetGroupName");
                continue;
            }
            for (const group of groups) subnetGroups.add(group, db);
        }
        for (const db of stack.ofType(...cacheTypes)) for (const group of cacheSubnetGroups(stack, db, report)) subnetGroups.add(group, db);

        const subnets = new UsedBy();
        for (const db of stack.ofType(types.elasticacheServerlessCache)) for (const subnet of serverlessCacheSubnets(stack, db, report)) subnets.add(subnet, db);
        for (const { resource: group, databases } of subnetGroups.usages()) {
            const members = stack.referencedBy(group, "subnetIds", types.subnet);
            if (members === UNKNOWN) {
                report.unknown(group, "subnetIds");
                continue;
            }
            for (const subnet of members) for (const db of databases) subnets.add(subnet, db);
        }

        // Route tables are shared by many subnets: look at each once, and note what is unknown once.
        const routesByTable = new Map<string, RouteFinding[]>();
        const routesOf = (table: ResourceUnderCheck) => {
            let found = routesByTable.get(table.urn);
            if (!found) {
                routesByTable.set(table.urn, (found = internetRoutes(stack, table)));
                for (const f of found) if ("pending" in f) report.unknown(f.pending, f.property);
            }
            return found;
        };
        for (const { resource: subnet, databases } of subnets.usages()) checkSubnet(stack, subnet, databases, routesOf, report);
    },
});
