// The AWS calls the runtime functions make, behind small interfaces: the database work runs for real
// in tests while these run against in-memory fakes. The adapters use the SDK v3 clients the Lambda
// runtime ships (bundle.ts keeps @aws-sdk/* out of the bundle), each loaded only by the adapter
// that needs it, so the app-users function never loads the CloudWatch client.
import type * as CloudWatch from "@aws-sdk/client-cloudwatch";
import type * as SecretsManager from "@aws-sdk/client-secrets-manager";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import
const secretsManagerSdk = (): typeof SecretsManager => require("@aws-sdk/client-secrets-manager");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import
const cloudWatchSdk = (): typeof CloudWatch => require("@aws-sdk/client-cloudwatch");

/** Secrets Manager staging labels. */
export const AWSCURRENT = "AWSCURRENT";
export const AWSPENDING = "AWSPENDING";
export const AWSPREVIOUS = "AWSPREVIOUS";

export interface SecretValue {
    secretString: string;
    versionId: string;
    versionStages: string[];
}

export interface SecretVersionSelector {
    versionId?: string;
    /** Defaults to AWSCURRENT, as GetSecretValue does. */
    versionStage?: string;
}

export interface SecretsReader {
    /** The version asked for, or undefined when the secret has no such version (or no value yet). */
    getSecretValue(secretId: string, version?: SecretVersionSelector, signal?: AbortSignal): Promise<SecretValue | undefined>;
}

export interface SecretDescription {
    rotationEnabled: boolean;
    versionIdsToStages: Record<string, string[]>;
}

export interface SecretsWriter {
    /** Stores a new version (labelled AWSCURRENT unless `versionStages` says otherwise); returns its id. */
    putSecretValue(secretId: string, secretString: string, options?: { clientRequestToken?: string; versionStages?: string[] }): Promise<string>;
    describeSecret(secretId: string): Promise<SecretDescription>;
    /** Moves `versionStage` to `moveToVersionId`, removing it from `removeFromVersionId`. */
    updateSecretVersionStage(secretId: string, versionStage: string, moveToVersionId: string, removeFromVersionId?: string): Promise<void>;
}

export type SecretsStore = SecretsReader & SecretsWriter;

export interface MetricDatum {
    name: string;
    value: number;
    unit: "Count" | "Milliseconds";
    dimensions: Record<string, string>;
    timestamp: Date;
}

export interface MetricsSink {
    putMetrics(namespace: string, data: MetricDatum[]): Promise<void>;
}

/** Secrets Manager through the SDK. A missing value (ResourceNotFoundException) reads as undefined. */
export function secretsManagerStore(client?: SecretsManager.SecretsManagerClient): SecretsStore {
    const { SecretsManagerClient, GetSecretValueCommand, PutSecretValueCommand, DescribeSecretCommand, UpdateSecretVersionStageCommand, ResourceNotFoundException } = secretsManagerSdk();
    const sm = client ?? new SecretsManagerClient({});
    return {
        async getSecretValue(secretId, version = {}, signal) {
            try {
                const out = await sm.send(
                    new GetSecretValueCommand({
                        SecretId: secretId,
                        VersionId: version.versionId,
                        VersionStage: version.versionStage ?? (version.versionId === undefined ? AWSCURRENT : undefined),
                    }),
                    { abortSignal: signal },
                );
                if (out.SecretString === undefined || out.VersionId === undefined) return undefined;
                return { secretString: out.SecretString, versionId: out.VersionId, versionStages: out.VersionStages ?? [] };
            } catch (error) {
                if (error instanceof ResourceNotFoundException) return undefined;
                throw error;
            }
        },
        async putSecretValue(secretId, secretString, options = {}) {
            const out = await sm.send(
                new PutSecretValueCommand({
                    SecretId: secretId,
                    SecretString: secretString,
                    ClientRequestToken: options.clientRequestToken,
                    VersionStages: options.versionStages,
                }),
            );
            if (out.VersionId === undefined) throw new Error(`PutSecretValue on ${secretId} returned no VersionId`);
            return out.VersionId;
        },
        async describeSecret(secretId) {
            const out = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
            return { rotationEnabled: out.RotationEnabled === true, versionIdsToStages: out.VersionIdsToStages ?? {} };
        },
        async updateSecretVersionStage(secretId, versionStage, moveToVersionId, removeFromVersionId) {
            await sm.send(
                new UpdateSecretVersionStageCommand({
                    SecretId: secretId,
                    VersionStage: versionStage,
                    MoveToVersionId: moveToVersionId,
                    RemoveFromVersionId: removeFromVersionId,
                }),
            );
        },
    };
}

/**
 * Caches AWSCURRENT reads for `ttlMs` across warm invocations (the health check runs every minute;
 * RDS rotates a managed master secret every 7 days by default). `invalidate` drops an entry so a
 * login refused with a cached secret can retry with a fresh one.
 */
export interface CachingSecretsReader extends SecretsReader {
    invalidate(secretId: string): void;
    /** True when the last AWSCURRENT read of `secretId` was served from the cache. */
    cached(secretId: string): boolean;
}

export function cachingSecretsReader(inner: SecretsReader, ttlMs = 5 * 60_000, now: () => number = Date.now): CachingSecretsReader {
    const entries = new Map<string, { value: SecretValue; fetchedAt: number; hit: boolean }>();
    return {
        async getSecretValue(secretId, version, signal) {
            const current = version === undefined || (version.versionId === undefined && (version.versionStage ?? AWSCURRENT) === AWSCURRENT);
            if (!current) return inner.getSecretValue(secretId, version, signal);
            const entry = entries.get(secretId);
            if (entry !== undefined && now() - entry.fetchedAt < ttlMs) {
                entry.hit = true;
                return entry.value;
            }
            const value = await inner.getSecretValue(secretId, undefined, signal);
            if (value === undefined) entries.delete(secretId);
            else entries.set(secretId, { value, fetchedAt: now(), hit: false });
            return value;
        },
        invalidate(secretId) {
            entries.delete(secretId);
        },
        cached(secretId) {
            return entries.get(secretId)?.hit === true;
        },
    };
}

/** CloudWatch PutMetricData through the SDK. */
export function cloudWatchMetricsSink(client?: CloudWatch.CloudWatchClient): MetricsSink {
    const { CloudWatchClient, PutMetricDataCommand, StandardUnit } = cloudWatchSdk();
    const cw = client ?? new CloudWatchClient({});
    return {
        async putMetrics(namespace, data) {
            await cw.send(
                new PutMetricDataCommand({
                    Namespace: namespace,
                    MetricData: data.map((d) => ({
                        MetricName: d.name,
                        Value: d.value,
                        Unit: d.unit === "Count" ? StandardUnit.Count : StandardUnit.Milliseconds,
                        Timestamp: d.timestamp,
                        Dimensions: Object.entries(d.dimensions).map(([Name, Value]) => ({ Name, Value })),
                    })),
                }),
            );
        },
    };
}
