// Log groups whose retention falls short, for db-log-retention's RDS and ElastiCache checks.
import { ResourceUnderCheck } from "../lib/resource";
import { asNumber } from "../lib/values";

/**
 * A lookup of the log groups in a list whose retentionInDays is not a known number of at least
 * `minDays` (unknown, unset, 0, too short or malformed), worked out once per list. In a state that
 * repeats one database identifier thousands of databases name the same thousands of groups: going
 * through the groups that pass again for each database would be quadratic.
 */
export function retentionShortfalls(minDays: number): (groups: readonly ResourceUnderCheck[]) => readonly ResourceUnderCheck[] {
    const shortOf = new WeakMap<readonly ResourceUnderCheck[], readonly ResourceUnderCheck[]>();
    return (groups) => {
        let short = shortOf.get(groups);
        if (!short) {
            short = groups.filter((group) => {
                const days = asNumber(group.get("retentionInDays"));
                return !(typeof days === "number" && days >= minDays);
            });
            shortOf.set(groups, short);
        }
        return short;
    };
}
