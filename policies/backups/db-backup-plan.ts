import { types } from "../../aws-facts/resource-types";
import { defineStackPolicy } from "../lib/define";
import { ownsBackups, selectionsOf } from "./backup-selection";
import { anyOf, isPending } from "./verdict";
import { awsBackupTypes } from "../engines/backups";

export const dbBackupPlan = defineStackPolicy({
    name: "db-backup-plan",
    checklistItem: "backups",
    description: "Each database (standalone instance, Aurora cluster) is selected by an AWS Backup plan: by ARN, ARN pattern or tag, and not excluded by notResources.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
        "Create an aws.backup.Plan and an aws.backup.Selection with `planId: plan.id` that selects the database: " +
        '`resources: [db.arn]` (or a pattern such as "arn:aws:rds:*:*:db:*"), or `conditions` / `selectionTags` on a tag the database carries. ' +
        'Read replicas and Aurora cluster members are covered by their source or cluster. DynamoDB tables are judged too (`resources: [table.arn]` or "arn:aws:dynamodb:*:*:table/*"); ' +
        "AWS Backup does not protect ElastiCache or MemoryDB, whose snapshots db-backup-retention judges." +
        " DocumentDB, Neptune and Redshift clusters are selected the same way (AWS Backup protects them; their ARNs are arn:aws:rds:...:cluster:* and arn:aws:redshift:...:cluster:*).",
    peers: ["AWS Config rds-in-backup-plan", "Security Hub RDS.26", "CKV2_AWS_8", "cdk-nag AwsSolutions-DDB4", "Security Hub DynamoDB.4", "AWS Config dynamodb-in-backup-plan"],
    config: {},
    judges: [types.instance, types.cluster, types.dynamodbTable, ...awsBackupTypes],
    check(stack, _config, report) {
        // AWS Backup protects DynamoDB tables too; it does not back up ElastiCache or MemoryDB (they keep their own snapshots).
        for (const db of stack.ofType(types.instance, types.cluster, types.dynamodbTable, ...awsBackupTypes)) {
            if (db.type !== types.dynamodbTable && !ownsBackups(db)) continue;
            const matches = selectionsOf(stack, db);
            const verdict = anyOf(matches.map((m) => m.verdict));
            if (verdict === true) continue;
            if (isPending(verdict)) {
                report.unknown(db, verdict.pending);
                continue;
            }
            const excluded = matches.filter((m) => m.excluded).map((m) => m.selection.label);
            report.violation(db, {
                property: "AWS Backup selection",
                seen: undefined,
                wanted:
                    "an aws.backup.Selection of a backup plan that selects the database by ARN, ARN pattern or tag" +
                    (excluded.length > 0 ? ` (${excluded.join(", ")} would, but its \`notResources\` exclude it)` : ""),
                fix:
                    `add \`new aws.backup.Selection("${db.name}-backup", { planId: plan.id, iamRoleArn: backupRole.arn, resources: [db.arn] })\`, ` +
                    `where \`db\` is the ${db.label} and \`plan\` an aws.backup.Plan.`,
            });
        }
    },
});
