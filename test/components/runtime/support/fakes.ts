// In-memory stand-ins for Secrets Manager and CloudWatch with a log of every call. The secret store
// keeps versions and staging labels the way Secrets Manager does: a new AWSCURRENT version moves
// AWSPREVIOUS onto the version it replaces.
import { randomUUID } from "crypto";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, MetricDatum, MetricsSink, SecretDescription, SecretValue, SecretVersionSelector, SecretsStore } from "../../../../components/runtime/aws";

export type SecretCall =
    | { op: "get"; secretId: string; versionId?: string; versionStage?: string }
    | { op: "put"; secretId: string; clientRequestToken?: string; versionStages: string[] }
    | { op: "describe"; secretId: string }
    | { op: "updateStage"; secretId: string; versionStage: string; moveTo: string; removeFrom?: string };

interface FakeSecret {
    /** A version without a string is the placeholder Secrets Manager labels AWSPENDING when a rotation starts. */
    versions: Map<string, { secretString?: string; stages: Set<string> }>;
    rotationEnabled: boolean;
}

export class FakeSecretsStore implements SecretsStore {
    readonly calls: SecretCall[] = [];
    private readonly secrets = new Map<string, FakeSecret>();

    /** Creates a secret, with no value (as the component creates app-user secrets) unless one is given. */
    create(secretId: string, value?: string | object, options: { rotationEnabled?: boolean } = {}): void {
        this.secrets.set(secretId, { versions: new Map(), rotationEnabled: options.rotationEnabled ?? false });
        if (value !== undefined) this.seed(secretId, typeof value === "string" ? value : JSON.stringify(value));
    }

    /** Stores a new AWSCURRENT value without logging a call (test setup). */
    seed(secretId: string, secretString: string): string {
        return this.store(secretId, secretString, undefined, [AWSCURRENT]);
    }

    /** The parsed AWSCURRENT value, for assertions. */
    current(secretId: string): Record<string, unknown> | undefined {
        const secret = this.secret(secretId);
        for (const v of secret.versions.values()) if (v.stages.has(AWSCURRENT) && v.secretString !== undefined) return JSON.parse(v.secretString) as Record<string, unknown>;
        return undefined;
    }

    /**
     * Starts a rotation the way Secrets Manager does before calling the Lambda: a new version id
     * labelled AWSPENDING with no value yet. Returns the ClientRequestToken the steps get.
     */
    startRotation(secretId: string): string {
        const secret = this.secret(secretId);
        secret.rotationEnabled = true;
        const token = randomUUID();
        for (const v of secret.versions.values()) v.stages.delete(AWSPENDING);
        secret.versions.set(token, { stages: new Set([AWSPENDING]) });
        return token;
    }

    versionCount(secretId: string): number {
        return this.secret(secretId).versions.size;
    }

    writes(): SecretCall[] {
        return this.calls.filter((c) => c.op !== "get" && c.op !== "describe");
    }

    async getSecretValue(secretId: string, version: SecretVersionSelector = {}): Promise<SecretValue | undefined> {
        this.calls.push({ op: "get", secretId, ...version });
        const secret = this.secret(secretId);
        const stage = version.versionStage ?? (version.versionId === undefined ? AWSCURRENT : undefined);
        for (const [versionId, v] of secret.versions) {
            if (version.versionId !== undefined && versionId !== version.versionId) continue;
            if (stage !== undefined && !v.stages.has(stage)) continue;
            if (v.secretString === undefined) return undefined;
            return { secretString: v.secretString, versionId, versionStages: [...v.stages] };
        }
        return undefined;
    }

    async putSecretValue(secretId: string, secretString: string, options: { clientRequestToken?: string; versionStages?: string[] } = {}): Promise<string> {
        const versionStages = options.versionStages ?? [AWSCURRENT];
        this.calls.push({ op: "put", secretId, clientRequestToken: options.clientRequestToken, versionStages });
        return this.store(secretId, secretString, options.clientRequestToken, versionStages);
    }

    async describeSecret(secretId: string): Promise<SecretDescription> {
        this.calls.push({ op: "describe", secretId });
        const secret = this.secret(secretId);
        const versionIdsToStages: Record<string, string[]> = {};
        for (const [id, v] of secret.versions) if (v.stages.size > 0) versionIdsToStages[id] = [...v.stages];
        return { rotationEnabled: secret.rotationEnabled, versionIdsToStages };
    }

    async updateSecretVersionStage(secretId: string, versionStage: string, moveTo: string, removeFrom?: string): Promise<void> {
        this.calls.push({ op: "updateStage", secretId, versionStage, moveTo, removeFrom });
        const secret = this.secret(secretId);
        const target = secret.versions.get(moveTo);
        if (target === undefined) throw new Error(`ResourceNotFoundException: no version ${moveTo}`);
        const holder = [...secret.versions.entries()].find(([, v]) => v.stages.has(versionStage));
        if (holder !== undefined && holder[0] !== moveTo) {
            if (removeFrom !== holder[0]) throw new Error(`InvalidParameterException: ${versionStage} is attached to ${holder[0]}, not ${removeFrom}`);
            holder[1].stages.delete(versionStage);
            if (versionStage === AWSCURRENT) this.moveLabel(secret, AWSPREVIOUS, holder[0]);
        }
        target.stages.add(versionStage);
    }

    private store(secretId: string, secretString: string, token: string | undefined, stages: string[]): string {
        const secret = this.secret(secretId);
        const versionId = token ?? randomUUID();
        const existing = secret.versions.get(versionId);
        if (existing?.secretString !== undefined) {
            if (existing.secretString !== secretString) throw new Error(`ResourceExistsException: version ${versionId} exists with another value`);
            return versionId;
        }
        secret.versions.set(versionId, { secretString, stages: existing?.stages ?? new Set() });
        for (const stage of stages) {
            const holder = [...secret.versions.entries()].find(([id, v]) => id !== versionId && v.stages.has(stage));
            if (holder !== undefined) {
                holder[1].stages.delete(stage);
                if (stage === AWSCURRENT) this.moveLabel(secret, AWSPREVIOUS, holder[0]);
            }
            secret.versions.get(versionId)!.stages.add(stage);
        }
        return versionId;
    }

    private moveLabel(secret: FakeSecret, label: string, to: string): void {
        for (const v of secret.versions.values()) v.stages.delete(label);
        secret.versions.get(to)!.stages.add(label);
    }

    private secret(secretId: string): FakeSecret {
        const secret = this.secrets.get(secretId);
        if (secret === undefined) throw new Error(`ResourceNotFoundException: Secrets Manager can't find the specified secret ${secretId}`);
        return secret;
    }
}

export class FakeMetricsSink implements MetricsSink {
    readonly published: Array<{ namespace: string; data: MetricDatum[] }> = [];
    async putMetrics(namespace: string, data: MetricDatum[]): Promise<void> {
        this.published.push({ namespace, data });
    }
}
