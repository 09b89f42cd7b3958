// Network facts and CIDR parsing for the security policies: which CIDR blocks are too wide to let
// reach a database, what the default VPC looks like, how an internet gateway is named.

/** A parsed CIDR block: address family and prefix length (the address itself is not needed). */
export interface Cidr {
    family: 4 | 6;
    prefixLength: number;
}

/**
 * Parses an IPv4 ("10.0.0.0/16") or IPv6 ("2001:db8::/56", "::ffff:10.0.0.0/104") CIDR block,
 * tolerating surrounding blanks; undefined when the text is not a CIDR block. Host bits are allowed
 * (only the prefix length matters here), so "::0/0", "0:0:0:0:0:0:0:0/0" and "0.0.0.0/00" are all
 * recognised as "everything".
 */
export function parseCidr(text: string): Cidr | undefined {
    const match = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
    if (!match) return undefined;
    const [, address, prefix] = match;
    const prefixLength = Number(prefix);
    if (isIpv4(address)) return prefixLength <= 32 ? { family: 4, prefixLength } : undefined;
    if (isIpv6(address)) return prefixLength <= 128 ? { family: 6, prefixLength } : undefined;
    return undefined;
}

function isIpv4(address: string): boolean {
    const parts = address.split(".");
    return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(address: string): boolean {
    const halves = address.split("::");
    if (halves.length > 2) return false;
    const groupsOf = (half: string) => (half === "" ? [] : half.split(":"));
    const groups = halves.flatMap(groupsOf);
    // A dotted IPv4 tail ("::ffff:10.0.0.1") stands for the last two groups.
    let count = groups.length;
    const last = groups[groups.length - 1];
    if (last !== undefined && last.includes(".")) {
        if (!isIpv4(last)) return false;
        groups.pop();
        count += 1;
    }
    if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
    return halves.length === 2 ? count <= 7 : count === 8;
}

/**
 * The narrowest prefix lengths that still count as "one network" rather than "a slice of the
 * internet". IPv4 /8 is the largest block ever assigned to one organisation (and the whole of
 * 10.0.0.0/8); IPv6 /32 is the block a regional registry gives one ISP (a VPC gets a /56).
 */
export const defaultMinPrefixLength = { ipv4: 8, ipv6: 32 } as const;

/** True when the block is wider than allowed: 0.0.0.0/0, ::/0, and also 0.0.0.0/1 + 128.0.0.0/1 and the like. */
export function isOverBroad(cidr: Cidr, minPrefixLength: { ipv4: number; ipv6: number }): boolean {
    return cidr.prefixLength < (cidr.family === 4 ? minPrefixLength.ipv4 : minPrefixLength.ipv6);
}

/** Internet gateway IDs start with "igw-" (EC2 API reference, InternetGateway InternetGatewayId). */
export const internetGatewayIdPrefix = "igw-";

/**
 * Every VPC has a security group named "default" that cannot be deleted, and no other group may
 * take that name (Amazon VPC User Guide, "Default security groups for your VPCs").
 */
export const defaultSecurityGroupName = "default";

/**
 * Where RDS places a database that has no DB subnet group: the default VPC, whose default subnets
 * map public IPv4 addresses on launch and whose main route table sends 0.0.0.0/0 to an internet
 * gateway (Amazon VPC User Guide, "Default VPCs").
 */
export const defaultVpcPlacement = "the default VPC, whose subnets map public IPs and route to an internet gateway";

/** A new subnet maps no public IPs unless asked: MapPublicIpOnLaunch defaults to false (EC2 API reference, Subnet). */
export const subnetMapPublicIpOnLaunchDefault = false;
