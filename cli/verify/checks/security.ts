// Security, as RDS describes the running database: the parameter group is in force (a parameter
// pending reboot means TLS is not enforced yet), nothing is publicly accessible, storage is
// encrypted with the key declared.
import type { DBInstance } from "@aws-sdk/client-rds";
import { defineCheck, fail, pass } from "./define";

function instanceGroups(instance: DBInstance): string[] {
    return (instance.DBParameterGroups ?? [])
        .filter((g) => g.ParameterApplyStatus !== "in-sync")
        .map((g) => `instance ${instance.DBInstanceIdentifier}: parameter group ${g.DBParameterGroupName} is ${g.ParameterApplyStatus ?? "of unknown status"}`);
}

export const parameterGroupInSync = defineCheck({
    name: "parameter-group-in-sync",
    checklistItem: "security",
    description: "The parameter groups are in force (in-sync): a parameter pending reboot (such as rds.force_ssl or require_secure_transport) is not enforced yet.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Reboot the database in its maintenance window (`aws rds reboot-db-instance --db-instance-identifier <id>`; for Aurora each instance of the cluster) so the static parameters, TLS among them, take effect; then run verify again.",
    async run(ctx) {
        const live = await ctx.database();
        const pending: string[] = [];
        if (live.kind === "instance") pending.push(...instanceGroups(live.instance));
        else {
            for (const m of live.cluster.DBClusterMembers ?? []) {
                if (m.DBClusterParameterGroupStatus && m.DBClusterParameterGroupStatus !== "in-sync") {
                    pending.push(`instance ${m.DBInstanceIdentifier}: cluster parameter group ${live.cluster.DBClusterParameterGroup} is ${m.DBClusterParameterGroupStatus}`);
                }
            }
            for (const instance of live.instances) pending.push(...instanceGroups(instance));
        }
        if (pending.length > 0) {
            const reboot = pending.some((p) => p.endsWith("pending-reboot")) ? " (TLS and other static parameters are not in force until a reboot)" : "";
            return fail(`${pending.join("; ")}${reboot}; wanted in-sync`);
        }
        return pass("parameter groups in-sync");
    },
});

export const notPubliclyAccessible = defineCheck({
    name: "not-publicly-accessible",
    checklistItem: "security",
    description: "The database and every instance of a cluster are not publicly accessible.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set `publiclyAccessible: false` on the aws.rds.Instance (or each aws.rds.ClusterInstance) and `pulumi up`; if it is declared false, someone changed it outside Pulumi: `pulumi refresh` shows the drift.",
    async run(ctx) {
        const live = await ctx.database();
        const instances = live.kind === "instance" ? [live.instance] : live.instances;
        const open = instances.filter((i) => i.PubliclyAccessible).map((i) => `instance ${i.DBInstanceIdentifier}`);
        if (live.kind === "cluster" && live.cluster.PubliclyAccessible) open.unshift(`cluster ${live.cluster.DBClusterIdentifier}`);
        if (open.length > 0) return fail(`${open.join(", ")} PubliclyAccessible is true; wanted false`);
        return pass(`not publicly accessible (${instances.length} instance(s))`);
    },
});

export const encryptedAsDeclared = defineCheck({
    name: "encryption-as-declared",
    checklistItem: "security",
    description: "Storage is encrypted, with the KMS key the stack declares.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Encryption cannot be switched on in place: restore an encrypted copy (copy a snapshot with `--kms-key-id`, restore it) and move to it; for a key mismatch, check that the stack's `kmsKeyId` is the key the database was created with (`pulumi refresh`).",
    async run(ctx) {
        const live = await ctx.database();
        const [encrypted, key] = live.kind === "instance" ? [live.instance.StorageEncrypted, live.instance.KmsKeyId] : [live.cluster.StorageEncrypted, live.cluster.KmsKeyId];
        const declared = ctx.target.declared;
        if (!encrypted) {
            return fail(`StorageEncrypted is false${declared.storageEncrypted === false ? " (the stack declares storageEncrypted false)" : ""}; wanted true`);
        }
        // An alias names a key indirectly (DescribeDBInstances gives the key's ARN): only a key ID or key ARN can be compared.
        const byAlias = declared.kmsKeyId !== undefined && /(^|:)alias\//.test(declared.kmsKeyId);
        if (declared.kmsKeyId && key && !byAlias && declared.kmsKeyId !== key && !key.endsWith(`/${declared.kmsKeyId}`)) {
            return fail(`encrypted with ${key}; the stack declares kmsKeyId ${declared.kmsKeyId}`);
        }
        return pass(`encrypted with ${key ?? "the default key"}${byAlias ? ` (declared through ${declared.kmsKeyId}, not compared)` : ""}`);
    },
});
