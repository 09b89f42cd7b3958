// The policy pack the Pulumi CLI loads (`--policy-pack ./policies`). Only the pack itself lives
// here: the policies and their metadata come from the checklist registry.
import { PolicyPack } from "@pulumi/policy";
import { packName, policies } from "./registry";
import { scopeSettingsPolicy } from "./lib/pack-config";
import { withEngineConfigChecks } from "./lib/engine-config";

// The whole config file is checked (unknown keys, types, levels) and the pack-wide "scope" is
// applied to every policy before any policy runs: see lib/engine-config.ts.
withEngineConfigChecks(policies, () => {
    new PolicyPack(packName, {
        description:
            "db-preflight: the pre-production database checklist (backups, users, security, config, monitoring, runbook) for AWS databases: RDS, Aurora, DocumentDB, Neptune, Redshift, DynamoDB, ElastiCache and MemoryDB.",
        displayName: "db-preflight database checklist",
        provider: "aws",
        tags: ["aws", "rds", "aurora", "database", "production-readiness"],
        policies: [...policies, scopeSettingsPolicy],
    });
});
