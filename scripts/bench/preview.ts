// `pulumi preview` of a 200-resource program with and without the pack, with the real CLI against
// the offline aws stand-in (test/support/e2e), runs alternating; skipped with a reason when the CLI
// or the stand-in is not there.
import * as fs from "fs";
import * as path from "path";
import { median } from "./stats";

/** The previews run, alternating, on the same project: median wall time of each. */
export interface PreviewResult {
    resources: number;
    runs: number;
    withoutPackMs: number;
    /** @pulumi/awsguard 0.3.1's whole pack (AwsGuard, every policy at its default level). */
    awsguardMs?: number;
    withPackMs: number;
    /** db-preflight with {"all": "disabled"}: the CLI, the runner and the pack's start-up, no policy runs. */
    disabledPackMs: number;
    /** Per round, (with policies - all disabled) / with policies: the policies' own share, measured in the same round. */
    policyShares: number[];
    /** The pack's findings make the preview fail: that is expected (a quarter of the databases miss items). */
    withPackExit: number;
}

/**
 * A policy pack directory for awsguard beside its install (outside the repository): the pack
 * AwsGuard builds, the way its README tells users to run it.
 */
export function awsguardPackDir(awsguardPkg: string): string {
    const dir = path.join(awsguardPkg, "..", "..", "..", "pack");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "awsguard-bench-pack", version: "0.0.1", main: "index.js" }, null, 2));
    fs.writeFileSync(path.join(dir, "index.js"), `"use strict";\nconst { AwsGuard } = require("@pulumi/awsguard");\nnew AwsGuard();\n`);
    return dir;
}

/** 20 databases, each with a parameter group, a security group and rule, four alarms, a log group and an event subscription: 200 resources. */
export function previewProgram(databases = 20): string {
    const lines = [`import * as aws from "@pulumi/aws";`, ``, `for (let i = 0; i < ${databases}; i++) {`];
    lines.push(
        `    const sg = new aws.ec2.SecurityGroup(\`db-\${i}-sg\`, { vpcId: "vpc-0a1b2c3d", description: "database" });`,
        `    new aws.ec2.SecurityGroupRule(\`db-\${i}-from-app\`, { type: "ingress", protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroupId: sg.id, sourceSecurityGroupId: "sg-0app" });`,
        `    const pg = new aws.rds.ParameterGroup(\`db-\${i}-pg\`, { family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "1" }] });`,
        `    const db = new aws.rds.Instance(\`db-\${i}\`, { engine: "postgres", engineVersion: "16.4", instanceClass: "db.m6g.large", allocatedStorage: 100,`,
        `        username: "orders_admin", manageMasterUserPassword: true, storageEncrypted: true, deletionProtection: true, multiAz: true,`,
        `        backupRetentionPeriod: i % 4 === 3 ? 1 : 14, vpcSecurityGroupIds: [sg.id], parameterGroupName: pg.name, skipFinalSnapshot: false,`,
        `        finalSnapshotIdentifier: \`db-\${i}-final\`, deleteAutomatedBackups: false, tags: { runbook: "https://runbooks.example.com/db", owner: "team" } });`,
        `    for (const metric of ["CPUUtilization", "FreeStorageSpace", "FreeableMemory", "DatabaseConnections"]) {`,
        `        new aws.cloudwatch.MetricAlarm(\`db-\${i}-\${metric}\`, { namespace: "AWS/RDS", metricName: metric, dimensions: { DBInstanceIdentifier: db.identifier },`,
        `            statistic: "Average", period: 300, evaluationPeriods: 3, threshold: 1, comparisonOperator: "GreaterThanThreshold", alarmActions: ["arn:aws:sns:us-east-1:123456789012:alerts"] });`,
        `    }`,
        `    new aws.cloudwatch.LogGroup(\`db-\${i}-logs\`, { name: db.identifier.apply((id) => \`/aws/rds/instance/\${id}/postgresql\`), retentionInDays: 30 });`,
        `    new aws.rds.EventSubscription(\`db-\${i}-events\`, { snsTopic: "arn:aws:sns:us-east-1:123456789012:alerts", sourceType: "db-instance", sourceIds: [db.identifier] });`,
        `}`,
        ``,
    );
    return lines.join("\n");
}

/** Why the preview benchmark cannot run here, or undefined when it can. */
export function previewUnavailable(repoRoot: string): string | undefined {
    if (!fs.existsSync(path.join(repoRoot, "test", "support", "e2e", "pulumi.ts"))) return "test/support/e2e is not there yet";
    if (!fs.existsSync(path.join(repoRoot, "test", "support", "aws-standin", "PulumiPlugin.yaml"))) return "the aws stand-in is not there yet";
    return undefined;
}

export async function measurePreview(repoRoot: string, runs: number, log: (line: string) => void, awsguardPkg?: string): Promise<PreviewResult> {
    // Loaded only here: it finds or builds the CLI (scripts/ensure-pulumi.sh) when first used.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
    const { PulumiProject } = require(path.join(repoRoot, "test", "support", "e2e", "pulumi")) as typeof import("../../test/support/e2e/pulumi");
    const project = await PulumiProject.create({ name: "bench", program: previewProgram(), stack: "production" });
    const guardPack = awsguardPkg ? awsguardPackDir(awsguardPkg) : undefined;
    try {
        const times: Record<"none" | "awsguard" | "pack" | "disabled", number[]> = { none: [], awsguard: [], pack: [], disabled: [] };
        let withPackExit = 0;
        for (let i = 0; i <= runs; i++) {
            // Alternating, so the machine's drift spreads over every variant alike.
            const plain = await project.preview();
            if (plain.code !== 0) throw new Error(`pulumi preview without a pack failed (exit ${plain.code}); see ${project.root}/logs`);
            const guard = guardPack ? await project.preview({ args: ["--policy-pack", guardPack] }) : undefined;
            if (guard && !/awsguard|Policies/.test(guard.output)) throw new Error(`pulumi preview with awsguard did not run it (exit ${guard.code}): ${guard.output.slice(-400)}`);
            const gated = await project.preview({ policyPack: true });
            withPackExit = gated.code;
            if (!/Policies:|Policy Violations|db-preflight/.test(gated.output)) throw new Error(`pulumi preview with the pack did not run it (exit ${gated.code}); see ${project.root}/logs`);
            const disabled = await project.preview({ policyConfig: { all: "disabled" } });
            if (disabled.code !== 0) throw new Error(`pulumi preview with every policy disabled failed (exit ${disabled.code}): ${disabled.output.slice(-400)}`);
            log(
                `  preview ${i === 0 ? "warm-up" : `run ${i}/${runs}`}: ${plain.seconds.toFixed(1)} s no pack, ` +
                    `${guard ? `${guard.seconds.toFixed(1)} s awsguard, ` : ""}${gated.seconds.toFixed(1)} s db-preflight, ${disabled.seconds.toFixed(1)} s db-preflight all disabled`,
            );
            if (i === 0) continue; // the first round warms the plugin and module caches
            times.none.push(plain.seconds * 1000);
            if (guard) times.awsguard.push(guard.seconds * 1000);
            times.pack.push(gated.seconds * 1000);
            times.disabled.push(disabled.seconds * 1000);
        }
        return {
            resources: 200,
            runs,
            withoutPackMs: median(times.none),
            ...(guard_(times.awsguard) ? { awsguardMs: median(times.awsguard) } : {}),
            withPackMs: median(times.pack),
            disabledPackMs: median(times.disabled),
            policyShares: times.pack.map((ms, i) => (ms - times.disabled[i]) / ms),
            withPackExit,
        };
    } finally {
        project.remove();
    }
}

const guard_ = (list: number[]) => list.length > 0;
