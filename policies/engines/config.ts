// Config checklist item for DocumentDB, Neptune, Redshift and Redshift Serverless: parameter groups,
// names, version upgrades; the RDS policies dispatch here where the property differs from RDS.
import { docdbTypes } from "../../aws-facts/docdb";
import { neptuneTypes } from "../../aws-facts/neptune";
import { redshiftDefaultDatabaseName, redshiftDefaults, redshiftTypes } from "../../aws-facts/redshift";
import { argsOf } from "../lib/databases";
import { ResourceReport } from "../lib/define";
import { parameterGroupName } from "../lib/parameter-groups";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asString } from "../lib/values";
import { requireBoolean } from "./settings";
import { docdbNeptuneClusterTypes, docdbNeptuneInstanceTypes } from "./types";

/** Where each cluster names its (cluster) parameter group, and the class that makes one. */
export const parameterGroupSlots: Record<string, { property: string; groupType: string; groupClass: string; family: string }> = {
    [docdbTypes.cluster]: { property: "dbClusterParameterGroupName", groupType: docdbTypes.clusterParameterGroup, groupClass: "aws.docdb.ClusterParameterGroup", family: "docdb5.0" },
    [neptuneTypes.cluster]: {
        property: "neptuneClusterParameterGroupName",
        groupType: neptuneTypes.clusterParameterGroup,
        groupClass: "aws.neptune.ClusterParameterGroup",
        family: "neptune1.3",
    },
    [redshiftTypes.cluster]: { property: "clusterParameterGroupName", groupType: redshiftTypes.parameterGroup, groupClass: "aws.redshift.ParameterGroup", family: "redshift-1.0" },
};
export const customParameterGroupTypes = Object.keys(parameterGroupSlots);

export function checkCustomParameterGroup(db: ResourceUnderCheck, report: ResourceReport): void {
    const slot = parameterGroupSlots[db.type];
    if (!slot) return;
    const named = parameterGroupName({ holder: db, property: slot.property, groupType: slot.groupType });
    if (named.kind === "unknown") return report.unknown(slot.property);
    if (named.kind === "custom") return;
    report.violation({
        property: slot.property,
        seen: named.raw,
        wanted: `the name of a custom ${slot.groupClass}, not a default.* group, which cannot be modified${named.raw === undefined ? " (unset means the engine's default group)" : ""}`,
        fix: `create an ${slot.groupClass} (e.g. \`family: "${slot.family}"\`) and set \`${slot.property}: group.name\` in ${argsOf(db)}.`,
    });
}

/** Minor upgrades: cluster instances take autoMinorVersionUpgrade (default true); clusters the maintenance window; Redshift allowVersionUpgrade. */
export const minorUpgradeTypes = [...docdbNeptuneClusterTypes, ...docdbNeptuneInstanceTypes, redshiftTypes.cluster] as const;
/** The clusters whose instances inherit their preferredMaintenanceWindow (like Aurora). */
export const maintenanceWindowClusterTypes: readonly string[] = [...docdbNeptuneClusterTypes, redshiftTypes.cluster];

export function checkRedshiftVersionUpgrade(db: ResourceUnderCheck, report: ResourceReport): void {
    if (db.type !== redshiftTypes.cluster) return;
    requireBoolean(db, report, "allowVersionUpgrade", true, redshiftDefaults.allowVersionUpgrade, { why: "so engine fixes are applied in the maintenance window" });
}

/** The AWS-visible names of each resource: database names and identifiers. */
export const namedProperties: Record<string, readonly string[]> = {
    [docdbTypes.cluster]: ["clusterIdentifier"],
    [docdbTypes.clusterInstance]: ["identifier"],
    [neptuneTypes.cluster]: ["clusterIdentifier"],
    [neptuneTypes.clusterInstance]: ["identifier"],
    [redshiftTypes.cluster]: ["databaseName", "clusterIdentifier"],
    [redshiftTypes.namespace]: ["dbName", "namespaceName"],
    [redshiftTypes.workgroup]: ["workgroupName"],
};
export const testNameTypes = Object.keys(namedProperties);

/** Redshift's first database is "dev" when unset: a default name production should not keep (CKV_AWS_320). */
const defaultDatabaseProperty: Record<string, string> = {
    [redshiftTypes.cluster]: "databaseName",
    [redshiftTypes.namespace]: "dbName",
};

export function checkRedshiftDefaultDatabaseName(db: ResourceUnderCheck, report: ResourceReport): void {
    const property = defaultDatabaseProperty[db.type];
    if (!property) return;
    const raw = db.get(property);
    const name = asString(raw);
    if (name === UNKNOWN) return report.unknown(property);
    if (typeof name === "string" && name.trim() !== "" && name.trim().toLowerCase() !== redshiftDefaultDatabaseName) return;
    report.violation({
        property,
        seen: raw,
        wanted: `a database name that says what it holds, not Redshift's default "${redshiftDefaultDatabaseName}"${raw === undefined ? ` (unset means "${redshiftDefaultDatabaseName}")` : ""}`,
        fix: `set \`${property}: "${db.name.toLowerCase().replace(/[^a-z0-9_]+/g, "_")}"\` in ${argsOf(db)} (this replaces the database: do it before go-live).`,
    });
}
