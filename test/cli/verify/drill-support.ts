// The restore drill's side of the stand-in account: AWS Backup's latest recovery point, the
// temporary instance RDS creates from it (creating, then available), its RDS-managed secret, and a
// clock that advances while the drill waits. Shapes from the API references (ListRecoveryPointsByResource,
// RestoreDBInstanceFromDBSnapshot, DescribeDBInstances, GetSecretValue, DeleteDBInstance).
import type { DrillDeps } from "../../../cli/verify/drill";
import { CapturedResource } from "../../support/capture";
import { Account, HOUR, ago, commands, healthyDatabase, now } from "./support";

export const temporaryId = "orders-drill-202612062330";
export const restoredSecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-drill-0a1b2c-AbCdEf";
export const recoveryPointArn = "arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-0b6b3f2e-1c8d-4b5e-9d3a-7f1e2d3c4b5a";

export function drillAccount(account: Account, resources: readonly CapturedResource[]): void {
    const db = healthyDatabase(resources);
    account.backup.on(commands.ListRecoveryPointsByResourceCommand).resolves({
        RecoveryPoints: [
            { RecoveryPointArn: recoveryPointArn, CreationDate: ago(2.5 * HOUR), Status: "COMPLETED", BackupVaultName: "orders-backups", ResourceName: "orders" },
            { RecoveryPointArn: `${recoveryPointArn}-older`, CreationDate: ago(26.5 * HOUR), Status: "COMPLETED", BackupVaultName: "orders-backups" },
            { RecoveryPointArn: `${recoveryPointArn}-partial`, CreationDate: ago(HOUR), Status: "PARTIAL", BackupVaultName: "orders-backups" },
        ],
    });
    account.rds.on(commands.RestoreDBInstanceFromDBSnapshotCommand).resolves({ DBInstance: { DBInstanceIdentifier: temporaryId, DBInstanceStatus: "creating" } });
    account.rds
        .on(commands.DescribeDBInstancesCommand, { DBInstanceIdentifier: temporaryId })
        .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: temporaryId, DBInstanceStatus: "creating" }] })
        .resolves({
            DBInstances: [
                {
                    DBInstanceIdentifier: temporaryId,
                    DBInstanceStatus: "available",
                    Endpoint: { Address: `${temporaryId}.c9akciq32.us-east-1.rds.amazonaws.com`, Port: 5432 },
                    PubliclyAccessible: false,
                    DBSubnetGroup: db.DBSubnetGroup,
                    MasterUserSecret: { SecretArn: restoredSecretArn, SecretStatus: "active" },
                },
            ],
        });
    account.secrets
        .on(commands.GetSecretValueCommand, { SecretId: restoredSecretArn })
        .resolves({ ARN: restoredSecretArn, SecretString: JSON.stringify({ username: "postgres_admin", password: "s3cr3t-Pa55word" }) });
    account.rds.on(commands.DeleteDBInstanceCommand).resolves({ DBInstance: { DBInstanceIdentifier: temporaryId, DBInstanceStatus: "deleting" } });
}

/** The drill's effects replaced: a clock that advances 10 minutes per wait, a query that answers, and Ctrl-C on demand. */
export function drillHooks(
    overrides: Partial<DrillDeps> = {},
    answers: Record<string, unknown[][]> = {},
): { drill: Partial<DrillDeps>; interrupt(): void; queries: Array<{ host: string; sql: string; username: string; database?: string }> } {
    let clock = now;
    const handlers = new Set<() => void>();
    const queries: Array<{ host: string; sql: string; username: string; database?: string }> = [];
    return {
        drill: {
            now: () => clock,
            sleep: async (ms) => {
                clock += Math.max(ms, 10 * 60_000);
            },
            query: async (target, sql) => {
                queries.push({ host: target.host, sql, username: target.username, ...(target.database ? { database: target.database } : {}) });
                return answers[sql] ?? [[1]];
            },
            onInterrupt: (handler) => {
                handlers.add(handler);
                return () => handlers.delete(handler);
            },
            pollSeconds: 30,
            ...overrides,
        },
        interrupt: () => {
            for (const h of [...handlers]) h();
        },
        queries,
    };
}

export const clusterTemporaryId = "ledger-drill-202612062330";
export const clusterRecoveryPointArn = "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-7c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f";
const clusterSecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-drill-9f8e7d-XyZabc";

/** The drill's side of the account for the Aurora cluster "ledger": a cluster snapshot, the restored cluster and its instance. */
export function drillClusterAccount(account: Account): void {
    account.backup.on(commands.ListRecoveryPointsByResourceCommand).resolves({
        RecoveryPoints: [{ RecoveryPointArn: clusterRecoveryPointArn, CreationDate: ago(2 * HOUR), Status: "COMPLETED", BackupVaultName: "ledger-backups", ResourceName: "ledger" }],
    });
    account.rds.on(commands.RestoreDBClusterFromSnapshotCommand).resolves({ DBCluster: { DBClusterIdentifier: clusterTemporaryId, Status: "creating" } });
    account.rds.on(commands.CreateDBInstanceCommand).resolves({ DBInstance: { DBInstanceIdentifier: `${clusterTemporaryId}-1`, DBInstanceStatus: "creating" } });
    account.rds.on(commands.ModifyDBClusterCommand).resolves({ DBCluster: { DBClusterIdentifier: clusterTemporaryId, Status: "modifying" } });
    account.rds
        .on(commands.DescribeDBClustersCommand, { DBClusterIdentifier: clusterTemporaryId })
        .resolvesOnce({ DBClusters: [{ DBClusterIdentifier: clusterTemporaryId, Status: "creating" }] })
        .resolvesOnce({ DBClusters: [{ DBClusterIdentifier: clusterTemporaryId, Status: "available" }] })
        .resolves({
            DBClusters: [
                {
                    DBClusterIdentifier: clusterTemporaryId,
                    Status: "available",
                    Endpoint: `${clusterTemporaryId}.cluster-c9akciq32.us-east-1.rds.amazonaws.com`,
                    Port: 5432,
                    MasterUserSecret: { SecretArn: clusterSecretArn, SecretStatus: "active" },
                },
            ],
        });
    account.rds
        .on(commands.DescribeDBInstancesCommand, { DBInstanceIdentifier: `${clusterTemporaryId}-1` })
        .resolves({ DBInstances: [{ DBInstanceIdentifier: `${clusterTemporaryId}-1`, DBInstanceStatus: "available" }] });
    account.secrets.on(commands.GetSecretValueCommand, { SecretId: clusterSecretArn }).resolves({ SecretString: JSON.stringify({ username: "ledger_admin", password: "an0ther-Pa55word" }) });
    account.rds.on(commands.DeleteDBInstanceCommand).resolves({});
    account.rds.on(commands.DeleteDBClusterCommand).resolves({});
}
