import { z } from "zod";
import { testDatabaseNames } from "../../aws-facts/rds";
import { types } from "../../aws-facts/resource-types";
import { argsOf, databaseTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asString, isInvalid } from "../lib/values";
import { keyValueStoreTypes } from "../lib/key-value-stores";
import { storeNameProperties } from "./key-value-stores";
import { checkRedshiftDefaultDatabaseName, namedProperties as otherNamedProperties, testNameTypes } from "../engines/config";

/** The AWS-visible names of each kind of database: its database name and its identifier. */
const namedProperties: Record<string, readonly string[]> = {
    [types.instance]: ["dbName", "identifier"],
    [types.cluster]: ["databaseName", "clusterIdentifier"],
    [types.clusterInstance]: ["identifier"],
    ...storeNameProperties,
};

/**
 * Whether a name is one of the listed words, as a whole name, case-insensitively, optionally with
 * a "db"/"database" suffix ("test", "TEST", "test-db", "test_db", "testdb", "demo_database").
 * Names that merely contain a word ("contest", "test-results", "orders-demo") are not flagged:
 * precision over recall, since a mandatory policy blocks deployments.
 */
export function isThrowawayName(name: string, words: readonly string[]): boolean {
    const n = name.trim().toLowerCase();
    return words.some((word) => {
        const w = word.trim().toLowerCase();
        return w !== "" && (n === w || n === `${w}db` || n === `${w}-db` || n === `${w}_db` || n === `${w}database` || n === `${w}-database` || n === `${w}_database`);
    });
}

export const dbNoTestDatabase = defineResourcePolicy({
    name: "db-no-test-database",
    checklistItem: "config",
    description: "Production databases are not named like a test or throwaway database (test, demo, example, sample, tmp, mydb).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Give the database a name that says what it holds: `dbName` and `identifier` on the aws.rds.Instance, `databaseName` and `clusterIdentifier` on the aws.rds.Cluster, " +
        "`identifier` on the aws.rds.ClusterInstance, `name` on the aws.dynamodb.Table, aws.elasticache.ServerlessCache and aws.memorydb.Cluster, `replicationGroupId` / `clusterId` on ElastiCache. Changing them replaces the database: do it before go-live. " +
        "Names are compared whole and case-insensitively, also with a db/database suffix (test-db, test_db, testdb); names that only contain the word are not flagged." +
        " DocumentDB and Neptune: `clusterIdentifier` and each instance's `identifier`; Redshift: `databaseName` and `clusterIdentifier`; Redshift Serverless: `dbName`, `namespaceName`, `workgroupName`. A Redshift database left at Redshift's default name dev (databaseName / dbName unset) is flagged too.",
    peers: ["CKV_AWS_320 (Redshift only)", "Security Hub Redshift.9"],
    config: {
        names: z
            .array(z.string().min(1))
            .default([...testDatabaseNames])
            .describe("Names (whole, case-insensitive, optionally with a db/database suffix) that mark a test or throwaway database."),
    },
    resourceTypes: [...databaseTypes, ...keyValueStoreTypes, ...testNameTypes],
    check(db, config, report) {
        checkRedshiftDefaultDatabaseName(db, report);
        for (const property of namedProperties[db.type] ?? otherNamedProperties[db.type] ?? []) {
            const raw = db.get(property);
            const name = asString(raw);
            if (name === UNKNOWN) {
                report.unknown(property);
                continue;
            }
            if (isInvalid(name)) {
                report.violation({ property, seen: raw, wanted: "a name (a string)", fix: `set \`${property}\` to a name that says what the database holds in ${argsOf(db)}.` });
                continue;
            }
            if (name === undefined || !isThrowawayName(name, config.names)) continue;
            report.violation({
                property,
                seen: raw,
                wanted: `a name that is not a test or throwaway name (${config.names.join(", ")})`,
                fix: `set \`${property}\` to a name that says what the database holds in ${argsOf(db)} (this replaces the database: do it before go-live).`,
            });
        }
    },
});
