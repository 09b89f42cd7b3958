// The customer managed KMS key that encrypts a database's storage, its master secret, its
// Performance Insights data and its AWS Backup vault, or the key the caller brings. Keeping one key
// per database makes "who can read this data" one key policy, and lets the key rotate yearly.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface EncryptionKeyArgs {
    identifier: string;
    description: string;
    /** A key the caller manages; no key is created then. */
    kmsKeyArn?: pulumi.Input<string>;
    /** Deleting the key destroys every backup made with it: the key is protected with the database. */
    protect: boolean;
    tags: Record<string, string>;
}

export interface EncryptionKey {
    key?: aws.kms.Key;
    alias?: aws.kms.Alias;
    keyArn: pulumi.Output<string>;
}

export function encryptionKey(name: string, args: EncryptionKeyArgs, parent: pulumi.Resource): EncryptionKey {
    if (args.kmsKeyArn !== undefined) return { keyArn: pulumi.output(args.kmsKeyArn) };
    const key = new aws.kms.Key(
        `${name}-key`,
        {
            description: `Encrypts ${args.description}: storage, snapshots, master secret, Performance Insights, backups`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            tags: args.tags,
        },
        { parent, protect: args.protect },
    );
    const alias = new aws.kms.Alias(`${name}-key-alias`, { name: `alias/db-preflight/${args.identifier}`, targetKeyId: key.keyId }, { parent });
    return { key, alias, keyArn: key.arn };
}
