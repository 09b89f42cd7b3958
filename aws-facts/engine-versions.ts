// Which engine versions each RDS engine takes, as patterns: a version of another engine ("16" for
// MySQL, "8.0" for PostgreSQL, "16.6" for Aurora MySQL) passes Pulumi and fails only in
// CreateDBInstance / CreateDBCluster. Sources: RDS User Guide "Supported PostgreSQL / MySQL /
// MariaDB versions" (PostgreSQL majors 9.6 and 10+, written "16" or "16.4", extended-support minors
// "11.22-rds.20240418"; MySQL 5.7, 8.0, 8.4; MariaDB 10.x and 11.x), Aurora User Guide "Aurora
// PostgreSQL releases" (11+), "Aurora MySQL version numbers" ("8.0.mysql_aurora.3.08.2": the MySQL
// version, then the Aurora release). `aws rds describe-db-engine-versions --engine <engine>` lists
// what a region offers today; the patterns accept future minors and majors of the same shape.

export const engineVersionFacts: Record<string, { pattern: RegExp; examples: string[]; label: string }> = {
    postgres: { pattern: /^(9\.6|[1-9]\d)(\.\d+)?(-rds\.\d{8})?$/, examples: ["16", "16.4"], label: "PostgreSQL" },
    mysql: { pattern: /^(5\.7|8\.[0-9])(\.\d+)?$/, examples: ["8.0", "8.4.3"], label: "MySQL" },
    mariadb: { pattern: /^1[01]\.\d+(\.\d+)?$/, examples: ["10.11", "11.4.4"], label: "MariaDB" },
    "aurora-postgresql": { pattern: /^(1[1-9]|[2-9]\d)(\.\d+)?$/, examples: ["16", "16.6"], label: "Aurora PostgreSQL" },
    "aurora-mysql": { pattern: /^(5\.7|8\.0)\.mysql_aurora\.\d+\.\d+(\.\d+)?$/, examples: ["8.0.mysql_aurora.3.08.2"], label: "Aurora MySQL" },
};

const article = (label: string) => `${/^[AEIOU]/.test(label) ? "an" : "a"} ${label}`;

/** Why `version` is not a version of `engine`, or undefined when it is one (or the engine is not known here). */
export function engineVersionProblem(engine: string, version: string): string | undefined {
    const facts = engineVersionFacts[engine];
    if (facts === undefined || facts.pattern.test(version)) return undefined;
    const other = Object.entries(engineVersionFacts).find(([e, f]) => e !== engine && f.pattern.test(version));
    const looksLike = other === undefined ? "" : ` (it looks like ${article(other[1].label)} version)`;
    return (
        `is not ${article(facts.label)} version${looksLike}; write one like ${facts.examples.map((e) => JSON.stringify(e)).join(" or ")}, ` +
        `or leave engineVersion out for the default (aws rds describe-db-engine-versions --engine ${engine} lists them)`
    );
}
