// The pure decisions of ProductionAuroraCluster, without the engine: which parameters go to the
// cluster and which to the instances, alarm thresholds, and the runbook text.
import { auroraAlarmDefinitions, auroraLocalStorageBytes, fallbackFreeLocalStorageBytes } from "../../../components/production-aurora-cluster/alarms";
import { auroraParameters } from "../../../components/production-aurora-cluster/parameters";
import { AuroraRunbookFacts, renderAuroraRunbook } from "../../../components/production-aurora-cluster/runbook";
import { fallbackFreeableMemoryBytes } from "../../../components/shared/alarms";
import { isTlsOn } from "../../../aws-facts/parameter-groups";

const GiB = 1024 ** 3;

describe("auroraParameters", () => {
    it("puts TLS and logging in the cluster group and max_connections in the instances' (Aurora PostgreSQL)", () => {
        const { cluster, instance } = auroraParameters("aurora-postgresql", { maxConnections: 1000, slowQueryMs: 500 });
        expect(instance).toEqual([{ name: "max_connections", value: "1000", applyMethod: "pending-reboot" }]);
        expect(cluster).toContainEqual({ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" });
        expect(cluster).toContainEqual({ name: "log_min_duration_statement", value: "500", applyMethod: "immediate" });
        expect(cluster.map((p) => p.name)).not.toContain("max_connections");
    });

    it("spells Aurora MySQL's TLS switch ON and turns Advanced Auditing on", () => {
        const { cluster } = auroraParameters("aurora-mysql", { maxConnections: 1000, slowQueryMs: 2500 });
        const tls = cluster.find((p) => p.name === "require_secure_transport")!;
        expect(tls.value).toBe("ON");
        expect(isTlsOn("aurora-mysql", tls.value)).toBe(true);
        expect(cluster).toContainEqual({ name: "server_audit_logging", value: "1", applyMethod: "immediate" });
        expect(cluster).toContainEqual({ name: "server_audit_events", value: "CONNECT,QUERY_DDL,QUERY_DCL", applyMethod: "immediate" });
        expect(cluster).toContainEqual({ name: "long_query_time", value: "2.5", applyMethod: "immediate" });
        expect(cluster).toContainEqual({ name: "slow_query_log", value: "1", applyMethod: "immediate" });
    });
});

describe("auroraAlarmDefinitions", () => {
    it("sizes thresholds from max_connections, memory and local storage", () => {
        const { cluster, instance } = auroraAlarmDefinitions({ maxConnections: 1000, memoryBytes: 16 * GiB, localStorageMemoryBytes: 16 * GiB });
        const byKey = Object.fromEntries(instance.map((d) => [d.key, d]));
        expect(byKey.connections.threshold).toBe(800);
        expect(byKey["freeable-memory"].threshold).toBe(Math.round(1.6 * GiB));
        expect(byKey["free-local-storage"].threshold).toBe(Math.round(3.2 * GiB));
        expect(byKey["replica-lag"]).toMatchObject({ metricName: "AuroraReplicaLag", threshold: 1000, treatMissingData: "notBreaching" });
        expect(cluster.map((d) => d.metricName)).toEqual(instance.map((d) => d.metricName));
        expect(cluster.find((d) => d.key === "cpu")!.description).toBe("CPU of the cluster above 80% for 15 minutes");
    });

    it("takes the caller's percentages", () => {
        const { instance } = auroraAlarmDefinitions(
            { maxConnections: 1000, memoryBytes: 8 * GiB, localStorageMemoryBytes: 8 * GiB },
            { cpuPercent: 90, connectionsPercent: 50, freeableMemoryPercent: 20, freeLocalStoragePercent: 25, replicaLagMs: 5000 },
        );
        expect(Object.fromEntries(instance.map((d) => [d.key, d.threshold]))).toEqual({
            cpu: 90,
            "freeable-memory": Math.round(1.6 * GiB),
            connections: 500,
            "free-local-storage": Math.round(4 * GiB),
            "replica-lag": 5000,
        });
    });

    it("falls back to fixed floors when the memory is not known", () => {
        const { instance } = auroraAlarmDefinitions({ maxConnections: 100, memoryBytes: undefined, localStorageMemoryBytes: undefined });
        expect(instance.find((d) => d.key === "freeable-memory")!.threshold).toBe(fallbackFreeableMemoryBytes);
        expect(instance.find((d) => d.key === "free-local-storage")!.threshold).toBe(fallbackFreeLocalStorageBytes);
        expect(auroraLocalStorageBytes(16 * GiB)).toBe(32 * GiB);
    });
});

describe("renderAuroraRunbook", () => {
    const facts: AuroraRunbookFacts = {
        identifier: "ledger",
        engineLabel: "Aurora PostgreSQL 16",
        engine: "aurora-postgresql",
        region: "eu-west-1",
        endpoint: "ledger.cluster-abc.eu-west-1.rds.amazonaws.com",
        readerEndpoint: "ledger.cluster-ro-abc.eu-west-1.rds.amazonaws.com",
        port: 5432,
        databaseName: "ledger",
        masterUsername: "ledger_admin",
        masterSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1",
        arn: "arn:aws:rds:eu-west-1:123456789012:cluster:ledger",
        instances: ["ledger-1", "ledger-2", "ledger-3"],
        instanceClass: "db.r6g.large",
        backupRetentionDays: 14,
        backupWindow: "03:00-04:00",
        maintenanceWindow: "sun:05:00-sun:06:00",
        subnetGroupName: "ledger-subnets",
        securityGroupId: "sg-1",
        clusterParameterGroupName: "ledger-cluster",
        instanceParameterGroupName: "ledger-instance",
        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1",
        backup: { vaultName: "ledger-backups", copy: { vaultName: "ledger-backups-copy", region: "eu-central-1" }, restoreTesting: true },
        alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
        alarmNames: ["ledger-cpu"],
        logExports: ["postgresql"],
        logGroups: ["/aws/rds/cluster/ledger/postgresql"],
        healthCheckFunction: "ledger-health-check",
        appUsers: [{ name: "ledger_app", privilege: "readwrite", secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app" }],
        owner: "team-ledger",
        onCall: "ledger-oncall",
        runbookUrl: "https://runbooks.example.com/ledger",
    };
    const text = renderAuroraRunbook(facts);

    it("fails over to a named reader", () => {
        expect(text).toContain("aws rds failover-db-cluster \\\n  --db-cluster-identifier ledger \\\n  --target-db-instance-identifier ledger-2 \\\n  --region eu-west-1");
        expect(text).toContain("| Availability | 2 readers spread over the subnets' Availability Zones; Aurora promotes one when the writer fails |");
    });

    it("restores to a point in time into the same network and key, then creates a writer and a reader", () => {
        expect(text).toContain(
            [
                "aws rds restore-db-cluster-to-point-in-time \\",
                "  --source-db-cluster-identifier ledger \\",
                "  --db-cluster-identifier ledger-restored \\",
                "  --restore-to-time 2025-01-31T09:30:00Z \\",
                "  --db-subnet-group-name ledger-subnets \\",
                "  --vpc-security-group-ids sg-1 \\",
                "  --db-cluster-parameter-group-name ledger-cluster \\",
                "  --kms-key-id arn:aws:kms:eu-west-1:123456789012:key/1 \\",
                "  --enable-cloudwatch-logs-exports postgresql \\",
                "  --enable-iam-database-authentication \\",
                "  --copy-tags-to-snapshot \\",
                "  --deletion-protection \\",
                "  --region eu-west-1",
            ].join("\n"),
        );
        expect(text).toContain("--db-instance-identifier ledger-restored-1");
        expect(text).toContain("--db-instance-identifier ledger-restored-2");
        expect(text).not.toContain("ledger-restored-3");
        expect(text).toContain("--db-parameter-group-name ledger-instance");
    });

    it("restores snapshots and the copy in the other region", () => {
        expect(text).toContain("aws rds restore-db-cluster-from-snapshot \\");
        expect(text).toContain("aws backup list-recovery-points-by-backup-vault --backup-vault-name ledger-backups-copy --region eu-central-1");
        expect(text).toContain("If eu-west-1 is unavailable, restore the copy in eu-central-1");
    });

    it("rotates the master and app-user secrets", () => {
        expect(text).toContain("aws secretsmanager rotate-secret --secret-id arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1 --region eu-west-1");
        expect(text).toContain("| `ledger_app` | readwrite |");
    });

    it("backtracks Aurora MySQL in place when a window is kept", () => {
        const mysql = renderAuroraRunbook({ ...facts, engine: "aurora-mysql", engineLabel: "Aurora MySQL 8.0", backtrackWindowHours: 24 });
        expect(mysql).toContain("## Backtrack (rewind in place)");
        expect(mysql).toContain("aws rds backtrack-db-cluster \\\n  --db-cluster-identifier ledger \\\n  --backtrack-to 2025-01-31T09:30:00Z");
        expect(mysql).toContain("before any failover, backtrack or restore");
        expect(text).not.toContain("backtrack");
    });

    it("restores Serverless v2 clusters with their capacity range", () => {
        const serverless = renderAuroraRunbook({ ...facts, instanceClass: "db.serverless", serverless: { minCapacity: 0.5, maxCapacity: 16 } });
        expect(serverless).toContain("  --serverless-v2-scaling-configuration MinCapacity=0.5,MaxCapacity=16 \\");
        expect(serverless).toContain("  --db-instance-class db.serverless \\");
        expect(serverless).toContain("(Aurora Serverless v2, 0.5-16 ACUs per instance)");
    });

    it("says plainly when there is no reader, no AWS Backup and no health check", () => {
        const bare = renderAuroraRunbook({ ...facts, instances: ["ledger-1"], backup: undefined, healthCheckFunction: undefined });
        expect(bare).toContain("This cluster has **one instance**");
        expect(bare).toContain("| AWS Backup | **none**: only the automated backups above |");
        expect(bare).toContain("| Health check | **none** |");
        expect(bare).not.toContain("failover-db-cluster");
    });
});
