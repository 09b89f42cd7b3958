import { auditJudgedTypes, checkAuditParameters } from "../engines/parameter-rules";
import { checkRedshiftLogging } from "../engines/redshift-logging";
import { defineStackPolicy } from "../lib/define";

// Exporting logs (db-audit-logging) is not enough on these engines: the audit trail itself is off
// until a parameter or a separate resource turns it on, and an export of an empty log shows nothing.
export const dbAuditTrail = defineStackPolicy({
    name: "db-audit-trail",
    checklistItem: "security",
    description:
        "Engines whose audit trail is off until switched on record it: DocumentDB `audit_logs` and Neptune `neptune_enable_audit_log` in the cluster parameter group, " +
        "Redshift audit logging (aws.redshift.Logging) and `enable_user_activity_logging` for each cluster and Serverless workgroup.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps:
        'DocumentDB: an aws.docdb.ClusterParameterGroup with `parameters: [{ name: "audit_logs", value: "enabled" }]` named by `dbClusterParameterGroupName`, ' +
        'plus `enabledCloudwatchLogsExports: ["audit", "profiler"]` on the cluster. Neptune: an aws.neptune.ClusterParameterGroup with ' +
        '`[{ name: "neptune_enable_audit_log", value: "1" }]` named by `neptuneClusterParameterGroupName`, plus `enableCloudwatchLogsExports: ["audit"]`. ' +
        'Redshift: `new aws.redshift.Logging(..., { clusterIdentifier: cluster.clusterIdentifier, logDestinationType: "cloudwatch", logExports: ["connectionlog", "userlog", "useractivitylog"] })` ' +
        'and an aws.redshift.ParameterGroup with `[{ name: "enable_user_activity_logging", value: "true" }]` named by `clusterParameterGroupName`. ' +
        'Redshift Serverless: `configParameters: [{ parameterKey: "enable_user_activity_logging", parameterValue: "true" }]` on the workgroup and `logExports` on the namespace. ' +
        "Every parameter group of these kinds in the stack is judged, used or not.",
    peers: ["CKV_AWS_104", "CKV_AWS_71", "cdk-nag AwsSolutions-RS5", "cdk-nag AwsSolutions-RS11", "AWS Config redshift-audit-logging-enabled", "Security Hub Redshift.4"],
    config: {},
    judges: auditJudgedTypes,
    check(stack, _config, report) {
        checkAuditParameters(stack, report);
        checkRedshiftLogging(stack, report);
    },
});
