// In-memory stand-ins for what the restore validation asks AWS: restore jobs (AWS Backup), the
// restored instance or cluster (RDS), and a master secret whose versions carry creation dates
// (Secrets Manager), each with a log of the calls made.
import { AWSCURRENT, AWSPREVIOUS, SecretValue, SecretVersionSelector, SecretsReader } from "../../../../components/runtime/aws";
import { RestoreJob, RestoreJobs, RestoredResource, RestoredResources, SecretVersion, SecretVersions, ValidationStatus } from "../../../../components/runtime/restore-validation/aws";

export class FakeRestoreJobs implements RestoreJobs {
    readonly jobs = new Map<string, RestoreJob>();
    readonly results: Array<{ restoreJobId: string; status: ValidationStatus; message: string }> = [];
    readonly listed: Array<{ restoreTestingPlanArn: string; createdAfter: Date }> = [];
    /** Creation times of restore testing plans, by name. */
    readonly plans = new Map<string, Date>();

    add(job: RestoreJob): void {
        this.jobs.set(job.restoreJobId, job);
    }

    async describeRestoreJob(restoreJobId: string): Promise<RestoreJob> {
        const job = this.jobs.get(restoreJobId);
        if (job === undefined) throw new Error(`ResourceNotFoundException: no restore job ${restoreJobId}`);
        return { ...job };
    }

    async putRestoreValidationResult(restoreJobId: string, status: ValidationStatus, message: string): Promise<void> {
        const job = this.jobs.get(restoreJobId);
        if (job === undefined) throw new Error(`ResourceNotFoundException: no restore job ${restoreJobId}`);
        this.results.push({ restoreJobId, status, message });
        job.validationStatus = status;
    }

    async listRestoreJobs(filter: { restoreTestingPlanArn: string; createdAfter: Date }): Promise<RestoreJob[]> {
        this.listed.push(filter);
        return [...this.jobs.values()].filter((j) => j.restoreTestingPlanArn === filter.restoreTestingPlanArn);
    }

    async restoreTestingPlanCreated(planName: string): Promise<Date | undefined> {
        const created = this.plans.get(planName);
        if (created === undefined) throw new Error(`ResourceNotFoundException: no restore testing plan ${planName}`);
        return created;
    }
}

export class FakeRestoredResources implements RestoredResources {
    readonly resources = new Map<string, RestoredResource>();
    readonly described: string[] = [];
    async describe(arn: string): Promise<RestoredResource | undefined> {
        this.described.push(arn);
        return this.resources.get(arn);
    }
}

/** One secret whose versions have creation dates and labels, as ListSecretVersionIds reports them. */
export class FakeVersionedSecret implements SecretsReader, SecretVersions {
    readonly reads: SecretVersionSelector[] = [];
    listFails = false;
    private readonly versions: Array<SecretVersion & { secretString: string }> = [];

    constructor(readonly secretId: string) {}

    /** A new AWSCURRENT version created at `createdDate` (the old one becomes AWSPREVIOUS, older ones lose their labels). */
    rotate(versionId: string, value: object, createdDate: Date): void {
        for (const v of this.versions) {
            v.stages = v.stages.includes(AWSCURRENT) ? [AWSPREVIOUS] : [];
        }
        this.versions.push({ versionId, createdDate, stages: [AWSCURRENT], secretString: JSON.stringify(value) });
    }

    async getSecretValue(secretId: string, version: SecretVersionSelector = {}): Promise<SecretValue | undefined> {
        if (secretId !== this.secretId) throw new Error(`ResourceNotFoundException: ${secretId}`);
        this.reads.push(version);
        const stage = version.versionStage ?? (version.versionId === undefined ? AWSCURRENT : undefined);
        const v = this.versions.find((x) => (version.versionId === undefined || x.versionId === version.versionId) && (stage === undefined || x.stages.includes(stage)));
        return v === undefined ? undefined : { secretString: v.secretString, versionId: v.versionId, versionStages: v.stages };
    }

    async listSecretVersions(secretId: string): Promise<SecretVersion[]> {
        if (this.listFails) throw new Error("AccessDeniedException: not authorized to perform secretsmanager:ListSecretVersionIds");
        if (secretId !== this.secretId) throw new Error(`ResourceNotFoundException: ${secretId}`);
        return this.versions.map(({ versionId, createdDate, stages }) => ({ versionId, createdDate, stages: [...stages] }));
    }
}
