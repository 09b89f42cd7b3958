// Aurora cluster limits the components check arguments against. Sources: Aurora User Guide
// "Aurora Serverless v2 capacity" (0.5 to 256 ACUs in steps of 0.5; 0 with automatic pause),
// "Amazon Aurora DB clusters" (a primary and up to 15 Aurora Replicas), "Backtracking an Aurora
// DB cluster" and the CreateDBCluster API reference (BacktrackWindow: 0 to 259,200 seconds, 72 hours).

/** Serverless v2 capacity, in ACUs. The minimum of 0 (automatic pause) exists but is left out here: a health check would wake the cluster every minute. */
export const serverlessV2CapacityRange = { min: 0.5, max: 256, step: 0.5 } as const;

/** A writer and up to 15 readers. */
export const maxClusterInstances = 16;

/** Aurora MySQL backtrack window, in hours (BacktrackWindow is given in seconds, up to 259,200). */
export const maxBacktrackHours = 72;
