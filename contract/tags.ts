// Our tag-key conventions (AWS's own rules for tags are in aws-facts/tags.ts): the components write
// these on each database, and the policies read them by default (db-runbook, db-ownership,
// db-drills-recent, db-restore-tested), as does `db-preflight verify`.
export const operationalTagKeys = {
    runbook: "runbook",
    owner: "owner",
    onCall: "on-call",
    restoreTestedAt: "restore-tested-at",
    failoverTestedAt: "failover-tested-at",
} as const;

export type OperationalTagKey = (typeof operationalTagKeys)[keyof typeof operationalTagKeys];
