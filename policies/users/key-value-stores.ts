// Credentials of ElastiCache: no plaintext AUTH token or user password in the program. Called by
// db-managed-credentials for replication groups and ElastiCache users.
import type * as aws from "@pulumi/aws";
import { isDisabledAccessString } from "../../aws-facts/elasticache";
import { hiddenValue } from "./hidden-value";
import { types } from "../../aws-facts/resource-types";
import { ResourceReport } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asString } from "../lib/values";
import { argsOf } from "../lib/databases";

export const credentialStoreTypes = [types.elasticacheReplicationGroup, types.elasticacheUser] as const;

/** Plaintext and write-only secret properties, per type. */
const secrets: Record<string, { plaintext: string[]; writeOnly: string; fix: string }> = {
    [types.elasticacheReplicationGroup]: {
        plaintext: ["authToken"],
        writeOnly: "authTokenWo",
        fix: 'use role-based access control instead: `userGroupIds: [users.id]` with an aws.elasticache.UserGroup whose users authenticate with IAM (`authenticationMode: { type: "iam" }`)',
    },
    [types.elasticacheUser]: {
        plaintext: ["passwords", "authenticationMode.passwords"],
        writeOnly: "passwordsWo",
        fix: 'authenticate the user with IAM instead: `authenticationMode: { type: "iam" }` (userName equal to userId)',
    },
};

export function checkStoreCredentials(r: ResourceUnderCheck, allowWriteOnly: boolean, report: ResourceReport): void {
    const spec = secrets[r.type];
    if (spec === undefined) return;
    // A secret is a finding whatever its value, even one unknown at preview (a generated one).
    for (const property of spec.plaintext) {
        // A whole block unknown at preview (authenticationMode) may or may not carry passwords: say so.
        const parent = property.includes(".") ? property.split(".")[0] : undefined;
        if (parent !== undefined && r.get(parent) === UNKNOWN) {
            report.unknown(parent);
            continue;
        }
        if (r.get<aws.elasticache.ReplicationGroupArgs & aws.elasticache.UserArgs>(property as "authToken") === undefined) continue;
        report.violation({
            property,
            seen: hiddenValue,
            wanted: "unset (the secret is in the program, the state and every preview)",
            fix: `remove \`${property}\` and ${spec.fix} in ${argsOf(r)}.`,
        });
    }
    if (r.get(spec.writeOnly) !== undefined && !allowWriteOnly) {
        report.violation({
            property: spec.writeOnly,
            seen: hiddenValue,
            wanted: "unset (write-only secrets are not allowed: allowWriteOnlyPassword is false)",
            fix: `remove \`${spec.writeOnly}\` and its version, and ${spec.fix} in ${argsOf(r)}.`,
        });
    }
}

/** ElastiCache and MemoryDB users: IAM authentication (short-lived tokens) rather than passwords. */
export const iamUserTypes = [types.elasticacheUser, types.memorydbUser] as const;

export function checkUserIamAuth(user: ResourceUnderCheck, report: ResourceReport): void {
    const access = asString(user.get("accessString"));
    if (access === UNKNOWN) return report.unknown("accessString");
    // A disabled placeholder (the "default" user every user group needs) cannot log in at all.
    if (typeof access === "string" && isDisabledAccessString(access)) return;
    const raw = user.get("authenticationMode.type");
    const mode = asString(raw);
    if (mode === UNKNOWN) return report.unknown("authenticationMode.type");
    if (typeof mode === "string" && mode.trim().toLowerCase() === "iam") return;
    report.violation({
        property: "authenticationMode.type",
        seen: raw,
        wanted: '"iam" (short-lived IAM tokens instead of stored passwords)',
        fix: `set \`authenticationMode: { type: "iam" }\` (userName equal to userId for ElastiCache) in ${argsOf(user)}, and grant \`elasticache:Connect\` / \`memorydb:Connect\` to the application's role.`,
    });
}
