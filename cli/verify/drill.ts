// `db-preflight verify --drill restore --yes`: restores the database's latest recovery point to a
// temporary instance (for Aurora, a temporary cluster and one instance) in the database's own
// subnets and security groups (never public), runs the validation queries on it, measures how long
// the restore took (RTO) and how old the restored data is (RPO), and deletes what it created
// whatever happens: a failed step, an error, or Ctrl-C.
import type { DBCluster, DBInstance } from "@aws-sdk/client-rds";
import type { RecoveryPointByResource } from "@aws-sdk/client-backup";
import { Client as PgClient } from "pg";
import * as mysql from "mysql2/promise";
import { defaultPorts, engineFamily, protocolOf } from "../../aws-facts/rds";
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
    /** The user's query (--validation-query): it must run without error. Else the declared checks, or SELECT 1. */
    validationQuery?: string;
    log(text: string): void;
    sleep(ms: number): Promise<void>;
    /** Runs the validation query on the restored copy (TLS, certificate verified: set NODE_EXTRA_CA_CERTS to the RDS bundle). */
    query(target: ValidationTarget, sql: string): Promise<unknown[][]>;
    /** Subscribes to Ctrl-C; returns the unsubscribe. */
    onInterrupt(handler: () => void): () => void;
    /** Seconds between status polls, and how long the restore may take. */
    pollSeconds: number;
    timeoutMinutes: number;
}

/** Tag on everything the drill creates, so a leftover is easy to find. */
export const drillTagKey = "db-preflight:drill";

/**
 * The port to log in to the restored copy on: the copy's own as RDS reports it, else the source's,
 * else the engine's default (a MySQL copy is never dialled on PostgreSQL's port).
 */
export function restoredPort(engine: string | undefined, ...reported: Array<number | undefined>): number {
    const port = reported.find((p) => p !== undefined);
    if (port !== undefined) return port;
    const family = engineFamily(engine);
    if (family === undefined) throw new Error(`RDS reports no port for the restored copy, and engine ${JSON.stringify(engine)} has no known default port`);
    return defaultPorts[family];
}

class Interrupted extends Error {}

const cannotDelete = "COULD NOT DELETE";

/** Runs `sql` and answers its rows, each as a list of values. */
export async function defaultQuery(t: ValidationTarget, sql: string): Promise<unknown[][]> {
    const ssl = { rejectUnauthorized: true };
    if (protocolOf(t.engine) === "postgresql") {
        const client = new PgClient({
            host: t.host,
            port: t.port,
            user: t.username,
            password: t.password,
            database: t.database ?? "postgres",
            ssl,
            connectionTimeoutMillis: 10_000,
            statement_timeout: 60_000,
        });
        await client.connect();
        try {
            return (await client.query({ text: sql, rowMode: "array" })).rows as unknown[][];
        } finally {
            await client.end();
        }
    }
    const connection = await mysql.createConnection({
        host: t.host,
        port: t.port,
        user: t.username,
        password: t.password,
        ...(t.database ? { database: t.database } : {}),
        ssl,
        connectTimeout: 10_000,
    });
    try {
        const [rows] = await connection.query({ sql, rowsAsArray: true });
        return Array.isArray(rows) ? (rows as unknown[][]) : [];
    } finally {
        await connection.end();
    }
}

/** A check query the components declare (backup.restoreValidation.queries): it must answer exactly one row holding one true value. */
export interface DeclaredCheck {
    name: string;
    sql: string;
    database?: string;
}

function answersTrue(rows: unknown[][]): boolean {
    if (rows.length !== 1 || rows[0].length !== 1) return false;
    const v = rows[0][0];
    return v === true || v === 1 || v === "1" || v === "t" || v === "true" || (typeof v === "bigint" && v === 1n);
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

/** An identifier RDS accepts: letters, digits and single hyphens, at most 61 (a cluster's instance adds "-1"), starting with a letter. */
export function temporaryIdentifier(source: string, now: number): string {
    const stamp = new Date(now).toISOString().replace(/[-:T]/g, "").slice(0, 12);
    const base = source
        .replace(/[^a-zA-Z0-9-]/g, "-")
        .replace(/-+/g, "-")
        .slice(0, 61 - stamp.length - 7)
        .replace(/-$/, "");
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

/** A copy restored for the drill: where to log in (what to delete is recorded as it is created). */
interface Restored {
    host: string;
    port: number;
    secretArn: string;
}

/** What a restore needs from the drill: its waits (which notice Ctrl-C), and where it records what it created. */
interface RestoreRun {
    deps: DrillDeps;
    region: string | undefined;
    source: string;
    tempId: string;
    recoveryPoint: string;
    deadline: number;
    /** Called before each create request: a request that fails after RDS accepted it is still cleaned up. */
    created(kind: "instance" | "cluster", id: string): void;
    pause(ms: number): Promise<void>;
    check(): void;
}

const failedStatus = /failed|incompatible|storage-full|inaccessible/;

/** Polls until `status()` is available; throws on a failed status or when the drill's time is up. */
async function waitAvailable(run: RestoreRun, what: string, status: () => Promise<string | undefined>): Promise<void> {
    for (;;) {
        run.check();
        const s = await status();
        if (s === "available") return;
        if (s && failedStatus.test(s)) throw new Error(`${what} is ${s}`);
        if (run.deps.now() > run.deadline) throw new Error(`the restore did not finish within ${run.deps.timeoutMinutes} minutes (${what} is ${s ?? "unknown"})`);
        await run.pause(run.deps.pollSeconds * 1000);
    }
}

const groupIds = (groups: Array<{ VpcSecurityGroupId?: string }> | undefined) => (groups ?? []).map((g) => g.VpcSecurityGroupId).filter((g): g is string => g !== undefined);

/** An RDS instance: RestoreDBInstanceFromDBSnapshot into its subnet group, with an RDS-managed secret of its own. */
async function restoreInstance(run: RestoreRun, live: DBInstance): Promise<Restored> {
    const { deps, region, tempId } = run;
    const subnetGroup = live.DBSubnetGroup?.DBSubnetGroupName;
    if (!subnetGroup) throw new Error(`${run.source} has no DB subnet group to restore into (the drill never restores outside the database's subnets)`);
    deps.log(`Restoring ${run.recoveryPoint} to instance ${tempId} in subnet group ${subnetGroup}...\n`);
    run.created("instance", tempId);
    await deps.aws.send("restoreDbInstanceFromDbSnapshot", region, {
        DBInstanceIdentifier: tempId,
        DBSnapshotIdentifier: run.recoveryPoint,
        DBInstanceClass: live.DBInstanceClass,
        DBSubnetGroupName: subnetGroup,
        VpcSecurityGroupIds: groupIds(live.VpcSecurityGroups),
        ...(live.DBParameterGroups?.[0]?.DBParameterGroupName ? { DBParameterGroupName: live.DBParameterGroups[0].DBParameterGroupName } : {}),
        PubliclyAccessible: false,
        MultiAZ: false,
        DeletionProtection: false,
        ManageMasterUserPassword: true,
        CopyTagsToSnapshot: false,
        Tags: [{ Key: drillTagKey, Value: run.source }],
    });
    let restored: DBInstance | undefined;
    await waitAvailable(run, `the restored instance ${tempId}`, async () => {
        restored = (await deps.aws.send("describeDbInstances", region, { DBInstanceIdentifier: tempId })).DBInstances?.[0];
        return restored?.DBInstanceStatus;
    });
    const secretArn = restored?.MasterUserSecret?.SecretArn;
    const host = restored?.Endpoint?.Address;
    if (!secretArn || !host) throw new Error(`the restored instance ${tempId} reports no ${secretArn ? "endpoint" : "master user secret"}`);
    return { host, port: restoredPort(live.Engine, restored?.Endpoint?.Port, live.Endpoint?.Port), secretArn };
}

/**
 * An Aurora cluster: RestoreDBClusterFromSnapshot into its subnet group, one instance to query
 * (CreateDBInstance), then an RDS-managed secret of its own (ModifyDBCluster: the restore call
 * cannot ask for one, and the source's password may have rotated since the snapshot).
 */
async function restoreCluster(run: RestoreRun, live: DBCluster, instanceClass: string | undefined): Promise<Restored> {
    const { deps, region, tempId } = run;
    const subnetGroup = live.DBSubnetGroup;
    if (!subnetGroup) throw new Error(`${run.source} has no DB subnet group to restore into (the drill never restores outside the database's subnets)`);
    if (!instanceClass) throw new Error(`${run.source} has no instance whose class the drill could use`);
    deps.log(`Restoring ${run.recoveryPoint} to cluster ${tempId} in subnet group ${subnetGroup}...\n`);
    const tags = [{ Key: drillTagKey, Value: run.source }];
    run.created("cluster", tempId);
    await deps.aws.send("restoreDbClusterFromSnapshot", region, {
        DBClusterIdentifier: tempId,
        SnapshotIdentifier: run.recoveryPoint,
        Engine: live.Engine,
        ...(live.EngineVersion ? { EngineVersion: live.EngineVersion } : {}),
        DBSubnetGroupName: subnetGroup,
        VpcSecurityGroupIds: groupIds(live.VpcSecurityGroups),
        ...(live.DBClusterParameterGroup ? { DBClusterParameterGroupName: live.DBClusterParameterGroup } : {}),
        DeletionProtection: false,
        CopyTagsToSnapshot: false,
        Tags: tags,
    });
    const instanceId = `${tempId}-1`;
    run.created("instance", instanceId);
    await deps.aws.send("createDbInstance", region, {
        DBInstanceIdentifier: instanceId,
        DBClusterIdentifier: tempId,
        Engine: live.Engine,
        DBInstanceClass: instanceClass,
        PubliclyAccessible: false,
        Tags: tags,
    });
    const clusterStatus = async () => (await deps.aws.send("describeDbClusters", region, { DBClusterIdentifier: tempId })).DBClusters?.[0];
    await waitAvailable(run, `the restored cluster ${tempId}`, async () => (await clusterStatus())?.Status);
    await deps.aws.send("modifyDbCluster", region, { DBClusterIdentifier: tempId, ManageMasterUserPassword: true, ApplyImmediately: true });
    let restored: DBCluster | undefined;
    await waitAvailable(run, `the restored cluster ${tempId}`, async () => {
        restored = await clusterStatus();
        // Available again with its new secret: the modification has been applied.
        return restored?.MasterUserSecret?.SecretArn && restored.MasterUserSecret.SecretStatus !== "creating" ? restored.Status : "modifying";
    });
    await waitAvailable(
        run,
        `the restored instance ${instanceId}`,
        async () => (await deps.aws.send("describeDbInstances", region, { DBInstanceIdentifier: instanceId })).DBInstances?.[0]?.DBInstanceStatus,
    );
    const host = restored?.Endpoint;
    if (!host) throw new Error(`the restored cluster ${tempId} reports no endpoint`);
    return { host, port: restoredPort(live.Engine, restored?.Port, live.Port), secretArn: restored!.MasterUserSecret!.SecretArn! };
}

export async function runRestoreDrill(target: Target, given: Partial<DrillDeps> & Pick<DrillDeps, "aws" | "now" | "log">): Promise<DrillReport> {
    const deps: DrillDeps = { ...defaults, ...given };
    const { aws } = deps;
    const source = target.identifier;
    if (!source) throw new InputError(`${target.db.label} has no identifier in the stack state; run \`pulumi up\` first`);
    const region = target.region ?? aws.defaultRegion;
    const started = deps.now();
    const report: DrillReport = { kind: "restore", database: source, status: "failed", cleanup: [], summary: "" };
    const tempId = temporaryIdentifier(source, started);
    const created: Array<{ kind: "instance" | "cluster"; id: string }> = [];

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

    let password: string | undefined;
    try {
        let engine: string;
        let database: string | undefined;
        let arn: string | undefined;
        let restore: (run: RestoreRun) => Promise<Restored>;
        if (target.kind === "instance") {
            const live = (await aws.send("describeDbInstances", region, { DBInstanceIdentifier: source })).DBInstances?.[0];
            if (!live) throw new Error(`DB instance ${source} not found`);
            [engine, database, arn] = [live.Engine ?? "", live.DBName, target.arn ?? live.DBInstanceArn];
            restore = (run) => restoreInstance(run, live);
        } else {
            const live = (await aws.send("describeDbClusters", region, { DBClusterIdentifier: source })).DBClusters?.[0];
            if (!live) throw new Error(`DB cluster ${source} not found`);
            const members = (await aws.send("describeDbInstances", region, { Filters: [{ Name: "db-cluster-id", Values: [source] }] })).DBInstances ?? [];
            const writer = live.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier;
            const instanceClass = (members.find((m) => m.DBInstanceIdentifier === writer) ?? members[0])?.DBInstanceClass;
            [engine, database, arn] = [live.Engine ?? "", live.DatabaseName, target.arn ?? live.DBClusterArn];
            restore = (run) => restoreCluster(run, live, instanceClass);
        }
        if (!arn) throw new Error(`AWS returned no ARN for ${source}`);
        check();

        const points = await aws.send("listRecoveryPointsByResource", region, { ResourceArn: arn, MaxResults: 100 });
        const point = latestRecoveryPoint(points.RecoveryPoints ?? []);
        if (!point?.RecoveryPointArn) throw new Error(`AWS Backup has no COMPLETED recovery point of ${source}; the drill restores the latest one`);
        const pointTime = point.CreationDate?.getTime() ?? started;
        report.recoveryPoint = { arn: point.RecoveryPointArn, createdAt: new Date(pointTime).toISOString() };
        report.dataAgeSeconds = seconds(started - pointTime);
        check();

        const restoreStart = deps.now();
        report.temporaryInstance = tempId;
        const copy = await restore({
            deps,
            region,
            source,
            tempId,
            recoveryPoint: point.RecoveryPointArn,
            deadline: restoreStart + deps.timeoutMinutes * 60_000,
            created: (kind, id) => created.push({ kind, id }),
            pause,
            check,
        });
        const secret = await aws.send("getSecretValue", region, { SecretId: copy.secretArn });
        const login = JSON.parse(secret.SecretString ?? "{}") as { username?: string; password?: string };
        if (!login.username || !login.password) throw new Error(`the restored copy's secret ${copy.secretArn} holds no username and password`);
        password = login.password;
        check();
        const [username, pass] = [login.username, login.password];
        const connect = (db: string | undefined): ValidationTarget => ({ engine, host: copy.host, port: copy.port, ...(db ? { database: db } : {}), username, password: pass });
        // The user's query must run; the declared checks (what the restore tests validate) must each answer one true.
        const checks: Array<DeclaredCheck & { mustBeTrue: boolean }> =
            deps.validationQuery !== undefined
                ? [{ name: "--validation-query", sql: deps.validationQuery, mustBeTrue: false }]
                : [{ name: "login", sql: "SELECT 1", mustBeTrue: false }, ...target.validationChecks.map((c) => ({ ...c, mustBeTrue: true }))];
        for (const c of checks) {
            check();
            let rows: unknown[][];
            try {
                rows = await deps.query(connect(c.database ?? database), c.sql);
            } catch (e) {
                throw new Error(`the validation query ${JSON.stringify(c.name)} failed on ${tempId}: ${oneLineMessage(e)}`, { cause: e });
            }
            if (c.mustBeTrue && !answersTrue(rows)) {
                throw new Error(`the validation check ${JSON.stringify(c.name)} (${c.sql}) did not answer one true value on ${tempId}: got ${JSON.stringify(rows).slice(0, 200)}`);
            }
        }
        report.validation = checks.map((c) => c.name);
        report.restoreSeconds = seconds(deps.now() - restoreStart);
        report.status = "passed";
    } catch (e) {
        if (e instanceof Interrupted) {
            report.status = "interrupted";
            report.error = "interrupted (Ctrl-C)";
        } else {
            if (e instanceof InputError) throw e;
            // Driver errors can quote the connection string: never print the password.
            report.error = password ? oneLineMessage(e).split(password).join("****") : oneLineMessage(e);
        }
    } finally {
        // Instances before their cluster: RDS deletes a cluster only once its instances are going.
        for (const item of [...created].reverse()) {
            const cleanup = await deleteTemporary(aws, region, item.kind, item.id, deps);
            report.cleanup.push(cleanup);
            if (cleanup.startsWith(cannotDelete) && report.status === "passed") {
                report.status = "failed";
                report.error = `the restore and validation passed, but the temporary ${item.kind} ${item.id} is left behind`;
            }
        }
        stop();
    }

    const today = new Date(started).toISOString().slice(0, 10);
    if (report.status === "passed") report.record = recordDrillHint({ target }, "restore", today);
    report.summary = drillSummary(report);
    return report;
}

/** Deletes a temporary instance or cluster, waiting while RDS cannot delete it yet (still creating); never throws. */
async function deleteTemporary(aws: AwsAccess, region: string | undefined, kind: "instance" | "cluster", id: string, deps: DrillDeps): Promise<string> {
    const deadline = deps.now() + 30 * 60_000;
    const where = region ? ` --region ${region}` : "";
    for (;;) {
        try {
            if (kind === "instance") await aws.send("deleteDbInstance", region, { DBInstanceIdentifier: id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true });
            else await aws.send("deleteDbCluster", region, { DBClusterIdentifier: id, SkipFinalSnapshot: true });
            return `deleted ${kind} ${id} (deletion started; no final snapshot${kind === "instance" ? ", no automated backups kept" : ""})`;
        } catch (e) {
            if (isNotFound(e)) return `${kind} ${id} was never created (nothing to delete)`;
            const name = (e as { name?: string })?.name ?? "";
            if (/InvalidDB(Instance|Cluster)State/.test(name) && deps.now() < deadline) {
                await deps.sleep(deps.pollSeconds * 1000);
                continue;
            }
            const command =
                kind === "instance"
                    ? `aws rds delete-db-instance --db-instance-identifier ${id} --skip-final-snapshot --delete-automated-backups${where}`
                    : `aws rds delete-db-cluster --db-cluster-identifier ${id} --skip-final-snapshot${where}`;
            return `${cannotDelete} ${kind} ${id}: ${oneLineMessage(e)}; delete it yourself: ${command}`;
        }
    }
}

export function drillSummary(r: DrillReport): string {
    const verdict = r.status === "passed" ? "✅ passed" : r.status === "interrupted" ? "⏹ interrupted" : "❌ failed";
    const lines = [`## Restore drill: ${verdict}`, "", `Database \`${r.database}\`.`, ""];
    if (r.recoveryPoint) lines.push(`- Recovery point: \`${r.recoveryPoint.arn}\` (${r.recoveryPoint.createdAt})`);
    if (r.dataAgeSeconds !== undefined) lines.push(`- Data age at the start of the drill (RPO): ${duration(r.dataAgeSeconds)}`);
    if (r.validation) lines.push(`- Validated by: ${r.validation.map((v) => `\`${v}\``).join(", ")}`);
    if (r.restoreSeconds !== undefined) lines.push(`- Restore until the validation query answered (RTO): ${duration(r.restoreSeconds)}`);
    if (r.error) lines.push(`- Error: ${r.error}`);
    for (const c of r.cleanup) lines.push(`- Clean-up: ${c}`);
    if (r.record) lines.push("", `Record the drill: ${r.record}.`);
    return lines.join("\n");
}
