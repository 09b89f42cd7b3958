import { defaultMinPrefixLength, isOverBroad, parseCidr } from "../../aws-facts/network";

describe("parseCidr", () => {
    it.each([
        ["10.0.0.0/16", { family: 4, prefixLength: 16 }],
        ["0.0.0.0/0", { family: 4, prefixLength: 0 }],
        [" 0.0.0.0/0 ", { family: 4, prefixLength: 0 }],
        ["0.0.0.0/00", { family: 4, prefixLength: 0 }],
        ["192.168.1.7/32", { family: 4, prefixLength: 32 }],
        ["::/0", { family: 6, prefixLength: 0 }],
        ["::0/0", { family: 6, prefixLength: 0 }],
        ["0:0:0:0:0:0:0:0/0", { family: 6, prefixLength: 0 }],
        ["2001:DB8::/56", { family: 6, prefixLength: 56 }],
        ["2001:db8:0:1:2:3:4:5/128", { family: 6, prefixLength: 128 }],
        ["::ffff:10.0.0.0/104", { family: 6, prefixLength: 104 }],
        ["fe80::1/64", { family: 6, prefixLength: 64 }],
    ])("reads %j", (text, expected) => {
        expect(parseCidr(text)).toEqual(expected);
    });

    it.each([
        ["no prefix", "10.0.0.0"],
        ["prefix too long (IPv4)", "10.0.0.0/33"],
        ["prefix too long (IPv6)", "::/129"],
        ["octet over 255", "256.0.0.0/8"],
        ["three octets", "10.0.0/8"],
        ["two double colons", "2001::db8::/32"],
        ["too many groups", "1:2:3:4:5:6:7:8:9/64"],
        ["too few groups without ::", "1:2:3:4/64"],
        ["group too long", "12345::/16"],
        ["not hex", "2001:zz::/32"],
        ["a word", "anywhere"],
        ["empty", ""],
        ["blank inside", "0.0.0.0 /0"],
        ["negative prefix", "0.0.0.0/-1"],
    ])("refuses %s", (_, text) => {
        expect(parseCidr(text)).toBeUndefined();
    });
});

describe("isOverBroad", () => {
    const check = (text: string) => isOverBroad(parseCidr(text)!, defaultMinPrefixLength);

    it("refuses the whole internet in any spelling, and halves of it", () => {
        for (const text of ["0.0.0.0/0", "::/0", "::0/0", "0.0.0.0/1", "128.0.0.0/1", "2000::/3"]) expect(check(text)).toBe(true);
    });

    it("accepts networks of one organisation: 10.0.0.0/8, a VPC, a /32 host, an IPv6 /32 to /128", () => {
        for (const text of ["10.0.0.0/8", "10.0.0.0/16", "203.0.113.5/32", "2001:db8::/32", "2001:db8:1::/56"]) expect(check(text)).toBe(false);
    });

    it("follows the limits it is given", () => {
        expect(isOverBroad(parseCidr("10.0.0.0/16")!, { ipv4: 24, ipv6: 64 })).toBe(true);
        expect(isOverBroad(parseCidr("2001:db8::/56")!, { ipv4: 24, ipv6: 64 })).toBe(true);
    });
});
