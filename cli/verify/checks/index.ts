// Every check of `db-preflight verify`, in checklist order: the report lists them like the pack's policies.
import { VerifyCheck } from "./define";
import { backupJobCompleted, copyJobCompleted, pointInTimeRestoreCurrent, restoreTestValidated } from "./backups";
import { appUserSecretsPopulated, masterSecretRotated } from "./users";
import { encryptedAsDeclared, notPubliclyAccessible, parameterGroupInSync } from "./security";
import { alarmsArmed, alertTopicsConfirmed, eventSubscriptionActive, healthCheckReporting } from "./monitoring";
import { drillsRecent } from "./runbook";

export const verifyChecks: readonly VerifyCheck[] = [
    backupJobCompleted,
    copyJobCompleted,
    pointInTimeRestoreCurrent,
    restoreTestValidated,
    masterSecretRotated,
    appUserSecretsPopulated,
    parameterGroupInSync,
    notPubliclyAccessible,
    encryptedAsDeclared,
    healthCheckReporting,
    alarmsArmed,
    alertTopicsConfirmed,
    eventSubscriptionActive,
    drillsRecent,
];
