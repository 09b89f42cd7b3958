// The policy pack the Pulumi CLI loads (`--policy-pack ./policies`). Only the pack itself lives
// here: the policies and their metadata come from the checklist registry.
import { PolicyPack } from "@pulumi/policy";
import { packName, policies } from "./registry";

new PolicyPack(packName, {
    description: "db-preflight: the pre-production database checklist (backups, users, security, config, monitoring, runbook) for AWS RDS and Aurora.",
    displayName: "db-preflight database checklist",
    provider: "aws",
    tags: ["aws", "rds", "aurora", "database", "production-readiness"],
    policies: [...policies],
});
