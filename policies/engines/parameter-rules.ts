// The parameter switches of DocumentDB, Neptune and Redshift that db-tls-enforced and db-audit-trail
// require, built from the facts in aws-facts/{docdb,neptune,redshift}.ts.
import { docdbParameters, docdbTypes } from "../../aws-facts/docdb";
import { neptuneParameters, neptuneTypes } from "../../aws-facts/neptune";
import { redshiftParameters, redshiftTypes } from "../../aws-facts/redshift";
import { StackReport } from "../lib/define";
import { StackUnderCheck } from "../lib/stack";
import { ParameterRule, WorkgroupParameterRule, checkParameterRules, checkWorkgroupParameter } from "./parameters";
import { parameterGroupSlots } from "./config";

const notIn = (offValues: readonly string[]) => (value: string) => !offValues.includes(value.trim().toLowerCase());
const isTrue = (value: string) => value.trim().toLowerCase() === "true";
/** audit_logs takes one value or a comma-separated list; only enabled, ddl or all record authentication and DDL events. */
const recordsDocdbAuditEvents = (value: string) => value.split(",").some((v) => (docdbParameters.auditLogs.recordingValues as readonly string[]).includes(v.trim().toLowerCase()));

export const tlsRules: readonly ParameterRule[] = [
    {
        clusterType: docdbTypes.cluster,
        parameter: docdbParameters.tls.name,
        onValue: docdbParameters.tls.onValue,
        isOn: notIn(docdbParameters.tls.offValues),
        absentIsOn: true,
        defaultGroupIsOn: true,
        purpose: "the cluster accepts only TLS connections",
    },
    {
        clusterType: neptuneTypes.cluster,
        parameter: neptuneParameters.enforceSsl.name,
        onValue: neptuneParameters.enforceSsl.onValue,
        isOn: notIn(neptuneParameters.enforceSsl.offValues),
        absentIsOn: true,
        defaultGroupIsOn: true,
        purpose: "the cluster accepts only HTTPS connections",
    },
    {
        clusterType: redshiftTypes.cluster,
        parameter: redshiftParameters.requireSsl.name,
        onValue: redshiftParameters.requireSsl.onValue,
        isOn: isTrue,
        absentIsOn: false,
        defaultGroupIsOn: false,
        purpose: "the cluster refuses unencrypted connections",
    },
];

export const auditRules: readonly ParameterRule[] = [
    {
        clusterType: docdbTypes.cluster,
        parameter: docdbParameters.auditLogs.name,
        onValue: docdbParameters.auditLogs.onValue,
        isOn: recordsDocdbAuditEvents,
        absentIsOn: false,
        defaultGroupIsOn: false,
        purpose: "the cluster records authentication, DDL and user events in its audit log",
    },
    {
        clusterType: neptuneTypes.cluster,
        parameter: neptuneParameters.auditLog.name,
        onValue: neptuneParameters.auditLog.onValue,
        isOn: notIn(neptuneParameters.auditLog.offValues),
        absentIsOn: false,
        defaultGroupIsOn: false,
        purpose: "the cluster writes its audit log",
    },
    {
        clusterType: redshiftTypes.cluster,
        parameter: redshiftParameters.userActivityLogging.name,
        onValue: redshiftParameters.userActivityLogging.onValue,
        isOn: isTrue,
        absentIsOn: false,
        defaultGroupIsOn: false,
        purpose: "the user activity log records each query",
    },
];

const workgroupTls: WorkgroupParameterRule = {
    parameter: redshiftParameters.requireSsl.name,
    onValue: redshiftParameters.requireSsl.onValue,
    purpose: "the workgroup refuses unencrypted connections",
};
const workgroupAudit: WorkgroupParameterRule = {
    parameter: redshiftParameters.userActivityLogging.name,
    onValue: redshiftParameters.userActivityLogging.onValue,
    purpose: "the user activity log records each query",
};

/** db-tls-enforced for DocumentDB, Neptune, Redshift and Redshift Serverless. */
export function checkDocdbNeptuneRedshiftTls(stack: StackUnderCheck, report: StackReport): void {
    checkParameterRules(stack, tlsRules, report);
    for (const workgroup of stack.ofType(redshiftTypes.workgroup)) checkWorkgroupParameter(workgroup, workgroupTls, report);
}

/** The audit switches of db-audit-trail. */
export function checkAuditParameters(stack: StackUnderCheck, report: StackReport): void {
    checkParameterRules(stack, auditRules, report);
    for (const workgroup of stack.ofType(redshiftTypes.workgroup)) checkWorkgroupParameter(workgroup, workgroupAudit, report);
}

/** What db-tls-enforced and db-audit-trail judge for these services (for the README reference). */
export const tlsJudgedTypes = [...new Set(tlsRules.flatMap((r) => [r.clusterType, parameterGroupSlots[r.clusterType].groupType])), redshiftTypes.workgroup];
export const auditJudgedTypes = [...new Set(auditRules.flatMap((r) => [r.clusterType, parameterGroupSlots[r.clusterType].groupType])), redshiftTypes.workgroup, redshiftTypes.logging];
