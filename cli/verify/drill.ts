// `db-preflight verify --drill restore --yes`: restores the database's latest recovery point to a
// temporary instance in the database's own subnets and security groups (never public), runs the
// validation query on it, measures how long the restore took (RTO) and how old the restored data
// is (RPO), and deletes what it created whatever happens: a failed step, an error, or Ctrl-C.
import type { DBInstance } from "@aws-sdk/client-rds";
import type { RecoveryPointByResource } from "@aws-sdk/client-backup";
import { Client as PgClient } from "pg";
import * as mysql from "mysql2/promise";
import { DrillReport } from "../report/model";
import { InputError } from "../report/input-error";
import { AwsAccess, isNotFound, oneLineMessage } from "./aws";
import { recordDrillHint } from "./checks/runbook";
import { Target } from "./targets";

export interface ValidationTarget {
    engine: string;
    host: string;
    port: number;
    database?: string;
    username: string;
    password: string;
}

export interface DrillDeps {
    aws: AwsAccess;
    now: () => number;
    validationQuery: string;
    log(text: string): void;
    sleep(ms: number): Promise<void>;
    /** Runs the validation query on the restored copy (TLS, certificate verified: set NODE_EXTRA_CA_CERTS to the RDS bundle). */
    query(target: ValidationTarget, sql: string): Promise<void>;
    /** Subscribes to Ctrl-C; returns the unsubscribe. */
    onInterrupt(handler: () => void): () => void;
    /** Seconds between status polls, and how long the restore may take. */
    pollSeconds: number;
    timeoutMinutes: number;
}

/** Tag on everything the drill creates, so a leftover is easy to find. */
export const drillTagKey = "db-preflight:drill";

class Interrupted extends Error {}

const cannotDelete = "COULD NOT DELETE";

export async function defaultQuery(t: ValidationTarget, sql: string): Promise<void> {
    const ssl = { rejectUnauthorized: true };
    if (t.engine.includes("postgres")) {
        const client = new PgClient({ host: t.host, port: t.port, user: t.username, password: t.password, database: t.database ?? "postgres", ssl, connectionTimeoutMillis: 10_000, statement_timeout: 60_000 });
        await client.connect();
        try {
            await client.query(sql);
        } finally {
            await client.end();
        }
        return;
    }
    const connection = await mysql.createConnection({ host: t.host, port: t.port, user: t.username, password: t.password, ...(t.database ? { database: t.database } : {}), ssl, connectTimeout: 10_000 });
    try {
        await connection.query(sql);
    } finally {
        await connection.end();
    }
}

const defaults: Omit<DrillDeps, "aws" | "now" | "validationQuery" | "log"> = {
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    query: defaultQuery,
    onInterrupt: (handler) => {
        process.on("SIGINT", handler);
        return () => process.off("SIGINT", handler);
    },
    pollSeconds: 30,
    timeoutMinutes: 180,
};

/** An identifier RDS accepts: letters, digits and single hyphens, at most 63, starting with a letter. */
export function temporaryIdentifier(source: string, now: number): string {
    const stamp = new Date(now).toISOString().replace(/[-:T]/g, "").slice(0, 12);
    const base = source.replace(/[^a-zA-Z0-9-]/g, "-").replace(/-+/g, "-").slice(0, 63 - stamp.length - 7).replace(/-$/, "");
    return `${base}-drill-${stamp}`.toLowerCase();
}

function latestRecoveryPoint(points: RecoveryPointByResource[]): RecoveryPointByResource | undefined {
    return points.filter((p) => p.Status === "COMPLETED" && p.RecoveryPointArn).sort((a, b) => (b.CreationDate?.getTime() ?? 0) - (a.CreationDate?.getTime() ?? 0))[0];
}

const seconds = (ms: number) => Math.round(ms / 1000);
function duration(s: number): string {
    if (s < 120) return `${s} s`;
    if (s < 7200) return `${Math.round(s / 60)} min`;
    return `${(s / 3600).toFixed(1)} h`;
}

export async function runRestoreDrill(target: Target, given: Partial<DrillDeps> & Pick<DrillDeps, "aws" | "now" | "validationQuery" | "log">): Promise<DrillReport> {
    const deps: DrillDeps = { ...defaults, ...given };
    if (target.kind !== "instance") {
        throw new InputError(`--drill restore restores RDS instances; ${target.db.label} is an Aurora cluster: use its AWS Backup restore testing (checked by restore-test-validated)`);
    }
    const { aws } = deps;
    const source = target.identifier;
    if (!source) throw new InputError(`${target.db.label} has no identifier in the stack state; run \`pulumi up\` first`);
    const region = target.region ?? aws.defaultRegion;
    const started = deps.now();
    const report: DrillReport = { kind: "restore", database: source, status: "failed", cleanup: [], summary: "" };
    const tempId = temporaryIdentifier(source, started);
    let created = false;

    let interrupted = false;
    let wake: (() => void) | undefined;
    const stop = deps.onInterrupt(() => {
        interrupted = true;
        deps.log(`\nInterrupted: deleting ${tempId} before exiting...\n`);
        wake?.();
    });
    const check = () => {
        if (interrupted) throw new Interrupted();
    };
    const pause = (ms: number) =>
        new Promise<void>((resolve) => {
            wake = resolve;
            void deps.sleep(ms).then(resolve);
        }).then(() => {
            wake = undefined;
            check();
        });

    try {
        const described = await aws.send("describeDbInstances", region, { DBInstanceIdentifier: source });
        const live: DBInstance | undefined = described.DBInstances?.[0];
        if (!live) throw new Error(`DB instance ${source} not found`);
        const arn = target.arn ?? live.DBInstanceArn;
        if (!arn) throw new Error(`AWS returned no ARN for ${source}`);
        check();

        const points = await aws.send("listRecoveryPointsByResource", region, { ResourceArn: arn, MaxResults: 100 });
        const point = latestRecoveryPoint(points.RecoveryPoints ?? []);
        if (!point?.RecoveryPointArn) throw new Error(`AWS Backup has no COMPLETED recovery point of ${source}; the drill restores the latest one`);
        const pointTime = point.CreationDate?.getTime() ?? started;
        report.recoveryPoint = { arn: point.RecoveryPointArn, createdAt: new Date(pointTime).toISOString() };
        report.dataAgeSeconds = seconds(started - pointTime);
        check();

        const subnetGroup = live.DBSubnetGroup?.DBSubnetGroupName;
        if (!subnetGroup) throw new Error(`${source} has no DB subnet group to restore into (the drill never restores outside the database's subnets)`);
        deps.log(`Restoring ${point.RecoveryPointArn} to ${tempId} in subnet group ${subnetGroup}...\n`);
        const restoreStart = deps.now();
        // Counted as created from the request on: a request that fails after RDS accepted it must still be cleaned up.
        created = true;
        report.temporaryInstance = tempId;
        await aws.send("restoreDbInstanceFromDbSnapshot", region, {
            DBInstanceIdentifier: tempId,
            DBSnapshotIdentifier: point.RecoveryPointArn,
            DBInstanceClass: live.DBInstanceClass,
            DBSubnetGroupName: subnetGroup,
            VpcSecurityGroupIds: (live.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId).filter((g): g is string => g !== undefined),
            ...(live.DBParameterGroups?.[0]?.DBParameterGroupName ? { DBParameterGroupName: live.DBParameterGroups[0].DBParameterGroupName } : {}),
            PubliclyAccessible: false,
            MultiAZ: false,
            DeletionProtection: false,
            ManageMasterUserPassword: true,
            CopyTagsToSnapshot: false,
            Tags: [{ Key: drillTagKey, Value: source }],
        });

        let restored: DBInstance | undefined;
        const deadline = restoreStart + deps.timeoutMinutes * 60_000;
        for (;;) {
            check();
            const r = await aws.send("describeDbInstances", region, { DBInstanceIdentifier: tempId });
            restored = r.DBInstances?.[0];
            const status = restored?.DBInstanceStatus;
            if (status === "available") break;
            if (status && /failed|incompatible|storage-full/.test(status)) throw new Error(`the restored instance ${tempId} is ${status}`);
            if (deps.now() > deadline) throw new Error(`the restore did not finish within ${deps.timeoutMinutes} minutes (status ${status ?? "unknown"})`);
            await pause(deps.pollSeconds * 1000);
        }
        const secretArn = restored?.MasterUserSecret?.SecretArn;
        const host = restored?.Endpoint?.Address;
        if (!secretArn || !host) throw new Error(`the restored instance ${tempId} reports no ${secretArn ? "endpoint" : "master user secret"}`);
        const secret = await aws.send("getSecretValue", region, { SecretId: secretArn });
        const login = JSON.parse(secret.SecretString ?? "{}") as { username?: string; password?: string };
        if (!login.username || !login.password) throw new Error(`the restored instance's secret ${secretArn} holds no username and password`);
        check();
        try {
            await deps.query(
                { engine: live.Engine ?? "", host, port: restored?.Endpoint?.Port ?? live.Endpoint?.Port ?? 5432, ...(live.DBName ? { database: live.DBName } : {}), username: login.username, password: login.password },
                deps.validationQuery,
            );
        } catch (e) {
            // Driver errors can quote the connection string; report only what failed.
            throw new Error(`the validation query failed on ${tempId}: ${oneLineMessage(e).replace(login.password, "****")}`);
        }
        report.restoreSeconds = seconds(deps.now() - restoreStart);
        report.status = "passed";
    } catch (e) {
        if (e instanceof Interrupted) {
            report.status = "interrupted";
            report.error = "interrupted (Ctrl-C)";
        } else {
            if (e instanceof InputError) throw e;
            report.error = oneLineMessage(e);
        }
    } finally {
        if (created) {
            const cleanup = await deleteTemporary(aws, region, tempId, deps);
            report.cleanup.push(cleanup);
            if (cleanup.startsWith(cannotDelete) && report.status === "passed") {
                report.status = "failed";
                report.error = `the restore and validation passed, but the temporary instance ${tempId} is left behind`;
            }
        }
        stop();
    }

    const today = new Date(started).toISOString().slice(0, 10);
    if (report.status === "passed") report.record = recordDrillHint({ target }, "restore", today);
    report.summary = drillSummary(report);
    return report;
}

/** Deletes the temporary instance, waiting while RDS cannot delete it yet (still creating); never throws. */
async function deleteTemporary(aws: AwsAccess, region: string | undefined, id: string, deps: DrillDeps): Promise<string> {
    const deadline = deps.now() + 30 * 60_000;
    for (;;) {
        try {
            await aws.send("deleteDbInstance", region, { DBInstanceIdentifier: id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true });
            return `deleted ${id} (deletion started; no final snapshot, no automated backups kept)`;
        } catch (e) {
            if (isNotFound(e)) return `${id} was never created (nothing to delete)`;
            const name = (e as { name?: string })?.name ?? "";
            if (/InvalidDBInstanceState/.test(name) && deps.now() < deadline) {
                await deps.sleep(deps.pollSeconds * 1000);
                continue;
            }
            return `${cannotDelete} ${id}: ${oneLineMessage(e)}; delete it yourself: aws rds delete-db-instance --db-instance-identifier ${id} --skip-final-snapshot --delete-automated-backups${region ? ` --region ${region}` : ""}`;
        }
    }
}

export function drillSummary(r: DrillReport): string {
    const verdict = r.status === "passed" ? "✅ passed" : r.status === "interrupted" ? "⏹ interrupted" : "❌ failed";
    const lines = [`## Restore drill: ${verdict}`, "", `Database \`${r.database}\`.`, ""];
    if (r.recoveryPoint) lines.push(`- Recovery point: \`${r.recoveryPoint.arn}\` (${r.recoveryPoint.createdAt})`);
    if (r.dataAgeSeconds !== undefined) lines.push(`- Data age at the start of the drill (RPO): ${duration(r.dataAgeSeconds)}`);
    if (r.restoreSeconds !== undefined) lines.push(`- Restore until the validation query answered (RTO): ${duration(r.restoreSeconds)}`);
    if (r.error) lines.push(`- Error: ${r.error}`);
    for (const c of r.cleanup) lines.push(`- Clean-up: ${c}`);
    if (r.record) lines.push("", `Record the drill: ${r.record}.`);
    return lines.join("\n");
}
