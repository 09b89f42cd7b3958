// What both database components set up first, with the same child names: the private network (a
// subnet group and a security group of its own) and the encryption key, or the key the caller brings.
import * as pulumi from "@pulumi/pulumi";
import { ResolvedDatabaseArgsCommon } from "./args";
import { EncryptionKey, encryptionKey } from "./encryption";
import { DatabaseNetwork } from "./network";

/** `description` names the database in the groups' and the key's descriptions, e.g. "PostgreSQL orders". */
export function databaseNetworkAndKey(
    name: string,
    r: Pick<ResolvedDatabaseArgsCommon<unknown>, "identifier" | "port" | "network" | "encryption" | "protect" | "tags">,
    description: string,
    parent: pulumi.Resource,
): { network: DatabaseNetwork; encryption: EncryptionKey } {
    const network = new DatabaseNetwork(
        name,
        {
            identifier: r.identifier,
            description,
            vpcId: r.network.vpcId,
            subnetIds: r.network.subnetIds,
            port: r.port,
            allowedSecurityGroupIds: r.network.allowedSecurityGroupIds,
            allowedCidrs: r.network.allowedCidrs,
            tags: r.tags,
        },
        parent,
    );
    const encryption = encryptionKey(name, { identifier: r.identifier, description, kmsKeyArn: r.encryption.kmsKeyArn, protect: r.protect, tags: r.tags }, parent);
    return { network, encryption };
}
