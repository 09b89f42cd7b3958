// ProductionAuroraCluster under mocks: what it registers for each engine, and the inputs that make it
// production-ready, linked to each other the way the engine records them.
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("./fixtures").lambdaBundleStandIn);
import * as pulumi from "@pulumi/pulumi";
import { ProductionAuroraCluster, ProductionAuroraClusterArgs } from "../../../components/production-aurora-cluster";
import { types } from "../../../aws-facts/resource-types";
import { CapturedResource, captureResources, countByType, find, ofType } from "../../support/capture";
import { auroraArgs, auroraMocks } from "./fixtures";

const GiB = 1024 ** 3;

async function build(args: ProductionAuroraClusterArgs = auroraArgs(), name = "ledger") {
    const { resources, result } = await captureResources(() => new ProductionAuroraCluster(name, args), { mocks: auroraMocks() });
    const get = (type: string, resourceName: string) => find(resources, type, resourceName);
    return { resources, component: result, get, cluster: get(types.cluster, name), instances: ofType(resources, types.clusterInstance) };
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

const dependsOn = (r: CapturedResource, target: CapturedResource, property?: string) =>
    property === undefined ? r.dependencies.includes(target.urn) : (r.propertyDependencies[property] ?? []).includes(target.urn);

/** Resources a default cluster of either engine registers, but for its log groups (one per exported log type). */
const common = {
    "aws:backup/plan:Plan": 1,
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": 1,
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": 1,
    "aws:backup/selection:Selection": 1,
    "aws:backup/vault:Vault": 2,
    "aws:cloudwatch/eventRule:EventRule": 2,
    "aws:cloudwatch/eventTarget:EventTarget": 2,
    // 5 on the cluster, 5 on each of the 2 instances, 1 on the health check, 2 on the restore validation.
    "aws:cloudwatch/metricAlarm:MetricAlarm": 18,
    "aws:ec2/securityGroup:SecurityGroup": 4,
    "aws:iam/role:Role": 6,
    "aws:iam/rolePolicy:RolePolicy": 4,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 7,
    "aws:kms/alias:Alias": 1,
    "aws:kms/key:Key": 1,
    "aws:lambda/function:Function": 2,
    "aws:lambda/permission:Permission": 1,
    "aws:rds/cluster:Cluster": 1,
    "aws:rds/clusterInstance:ClusterInstance": 2,
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": 1,
    "aws:rds/eventSubscription:EventSubscription": 2,
    "aws:rds/parameterGroup:ParameterGroup": 1,
    "aws:rds/subnetGroup:SubnetGroup": 1,
    "aws:scheduler/schedule:Schedule": 2,
    "aws:sns/topic:Topic": 1,
    "aws:sns/topicPolicy:TopicPolicy": 1,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 3,
    "db-preflight:aws:ProductionAuroraCluster": 1,
};

const engines = [
    {
        engine: "aurora-postgresql" as const,
        version: "16",
        family: "aurora-postgresql16",
        port: 5432,
        tls: { name: "rds.force_ssl", value: "1" },
        logs: ["postgresql"],
        maxConnections: "1802",
        clusterParameters: ["rds.force_ssl", "log_min_duration_statement", "log_connections", "log_disconnections", "log_lock_waits", "log_statement"],
        counts: { ...common, "aws:cloudwatch/logGroup:LogGroup": 3 },
    },
    {
        engine: "aurora-mysql" as const,
        version: "8.0.mysql_aurora.3.08.2",
        family: "aurora-mysql8.0",
        port: 3306,
        tls: { name: "require_secure_transport", value: "ON" },
        logs: ["audit", "error", "slowquery"],
        maxConnections: "1069",
        clusterParameters: ["require_secure_transport", "slow_query_log", "long_query_time", "log_output", "server_audit_logging", "server_audit_events"],
        counts: { ...common, "aws:cloudwatch/logGroup:LogGroup": 5 },
    },
];

describe.each(engines)("ProductionAuroraCluster ($engine)", (e) => {
    let built: Awaited<ReturnType<typeof build>>;
    beforeAll(async () => {
        built = await build(auroraArgs({ engine: e.engine }));
    });

    it("registers a cluster, a writer and a reader, and everything around them", () => {
        expect(countByType(built.resources)).toEqual(e.counts);
        for (const r of built.resources.filter((r) => r.type !== "db-preflight:aws:ProductionAuroraCluster")) {
            expect(r.parent).toBe(find(built.resources, "db-preflight:aws:ProductionAuroraCluster", "ledger").urn);
        }
    });

    it("makes the cluster encrypted, private, deletion-protected, backed up and audited, and protects it", () => {
        const { cluster, get } = built;
        expect(cluster.inputs).toMatchObject({
            clusterIdentifier: "ledger",
            engine: e.engine,
            engineVersion: e.version,
            engineMode: "provisioned",
            databaseName: "ledger",
            port: e.port,
            storageEncrypted: true,
            masterUsername: "ledger_admin",
            manageMasterUserPassword: true,
            iamDatabaseAuthenticationEnabled: true,
            backupRetentionPeriod: 14,
            preferredBackupWindow: "03:00-04:00",
            preferredMaintenanceWindow: "sun:05:00-sun:06:00",
            copyTagsToSnapshot: true,
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: "ledger-final",
            deleteAutomatedBackups: false,
            enabledCloudwatchLogsExports: e.logs,
            performanceInsightsEnabled: true,
            tags: { runbook: "https://runbooks.example.com/databases/ledger", owner: "team-ledger", "on-call": "ledger-oncall" },
        });
        expect(cluster.inputs).not.toHaveProperty("backtrackWindow");
        expect(cluster.inputs).not.toHaveProperty("serverlessv2ScalingConfiguration");
        expect(cluster.protect).toBe(true);
        const key = get("aws:kms/key:Key", "ledger-key");
        expect(cluster.inputs.kmsKeyId).toBe(key.outputs.arn);
        expect(dependsOn(cluster, key, "kmsKeyId")).toBe(true);
        expect(dependsOn(cluster, get(types.subnetGroup, "ledger-subnets"), "dbSubnetGroupName")).toBe(true);
        expect(dependsOn(cluster, get(types.securityGroup, "ledger-sg"), "vpcSecurityGroupIds")).toBe(true);
        expect(dependsOn(cluster, get(types.clusterParameterGroup, "ledger-cluster-params"), "dbClusterParameterGroupName")).toBe(true);
    });

    it("creates the exported log groups, with a retention, before the cluster", () => {
        const groups = ofType(built.resources, types.logGroup).filter((g) => String(g.inputs.name).startsWith("/aws/rds/"));
        expect(groups.map((g) => g.inputs.name)).toEqual(e.logs.map((t) => `/aws/rds/cluster/ledger/${t}`));
        for (const g of groups) {
            expect(g.inputs.retentionInDays).toBe(30);
            expect(dependsOn(built.cluster, g)).toBe(true);
        }
    });

    it("forces TLS and logs in the cluster parameter group, and sizes max_connections in the instances'", () => {
        const clusterGroup = built.get(types.clusterParameterGroup, "ledger-cluster-params");
        expect(clusterGroup.inputs.family).toBe(e.family);
        const parameters = clusterGroup.inputs.parameters as { name: string; value: string }[];
        expect(parameters.map((p) => p.name)).toEqual(e.clusterParameters);
        expect(parameters).toContainEqual(expect.objectContaining(e.tls));
        const instanceGroup = built.get(types.parameterGroup, "ledger-instance-params");
        expect(instanceGroup.inputs).toMatchObject({ family: e.family, parameters: [{ name: "max_connections", value: e.maxConnections, applyMethod: "pending-reboot" }] });
    });

    it("places the writer and the reader in different zones, private, monitored, on a current CA", () => {
        const [writer, reader] = built.instances;
        expect(built.instances.map((i) => i.name)).toEqual(["ledger-1", "ledger-2"]);
        for (const instance of built.instances) {
            expect(instance.inputs).toMatchObject({
                clusterIdentifier: "ledger",
                engine: e.engine,
                instanceClass: "db.r6g.large",
                publiclyAccessible: false,
                caCertIdentifier: "rds-ca-rsa2048-g1",
                autoMinorVersionUpgrade: true,
                preferredMaintenanceWindow: "sun:05:00-sun:06:00",
                monitoringInterval: 60,
                performanceInsightsEnabled: true,
            });
            expect(dependsOn(instance, built.cluster, "clusterIdentifier")).toBe(true);
            expect(dependsOn(instance, built.get(types.parameterGroup, "ledger-instance-params"), "dbParameterGroupName")).toBe(true);
            expect(dependsOn(instance, built.get("aws:iam/role:Role", "ledger-monitoring-role"), "monitoringRoleArn")).toBe(true);
        }
        expect(writer.inputs).toMatchObject({ identifier: "ledger-1", availabilityZone: "us-east-1a", promotionTier: 0 });
        expect(reader.inputs).toMatchObject({ identifier: "ledger-2", availabilityZone: "us-east-1b", promotionTier: 1 });
        expect(dependsOn(reader, writer)).toBe(true);
    });

    it("alarms on the cluster's aggregated metrics and on each instance, to the alert topic", () => {
        const alarms = ofType(built.resources, types.metricAlarm);
        const topic = built.get("aws:sns/topic:Topic", "ledger-alerts");
        const onCluster = alarms.filter((a) => (a.inputs.dimensions as Record<string, string>).DBClusterIdentifier === "ledger");
        expect(onCluster.map((a) => [a.inputs.name, a.inputs.metricName])).toEqual([
            ["ledger-cpu", "CPUUtilization"],
            ["ledger-freeable-memory", "FreeableMemory"],
            ["ledger-connections", "DatabaseConnections"],
            ["ledger-free-local-storage", "FreeLocalStorage"],
            ["ledger-replica-lag", "AuroraReplicaLag"],
        ]);
        for (const a of onCluster) expect(dependsOn(a, built.cluster, "dimensions")).toBe(true);
        built.instances.forEach((instance, i) => {
            const own = alarms.filter((a) => (a.inputs.dimensions as Record<string, string>).DBInstanceIdentifier === `ledger-${i + 1}`);
            expect(own.map((a) => a.inputs.metricName)).toEqual(["CPUUtilization", "FreeableMemory", "DatabaseConnections", "FreeLocalStorage", "AuroraReplicaLag"]);
            for (const a of own) expect(dependsOn(a, instance, "dimensions")).toBe(true);
        });
        for (const a of alarms) expect(a.inputs.alarmActions).toEqual([topic.outputs.arn]);
        const connections = alarms.find((a) => a.inputs.name === "ledger-1-connections")!;
        expect(connections.inputs.threshold).toBe(Math.floor(Number(e.maxConnections) * 0.8));
        expect(alarms.find((a) => a.inputs.name === "ledger-1-freeable-memory")!.inputs.threshold).toBe(Math.round(16 * GiB * 0.1));
        expect(alarms.find((a) => a.inputs.name === "ledger-free-local-storage")!.inputs.threshold).toBe(Math.round(32 * GiB * 0.1));
        expect(alarms.find((a) => a.inputs.name === "ledger-2-replica-lag")!.inputs).toMatchObject({ threshold: 1000, treatMissingData: "notBreaching" });
    });

    it("subscribes to the events of the cluster and of its instances", () => {
        const cluster = built.get(types.eventSubscription, "ledger-cluster-events");
        expect(cluster.inputs).toMatchObject({ sourceType: "db-cluster", sourceIds: ["ledger"], enabled: true });
        expect(cluster.inputs.eventCategories).toEqual(expect.arrayContaining(["failure", "failover", "maintenance"]));
        expect(dependsOn(cluster, built.cluster, "sourceIds")).toBe(true);
        const instances = built.get(types.eventSubscription, "ledger-instances-events");
        expect(instances.inputs).toMatchObject({ sourceType: "db-instance", sourceIds: ["ledger-1", "ledger-2"] });
        expect(instances.inputs.eventCategories).toEqual(expect.arrayContaining(["failure", "failover", "low storage", "maintenance"]));
    });

    it("backs the cluster up with AWS Backup, copies it to another region and test-restores it as Aurora", () => {
        const arn = built.cluster.outputs.arn;
        expect(arn).toBe("arn:aws:rds:us-east-1:123456789012:cluster:ledger");
        expect(built.get(types.backupSelection, "ledger-backup-selection").inputs.resources).toEqual([arn]);
        expect(built.get(types.restoreTestingSelection, "ledger-restore-test-selection").inputs).toMatchObject({ protectedResourceType: "Aurora", protectedResourceArns: [arn] });
        expect(built.get(types.backupVault, "ledger-backup-copy-vault").inputs.region).toBe("us-west-2");
    });

    it("probes the writer endpoint once the writer exists", () => {
        const probe = built.get(types.lambdaFunction, "ledger-health-check");
        expect((probe.inputs.environment as { variables: Record<string, string> }).variables).toMatchObject({
            DB_ENGINE: e.engine,
            DB_HOST: built.cluster.outputs.endpoint,
            DB_PORT: String(e.port),
            DB_IDENTIFIER: "ledger",
            DB_TLS: "require",
        });
        expect(dependsOn(probe, built.cluster, "environment")).toBe(true);
        expect(dependsOn(probe, built.instances[0], "environment")).toBe(true);
    });

    it("gives its outputs and a runbook with the cluster's names filled in", async () => {
        const { component } = built;
        expect(await resolved(component.endpoint)).toBe(built.cluster.outputs.endpoint);
        expect(await resolved(component.readerEndpoint)).toMatch(/^ledger\.cluster-ro-/);
        expect(await resolved(component.instanceIdentifiers)).toEqual(["ledger-1", "ledger-2"]);
        expect(await resolved(component.masterSecretArn)).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-ledger/);
        const runbook = await resolved(component.runbook);
        expect(runbook).toContain("aws rds failover-db-cluster \\\n  --db-cluster-identifier ledger \\\n  --target-db-instance-identifier ledger-2");
        expect(runbook).toContain("aws rds restore-db-cluster-to-point-in-time \\\n  --source-db-cluster-identifier ledger \\\n  --db-cluster-identifier ledger-restored");
        expect(runbook).toContain(`aws rds create-db-instance \\\n  --db-instance-identifier ledger-restored-1 \\\n  --db-cluster-identifier ledger-restored \\\n  --engine ${e.engine}`);
        expect(runbook).toContain("Owner: **team-ledger**. On call: **ledger-oncall**.");
        expect(runbook).not.toContain("backtrack-db-cluster");
    });

    it("lists in the runbook every alarm it creates, by the alarm's own name", async () => {
        const runbook = await resolved(built.component.runbook);
        const alarms = ofType(built.resources, types.metricAlarm).map((a) => String(a.inputs.name));
        expect(alarms).toEqual(expect.arrayContaining(["ledger-health-check", "ledger-restore-validation-failed", "ledger-2-cpu"]));
        for (const name of alarms) expect(runbook).toContain(`- \`${name}\``);
    });
});

describe("ProductionAuroraCluster options", () => {
    it("runs Aurora Serverless v2 instances within the capacity range, with thresholds from it", async () => {
        const { cluster, instances, resources } = await build(auroraArgs({ serverless: { minCapacity: 2, maxCapacity: 16 }, maxConnections: 1500 }));
        expect(cluster.inputs.serverlessv2ScalingConfiguration).toEqual({ minCapacity: 2, maxCapacity: 16 });
        for (const i of instances) expect(i.inputs.instanceClass).toBe("db.serverless");
        const alarm = (name: string) => find(resources, types.metricAlarm, name).inputs;
        expect(alarm("ledger-1-alarm-freeable-memory").threshold).toBe(Math.round(32 * GiB * 0.1));
        expect(alarm("ledger-1-alarm-free-local-storage").threshold).toBe(Math.round(8 * GiB * 0.1));
        expect(alarm("ledger-1-alarm-connections").threshold).toBe(1200);
        expect(find(resources, types.parameterGroup, "ledger-instance-params").inputs.parameters).toEqual([{ name: "max_connections", value: "1500", applyMethod: "pending-reboot" }]);
    });

    it("scales readers with Aurora Auto Scaling on the readers' CPU, once its readers exist", async () => {
        const { get, instances } = await build(auroraArgs({ instances: 3, readerAutoScaling: { maxReaders: 6, targetCpuPercent: 60 } }));
        const target = get("aws:appautoscaling/target:Target", "ledger-readers");
        expect(target.inputs).toEqual(
            expect.objectContaining({ serviceNamespace: "rds", scalableDimension: "rds:cluster:ReadReplicaCount", resourceId: "cluster:ledger", minCapacity: 2, maxCapacity: 6 }),
        );
        for (const i of instances) expect(dependsOn(target, i)).toBe(true);
        expect(get("aws:appautoscaling/policy:Policy", "ledger-readers-cpu").inputs).toMatchObject({
            policyType: "TargetTrackingScaling",
            targetTrackingScalingPolicyConfiguration: { predefinedMetricSpecification: { predefinedMetricType: "RDSReaderAverageCPUUtilization" }, targetValue: 60 },
        });
    });

    it("spreads instances round robin over the zones it is given", async () => {
        const args = auroraArgs({ instances: 3 });
        const { instances } = await build({ ...args, network: { ...args.network, availabilityZones: ["eu-west-1b", "eu-west-1c"] } });
        expect(instances.map((i) => i.inputs.availabilityZone)).toEqual(["eu-west-1b", "eu-west-1c", "eu-west-1b"]);
    });

    it("leaves placement to RDS when the subnets' zones cannot be looked up", async () => {
        const { resources } = await captureResources(() => new ProductionAuroraCluster("ledger", auroraArgs()), { mocks: auroraMocks({ knownSubnets: false }) });
        for (const i of ofType(resources, types.clusterInstance)) expect(i.inputs.availabilityZone).toBeUndefined();
    });

    it("keeps a backtrack window on Aurora MySQL, and says how to use it", async () => {
        const { cluster, component } = await build(auroraArgs({ engine: "aurora-mysql", backup: { backtrackWindowHours: 24 } }));
        expect(cluster.inputs.backtrackWindow).toBe(24 * 3600);
        expect(await resolved(component.runbook)).toContain("aws rds backtrack-db-cluster \\\n  --db-cluster-identifier ledger \\\n  --backtrack-to");
    });

    it("runs a single instance only when asked, and says so in the runbook", async () => {
        const { instances, component } = await build(auroraArgs({ instances: 1, allowSingleInstance: true }));
        expect(instances).toHaveLength(1);
        expect(await resolved(component.runbook)).toContain("This cluster has **one instance**");
    });

    it("lets the cluster and its key go when protect is false", async () => {
        const { cluster, get } = await build(auroraArgs({ protect: false, deletionProtection: false }));
        expect(cluster.protect).toBe(false);
        expect(cluster.inputs.deletionProtection).toBe(false);
        expect(get("aws:kms/key:Key", "ledger-key").protect).toBe(false);
    });

    it("provisions app users on the writer endpoint once the writer exists, in their own secrets", async () => {
        const { resources, component, instances } = await build(auroraArgs({ appUsers: [{ name: "ledger_app", privilege: "readwrite", databases: ["ledger"] }] }));
        const invocation = find(resources, types.lambdaInvocation, "ledger-app-users-run");
        expect(JSON.parse(String(invocation.inputs.input))).toMatchObject({ engine: "aurora-postgresql", host: expect.stringMatching(/^ledger\.cluster-/), users: [{ name: "ledger_app" }] });
        expect(dependsOn(invocation, instances[0], "input")).toBe(true);
        expect(Object.keys(await resolved(component.appUserSecretArns))).toEqual(["ledger_app"]);
    });

    it("names no instance class memory it does not know: Performance Insights off where Aurora MySQL refuses it", async () => {
        const { cluster, instances } = await build(auroraArgs({ engine: "aurora-mysql", instanceClass: "db.t3.medium", allowBurstableClass: true }));
        expect(cluster.inputs.performanceInsightsEnabled).toBe(false);
        for (const i of instances) expect(i.inputs.performanceInsightsEnabled).toBe(false);
    });
});
