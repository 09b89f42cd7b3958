import type * as aws from "@pulumi/aws";
import { builtInDefaultUserId, isDisabledAccessString, isRedisLike, memorydbOpenAccessAcl, standaloneRedisClusterLimits } from "../../aws-facts/elasticache";
import { types } from "../../aws-facts/resource-types";
import { defineResourcePolicy } from "../lib/define";
import { cacheEngineOf, joinsGlobalDatastore, keyValueRole } from "../lib/key-value-stores";
import { UNKNOWN, asBoolean, asString, asStringList, isInvalid } from "../lib/values";
import { argsOf } from "../lib/databases";

export const dbCacheAuth = defineResourcePolicy({
    name: "db-cache-auth",
    checklistItem: "users",
    description:
        "Redis OSS and Valkey caches refuse unauthenticated clients: ElastiCache role-based access control (a user group) or AUTH, a MemoryDB ACL other than open-access, " +
        'and no user group that admits the built-in passwordless "default" user.',
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Create aws.elasticache.User resources (IAM authentication: `authenticationMode: { type: "iam" }`) and an aws.elasticache.UserGroup, and set ' +
        "`userGroupIds: [group.id]` on the aws.elasticache.ReplicationGroup or `userGroupId: group.id` on the aws.elasticache.ServerlessCache (an AUTH token also passes here; " +
        'db-managed-credentials judges how it is kept). Every user group needs a user named "default": create your own (its own userId, `accessString: "off -@all"`) ' +
        'instead of the built-in user id "default", which has no password and full access. MemoryDB: `aclName` naming an aws.memorydb.Acl, not "open-access". ' +
        "A standalone Redis OSS aws.elasticache.Cluster has no AUTH: use a replication group. Memcached has no authentication and is not judged.",
    peers: ["CKV_AWS_31", "cdk-nag AwsSolutions-AEC6", "Security Hub ElastiCache.6"],
    config: {},
    resourceTypes: [types.elasticacheReplicationGroup, types.elasticacheCluster, types.elasticacheServerlessCache, types.memorydbCluster, types.elasticacheUserGroup, types.elasticacheUser],
    check(r, _config, report) {
        if (r.type === types.elasticacheUserGroup) {
            const raw = r.get<aws.elasticache.UserGroupArgs>("userIds");
            const ids = asStringList(raw);
            if (ids === UNKNOWN) return report.unknown("userIds");
            if (Array.isArray(ids) && ids.some((id) => id.trim() === builtInDefaultUserId)) {
                report.violation({
                    property: "userIds",
                    seen: raw,
                    wanted: `no built-in user "${builtInDefaultUserId}" (it has no password and full access, so anyone who reaches the cache is let in)`,
                    fix: `replace "${builtInDefaultUserId}" in \`userIds\` of ${argsOf(r)} with an aws.elasticache.User of your own with \`userName: "default"\`, its own userId and \`accessString: "off -@all"\`.`,
                });
            }
            return;
        }
        if (r.type === types.elasticacheUser) {
            const access = asString(r.get<aws.elasticache.UserArgs>("accessString"));
            if (access === UNKNOWN) return report.unknown("accessString");
            if (typeof access === "string" && isDisabledAccessString(access)) return;
            const mode = asString(r.get<aws.elasticache.UserArgs>("authenticationMode.type"));
            const noPassword = asBoolean(r.get<aws.elasticache.UserArgs>("noPasswordRequired"));
            if (mode === UNKNOWN || noPassword === UNKNOWN) return report.unknown(mode === UNKNOWN ? "authenticationMode.type" : "noPasswordRequired");
            const passwordless = noPassword === true || (typeof mode === "string" && mode.trim().toLowerCase() === "no-password-required");
            if (!passwordless) return;
            return report.violation({
                property: noPassword === true ? "noPasswordRequired" : "authenticationMode.type",
                seen: noPassword === true ? true : mode,
                wanted: 'a user that must authenticate (IAM or a password), or is disabled (`accessString` starting with "off")',
                fix: `set \`authenticationMode: { type: "iam" }\` (and remove noPasswordRequired), or \`accessString: "off -@all"\` for a placeholder default user, in ${argsOf(r)}.`,
            });
        }

        const role = keyValueRole(r);
        if (role === undefined || role === "replication-group-node" || role === "dynamodb-table") return;
        if (role === "memorydb-cluster") {
            const raw = r.get<aws.memorydb.ClusterArgs>("aclName");
            const acl = asString(raw);
            if (acl === UNKNOWN) return report.unknown("aclName");
            if (typeof acl === "string" && acl.trim() !== "" && acl.trim().toLowerCase() !== memorydbOpenAccessAcl) return;
            return report.violation({
                property: "aclName",
                seen: raw,
                wanted: `an aws.memorydb.Acl of users who authenticate ("${memorydbOpenAccessAcl}" lets every client in without a password)`,
                fix: `set \`aclName: acl.name\` (an aws.memorydb.Acl whose aws.memorydb.User resources use IAM or password authentication) in ${argsOf(r)}.`,
            });
        }
        const engine = cacheEngineOf(r);
        if (engine === UNKNOWN) return report.unknown("engine");
        if (engine === undefined || !isRedisLike(engine)) return; // Memcached has no authentication to turn on
        if (role === "cache-cluster") {
            return report.violation({
                property: "engine",
                seen: r.get("engine"),
                wanted: `a cache that authenticates clients: a standalone ${engine} aws.elasticache.Cluster accepts every connection (${standaloneRedisClusterLimits})`,
                fix: `replace the aws.elasticache.Cluster ${JSON.stringify(r.name)} with an aws.elasticache.ReplicationGroup with \`userGroupIds: [group.id]\`.`,
            });
        }
        if (role === "serverless-cache") {
            const raw = r.get<aws.elasticache.ServerlessCacheArgs>("userGroupId");
            const group = asString(raw);
            if (group === UNKNOWN) return report.unknown("userGroupId");
            if (typeof group === "string" && group.trim() !== "") return;
            return report.violation({
                property: "userGroupId",
                seen: raw,
                wanted: "an aws.elasticache.UserGroup (unset: the cache admits every client as the passwordless default user)",
                fix: `set \`userGroupId: group.id\` (an aws.elasticache.UserGroup of IAM-authenticated users) in ${argsOf(r)}.`,
            });
        }
        // Replication group: RBAC user groups, or an AUTH token (how it is kept is db-managed-credentials' concern).
        if (joinsGlobalDatastore(r)) return;
        const rawGroups = r.get<aws.elasticache.ReplicationGroupArgs>("userGroupIds");
        const groups = asStringList(rawGroups);
        if (Array.isArray(groups) && groups.length > 0) return;
        if (r.get<aws.elasticache.ReplicationGroupArgs>("authToken") !== undefined || r.get<aws.elasticache.ReplicationGroupArgs>("authTokenWo") !== undefined) return;
        if (groups === UNKNOWN) return report.unknown("userGroupIds");
        report.violation({
            property: "userGroupIds",
            seen: isInvalid(groups) ? rawGroups : groups,
            wanted: "a user group (role-based access control) or an AUTH token (unset: every client that reaches the port is let in with full access)",
            fix: `set \`userGroupIds: [group.id]\` (an aws.elasticache.UserGroup of IAM-authenticated users) and \`transitEncryptionEnabled: true\` in ${argsOf(r)}.`,
        });
    },
});
