// What both database components set up, with the same child names: first the private network (a
// subnet group and a security group of its own) and the encryption key, or the key the caller
// brings; once the database exists, its backups, health check and app users.
import * as pulumi from "@pulumi/pulumi";
import type { RuntimeEngine } from "../runtime/database";
import { AppUsers, appUsers } from "./app-users";
import { ResolvedDatabaseArgsCommon } from "./args";
import { BackupProtection, BackupProtectionArgs, backupProtection } from "./backup";
import { EncryptionKey, encryptionKey } from "./encryption";
import { alarmName } from "./alarms";
import { HealthCheck, healthCheck, healthCheckAlarmDefinition } from "./health-check";
import { DatabaseNetwork } from "./network";
import { RestoreTestNetwork, RestoreValidation, restoreTestNetwork, restoreValidation, restoreValidationAlarmNames } from "./restore-validation";

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

/** Where the database is, as the blocks that protect and use it need to reach it. */
export interface DatabaseHandles {
    engine: RuntimeEngine;
    protectedResourceType: BackupProtectionArgs["protectedResourceType"];
    resourceArn: pulumi.Input<string>;
    address: pulumi.Input<string>;
    port: pulumi.Input<number>;
    databaseIdentifier: pulumi.Input<string>;
    masterSecretArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    network: DatabaseNetwork;
    topicArn: pulumi.Input<string>;
    /** "PostgreSQL orders": names the restore-test security groups. */
    description?: string;
}

/**
 * What both components add once the database exists, each unless opted out: AWS Backup with
 * restore testing (each restore test validated on the restored copy, which only the validator can
 * reach), the scheduled health check, and the app users with their provisioner.
 */
export function databaseProtectionAndUsers(
    name: string,
    r: Pick<ResolvedDatabaseArgsCommon<unknown>, "identifier" | "databaseName" | "network" | "backup" | "healthCheck" | "appUsers" | "appUserRotationDays" | "runbook" | "logs" | "tags">,
    db: DatabaseHandles,
    parent: pulumi.Resource,
): { backup?: BackupProtection; restoreTestNetwork?: RestoreTestNetwork; restoreValidation?: RestoreValidation; healthCheck?: HealthCheck; appUsers?: AppUsers } {
    const { tags } = r;
    // Restored copies go into a group of their own that admits only the validator (not the database's, which admits the applications).
    const restoreNetwork =
        r.backup.plan && r.backup.restoreTesting
            ? restoreTestNetwork(name, { identifier: r.identifier, description: db.description ?? r.identifier, vpcId: r.network.vpcId, port: db.port, tags }, parent)
            : undefined;
    const reach = {
        identifier: r.identifier,
        engine: db.engine,
        address: db.address,
        port: db.port,
        databaseName: r.databaseName,
        masterSecretArn: db.masterSecretArn,
        kmsKeyArn: db.keyArn,
        network: db.network,
        subnetIds: r.network.subnetIds,
        logRetentionDays: r.logs.retentionDays,
        tags,
    };
    const backup = r.backup.plan
        ? backupProtection(
              name,
              {
                  identifier: r.identifier,
                  protectedResourceType: db.protectedResourceType,
                  resourceArn: db.resourceArn,
                  kmsKeyArn: db.keyArn,
                  schedule: r.backup.planSchedule,
                  retentionDays: r.backup.planRetentionDays,
                  copyToRegion: r.backup.copyToRegion,
                  copyProvider: r.backup.copyProvider,
                  restoreTesting: r.backup.restoreTesting,
                  restoreInto: {
                      subnetGroupName: db.network.subnetGroup.name,
                      securityGroupIds: [restoreNetwork ? restoreNetwork.copySecurityGroup.id : db.network.securityGroup.id],
                  },
                  topicArn: db.topicArn,
                  tags,
              },
              parent,
          )
        : undefined;
    const plan = backup?.restoreTestingPlan;
    const validation = r.backup.restoreValidation;
    return {
        ...(backup && { backup }),
        ...(restoreNetwork && { restoreTestNetwork: restoreNetwork }),
        ...(restoreNetwork &&
            plan &&
            validation !== false && {
                restoreValidation: restoreValidation(
                    name,
                    {
                        ...reach,
                        databaseArn: db.resourceArn,
                        databaseIdentifier: db.databaseIdentifier,
                        planArn: plan.arn,
                        planName: plan.name,
                        restoreNetwork,
                        queries: validation.queries,
                        timeoutMs: validation.timeoutMs,
                        topicArn: db.topicArn,
                        runbookUrl: r.runbook.url,
                    },
                    parent,
                ),
            }),
        ...(r.healthCheck !== false && {
            healthCheck: healthCheck(
                name,
                {
                    ...reach,
                    databaseIdentifier: db.databaseIdentifier,
                    schedule: r.healthCheck.schedule,
                    probeTimeoutMs: r.healthCheck.probeTimeoutMs,
                    slowQueryMs: r.healthCheck.slowQueryMs,
                    topicArn: db.topicArn,
                    runbookUrl: r.runbook.url,
                },
                parent,
            ),
        }),
        ...(r.appUsers.length > 0 && {
            appUsers: appUsers(name, { ...reach, users: r.appUsers, rotationDays: r.appUserRotationDays }, parent),
        }),
    };
}

/** The names of the alarms databaseProtectionAndUsers created (the health check's, then the restore validation's), as both runbooks list them. */
export function protectionAlarmNames(identifier: string, created: { healthCheck?: HealthCheck; restoreValidation?: RestoreValidation }): string[] {
    return [...(created.healthCheck ? [alarmName(identifier, healthCheckAlarmDefinition().key)] : []), ...restoreValidationAlarmNames(identifier, created.restoreValidation)];
}
