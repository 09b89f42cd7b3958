// Users and credentials of caches: db-cache-auth (AUTH / RBAC / ACLs, the built-in default user)
// and db-managed-credentials (no plaintext AUTH token or user password), from the compliant
// key-value stack with one thing changed.
import { dbCacheAuth } from "../../../policies/users/db-cache-auth";
import { dbManagedCredentials } from "../../../policies/users/db-managed-credentials";
import { dbIamAuth } from "../../../policies/users/db-iam-auth";
import { compliantKvStack, elasticache, memorydb } from "../../fixtures/compliant-kv";
import { set, unset, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

describe("db-cache-auth", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbCacheAuth, compliantKvStack())).toEqual([]);
    });

    it("flags a replication group with neither a user group nor AUTH (CKV_AWS_31, cdk-nag AEC6)", async () => {
        const findings = await run(dbCacheAuth, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", unset("userGroupIds")));
        expect(findings.map((f) => [f.resource, f.enforcementLevel, f.message])).toEqual([
            [
                "sessions",
                "mandatory",
                'aws.elasticache.ReplicationGroup "sessions": userGroupIds is unset; wanted a user group (role-based access control) or an AUTH token (unset: every client that reaches the port is let in with full access). ' +
                    'Fix: set `userGroupIds: [group.id]` (an aws.elasticache.UserGroup of IAM-authenticated users) and `transitEncryptionEnabled: true` in the aws.elasticache.ReplicationGroup args of "sessions".',
            ],
        ]);
    });

    it("accepts an AUTH token here (how it is kept is db-managed-credentials' concern)", async () => {
        const stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", (p) => ({
            ...unset<typeof p>("userGroupIds")(p),
            authTokenWo: "s3cret-token-value",
            authTokenWoVersion: 1,
        }));
        expect(await run(dbCacheAuth, stack)).toEqual([]);
    });

    it("flags a serverless cache without a user group and a MemoryDB cluster on the open-access ACL", async () => {
        const serverless = await run(dbCacheAuth, withProps(compliantKvStack(), elasticache.serverlessCache, "feature-flags", unset("userGroupId")));
        expect(serverless[0].message).toContain("userGroupId is unset; wanted an aws.elasticache.UserGroup");
        const memoryDb = await run(dbCacheAuth, withProps(compliantKvStack(), memorydb.cluster, "payments-kv", set({ aclName: "open-access" })));
        expect(memoryDb[0].message).toContain('aclName is "open-access"');
    });

    it("flags a user group holding the built-in passwordless default user", async () => {
        const findings = await run(dbCacheAuth, withProps(compliantKvStack(), elasticache.userGroup, "sessions-users", set({ userIds: ["default", "sessions-app"] })));
        expect(findings.map((f) => f.resource)).toEqual(["sessions-users"]);
        expect(findings[0].message).toContain('wanted no built-in user "default"');
    });

    it("flags an enabled user that needs no password, but not a disabled placeholder", async () => {
        const open = await run(dbCacheAuth, withProps(compliantKvStack(), elasticache.user, "sessions-app-user", set({ authenticationMode: { type: "no-password-required" } })));
        expect(open[0].message).toContain('authenticationMode.type is "no-password-required"');
        const legacy = await run(
            dbCacheAuth,
            withProps(compliantKvStack(), elasticache.user, "sessions-app-user", (p) => ({ ...unset<typeof p>("authenticationMode")(p), noPasswordRequired: true })),
        );
        expect(legacy[0].message).toContain("noPasswordRequired is true");
        const placeholder = withProps(compliantKvStack(), elasticache.user, "sessions-default-user", set({ authenticationMode: { type: "no-password-required" } }));
        expect(await run(dbCacheAuth, placeholder)).toEqual([]);
    });

    it("flags a standalone Redis OSS cluster (no AUTH possible), not Memcached", async () => {
        const redis = elasticache.cluster("redis", { clusterId: "redis", engine: "redis" });
        const memcached = elasticache.cluster("mc", { clusterId: "mc", engine: "memcached" });
        expect((await run(dbCacheAuth, [redis, memcached])).map((f) => f.resource)).toEqual(["redis"]);
    });

    it("reports unknown user groups at preview as advisory notes", async () => {
        const findings = await run(dbCacheAuth, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ userGroupIds: unknownSentinels.array })), { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings[0].message).toContain("userGroupIds is not known during preview");
    });
});

describe("db-managed-credentials on ElastiCache", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbManagedCredentials, compliantKvStack())).toEqual([]);
    });

    it("flags a plaintext AUTH token without printing it", async () => {
        const findings = await run(dbManagedCredentials, withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ authToken: "hunter2hunter2hunter2" })));
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toContain("authToken is set (value hidden); wanted unset");
        expect(findings[0].message).not.toContain("hunter2");
    });

    it("flags a write-only AUTH token unless allowWriteOnlyPassword", async () => {
        const stack = withProps(compliantKvStack(), elasticache.replicationGroup, "sessions", set({ authTokenWo: "hunter2hunter2hunter2", authTokenWoVersion: 1 }));
        expect((await run(dbManagedCredentials, stack))[0].message).toContain("authTokenWo is set (value hidden)");
        expect(await run(dbManagedCredentials, stack, { config: { "db-managed-credentials": { allowWriteOnlyPassword: true } } })).toEqual([]);
    });

    it("flags user passwords in the program, even unknown at preview", async () => {
        const stack = withProps(compliantKvStack(), elasticache.user, "sessions-app-user", set({ authenticationMode: { type: "password", passwords: [unknownSentinels.string] } }));
        const findings = await run(dbManagedCredentials, stack, { preview: true });
        expect(atLevel(findings)).toHaveLength(1);
        expect(findings[0].message).toContain("authenticationMode.passwords is set (value hidden)");
        const plain = await run(dbManagedCredentials, withProps(compliantKvStack(), elasticache.user, "sessions-app-user", set({ passwords: ["abcdefghijklmnopq"] })));
        expect(plain[0].message).toContain("passwords is set (value hidden)");
        expect(plain[0].message).not.toContain("abcdefghijklmnopq");
    });
});

describe("db-iam-auth on ElastiCache and MemoryDB users", () => {
    it("passes the compliant key-value stack", async () => {
        expect(await run(dbIamAuth, compliantKvStack())).toEqual([]);
    });

    it("flags users that log in with a password, not the disabled default placeholder", async () => {
        let stack = withProps(compliantKvStack(), elasticache.user, "sessions-app-user", set({ authenticationMode: { type: "password", passwordCount: 1 } }));
        stack = withProps(stack, memorydb.user, "payments-app-user", set({ authenticationMode: { type: "password" } }));
        stack = withProps(stack, elasticache.user, "sessions-default-user", set({ authenticationMode: { type: "password" } }));
        const findings = await run(dbIamAuth, stack);
        expect(findings.map((f) => [f.resource, f.enforcementLevel, f.message.split(";")[0]])).toEqual([
            ["sessions-app-user", "advisory", 'aws.elasticache.User "sessions-app-user": authenticationMode.type is "password"'],
            ["payments-app-user", "advisory", 'aws.memorydb.User "payments-app-user": authenticationMode.type is "password"'],
        ]);
    });
});

describe("db-cache-auth on a global datastore secondary", () => {
    it("is not asked for AUTH, which the datastore's primary sets", async () => {
        const secondary = elasticache.replicationGroup("secondary", { description: "eu copy", globalReplicationGroupId: "ldgnf-sessions" });
        expect(await run(dbCacheAuth, [secondary])).toEqual([]);
    });
});
