// How verify talks to AWS: one client per service and region (credentials from the default SDK
// chain), only the calls of the table in calls.ts, and errors turned into what a user can act on:
// a denied call becomes "cannot verify: missing IAM permission <action>", missing or rejected
// credentials make the whole input unusable (exit 2), never a stack trace.
import { BackupClient } from "@aws-sdk/client-backup";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { RDSClient } from "@aws-sdk/client-rds";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SNSClient } from "@aws-sdk/client-sns";
import { InputError } from "../report/input-error";
import { CallName, CallSpec, InputOf, OutputOf, Service, calls } from "./calls";

/** A check could not be made: the reason names the missing permission or the error, in one line. */
export class CannotVerify extends Error {
    constructor(
        message: string,
        /** The IAM action that was denied, when that is the reason. */
        readonly permission?: string,
    ) {
        super(message);
        this.name = "CannotVerify";
    }
}

type Client = { send(command: unknown): Promise<unknown>; destroy?(): void };

const clientClasses: Record<Service, new (config: { region?: string }) => Client> = {
    rds: RDSClient as unknown as new (config: { region?: string }) => Client,
    backup: BackupClient as unknown as new (config: { region?: string }) => Client,
    cloudwatch: CloudWatchClient as unknown as new (config: { region?: string }) => Client,
    sns: SNSClient as unknown as new (config: { region?: string }) => Client,
    secretsmanager: SecretsManagerClient as unknown as new (config: { region?: string }) => Client,
};

/** Error names AWS services use for a call the caller's policy does not allow. */
const deniedErrors = new Set(["AccessDenied", "AccessDeniedException", "AuthorizationError", "AuthorizationErrorException", "UnauthorizedOperation", "UnauthorizedException", "NotAuthorized"]);
/** Credentials that are missing, expired or not recognised: nothing can be checked. */
const credentialErrors = new Set([
    "CredentialsProviderError",
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "SignatureDoesNotMatch",
    "InvalidSignatureException",
    "TokenRefreshRequired",
]);

export function oneLineMessage(e: unknown): string {
    const error = e as { name?: string; message?: string };
    const message = (error?.message ?? String(e)).replace(/\s+/g, " ").trim();
    return error?.name && error.name !== "Error" && !(e instanceof CannotVerify) ? `${error.name}: ${message}` : message;
}

/** Whether an AWS error says the named thing does not exist (DBInstanceNotFound, ResourceNotFoundException, NotFound). */
export function isNotFound(e: unknown): boolean {
    const name = (e as { name?: string })?.name ?? "";
    return /NotFound/i.test(name);
}

export interface AwsAccess {
    /** Sends the call of the table to the service in `region`; throws CannotVerify when denied. */
    send<N extends CallName>(name: N, region: string | undefined, input: InputOf<N>): Promise<OutputOf<N>>;
    /** The region used when a resource does not say (--region, else the SDK's default chain). */
    defaultRegion: string | undefined;
    close(): void;
}

export function awsAccess(options: { region?: string; clientFor?: (service: Service, region: string | undefined) => Client } = {}): AwsAccess {
    const clients = new Map<string, Client>();
    const clientFor = options.clientFor ?? ((service: Service, region: string | undefined) => new clientClasses[service](region ? { region } : {}));
    return {
        defaultRegion: options.region,
        async send(name, region, input) {
            // Typed as any call: TypeScript cannot construct the union of the table's command classes.
            const spec: CallSpec = calls[name];
            const where = region ?? options.region;
            const key = `${spec.service}@${where ?? ""}`;
            let client = clients.get(key);
            if (!client) clients.set(key, (client = clientFor(spec.service, where)));
            try {
                return (await client.send(new spec.command(input as never))) as OutputOf<typeof name>;
            } catch (e) {
                const errorName = (e as { name?: string })?.name ?? "";
                if (deniedErrors.has(errorName)) {
                    throw new CannotVerify(`missing IAM permission ${spec.action} (${errorName}); grant it (see \`db-preflight verify --print-iam-policy\`)`, spec.action);
                }
                if (credentialErrors.has(errorName) || /Could not load credentials|Region is missing/i.test((e as Error)?.message ?? "")) {
                    throw new InputError(
                        `AWS credentials or region unusable for ${spec.action}: ${oneLineMessage(e)}; configure the default SDK chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO) and --region`,
                    );
                }
                throw e;
            }
        },
        close() {
            for (const c of clients.values()) c.destroy?.();
            clients.clear();
        },
    };
}
