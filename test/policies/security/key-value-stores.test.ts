// Security for DynamoDB, ElastiCache and MemoryDB in the resource policies: db-storage-encrypted,
// db-customer-managed-key, db-no-public-access, db-tls-enforced and db-network-restricted, each from the compliant key-value stack with one
// thing changed.
import { dbCustomerManagedKey } from "../../../policies/security/db-customer-managed-key";
import { dbNoPublicAccess } from "../../../policies/security/db-no-public-access";
import { dbStorageEncrypted } from "../../../policies/security/db-storage-encrypted";
import { dbTlsEnforced } from "../../../policies/security/db-tls-enforced";
import { dbAuditLogging } from "../../../policies/security/db-audit-logging";
import { dbKmsKeyRotation } from "../../../policies/security/db-kms-key-rotation";
import { dbPrivateSubnets } from "../../../policies/security/db-private-subnets";
import { dbNetworkRestricted } from "../../../policies/security/db-network-restricted";
import { compliantKvStack, dynamodb, elasticache, memorydb } from "../../fixtures/compliant-kv";
import { anyKind, ec2, kms, set, unset, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-storage-encrypted on ElastiCache", () => {
    it("passes the compliant key-value stack (tables, serverless and MemoryDB are always encrypted)", async () => {
        expect(await run(dbStorageEncrypted, compliantKvStack())).toEqual([]);
    });

    it("flags a Redis OSS replication group with at-rest encryption unset (CKV_AWS_29, AVD-AWS-0045): the Redis default is off", async () => {
        const stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", (p) => ({ ...unset<typeof p>("atRestEncryptionEnabled", "kmsKeyId")(p), engine: "redis" }));
        const findings = await run(dbStorageEncrypted, stack);
        expect(findings.map((f) => f.message)).toEqual([
            'aws.elasticache.ReplicationGroup "sessions": atRestEncryptionEnabled is unset; wanted true (unset means false for redis). ' +
                'Fix: set `atRestEncryptionEnabled: true` (and `kmsKeyId` for a customer managed key) in the aws.elasticache.ReplicationGroup args of "sessions" (this replaces the replication group: restore it from a snapshot).',
        ]);
    });

    it("treats an unset engine as Redis OSS (the API default) and a Valkey group with encryption unset as encrypted", async () => {
        const redisByDefault = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", unset("engine", "atRestEncryptionEnabled"));
        expect(await run(dbStorageEncrypted, redisByDefault)).toHaveLength(1);
        const valkey = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", unset("atRestEncryptionEnabled"));
        expect(await run(dbStorageEncrypted, valkey)).toEqual([]);
    });

    it("flags at-rest encryption switched off on a Valkey group", async () => {
        const findings = await run(dbStorageEncrypted, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ atRestEncryptionEnabled: false })));
        expect(findings[0].message).toContain("atRestEncryptionEnabled is false; wanted true.");
    });

    it("flags a standalone Redis OSS cluster, which cannot be encrypted, and not a Memcached one", async () => {
        const redis = elasticache.cluster("redis", { clusterId: "redis", engine: "redis", nodeType: "cache.m7g.large" });
        const findings = await run(dbStorageEncrypted, [redis, ...compliantKvStack()]);
        expect(findings.map((f) => f.resource)).toEqual(["redis"]);
        expect(findings[0].message).toContain('replace the aws.elasticache.Cluster "redis" with an aws.elasticache.ReplicationGroup');
    });

    it("reports an unknown flag at preview as an advisory note", async () => {
        const findings = await run(dbStorageEncrypted, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ atRestEncryptionEnabled: unknownSentinels.boolean })), {
            preview: true,
        });
        expect(atLevel(findings)).toEqual([]);
        expect(findings[0].message).toContain("atRestEncryptionEnabled is not known during preview");
    });
});

describe("db-customer-managed-key on key-value stores", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbCustomerManagedKey, compliantKvStack())).toEqual([]);
    });

    it.each([
        ["sessions", "kmsKeyId"],
        ["feature-flags", "kmsKeyId"],
        ["payments-kv", "kmsKeyArn"],
    ])("flags %s without %s (CKV_AWS_191, CKV_AWS_201)", async (name, property) => {
        const findings = await run(dbCustomerManagedKey, withProps(compliantKvStack(), anyKind, name, unset(property)));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: name, enforcementLevel: "advisory" });
        expect(findings[0].message).toContain(`${property} is unset; wanted the ARN of a customer managed KMS key`);
    });

    it("flags a DynamoDB table on the AWS owned key (CKV_AWS_119, AVD-AWS-0025), on the AWS managed key, and on an alias/aws/ key", async () => {
        const owned = await run(dbCustomerManagedKey, withProps(compliantKvStack(), dynamodb.table, "orders-table", unset("serverSideEncryption")));
        expect(owned[0].message).toContain("serverSideEncryption is unset; wanted { enabled: true, kmsKeyArn: <a customer managed key> }");
        const managed = await run(dbCustomerManagedKey, withProps(compliantKvStack(), dynamodb.table, "orders-table", set({ serverSideEncryption: { enabled: true } })));
        expect(managed[0].message).toContain("serverSideEncryption.kmsKeyArn is unset");
        const alias = await run(dbCustomerManagedKey, withProps(compliantKvStack(), dynamodb.table, "orders-table", set({ serverSideEncryption: { enabled: true, kmsKeyArn: "alias/aws/dynamodb" } })));
        expect(alias).toHaveLength(1);
        const disabled = await run(
            dbCustomerManagedKey,
            withProps(compliantKvStack(), dynamodb.table, "orders-table", set({ serverSideEncryption: { enabled: false, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/2222" } })),
        );
        expect(disabled[0].message).toContain("AWS owned key");
    });

    it("reports a key ARN unknown at preview as an advisory note, not a violation", async () => {
        const findings = await run(dbCustomerManagedKey, withProps(compliantKvStack(), memorydb.cluster, "payments-kv", set({ kmsKeyArn: unknownSentinels.string })), { preview: true });
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toContain("kmsKeyArn is not known during preview");
    });
});

describe("db-no-public-access on caches (placement)", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbNoPublicAccess, compliantKvStack())).toEqual([]);
    });

    it.each([
        ["sessions", "aws.elasticache.ReplicationGroup", "aws.elasticache.SubnetGroup"],
        ["catalog-cache", "aws.elasticache.Cluster", "aws.elasticache.SubnetGroup"],
        ["payments-kv", "aws.memorydb.Cluster", "aws.memorydb.SubnetGroup"],
    ])("flags %s with no subnet group (cdk-nag AEC1, CKV_AWS_323)", async (name, label, groupLabel) => {
        const findings = await run(dbNoPublicAccess, withProps(compliantKvStack(), anyKind, name, unset("subnetGroupName")));
        expect(findings.map((f) => f.message)).toEqual([
            `${label} "${name}": subnetGroupName is unset; wanted a ${groupLabel} of private subnets (unset or "default" places the cache in the default VPC, whose subnets map public IPs and route to an internet gateway). ` +
                `Fix: set \`subnetGroupName\` to an ${groupLabel} of private subnets in the ${label} args of "${name}".`,
        ]);
    });

    it('flags the subnet group named "default" and a serverless cache with no subnets', async () => {
        const named = await run(dbNoPublicAccess, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ subnetGroupName: "default" })));
        expect(named[0].message).toContain('subnetGroupName is "default"');
        const serverless = await run(dbNoPublicAccess, withProps(compliantKvStack(), elasticache.serverlessCache, "feature-flags", unset("subnetIds")));
        expect(serverless[0].message).toContain("subnetIds is unset; wanted private subnets");
    });

    it("does not judge DynamoDB tables (no network placement) or a replication group's node clusters", async () => {
        const node = elasticache.cluster("node", { clusterId: "node", replicationGroupId: "sessions" });
        expect(await run(dbNoPublicAccess, [node, ...compliantKvStack()])).toEqual([]);
    });
});

describe("db-tls-enforced on caches", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbTlsEnforced, compliantKvStack())).toEqual([]);
    });

    it("flags a replication group without in-transit encryption (CKV_AWS_30, AVD-AWS-0051)", async () => {
        const findings = await run(dbTlsEnforced, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", unset("transitEncryptionEnabled", "transitEncryptionMode")));
        expect(findings.map((f) => [f.resource, f.enforcementLevel, f.message])).toEqual([
            [
                "sessions",
                "mandatory",
                'aws.elasticache.ReplicationGroup "sessions": transitEncryptionEnabled is unset; wanted true (unset means false). ' +
                    'Fix: set `transitEncryptionEnabled: true` and `transitEncryptionMode: "required"` in the aws.elasticache.ReplicationGroup args of "sessions" (engine versions before 7.0.5 replace the group: restore it from a snapshot).',
            ],
        ]);
    });

    it('flags the "preferred" mode, which still accepts plaintext clients, and passes an unset mode with encryption on', async () => {
        const preferred = await run(dbTlsEnforced, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ transitEncryptionMode: "preferred" })));
        expect(preferred[0].message).toContain('transitEncryptionMode is "preferred"; wanted "required"');
        expect(await run(dbTlsEnforced, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", unset("transitEncryptionMode")))).toEqual([]);
    });

    it("flags a Memcached cluster without TLS, MemoryDB with TLS off (CKV_AWS_202) and a standalone Redis OSS cluster", async () => {
        let stack = withProps(compliantKvStack(), elasticache.cluster, "catalog-cache", unset("transitEncryptionEnabled"));
        stack = withProps(stack, memorydb.cluster, "payments-kv", set({ tlsEnabled: false }));
        const redis = elasticache.cluster("redis", { clusterId: "redis", engine: "redis" });
        const findings = await run(dbTlsEnforced, [...stack, redis]);
        expect(findings.map((f) => [f.resource, f.message.split(";")[0]])).toEqual([
            ["catalog-cache", 'aws.elasticache.Cluster "catalog-cache": transitEncryptionEnabled is unset'],
            ["redis", 'aws.elasticache.Cluster "redis": engine is "redis"'],
            ["payments-kv", 'aws.memorydb.Cluster "payments-kv": tlsEnabled is false'],
        ]);
    });

    it("reports unknown settings at preview as advisory notes", async () => {
        const findings = await run(dbTlsEnforced, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ transitEncryptionEnabled: unknownSentinels.boolean })), {
            preview: true,
        });
        expect(findings).toEqual([expect.objectContaining({ enforcementLevel: "advisory", resource: "sessions" })]);
    });
});

describe("db-network-restricted on caches", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbNetworkRestricted, compliantKvStack())).toEqual([]);
    });

    it.each(["sessions", "catalog-cache", "feature-flags", "payments-kv"])("flags %s on the VPC's default security group", async (name) => {
        const findings = await run(dbNetworkRestricted, withProps(compliantKvStack(), anyKind, name, unset("securityGroupIds")));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: name, enforcementLevel: "mandatory" });
        expect(findings[0].message).toContain("securityGroupIds is unset; wanted the database's own security groups (unset or empty means the VPC's default security group)");
    });

    it("flags a cache security group open to the internet, naming the caches that use it", async () => {
        const stack = withProps(compliantKvStack(), ec2.securityGroup, "cache-sg", (p) => ({
            ...p,
            ingress: [{ protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["0.0.0.0/0"] }],
        }));
        const findings = await run(dbNetworkRestricted, stack);
        expect(findings.map((f) => f.resource)).toEqual(["cache-sg"]);
        expect(findings[0].message).toContain('aws.elasticache.ReplicationGroup "sessions", aws.elasticache.Cluster "catalog-cache", aws.elasticache.ServerlessCache "feature-flags" and 1 more');
    });

    it("does not judge DynamoDB tables (no security groups) or a group's node clusters", async () => {
        const node = elasticache.cluster("node", { clusterId: "node", replicationGroupId: "sessions" });
        expect(await run(dbNetworkRestricted, [node, ...compliantKvStack()])).toEqual([]);
    });
});

describe("db-kms-key-rotation and db-private-subnets on key-value stores", () => {
    it("pass the compliant key-value stack", async () => {
        expect(await run(dbKmsKeyRotation, compliantKvStack())).toEqual([]);
        expect(await run(dbPrivateSubnets, compliantKvStack())).toEqual([]);
    });

    it("flag a key that does not rotate, naming the stores it encrypts", async () => {
        const findings = await run(dbKmsKeyRotation, withProps(compliantKvStack(), kms.key, "kv-key", unset("enableKeyRotation")));
        expect(findings.map((f) => f.resource)).toEqual(["kv-key"]);
        expect(findings[0].message).toContain('for the key that encrypts aws.dynamodb.Table "orders-table", aws.dynamodb.Table "ledger-table", aws.elasticache.ReplicationGroup "sessions" and 2 more');
    });

    it("flag a cache subnet that maps public IPs, through the subnet group and a serverless cache's own subnets", async () => {
        const findings = await run(dbPrivateSubnets, withProps(compliantKvStack(), ec2.subnet, "kv-private-a", set({ mapPublicIpOnLaunch: true })));
        expect(findings.map((f) => f.resource)).toEqual(["kv-private-a"]);
        expect(findings[0].message).toContain("mapPublicIpOnLaunch is true");
        expect(findings[0].message).toContain('aws.elasticache.ReplicationGroup "sessions"');
        expect(findings[0].message).toContain("aws.elasticache.ServerlessCache");
    });
});

describe("db-audit-logging on ElastiCache", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbAuditLogging, compliantKvStack())).toEqual([]);
    });

    it("flags a replication group that delivers no logs, and one without the slow log", async () => {
        const none = await run(dbAuditLogging, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", unset("logDeliveryConfigurations")));
        expect(none.map((f) => f.message)).toEqual([
            'aws.elasticache.ReplicationGroup "sessions": logDeliveryConfigurations is unset; wanted delivery of "engine-log", "slow-log" to CloudWatch Logs or Kinesis Data Firehose (missing engine-log, slow-log; unset means no logs leave the nodes). ' +
                'Fix: add `{ logType: "engine-log", destinationType: "cloudwatch-logs", destination: logGroup.name, logFormat: "json" }` (and the same for slow-log) to `logDeliveryConfigurations` in the aws.elasticache.ReplicationGroup args of "sessions".',
        ]);
        const stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", (p) => ({ ...p, logDeliveryConfigurations: (p.logDeliveryConfigurations ?? []).slice(0, 1) }));
        expect((await run(dbAuditLogging, stack))[0].message).toContain("(missing slow-log)");
    });

    it("takes the required log types from config, and does not judge Memcached", async () => {
        const stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", (p) => ({ ...p, logDeliveryConfigurations: (p.logDeliveryConfigurations ?? []).slice(0, 1) }));
        expect(await run(dbAuditLogging, stack, { config: { "db-audit-logging": { logTypes: { elasticache: ["engine-log"] } } } })).toEqual([]);
        const memcached = elasticache.cluster("mc", { clusterId: "mc", engine: "memcached" });
        expect(await run(dbAuditLogging, [memcached])).toEqual([]);
    });
});

describe("a replication group that joins a global datastore", () => {
    it("is not asked for the encryption and AUTH settings it takes from the datastore's primary", async () => {
        const secondary = elasticache.replicationGroup("secondary", { description: "eu copy", globalReplicationGroupId: "ldgnf-sessions", engine: "redis" });
        expect(await run(dbStorageEncrypted, [secondary])).toEqual([]);
        expect(await run(dbTlsEnforced, [secondary])).toEqual([]);
    });
});
