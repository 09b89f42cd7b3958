// Amazon Resource Names: parsing and the wildcard matching AWS uses for ARN patterns.
//
// Format (AWS General Reference, "Amazon Resource Names"):
//   arn:partition:service:region:account-id:resource
// The resource part may itself contain ":" or "/" (e.g. "db:orders", "backup-vault:main"); region
// and account are empty for global resources (IAM roles, S3 buckets).
//
// Matching follows IAM's ArnLike: each of the six colon-delimited components is matched on its own,
// with `*` for any run of characters (including none) and `?` for exactly one; matching is
// case-sensitive. AWS Backup selections use the same patterns ("arn:aws:rds:*:*:db:*") and accept
// a lone "*" for every resource.

export interface Arn {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

/** The parts of an ARN, or undefined when the value is not an ARN. */
export function parseArn(value: unknown): Arn | undefined {
    if (typeof value !== "string" || !value.startsWith("arn:")) return undefined;
    const parts = value.split(":");
    if (parts.length < 6) return undefined;
    const [, partition, service, region, account, ...resource] = parts;
    if (partition === "" || service === "") return undefined;
    return { partition, service, region, account, resource: resource.join(":") };
}

/**
 * Whether `value` matches a pattern with `*` (any run, including none) and `?` (one character;
 * pass `questionMark: false` for syntaxes where only `*` is special, like EventBridge's).
 */
export function matchesWildcard(pattern: string, value: string, questionMark = true): boolean {
    // Iterative matcher with single-star backtracking: linear in practice, no regular expressions
    // built from user input (nothing to escape, no catastrophic backtracking).
    let p = 0;
    let v = 0;
    let starAt = -1;
    let resumeAt = 0;
    while (v < value.length) {
        if (p < pattern.length && ((questionMark && pattern[p] === "?") || pattern[p] === value[v])) {
            p++;
            v++;
        } else if (p < pattern.length && pattern[p] === "*") {
            starAt = p++;
            resumeAt = v;
        } else if (starAt >= 0) {
            p = starAt + 1;
            v = ++resumeAt;
        } else {
            return false;
        }
    }
    while (p < pattern.length && pattern[p] === "*") p++;
    return p === pattern.length;
}

/**
 * Whether an ARN matches an ARN pattern. A lone "*" matches everything; a pattern that is itself an
 * ARN is matched component by component (so `*` in the region never swallows the account); any
 * other pattern is matched against the whole string.
 */
export function arnMatches(pattern: string, arn: string): boolean {
    if (pattern === "*") return true;
    const p = parseArn(pattern);
    const a = parseArn(arn);
    if (p === undefined || a === undefined) return matchesWildcard(pattern, arn);
    return (
        matchesWildcard(p.partition, a.partition) &&
        matchesWildcard(p.service, a.service) &&
        matchesWildcard(p.region, a.region) &&
        matchesWildcard(p.account, a.account) &&
        matchesWildcard(p.resource, a.resource)
    );
}

/** True when a pattern holds a wildcard, i.e. it can match more than one ARN. */
export function isArnPattern(pattern: string): boolean {
    return pattern.includes("*") || pattern.includes("?");
}
