// Lambda entry point (bundled to index.js, handler "index.handler"; validation.json beside it).
import { cloudWatchMetricsSink, secretsManagerStore } from "../aws";
import { backupRestoreJobs, rdsRestoredResources, secretsManagerVersions } from "./aws";
import { createRestoreValidationHandler } from "./handler";

export const handler = createRestoreValidationHandler({
    jobs: backupRestoreJobs(),
    resources: rdsRestoredResources(),
    secrets: secretsManagerStore(),
    versions: secretsManagerVersions(),
    metrics: cloudWatchMetricsSink(),
});
