// Security checklist item on DocumentDB, Neptune, Redshift and Redshift Serverless.
import { ec2, set, unset, withProps } from "../../fixtures/resources";
import { unknownSentinels } from "../helpers";
import { itFlagsEachChange, packFindings } from "./support";
import { evaluate } from "../../../policies/evaluate";
import { docdb, neptune, redshift, redshiftServerless } from "../../fixtures/docdb-neptune-redshift-resources";

type Stack = Parameters<typeof withProps>[0];
const parameters =
    (values: Record<string, string>) =>
    <P extends { parameters?: unknown }>(p: P): P => ({
        ...p,
        parameters: (p.parameters as Array<{ name: string; value: string }>).map((q) => (q.name in values ? { ...q, value: values[q.name] } : q)),
    });
const withoutParameter =
    (name: string) =>
    <P extends { parameters?: unknown }>(p: P): P => ({ ...p, parameters: (p.parameters as Array<{ name: string }>).filter((q) => q.name !== name) });
const configParameter =
    (key: string, value: string) =>
    <P extends { configParameters?: unknown }>(p: P): P => ({
        ...p,
        configParameters: (p.configParameters as Array<{ parameterKey: string; parameterValue: string }>).map((q) => (q.parameterKey === key ? { ...q, parameterValue: value } : q)),
    });

describe("security on DocumentDB, Neptune, Redshift and Redshift Serverless", () => {
    itFlagsEachChange([
        // Encryption at rest and customer managed keys
        {
            name: "an unencrypted DocumentDB cluster",
            change: (s) => withProps(s, docdb.cluster, "docs", unset("storageEncrypted")),
            policy: "db-storage-encrypted",
            resource: "docs",
            says: "storageEncrypted is unset; wanted true (unset means false)",
        },
        {
            name: "an unencrypted Neptune cluster",
            change: (s) => withProps(s, neptune.cluster, "graph", set({ storageEncrypted: false })),
            policy: "db-storage-encrypted",
            resource: "graph",
            says: "storageEncrypted is false",
        },
        {
            name: 'a Redshift cluster with encrypted "false"',
            change: (s) => withProps(s, redshift.cluster, "warehouse", set({ encrypted: "false" })),
            policy: "db-storage-encrypted",
            resource: "warehouse",
            says: 'encrypted is "false"; wanted "true"',
        },
        {
            name: "a DocumentDB cluster under an AWS managed key",
            change: (s) => withProps(s, docdb.cluster, "docs", set({ kmsKeyId: "alias/aws/rds" })),
            policy: "db-customer-managed-key",
            resource: "docs",
            says: 'kmsKeyId is "alias/aws/rds"',
            level: "advisory",
        },
        {
            name: "a Neptune cluster with no kmsKeyArn",
            change: (s) => withProps(s, neptune.cluster, "graph", unset("kmsKeyArn")),
            policy: "db-customer-managed-key",
            resource: "graph",
            says: "kmsKeyArn is unset",
            level: "advisory",
        },
        {
            name: "a Redshift cluster with no kmsKeyId",
            change: (s) => withProps(s, redshift.cluster, "warehouse", unset("kmsKeyId")),
            policy: "db-customer-managed-key",
            resource: "warehouse",
            says: "kmsKeyId is unset",
            level: "advisory",
        },
        {
            name: "a Redshift Serverless namespace with no kmsKeyId",
            change: (s) => withProps(s, redshiftServerless.namespace, "lake", unset("kmsKeyId")),
            policy: "db-customer-managed-key",
            resource: "lake",
            says: "kmsKeyId is unset",
            level: "advisory",
        },
        // Placement and public endpoints
        {
            name: "a publicly accessible Redshift cluster",
            change: (s) => withProps(s, redshift.cluster, "warehouse", set({ publiclyAccessible: true })),
            policy: "db-no-public-access",
            resource: "warehouse",
            says: "publiclyAccessible is true; wanted false",
        },
        {
            name: "a Redshift cluster outside a subnet group (default VPC)",
            change: (s) => withProps(s, redshift.cluster, "warehouse", unset("clusterSubnetGroupName")),
            policy: "db-no-public-access",
            resource: "warehouse",
            says: "clusterSubnetGroupName is unset",
        },
        {
            name: "a publicly accessible Neptune instance",
            change: (s) => withProps(s, neptune.clusterInstance, "graph-1", set({ publiclyAccessible: true })),
            policy: "db-no-public-access",
            resource: "graph-1",
            says: "publiclyAccessible is true",
        },
        {
            name: "a DocumentDB cluster outside a subnet group",
            change: (s) => withProps(s, docdb.cluster, "docs", unset("dbSubnetGroupName")),
            policy: "db-no-public-access",
            resource: "docs",
            says: "dbSubnetGroupName is unset",
        },
        {
            name: "a Neptune cluster outside a subnet group",
            change: (s) => withProps(s, neptune.cluster, "graph", unset("neptuneSubnetGroupName")),
            policy: "db-no-public-access",
            resource: "graph",
            says: "neptuneSubnetGroupName is unset",
        },
        {
            name: "a publicly accessible Redshift Serverless workgroup",
            change: (s) => withProps(s, redshiftServerless.workgroup, "lake-wg", set({ publiclyAccessible: true })),
            policy: "db-no-public-access",
            resource: "lake-wg",
            says: "publiclyAccessible is true",
        },
        {
            name: "a Redshift Serverless workgroup with no subnets",
            change: (s) => withProps(s, redshiftServerless.workgroup, "lake-wg", unset("subnetIds")),
            policy: "db-no-public-access",
            resource: "lake-wg",
            says: "subnetIds is unset",
        },
        {
            name: "a DocumentDB cluster in the VPC's default security group",
            change: (s) => withProps(s, docdb.cluster, "docs", unset("vpcSecurityGroupIds")),
            policy: "db-network-restricted",
            resource: "docs",
            says: "vpcSecurityGroupIds is unset",
        },
        {
            name: "a Redshift Serverless workgroup in the VPC's default security group",
            change: (s) => withProps(s, redshiftServerless.workgroup, "lake-wg", unset("securityGroupIds")),
            policy: "db-network-restricted",
            resource: "lake-wg",
            says: "securityGroupIds is unset",
        },
        {
            name: "a Redshift Serverless workgroup whose group admits the internet",
            change: (s) => withProps(s, ec2.securityGroup, "lake-sg", set({ ingress: [{ protocol: "tcp", fromPort: 5439, toPort: 5439, cidrBlocks: ["0.0.0.0/0"] }] })),
            policy: "db-network-restricted",
            resource: "lake-sg",
            says: "0.0.0.0/0",
        },
        {
            name: "a Neptune cluster whose group admits the internet",
            change: (s) => withProps(s, ec2.securityGroup, "graph-sg", set({ ingress: [{ protocol: "tcp", fromPort: 8182, toPort: 8182, ipv6CidrBlocks: ["::/0"] }] })),
            policy: "db-network-restricted",
            resource: "graph-sg",
            says: "::/0",
        },
        {
            name: "a Redshift cluster without enhanced VPC routing",
            change: (s) => withProps(s, redshift.cluster, "warehouse", unset("enhancedVpcRouting")),
            policy: "db-enhanced-vpc-routing",
            resource: "warehouse",
            says: "enhancedVpcRouting is unset; wanted true (unset means false)",
            level: "advisory",
        },
        {
            name: "a Redshift Serverless workgroup without enhanced VPC routing",
            change: (s) => withProps(s, redshiftServerless.workgroup, "lake-wg", set({ enhancedVpcRouting: false })),
            policy: "db-enhanced-vpc-routing",
            resource: "lake-wg",
            says: "enhancedVpcRouting is false",
            level: "advisory",
        },
        // TLS in transit
        {
            name: "a DocumentDB parameter group with tls disabled",
            change: (s) => withProps(s, docdb.clusterParameterGroup, "docs-params", parameters({ tls: "disabled" })),
            policy: "db-tls-enforced",
            resource: "docs-params",
            says: 'parameters[0].value (tls) is "disabled"',
        },
        {
            name: "a Neptune parameter group with neptune_enforce_ssl 0",
            change: (s) => withProps(s, neptune.clusterParameterGroup, "graph-params", parameters({ neptune_enforce_ssl: "0" })),
            policy: "db-tls-enforced",
            resource: "graph-params",
            says: 'neptune_enforce_ssl) is "0"',
        },
        {
            name: "a Redshift parameter group with require_ssl false",
            change: (s) => withProps(s, redshift.parameterGroup, "warehouse-params", parameters({ require_ssl: "false" })),
            policy: "db-tls-enforced",
            resource: "warehouse-params",
            says: 'require_ssl) is "false"',
        },
        {
            name: "a Redshift parameter group without require_ssl",
            change: (s) => withProps(s, redshift.parameterGroup, "warehouse-params", withoutParameter("require_ssl")),
            policy: "db-tls-enforced",
            resource: "warehouse-params",
            says: "parameter require_ssl is unset",
        },
        {
            name: "a Redshift Serverless workgroup with require_ssl false",
            change: (s) => withProps(s, redshiftServerless.workgroup, "lake-wg", configParameter("require_ssl", "false")),
            policy: "db-tls-enforced",
            resource: "lake-wg",
            says: 'require_ssl) is "false"',
        },
        // Audit logging
        {
            name: "a DocumentDB cluster exporting no profiler log",
            change: (s) => withProps(s, docdb.cluster, "docs", set({ enabledCloudwatchLogsExports: ["audit"] })),
            policy: "db-audit-logging",
            resource: "docs",
            says: "missing profiler",
        },
        {
            name: "a Neptune cluster exporting no audit log",
            change: (s) => withProps(s, neptune.cluster, "graph", unset("enableCloudwatchLogsExports")),
            policy: "db-audit-logging",
            resource: "graph",
            says: "enableCloudwatchLogsExports is unset",
        },
        {
            name: "a Redshift Serverless namespace exporting no user activity log",
            change: (s) => withProps(s, redshiftServerless.namespace, "lake", set({ logExports: ["connectionlog", "userlog"] })),
            policy: "db-audit-logging",
            resource: "lake",
            says: "missing useractivitylog",
        },
        {
            name: "a DocumentDB parameter group with audit_logs disabled",
            change: (s) => withProps(s, docdb.clusterParameterGroup, "docs-params", parameters({ audit_logs: "disabled" })),
            policy: "db-audit-trail",
            resource: "docs-params",
            says: 'audit_logs) is "disabled"',
        },
        {
            name: "a DocumentDB parameter group auditing only reads (dml_read)",
            change: (s) => withProps(s, docdb.clusterParameterGroup, "docs-params", parameters({ audit_logs: "dml_read" })),
            policy: "db-audit-trail",
            resource: "docs-params",
            says: 'audit_logs) is "dml_read"',
        },
        {
            name: "a Neptune parameter group without neptune_enable_audit_log",
            change: (s) => withProps(s, neptune.clusterParameterGroup, "graph-params", withoutParameter("neptune_enable_audit_log")),
            policy: "db-audit-trail",
            resource: "graph-params",
            says: "parameter neptune_enable_audit_log is unset",
        },
        {
            name: "a Redshift parameter group without user activity logging",
            change: (s) => withProps(s, redshift.parameterGroup, "warehouse-params", parameters({ enable_user_activity_logging: "false" })),
            policy: "db-audit-trail",
            resource: "warehouse-params",
            says: 'enable_user_activity_logging) is "false"',
        },
        {
            name: "a Redshift cluster without aws.redshift.Logging",
            change: (s) => s.filter((r) => r.name !== "warehouse-audit"),
            policy: "db-audit-trail",
            resource: "warehouse",
            says: "audit logging (aws.redshift.Logging) is unset",
        },
        {
            name: "a Redshift Logging to CloudWatch without the user activity log",
            change: (s) => withProps(s, redshift.logging, "warehouse-audit", set({ logExports: ["connectionlog", "userlog"] })),
            policy: "db-audit-trail",
            resource: "warehouse-audit",
            says: "missing useractivitylog",
        },
        {
            name: "a Redshift Serverless workgroup without user activity logging",
            change: (s) => withProps(s, redshiftServerless.workgroup, "lake-wg", configParameter("enable_user_activity_logging", "false")),
            policy: "db-audit-trail",
            resource: "lake-wg",
            says: 'enable_user_activity_logging) is "false"',
        },
    ]);

    it('passes a Redshift cluster whose encrypted is unset: @pulumi/aws v7 defaults it to "true"', async () => {
        expect(await packFindings((s) => withProps(s, redshift.cluster, "warehouse", unset("encrypted")))).toEqual([]);
    });

    it("passes a DocumentDB parameter group without tls (on by default) and flags a DocumentDB cluster on AWS's default group only for audit_logs", async () => {
        expect(await packFindings((s) => withProps(s, docdb.clusterParameterGroup, "docs-params", withoutParameter("tls")))).toEqual([]);
        const findings = await packFindings((s) => withProps(s, docdb.cluster, "docs", set({ dbClusterParameterGroupName: "default.docdb5.0" })));
        expect(findings.map((f) => [f.policy, f.resource])).toEqual([
            ["db-custom-parameter-group", "docs"],
            ["db-audit-trail", "docs"],
        ]);
    });

    it("flags a Redshift cluster on AWS's default parameter group for TLS and user activity logging", async () => {
        const findings = await packFindings((s) => withProps(s, redshift.cluster, "warehouse", set({ clusterParameterGroupName: "default.redshift-1.0" })));
        expect(findings.map((f) => [f.policy, f.resource])).toEqual([
            ["db-custom-parameter-group", "warehouse"],
            ["db-tls-enforced", "warehouse"],
            ["db-audit-trail", "warehouse"],
        ]);
        expect(findings[1].message).toContain("require_ssl");
    });

    it("flags a stand-alone parameter group with TLS off even when no cluster uses it (peers judge the group alone)", async () => {
        const lonely = docdb.clusterParameterGroup("lonely", { family: "docdb5.0", parameters: [{ name: "tls", value: "disabled" }] });
        const findings = await evaluate([lonely]);
        expect(findings.map((f) => [f.policy, f.resource])).toEqual([
            ["db-tls-enforced", "lonely"],
            ["db-audit-trail", "lonely"],
        ]);
    });

    it("notes a parameter group outside the stack instead of passing it silently", async () => {
        const findings = await packFindings((s: Stack) =>
            withProps(s, neptune.cluster, "graph", set({ neptuneClusterParameterGroupName: "shared-graph-params" }))
                .filter((r) => r.name !== "graph-params")
                .map((r) => (r.name === "graph" ? { ...r, propertyDependencies: { ...r.propertyDependencies, neptuneClusterParameterGroupName: [] } } : r)),
        );
        expect(findings.every((f) => f.enforcementLevel === "advisory")).toBe(true);
        expect(findings.map((f) => f.policy).sort()).toEqual(["db-audit-trail", "db-tls-enforced"]);
        expect(findings[0].message).toContain('names "shared-graph-params", a parameter group that is not in this stack');
    });

    it("reports unknown parameters at preview as advisory notes", async () => {
        const findings = await packFindings((s) => withProps(s, redshift.parameterGroup, "warehouse-params", set({ parameters: unknownSentinels.array })), { preview: true });
        expect(findings.map((f) => [f.policy, f.resource, f.enforcementLevel])).toEqual([
            ["db-tls-enforced", "warehouse-params", "advisory"],
            ["db-audit-trail", "warehouse-params", "advisory"],
        ]);
    });

    it("reports a Redshift Logging whose cluster is not known yet at preview, instead of a missing one", async () => {
        const findings = await packFindings(
            (s) =>
                withProps(s, redshift.logging, "warehouse-audit", set({ clusterIdentifier: unknownSentinels.string })).map((r) =>
                    r.name === "warehouse-audit" ? { ...r, propertyDependencies: {} } : r,
                ),
            { preview: true },
        );
        expect(findings.map((f) => [f.policy, f.resource, f.enforcementLevel])).toEqual([["db-audit-trail", "warehouse", "advisory"]]);
    });
});
