// `pulumi preview` of a 200-resource program with and without the pack, with the real CLI against
// the offline aws stand-in (test/support/e2e), runs alternating; skipped with a reason when the CLI
// or the stand-in is not there.
import * as fs from "fs";
import * as path from "path";
import { median } from "./stats";

export interface PreviewResult {
    resources: number;
    withoutPackMs: number;
    withPackMs: number;
    /** The pack's findings make the preview fail: that is expected (a quarter of the databases miss items). */
    withPackExit: number;
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

export async function measurePreview(repoRoot: string, runs: number, log: (line: string) => void): Promise<PreviewResult> {
    // Loaded only here: it finds or builds the CLI (scripts/ensure-pulumi.sh) when first used.
    const { PulumiProject } = require(path.join(repoRoot, "test", "support", "e2e", "pulumi")) as typeof import("../../test/support/e2e/pulumi");
    const project = await PulumiProject.create({ name: "bench", program: previewProgram(), stack: "production" });
    try {
        const without: number[] = [];
        const withPack: number[] = [];
        let withPackExit = 0;
        for (let i = 0; i <= runs; i++) {
            const plain = await project.preview();
            if (plain.code !== 0) throw new Error(`pulumi preview without the pack failed (exit ${plain.code}); see ${project.root}/logs`);
            const gated = await project.preview({ policyPack: true });
            withPackExit = gated.code;
            if (!/Policies:|Policy Violations|db-preflight/.test(gated.output)) throw new Error(`pulumi preview with the pack did not run it (exit ${gated.code}); see ${project.root}/logs`);
            log(`  preview ${i === 0 ? "warm-up" : `run ${i}/${runs}`}: ${plain.seconds.toFixed(1)} s without, ${gated.seconds.toFixed(1)} s with the pack`);
            if (i === 0) continue; // the first pair warms the plugin and module caches
            without.push(plain.seconds * 1000);
            withPack.push(gated.seconds * 1000);
        }
        return { resources: 200, withoutPackMs: median(without), withPackMs: median(withPack), withPackExit };
    } finally {
        project.remove();
    }
}
