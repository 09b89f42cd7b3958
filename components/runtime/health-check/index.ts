// Lambda entry point (bundled to index.js, handler "index.handler").
import { cloudWatchMetricsSink, secretsManagerStore } from "../aws";
import { createHealthCheckHandler } from "./handler";

export const handler = createHealthCheckHandler({ secrets: secretsManagerStore(), metrics: cloudWatchMetricsSink() });
