// The restore-validation Lambda. Two triggers:
// * an AWS Backup "Restore Job State Change" event (EventBridge): when a restore job of this
//   database's restore testing plan completes, find the restored copy, make sure nothing but the
//   validator can reach it, log in, run the checks, report SUCCESSFUL or FAILED to AWS Backup
//   (PutRestoreValidationResult) and publish RestoreValidationSucceeded;
// * a schedule ({"check": "restore-test-age"}): publish the hours since the newest validated restore
//   test, so an alarm catches restore testing that silently stopped.
//
// How it logs in to the copy: a restored copy keeps the master password that was in force when the
// snapshot was taken, while the live database's RDS-managed master secret rotates (every 7 days by
// default). So the validator reads the master secret's versions (ListSecretVersionIds, including
// versions no label points at any more) and logs in first with the version created last before the
// recovery point, then with the newer ones (AWSCURRENT, AWSPREVIOUS) should the copy refuse it. No
// extra user or password is created, nothing is changed on the copy, and rotations since the
// snapshot do not matter as long as Secrets Manager keeps the version (it keeps deprecated versions
// until a secret has more than 100).
import { restoreJobStateChange } from "../../../aws-facts/backup";
import { MetricsSink, SecretsReader } from "../aws";
import { parseCredentials } from "../database";
import { RestoreJobs, RestoredResources, SecretVersion, SecretVersions } from "./aws";
import { RestoreValidationConfig, parseRestoreValidationConfig, readValidationFile } from "./config";
import { restoreTestAgeMetric, restoreTestLookbackHours, restoreValidationDimension, restoreValidationNamespace, restoreValidationSucceededMetric } from "./metrics";
import { CredentialCandidate, ValidationOutcome, maxMessageLength, validateRestoredCopy } from "./validate";

export interface RestoreValidationDeps {
    jobs: RestoreJobs;
    resources: RestoredResources;
    secrets: SecretsReader;
    versions: SecretVersions;
    metrics: MetricsSink;
    env?: Record<string, string | undefined>;
    /** The content of validation.json; default: the file beside the bundle. */
    validationFile?: () => string;
    log?: (line: string) => void;
    now?: () => Date;
}

/** What the schedule sends to ask for the age check. */
export const restoreTestAgeInput = { check: "restore-test-age" } as const;

export type RestoreValidationResult =
    | { kind: "ignored"; restoreJobId?: string; reason: string }
    | { kind: "validated"; restoreJobId: string; status: "SUCCESSFUL" | "FAILED"; message: string }
    | { kind: "age"; hours: number; restoreJobId?: string };

/** At most this many secret versions are tried: the one in force at the snapshot and the newest others. */
export const maxLoginAttempts = 4;

/** The versions to log in with, in order: the one in force when the snapshot was taken, then the others newest first. */
export function loginOrder(versions: readonly SecretVersion[], snapshotAt: Date | undefined): SecretVersion[] {
    const newestFirst = [...versions].sort((a, b) => b.createdDate.getTime() - a.createdDate.getTime());
    const inForce = snapshotAt === undefined ? undefined : newestFirst.find((v) => v.createdDate.getTime() <= snapshotAt.getTime());
    const ordered = inForce === undefined ? newestFirst : [inForce, ...newestFirst.filter((v) => v !== inForce)];
    return ordered.slice(0, maxLoginAttempts);
}

function describeVersion(v: SecretVersion, snapshotAt: Date | undefined, first: boolean): string {
    const labels = v.stages.length > 0 ? ` ${v.stages.join("/")}` : "";
    const inForce = first && snapshotAt !== undefined && v.createdDate.getTime() <= snapshotAt.getTime() ? ", in force at the snapshot" : "";
    return `master secret version ${v.versionId.slice(0, 8)}${labels} (created ${v.createdDate.toISOString()}${inForce})`;
}

async function loginCandidates(config: RestoreValidationConfig, deps: RestoreValidationDeps, snapshotAt: Date | undefined, log: (extra: object) => void): Promise<CredentialCandidate[]> {
    const load = (version: { versionId?: string; versionStage?: string }) => async (signal: AbortSignal) => {
        const value = await deps.secrets.getSecretValue(config.secretArn, version, signal);
        if (value === undefined) throw new Error(`secret ${config.secretArn} has no such version`);
        return parseCredentials(value.secretString, config.secretArn);
    };
    let versions: SecretVersion[];
    try {
        versions = await deps.versions.listSecretVersions(config.secretArn);
    } catch (error) {
        // Without the list, the labelled versions still cover a snapshot taken since the last rotation but one.
        log({ level: "warn", msg: `could not list the versions of ${config.secretArn}; trying AWSCURRENT and AWSPREVIOUS`, error: (error as Error).message });
        return [
            { label: "master secret AWSCURRENT", load: load({ versionStage: "AWSCURRENT" }) },
            { label: "master secret AWSPREVIOUS", load: load({ versionStage: "AWSPREVIOUS" }) },
        ];
    }
    return loginOrder(versions, snapshotAt).map((v, i) => ({ label: describeVersion(v, snapshotAt, i === 0), load: load({ versionId: v.versionId }) }));
}

/** Why the copy is reachable from more than the validator, if it is: then it is not even connected to. */
export function exposure(resource: { publiclyAccessible: boolean; securityGroupIds: string[] }, allowed: readonly string[]): string | undefined {
    if (resource.publiclyAccessible) return "it is publicly accessible";
    const others = resource.securityGroupIds.filter((id) => !allowed.includes(id));
    if (others.length > 0) return `it is in security group${others.length === 1 ? "" : "s"} ${others.join(", ")}, not only ${allowed.join(", ")} (which admits only the validator)`;
    if (resource.securityGroupIds.length === 0) return "it has no VPC security group";
    return undefined;
}

function cut(text: string): string {
    return text.length > maxMessageLength ? `${text.slice(0, maxMessageLength - 3)}...` : text;
}

export function createRestoreValidationHandler(deps: RestoreValidationDeps): (event: unknown) => Promise<RestoreValidationResult> {
    const log = deps.log ?? ((line: string) => console.log(line));
    const now = deps.now ?? (() => new Date());
    const readFile = deps.validationFile ?? readValidationFile;

    const emit = (fields: Record<string, unknown>) => log(JSON.stringify({ time: now().toISOString(), ...fields }));

    async function age(config: RestoreValidationConfig): Promise<RestoreValidationResult> {
        const at = now();
        const jobs = await deps.jobs.listRestoreJobs({ restoreTestingPlanArn: config.planArn, createdAfter: new Date(at.getTime() - restoreTestLookbackHours * 3_600_000) });
        const validated = jobs
            .filter((j) => j.status === "COMPLETED" && j.validationStatus === "SUCCESSFUL" && j.completionDate !== undefined)
            .sort((a, b) => b.completionDate!.getTime() - a.completionDate!.getTime())[0];
        // A plan younger than its first test is not stale: count from its creation until a test passes.
        const since = validated?.completionDate ?? (await deps.jobs.restoreTestingPlanCreated(config.planName));
        const hours = since === undefined ? restoreTestLookbackHours : Math.min(restoreTestLookbackHours, Math.max(0, Math.round(((at.getTime() - since.getTime()) / 3_600_000) * 10) / 10));
        await deps.metrics.putMetrics(restoreValidationNamespace, [
            { name: restoreTestAgeMetric, value: hours, unit: "Count", dimensions: { [restoreValidationDimension]: config.identifier }, timestamp: at },
        ]);
        emit({
            level: validated === undefined ? "warn" : "info",
            msg:
                validated === undefined
                    ? `no validated restore test yet: ${hours} hours since the plan was created (at most ${restoreTestLookbackHours} counted)`
                    : `newest validated restore test completed ${hours} hours ago`,
            identifier: config.identifier,
            plan: config.planArn,
            hours,
            ...(validated ? { restoreJobId: validated.restoreJobId } : {}),
        });
        return { kind: "age", hours, ...(validated ? { restoreJobId: validated.restoreJobId } : {}) };
    }

    async function validate(config: RestoreValidationConfig, restoreJobId: string): Promise<RestoreValidationResult> {
        const job = await deps.jobs.describeRestoreJob(restoreJobId);
        const ignore = (reason: string): RestoreValidationResult => {
            emit({ level: "info", msg: `restore job ${restoreJobId} ignored: ${reason}`, identifier: config.identifier });
            return { kind: "ignored", restoreJobId, reason };
        };
        // Every RDS restore in the account and region raises the event: validate only this plan's.
        if (job.restoreTestingPlanArn !== config.planArn) return ignore(`it was not started by ${config.planArn}`);
        if (job.status !== "COMPLETED") return ignore(`its status is ${job.status}, not COMPLETED`);
        // EventBridge delivers at least once: a job already judged is not judged again.
        if (job.validationStatus === "SUCCESSFUL" || job.validationStatus === "FAILED") return ignore(`it was already validated (${job.validationStatus})`);

        let outcome: Pick<ValidationOutcome, "status" | "message"> & Partial<ValidationOutcome>;
        try {
            await deps.jobs.putRestoreValidationResult(restoreJobId, "VALIDATING", `db-preflight is validating the restored copy of ${config.identifier}`);
            outcome = await validateJob(config, job.createdResourceArn, job.recoveryPointCreationDate);
        } catch (error) {
            outcome = { status: "FAILED", message: cut(`the validator could not validate the restored copy: ${(error as Error).message}`) };
        }
        const timestamp = now();
        emit({
            level: outcome.status === "SUCCESSFUL" ? "info" : "error",
            msg: `restore test ${outcome.status}: ${outcome.message}`,
            identifier: config.identifier,
            restoreJobId,
            createdResourceArn: job.createdResourceArn,
            recoveryPointCreationDate: job.recoveryPointCreationDate?.toISOString(),
            ...(outcome.checks ? { checks: outcome.checks } : {}),
            ...(outcome.login ? { login: outcome.login } : {}),
        });
        // Reported before the metric: AWS Backup's record is what an operator reads first.
        await deps.jobs.putRestoreValidationResult(restoreJobId, outcome.status, outcome.message);
        await deps.metrics.putMetrics(restoreValidationNamespace, [
            { name: restoreValidationSucceededMetric, value: outcome.status === "SUCCESSFUL" ? 1 : 0, unit: "Count", dimensions: { [restoreValidationDimension]: config.identifier }, timestamp },
        ]);
        return { kind: "validated", restoreJobId, status: outcome.status, message: outcome.message };
    }

    async function validateJob(
        config: RestoreValidationConfig,
        arn: string | undefined,
        snapshotAt: Date | undefined,
    ): Promise<Pick<ValidationOutcome, "status" | "message"> & Partial<ValidationOutcome>> {
        const failed = (message: string) => ({ status: "FAILED" as const, message: cut(message) });
        if (arn === undefined) return failed("the restore job names no restored resource (CreatedResourceArn)");
        const resource = await deps.resources.describe(arn);
        if (resource === undefined) return failed(`the restored resource ${arn} does not exist (deleted before it could be validated?)`);
        const exposed = exposure(resource, config.securityGroupIds);
        if (exposed !== undefined)
            return failed(
                `the restored copy ${resource.identifier} is reachable from more than the validator: ${exposed}; restore into the restore-test security group (restoreMetadataOverrides vpcSecurityGroupIds)`,
            );
        if (resource.kind === "cluster" && resource.memberCount === 0) return failed(`the restored cluster ${resource.identifier} has no instance to answer queries`);
        if (resource.host === undefined || resource.port === undefined) return failed(`the restored copy ${resource.identifier} has no endpoint yet (status ${resource.status})`);
        const candidates = await loginCandidates(config, deps, snapshotAt, (extra) => emit({ identifier: config.identifier, ...extra }));
        if (candidates.length === 0) return failed(`the master secret ${config.secretArn} has no versions to log in with`);
        return validateRestoredCopy({ engine: config.engine, host: resource.host, port: resource.port, database: config.database, tls: config.tls }, candidates, {
            queries: config.queries,
            timeoutMs: config.timeoutMs,
        });
    }

    return async (event: unknown) => {
        const config = parseRestoreValidationConfig(deps.env ?? process.env, readFile());
        const e = (typeof event === "object" && event !== null ? event : {}) as Record<string, unknown>;
        if (e.check === restoreTestAgeInput.check) return age(config);
        const detail = (typeof e.detail === "object" && e.detail !== null ? e.detail : {}) as Record<string, unknown>;
        if (e.source !== restoreJobStateChange.source || e["detail-type"] !== restoreJobStateChange.detailType || typeof detail.restoreJobId !== "string") {
            // Not an event this function is wired to: a wiring mistake must show as a Lambda error.
            throw new Error(
                `restore validation got an event it does not handle: want an ${restoreJobStateChange.source} "${restoreJobStateChange.detailType}" event or ${JSON.stringify(restoreTestAgeInput)}`,
            );
        }
        return validate(config, detail.restoreJobId);
    };
}
