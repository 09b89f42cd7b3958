// Storage encryption facts beyond the API default (storageEncrypted unset = false, in rds.ts).
import { auroraServerlessV1EngineMode } from "./capacity";

/**
 * Aurora cluster engine modes whose storage is always encrypted, whatever storageEncrypted says:
 * Aurora Serverless v1 (engineMode "serverless") clusters are always encrypted (Aurora User Guide,
 * "Using Amazon Aurora Serverless v1": "An Aurora Serverless v1 DB cluster is always encrypted").
 */
export const alwaysEncryptedEngineModes = [auroraServerlessV1EngineMode] as const;

export function isAlwaysEncryptedEngineMode(engineMode: string): boolean {
    return (alwaysEncryptedEngineModes as readonly string[]).includes(engineMode.trim().toLowerCase());
}

/**
 * AWS managed keys are named by aliases under "alias/aws/" (e.g. "alias/aws/rds"), which customer
 * keys cannot use (KMS Developer Guide, "Aliases in AWS KMS"). A kmsKeyId naming one is not a
 * customer managed key.
 */
export function isAwsManagedKeyAlias(kmsKeyId: string): boolean {
    return /(^|:)alias\/aws\//.test(kmsKeyId.trim());
}

/**
 * A new customer managed key does not rotate its key material until rotation is turned on
 * (KMS API reference, EnableKeyRotation; aws.kms.Key enableKeyRotation defaults to false).
 */
export const kmsKeyRotationDefault = false;
