// The restore validation's CloudWatch metrics. The component's alarms and the policies read these
// names from here, so they never drift apart.

export const restoreValidationNamespace = "DbPreflight/RestoreValidation";

/** 1 when a restore test's copy answered every check, 0 when it did not. Unit Count; one per restore test. */
export const restoreValidationSucceededMetric = "RestoreValidationSucceeded";

/**
 * Hours since the newest restore test of the plan whose validation succeeded (with none yet: since
 * the plan was created; at most the lookback), published on a schedule: it rises when restore
 * testing silently stops.
 */
export const restoreTestAgeMetric = "RestoreTestAgeHours";

/** The one dimension: the identifier of the database whose backups are tested (not the throwaway copy's). */
export const restoreValidationDimension = "DatabaseIdentifier";

/** How far back the age check looks; with no validated restore test in this window it reports the window. */
export const restoreTestLookbackHours = 30 * 24;
