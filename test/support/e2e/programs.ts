// Hand-written Pulumi programs the e2e tests and the demo run against the stand-in. Each is the
// TypeScript source of an index.ts, generated from typed args so the tests can reason about the
// same values the program deploys.
import type * as aws from "@pulumi/aws";
import * as path from "path";
import { repoRoot } from "./pulumi";

export const BAD_INSTANCE_NAME = "orders";
export const BAD_INSTANCE_TYPE = "aws:rds/instance:Instance";

/**
 * An RDS PostgreSQL instance that misses the checklist on purpose: one day of backups, public,
 * no deletion protection, a plaintext master password with a default admin name, no encryption,
 * no final snapshot, no monitoring, no tags.
 */
export const badInstanceArgs = {
    engine: "postgres",
    engineVersion: "16.4",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    username: "admin",
    password: "plaintext-Passw0rd",
    backupRetentionPeriod: 1,
    publiclyAccessible: true,
    skipFinalSnapshot: true,
} satisfies aws.rds.InstanceArgs;

export function badInstanceProgram(): string {
    return [
        `import * as aws from "@pulumi/aws";`,
        ``,
        `// Deliberately not production-ready: the policy pack must refuse it.`,
        `const db = new aws.rds.Instance(${JSON.stringify(BAD_INSTANCE_NAME)}, ${JSON.stringify(badInstanceArgs, null, 4)});`,
        ``,
        `export const endpoint = db.endpoint;`,
        ``,
    ].join("\n");
}

/** The repository's example programs, each examples/<name>: Pulumi.yaml + index.ts. */
export type Example = "database" | "aurora";
export const exampleDir = (example: Example = "database") => path.join(repoRoot, "examples", example);
export const exampleProgramFile = (example: Example = "database") => path.join(exampleDir(example), "index.ts");
export const exampleProjectFile = (example: Example = "database") => path.join(exampleDir(example), "Pulumi.yaml");

/** A program that runs one of the repository's example programs as it is (its exports become the stack outputs). */
export function exampleProgram(example: Example = "database"): string {
    return [`// Runs the repository's example program unchanged; its exports are this stack's outputs.`, `module.exports = require(${JSON.stringify(exampleProgramFile(example))});`, ``].join("\n");
}
