// Users checklist item for DocumentDB, Redshift and Redshift Serverless: where each names its master
// (admin) user and password, and when that user comes from elsewhere. Neptune has no master user: it
// authenticates with IAM (db-iam-auth judges iamDatabaseAuthenticationEnabled).
import { docdbDefaults, docdbInheritedMasterUserProperties, docdbTypes } from "../../aws-facts/docdb";
import { neptuneDefaults, neptuneTypes } from "../../aws-facts/neptune";
import { redshiftDefaults, redshiftInheritedMasterUserProperties, redshiftServerlessDefaults, redshiftTypes } from "../../aws-facts/redshift";
import { ResourceReport } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { requireBoolean } from "./settings";

export interface MasterUserSlot {
    username: string;
    password: string;
    writeOnlyPassword: string;
    /** The switch that has the service keep the password in Secrets Manager. */
    managed: string;
    /** What the service does when `managed` is unset. */
    managedDefault: boolean;
    /** Where applications read the secret's ARN. */
    secretOutput: string;
    /** Properties that make the database take its master user from a source (a snapshot). */
    inheritedFrom: readonly string[];
    /** True when the user may be left out: a Serverless namespace without an admin user is reached through IAM only. */
    optional: boolean;
}

const slots: Record<string, MasterUserSlot> = {
    [docdbTypes.cluster]: {
        username: "masterUsername",
        password: "masterPassword",
        writeOnlyPassword: "masterPasswordWo",
        managed: "manageMasterUserPassword",
        managedDefault: docdbDefaults.manageMasterUserPassword,
        secretOutput: "masterUserSecrets[0].secretArn",
        inheritedFrom: docdbInheritedMasterUserProperties,
        optional: false,
    },
    [redshiftTypes.cluster]: {
        username: "masterUsername",
        password: "masterPassword",
        writeOnlyPassword: "masterPasswordWo",
        managed: "manageMasterPassword",
        managedDefault: redshiftDefaults.manageMasterPassword,
        secretOutput: "masterPasswordSecretArn",
        inheritedFrom: redshiftInheritedMasterUserProperties,
        optional: false,
    },
    [redshiftTypes.namespace]: {
        username: "adminUsername",
        password: "adminUserPassword",
        writeOnlyPassword: "adminUserPasswordWo",
        managed: "manageAdminPassword",
        managedDefault: redshiftServerlessDefaults.manageAdminPassword,
        secretOutput: "adminPasswordSecretArn",
        inheritedFrom: [],
        optional: true,
    },
};
export const masterUserTypes = Object.keys(slots);

/** The master user slot of a DocumentDB / Redshift resource; undefined for RDS and other types. */
export function masterUserSlot(db: ResourceUnderCheck): MasterUserSlot | undefined {
    return slots[db.type];
}

/** Neptune clusters take iamDatabaseAuthenticationEnabled like an Aurora cluster (default false). */
export const iamAuthTypes = [neptuneTypes.cluster] as const;

export function checkIamAuth(db: ResourceUnderCheck, report: ResourceReport): void {
    requireBoolean(db, report, "iamDatabaseAuthenticationEnabled", true, neptuneDefaults.iamDatabaseAuthenticationEnabled);
}
