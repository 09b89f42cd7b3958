// The AWS calls the restore validation makes (AWS Backup restore jobs, RDS describes, Secrets
// Manager versions), behind small interfaces so tests run the database work for real and AWS against
// fakes. The adapters load the SDK v3 clients the Lambda runtime ships (bundle.ts keeps @aws-sdk/*
// out of the bundle); this package does not depend on @aws-sdk/client-backup or client-rds, so the
// few commands used are typed here, and only what the validator reads.
import { parseArn } from "../../../aws-facts/arn";

export interface RestoreJob {
    restoreJobId: string;
    /** PENDING, RUNNING, COMPLETED, ABORTED, FAILED. */
    status: string;
    createdResourceArn?: string;
    /** When the recovery point (snapshot) was taken: the master secret version in force then logs in to the copy. */
    recoveryPointCreationDate?: Date;
    completionDate?: Date;
    /** CreatedBy.RestoreTestingPlanArn: set for restore tests. */
    restoreTestingPlanArn?: string;
    /** VALIDATING, SUCCESSFUL, FAILED, TIMED_OUT, or unset. */
    validationStatus?: string;
    resourceType?: string;
}

export type ValidationStatus = "SUCCESSFUL" | "FAILED" | "VALIDATING";

export interface RestoreJobs {
    describeRestoreJob(restoreJobId: string): Promise<RestoreJob>;
    putRestoreValidationResult(restoreJobId: string, status: ValidationStatus, message: string): Promise<void>;
    /** Restore jobs of one restore testing plan created after `createdAfter` (every page). */
    listRestoreJobs(filter: { restoreTestingPlanArn: string; createdAfter: Date }): Promise<RestoreJob[]>;
    /** When the restore testing plan was created (GetRestoreTestingPlan CreationTime): a new plan has no test yet. */
    restoreTestingPlanCreated(planName: string): Promise<Date | undefined>;
}

/** What the validator needs to know about the restored instance or cluster. */
export interface RestoredResource {
    kind: "instance" | "cluster";
    identifier: string;
    /** The endpoint (a cluster's writer endpoint); unset while RDS has none. */
    host?: string;
    port?: number;
    status: string;
    publiclyAccessible: boolean;
    securityGroupIds: string[];
    /** Instances of a cluster: a cluster without one cannot answer a query. */
    memberCount?: number;
}

export interface RestoredResources {
    /** The resource an RDS ARN names, or undefined when it does not exist. */
    describe(arn: string): Promise<RestoredResource | undefined>;
}

export interface SecretVersion {
    versionId: string;
    createdDate: Date;
    stages: string[];
}

export interface SecretVersions {
    /** Every version of the secret, labelled or not (ListSecretVersionIds with IncludeDeprecated). */
    listSecretVersions(secretId: string): Promise<SecretVersion[]>;
}

/** IAM actions the validator needs, beyond its logs, VPC access and metrics. */
export const restoreValidationIamActions = {
    backup: ["backup:DescribeRestoreJob", "backup:PutRestoreValidationResult", "backup:ListRestoreJobs"],
    plan: ["backup:GetRestoreTestingPlan"],
    rds: ["rds:DescribeDBInstances", "rds:DescribeDBClusters"],
    secrets: ["secretsmanager:GetSecretValue", "secretsmanager:ListSecretVersionIds"],
} as const;

/** "db" or "cluster", and the identifier, of an RDS ARN (arn:aws:rds:region:account:db:name). */
export function rdsResourceOf(arn: string): { kind: "instance" | "cluster"; identifier: string } | undefined {
    const parsed = parseArn(arn);
    if (parsed === undefined || parsed.service !== "rds") return undefined;
    const [type, identifier] = parsed.resource.split(":");
    if (identifier === undefined || identifier === "") return undefined;
    if (type === "db") return { kind: "instance", identifier };
    if (type === "cluster") return { kind: "cluster", identifier };
    return undefined;
}

// ---- SDK adapters --------------------------------------------------------------------------------

interface Sendable {
    send(command: unknown): Promise<Record<string, unknown>>;
}
type Command = new (input: Record<string, unknown>) => unknown;
type ClientClass = new (config: Record<string, unknown>) => Sendable;
type Sdk = Record<string, ClientClass & Command>;

/** The SDK module and one client, loaded on first use (the module loads, and fails, only where it is called). */
function lazyClient(module: string, clientName: string): () => { sdk: Sdk; client: Sendable } {
    let loaded: { sdk: Sdk; client: Sendable } | undefined;
    return () => {
        if (loaded === undefined) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named at run time and loaded on first use
            const sdk = require(module) as Sdk;
            loaded = { sdk, client: new sdk[clientName]({}) };
        }
        return loaded;
    };
}

const date = (v: unknown): Date | undefined => (v instanceof Date ? v : typeof v === "number" ? new Date(v * 1000) : typeof v === "string" ? new Date(v) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function restoreJobOf(out: Record<string, unknown>): RestoreJob {
    const createdBy = (out.CreatedBy ?? {}) as Record<string, unknown>;
    return {
        restoreJobId: String(out.RestoreJobId ?? ""),
        status: String(out.Status ?? ""),
        createdResourceArn: str(out.CreatedResourceArn),
        recoveryPointCreationDate: date(out.RecoveryPointCreationDate),
        completionDate: date(out.CompletionDate),
        restoreTestingPlanArn: str(createdBy.RestoreTestingPlanArn),
        validationStatus: str(out.ValidationStatus),
        resourceType: str(out.ResourceType),
    };
}

/** AWS Backup through the SDK (@aws-sdk/client-backup, shipped by the Lambda runtime). */
export function backupRestoreJobs(): RestoreJobs {
    const backup = lazyClient("@aws-sdk/client-backup", "BackupClient");
    return {
        async describeRestoreJob(restoreJobId) {
            const { sdk, client } = backup();
            return restoreJobOf(await client.send(new sdk.DescribeRestoreJobCommand({ RestoreJobId: restoreJobId })));
        },
        async putRestoreValidationResult(restoreJobId, status, message) {
            const { sdk, client } = backup();
            await client.send(new sdk.PutRestoreValidationResultCommand({ RestoreJobId: restoreJobId, ValidationStatus: status, ValidationStatusMessage: message }));
        },
        async listRestoreJobs(filter) {
            const { sdk, client } = backup();
            const jobs: RestoreJob[] = [];
            let nextToken: string | undefined;
            do {
                const out = await client.send(new sdk.ListRestoreJobsCommand({ ByRestoreTestingPlanArn: filter.restoreTestingPlanArn, ByCreatedAfter: filter.createdAfter, NextToken: nextToken }));
                for (const job of (out.RestoreJobs ?? []) as Record<string, unknown>[]) jobs.push(restoreJobOf(job));
                nextToken = str(out.NextToken);
            } while (nextToken !== undefined);
            return jobs;
        },
        async restoreTestingPlanCreated(planName) {
            const { sdk, client } = backup();
            const out = await client.send(new sdk.GetRestoreTestingPlanCommand({ RestoreTestingPlanName: planName }));
            return date(((out.RestoreTestingPlan ?? {}) as Record<string, unknown>).CreationTime);
        },
    };
}

/**
 * A described DB instance or cluster as the validator sees it. DescribeDBInstances and DescribeDBClusters
 * name the endpoint and the status differently (an instance nests its endpoint, a cluster's is its writer's)
 * and the rest alike.
 */
function restoredResourceOf(
    target: { kind: RestoredResource["kind"]; identifier: string },
    described: Record<string, unknown>,
    spelled: { address: unknown; port: unknown; status: unknown },
): RestoredResource {
    return {
        kind: target.kind,
        identifier: target.identifier,
        host: str(spelled.address),
        port: typeof spelled.port === "number" ? spelled.port : undefined,
        status: String(spelled.status ?? ""),
        publiclyAccessible: described.PubliclyAccessible === true,
        securityGroupIds: ((described.VpcSecurityGroups ?? []) as Array<Record<string, unknown>>).map((g) => String(g.VpcSecurityGroupId ?? "")),
    };
}

/** RDS describes through the SDK (@aws-sdk/client-rds). A missing resource reads as undefined. */
export function rdsRestoredResources(): RestoredResources {
    const rds = lazyClient("@aws-sdk/client-rds", "RDSClient");
    const notFound = (error: unknown) => /NotFound/.test(String((error as { name?: unknown })?.name ?? ""));
    return {
        async describe(arn) {
            const target = rdsResourceOf(arn);
            if (target === undefined) throw new Error(`${arn} is not the ARN of an RDS instance or cluster`);
            const { sdk, client } = rds();
            try {
                if (target.kind === "instance") {
                    const out = await client.send(new sdk.DescribeDBInstancesCommand({ DBInstanceIdentifier: target.identifier }));
                    const db = ((out.DBInstances ?? []) as Record<string, unknown>[])[0];
                    if (db === undefined) return undefined;
                    const endpoint = (db.Endpoint ?? {}) as Record<string, unknown>;
                    return restoredResourceOf(target, db, { address: endpoint.Address, port: endpoint.Port, status: db.DBInstanceStatus });
                }
                const out = await client.send(new sdk.DescribeDBClustersCommand({ DBClusterIdentifier: target.identifier }));
                const cluster = ((out.DBClusters ?? []) as Record<string, unknown>[])[0];
                if (cluster === undefined) return undefined;
                return {
                    ...restoredResourceOf(target, cluster, { address: cluster.Endpoint, port: cluster.Port, status: cluster.Status }),
                    memberCount: ((cluster.DBClusterMembers ?? []) as unknown[]).length,
                };
            } catch (error) {
                if (notFound(error)) return undefined;
                throw error;
            }
        },
    };
}

/** Secrets Manager version listing through the SDK (@aws-sdk/client-secrets-manager). */
export function secretsManagerVersions(): SecretVersions {
    const secretsManager = lazyClient("@aws-sdk/client-secrets-manager", "SecretsManagerClient");
    return {
        async listSecretVersions(secretId) {
            const { sdk, client } = secretsManager();
            const versions: SecretVersion[] = [];
            let nextToken: string | undefined;
            do {
                const out = await client.send(new sdk.ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: true, NextToken: nextToken }));
                for (const v of (out.Versions ?? []) as Record<string, unknown>[]) {
                    const created = date(v.CreatedDate);
                    if (typeof v.VersionId === "string" && created !== undefined) versions.push({ versionId: v.VersionId, createdDate: created, stages: (v.VersionStages ?? []) as string[] });
                }
                nextToken = str(out.NextToken);
            } while (nextToken !== undefined);
            return versions;
        },
    };
}
