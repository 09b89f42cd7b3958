import { arnMatches, isArnPattern, matchesWildcard, parseArn } from "../../aws-facts/arn";

describe("parseArn", () => {
    it("splits an ARN into its five parts, keeping colons inside the resource", () => {
        expect(parseArn("arn:aws:rds:us-east-1:123456789012:db:orders-db")).toEqual({
            partition: "aws",
            service: "rds",
            region: "us-east-1",
            account: "123456789012",
            resource: "db:orders-db",
        });
        expect(parseArn("arn:aws-us-gov:backup:us-gov-west-1:123456789012:backup-vault:main")?.partition).toBe("aws-us-gov");
    });

    it("keeps region and account empty for global resources", () => {
        expect(parseArn("arn:aws:iam::123456789012:role/backup")).toEqual({
            partition: "aws",
            service: "iam",
            region: "",
            account: "123456789012",
            resource: "role/backup",
        });
        expect(parseArn("arn:aws:s3:::my-bucket/key")).toMatchObject({ region: "", account: "", resource: "my-bucket/key" });
    });

    it.each([
        ["not an ARN", "orders-db"],
        ["too few parts", "arn:aws:rds:us-east-1"],
        ["no partition", "arn::rds:us-east-1:1:db:x"],
        ["no service", "arn:aws::us-east-1:1:db:x"],
        ["a number", 42],
        ["null", null],
        ["undefined", undefined],
    ])("returns undefined for %s", (_, value) => {
        expect(parseArn(value)).toBeUndefined();
    });
});

describe("matchesWildcard", () => {
    it.each([
        ["prod*", "production", true],
        ["*rod*", "production", true],
        ["*", "", true],
        ["", "", true],
        ["", "x", false],
        ["d?", "db", true],
        ["d?", "d", false],
        ["a*b*c", "aXXbYYc", true],
        ["a*b*c", "aXXbYY", false],
        ["*.example.com", "db.example.com", true],
        ["db.example.com", "dbXexample.com", false],
        ["Prod", "prod", false],
    ])("%j against %j is %s", (pattern, value, expected) => {
        expect(matchesWildcard(pattern, value)).toBe(expected);
    });

    it("stays fast on adversarial patterns", () => {
        const started = Date.now();
        expect(matchesWildcard("*a*a*a*a*a*a*a*a*a*b", "a".repeat(5000))).toBe(false);
        expect(Date.now() - started).toBeLessThan(500);
    });
});

describe("arnMatches", () => {
    const db = "arn:aws:rds:us-east-1:123456789012:db:orders-db";
    const cluster = "arn:aws:rds:us-east-1:123456789012:cluster:ledger";

    it("matches the lone wildcard against anything", () => {
        expect(arnMatches("*", db)).toBe(true);
        expect(arnMatches("*", "not-an-arn")).toBe(true);
    });

    it("matches AWS Backup resource-type patterns component by component", () => {
        expect(arnMatches("arn:aws:rds:*:*:db:*", db)).toBe(true);
        expect(arnMatches("arn:aws:rds:*:*:db:*", cluster)).toBe(false);
        expect(arnMatches("arn:aws:rds:*:*:cluster:*", cluster)).toBe(true);
        expect(arnMatches("arn:aws:rds:us-west-2:*:db:*", db)).toBe(false);
        expect(arnMatches("arn:aws:rds:*:999999999999:db:*", db)).toBe(false);
        expect(arnMatches("arn:aws:rds:us-east-?:*:db:orders-*", db)).toBe(true);
    });

    it("never lets a wildcard in one component swallow the next", () => {
        // As a plain string, "arn:aws:rds:*:db:*" would match; as ARN components the region "*" cannot take the account.
        expect(arnMatches("arn:aws:rds:*:db:*", db)).toBe(false);
    });

    it("matches exact ARNs exactly and case-sensitively", () => {
        expect(arnMatches(db, db)).toBe(true);
        expect(arnMatches(db.toUpperCase(), db)).toBe(false);
        expect(arnMatches(db, `${db}-2`)).toBe(false);
    });

    it("falls back to a whole-string match when the pattern is not an ARN", () => {
        expect(arnMatches("arn:aws:rds:*", db)).toBe(true);
        expect(arnMatches("arn:aws:s3*", db)).toBe(false);
    });

    it("tells patterns from exact ARNs", () => {
        expect(isArnPattern("arn:aws:rds:*:*:db:*")).toBe(true);
        expect(isArnPattern("arn:aws:rds:us-east-1:1:db:?")).toBe(true);
        expect(isArnPattern(db)).toBe(false);
    });
});
