import { unsetMaintenanceWindow } from "../../aws-facts/capacity";
import { apiDefaults } from "../../aws-facts/rds";
import { redshiftDefaults } from "../../aws-facts/redshift";
import { types } from "../../aws-facts/resource-types";
import { DatabaseArgs, argsOf, databaseRole, databaseTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asBoolean, asString } from "../lib/values";
import { isKeyValueStore } from "../lib/key-value-stores";
import { checkStoreMinorUpgrades, remediateStoreMinorUpgrades, upgradedStoreTypes } from "./key-value-stores";
import { checkRedshiftVersionUpgrade, maintenanceWindowClusterTypes, minorUpgradeTypes } from "../engines/config";

/** Where the maintenance window is set; undefined where it is inherited (Aurora cluster instances take the cluster's). */
function windowProperty(db: ResourceUnderCheck): "maintenanceWindow" | "preferredMaintenanceWindow" | undefined {
    if (db.type === types.cluster || maintenanceWindowClusterTypes.includes(db.type)) return "preferredMaintenanceWindow";
    if (db.type === types.instance && databaseRole(db) !== "aurora-member") return "maintenanceWindow";
    return undefined;
}

/** autoMinorVersionUpgrade as set: anything but true or unset (API default true) needs fixing. */
function upgradesOff(db: ResourceUnderCheck): boolean | typeof UNKNOWN {
    const value = asBoolean(db.get<DatabaseArgs>("autoMinorVersionUpgrade"));
    if (value === UNKNOWN) return UNKNOWN;
    return !(value === undefined || value === true);
}

export const dbMinorUpgrades = defineResourcePolicy({
    name: "db-minor-upgrades",
    checklistItem: "config",
    description: "Minor engine versions (security and bug fixes) are applied automatically, in a maintenance window the team chose.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Leave `autoMinorVersionUpgrade` unset or true on the aws.rds.Instance, aws.rds.Cluster and aws.rds.ClusterInstance, and set a quiet window: " +
        '`maintenanceWindow: "sun:05:00-sun:06:00"` (UTC) on the aws.rds.Instance, `preferredMaintenanceWindow` on the aws.rds.Cluster (its cluster instances inherit it). ' +
        "At level remediate the policy turns autoMinorVersionUpgrade back on; the window needs a decision and is left to you. " +
        "ElastiCache replication groups and clusters, MemoryDB clusters: `autoMinorVersionUpgrade` and `maintenanceWindow` (serverless caches are upgraded by AWS)." +
        ` DocumentDB and Neptune: \`autoMinorVersionUpgrade\` on each cluster instance and \`preferredMaintenanceWindow\` on the cluster; Redshift: \`allowVersionUpgrade\` (unset means ${redshiftDefaults.allowVersionUpgrade}) and \`preferredMaintenanceWindow\`.`,
    peers: ["CKV_AWS_226", "Security Hub RDS.13", "Security Hub ElastiCache.2", "CKV_AWS_141", "cdk-nag AwsSolutions-N2", "cdk-nag AwsSolutions-RS9", "Security Hub Redshift.6"],
    config: {},
    resourceTypes: [...databaseTypes, ...upgradedStoreTypes, ...minorUpgradeTypes],
    check(db, _config, report) {
        if (isKeyValueStore(db)) return checkStoreMinorUpgrades(db, report);
        checkRedshiftVersionUpgrade(db, report);
        const raw = db.get("autoMinorVersionUpgrade");
        const off = upgradesOff(db);
        if (off === UNKNOWN) report.unknown("autoMinorVersionUpgrade");
        else if (off) {
            report.violation({
                property: "autoMinorVersionUpgrade",
                seen: raw,
                wanted: `true (unset means ${apiDefaults.autoMinorVersionUpgrade})`,
                fix: `set \`autoMinorVersionUpgrade: true\` (or remove it) in ${argsOf(db)}.`,
            });
        }
        const property = windowProperty(db);
        if (property === undefined) return;
        const rawWindow = db.get(property);
        const window = asString(rawWindow);
        if (window === UNKNOWN) return report.unknown(property);
        if (typeof window === "string" && window.trim() !== "") return;
        report.violation({
            property,
            seen: rawWindow,
            wanted: `a weekly window in UTC, e.g. "sun:05:00-sun:06:00"${rawWindow === undefined ? ` (unset: ${unsetMaintenanceWindow}, which may fall in business hours)` : ""}`,
            fix: `set \`${property}: "sun:05:00-sun:06:00"\` (a quiet hour for this database, UTC) in ${argsOf(db)}.`,
        });
    },
    // Turning minor upgrades back on is an in-place update that needs no decision; the window does.
    remediate(db) {
        if (isKeyValueStore(db)) return remediateStoreMinorUpgrades(db);
        return upgradesOff(db) === true ? { autoMinorVersionUpgrade: true } : undefined;
    },
});
