// ProductionDatabase under mocks: what it registers for each engine, and the inputs that make it
// production-ready, linked to each other the way the engine records them.
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("./fixtures").lambdaBundleStandIn);
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ProductionDatabase, ProductionDatabaseArgs } from "../../../components/production-database";
import { types } from "../../../aws-facts/resource-types";
import { CapturedResource, captureResources, countByType, find, ofType } from "../../support/capture";
import { productionArgs } from "./fixtures";

const GiB = 1024 ** 3;
const iamRole = "aws:iam/role:Role";

async function build(args: ProductionDatabaseArgs = productionArgs(), name = "orders") {
    const { resources, result } = await captureResources(() => new ProductionDatabase(name, args));
    const get = (type: string, resourceName: string) => find(resources, type, resourceName);
    return { resources, db: result, get, instance: get(types.instance, name) };
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

const dependsOn = (r: CapturedResource, target: CapturedResource, property?: string) =>
    property === undefined ? r.dependencies.includes(target.urn) : (r.propertyDependencies[property] ?? []).includes(target.urn);

/** Resources a default database of each engine registers. */
const common = {
    "aws:backup/plan:Plan": 1,
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": 1,
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": 1,
    "aws:backup/selection:Selection": 1,
    "aws:backup/vault:Vault": 2,
    "aws:cloudwatch/eventRule:EventRule": 2,
    "aws:cloudwatch/eventTarget:EventTarget": 2,
    "aws:cloudwatch/metricAlarm:MetricAlarm": 9,
    "aws:ec2/securityGroup:SecurityGroup": 4,
    "aws:iam/role:Role": 6,
    "aws:iam/rolePolicy:RolePolicy": 4,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 7,
    "aws:kms/alias:Alias": 1,
    "aws:kms/key:Key": 1,
    "aws:lambda/function:Function": 2,
    "aws:lambda/permission:Permission": 1,
    "aws:rds/eventSubscription:EventSubscription": 1,
    "aws:rds/instance:Instance": 1,
    "aws:rds/parameterGroup:ParameterGroup": 1,
    "aws:rds/subnetGroup:SubnetGroup": 1,
    "aws:scheduler/schedule:Schedule": 2,
    "aws:sns/topic:Topic": 1,
    "aws:sns/topicPolicy:TopicPolicy": 1,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 3,
    "db-preflight:aws:ProductionDatabase": 1,
};

const engines = [
    {
        engine: "postgres" as const,
        version: "16",
        family: "postgres16",
        port: 5432,
        tls: "rds.force_ssl",
        logs: ["postgresql", "upgrade"],
        maxConnections: "901",
        counts: { ...common, "aws:cloudwatch/logGroup:LogGroup": 4 },
    },
    {
        engine: "mysql" as const,
        version: "8.0",
        family: "mysql8.0",
        port: 3306,
        tls: "require_secure_transport",
        logs: ["audit", "error", "slowquery"],
        maxConnections: "682",
        counts: { ...common, "aws:cloudwatch/logGroup:LogGroup": 5, "aws:rds/optionGroup:OptionGroup": 1 },
    },
    {
        engine: "mariadb" as const,
        version: "10.11",
        family: "mariadb10.11",
        port: 3306,
        tls: "require_secure_transport",
        logs: ["audit", "error", "slowquery"],
        maxConnections: "682",
        counts: { ...common, "aws:cloudwatch/logGroup:LogGroup": 5, "aws:rds/optionGroup:OptionGroup": 1 },
    },
];

describe.each(engines)("ProductionDatabase ($engine)", (e) => {
    let built: Awaited<ReturnType<typeof build>>;
    beforeAll(async () => {
        built = await build(productionArgs({ engine: e.engine }));
    });

    it("registers the database and everything the checklist asks for around it", () => {
        expect(countByType(built.resources)).toEqual(Object.fromEntries(Object.entries(e.counts).sort(([a], [b]) => a.localeCompare(b))));
    });

    it("makes every resource a child of the component", () => {
        const component = find(built.resources, "db-preflight:aws:ProductionDatabase", "orders");
        for (const r of built.resources) if (r !== component) expect(r.parent).toBe(component.urn);
    });

    it("creates a private, encrypted, Multi-AZ instance with managed credentials, protected from deletion", () => {
        const { instance, get } = built;
        expect(instance.inputs).toMatchObject({
            identifier: "orders",
            engine: e.engine,
            engineVersion: e.version,
            instanceClass: "db.m6g.large",
            dbName: "orders",
            port: e.port,
            storageType: "gp3",
            allocatedStorage: 100,
            maxAllocatedStorage: 400,
            storageEncrypted: true,
            kmsKeyId: get(types.kmsKey, "orders-key").outputs.arn,
            username: "orders_admin",
            manageMasterUserPassword: true,
            iamDatabaseAuthenticationEnabled: true,
            publiclyAccessible: false,
            multiAz: true,
            caCertIdentifier: "rds-ca-rsa2048-g1",
            backupRetentionPeriod: 14,
            backupWindow: "03:00-04:00",
            maintenanceWindow: "sun:05:00-sun:06:00",
            autoMinorVersionUpgrade: true,
            copyTagsToSnapshot: true,
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: "orders-final",
            deleteAutomatedBackups: false,
            enabledCloudwatchLogsExports: e.logs,
            monitoringInterval: 60,
            performanceInsightsEnabled: true,
            tags: { runbook: "https://runbooks.example.com/databases/orders", owner: "team-orders", "on-call": "orders-oncall" },
        });
        expect(instance.inputs).not.toHaveProperty("password");
        expect(instance.protect).toBe(true);
        expect(get(types.kmsKey, "orders-key").protect).toBe(true);
    });

    it("places the instance in its subnet group and its own security group, linked by outputs", () => {
        const { instance, get } = built;
        const subnetGroup = get(types.subnetGroup, "orders-subnets");
        const sg = get(types.securityGroup, "orders-sg");
        expect(subnetGroup.inputs.subnetIds).toEqual(["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]);
        expect(sg.inputs.vpcId).toBe("vpc-0a1b2c3d4e5f60718");
        expect(sg.inputs).not.toHaveProperty("ingress");
        expect(instance.inputs.dbSubnetGroupName).toBe(subnetGroup.outputs.name);
        expect(instance.inputs.vpcSecurityGroupIds).toEqual([sg.outputs.id]);
        expect(dependsOn(instance, subnetGroup, "dbSubnetGroupName")).toBe(true);
        expect(dependsOn(instance, sg, "vpcSecurityGroupIds")).toBe(true);
    });

    it("admits only the application's security group and the health check, on the database port", () => {
        const { resources, get } = built;
        const sg = get(types.securityGroup, "orders-sg");
        const rules = ofType(resources, types.securityGroupIngressRule).filter((r) => r.inputs.securityGroupId === sg.outputs.id);
        const healthCheckSg = get(types.securityGroup, "orders-health-check-sg");
        expect(rules.map((r) => r.inputs)).toEqual([
            expect.objectContaining({ securityGroupId: sg.outputs.id, ipProtocol: "tcp", fromPort: e.port, toPort: e.port, referencedSecurityGroupId: "sg-0123456789abcdef0" }),
            expect.objectContaining({ securityGroupId: sg.outputs.id, ipProtocol: "tcp", fromPort: e.port, toPort: e.port, referencedSecurityGroupId: healthCheckSg.outputs.id }),
        ]);
        for (const rule of rules) {
            expect(rule.inputs).not.toHaveProperty("cidrIpv4");
            expect(rule.inputs).not.toHaveProperty("cidrIpv6");
        }
    });

    it("forces TLS and sets max_connections from the class memory in its own parameter group", () => {
        const { instance, get } = built;
        const group = get(types.parameterGroup, "orders-params");
        expect(group.inputs.family).toBe(e.family);
        expect(group.inputs.parameters).toEqual(
            expect.arrayContaining([
                { name: e.tls, value: "1", applyMethod: "pending-reboot" },
                { name: "max_connections", value: e.maxConnections, applyMethod: "pending-reboot" },
            ]),
        );
        expect(instance.inputs.parameterGroupName).toBe(group.outputs.name);
        expect(dependsOn(instance, group, "parameterGroupName")).toBe(true);
    });

    it("creates the log groups RDS exports to, with a retention, before the instance", () => {
        const { resources, instance } = built;
        const logs = ofType(resources, types.logGroup).filter((g) => String(g.inputs.name).startsWith("/aws/rds/"));
        expect(logs.map((g) => [g.inputs.name, g.inputs.retentionInDays])).toEqual(e.logs.map((t) => [`/aws/rds/instance/orders/${t}`, 30]));
        for (const g of logs) expect(dependsOn(instance, g)).toBe(true);
    });

    it("watches the instance with alarms that notify the alert topic, by its identifier output", () => {
        const { resources, instance, get } = built;
        const topic = get(types.snsTopic, "orders-alerts");
        const alarms = ofType(resources, types.metricAlarm).filter((a) => a.inputs.namespace === "AWS/RDS");
        expect(alarms.map((a) => a.inputs.metricName)).toEqual(["CPUUtilization", "FreeStorageSpace", "FreeableMemory", "DatabaseConnections", "ReadLatency", "WriteLatency"]);
        for (const alarm of alarms) {
            expect(alarm.inputs.dimensions).toEqual({ DBInstanceIdentifier: "orders" });
            expect(dependsOn(alarm, instance, "dimensions")).toBe(true);
            expect(alarm.inputs.alarmActions).toEqual([topic.outputs.arn]);
            expect(alarm.inputs.okActions).toEqual([topic.outputs.arn]);
        }
        const connections = alarms.find((a) => a.inputs.metricName === "DatabaseConnections")!;
        expect(connections.inputs.threshold).toBe(Math.floor(Number(e.maxConnections) * 0.8));
        expect(connections.inputs.name).toBe("orders-connections");
        expect(alarms.find((a) => a.inputs.metricName === "FreeStorageSpace")!.inputs.threshold).toBe(10 * GiB);
        expect(String(connections.inputs.alarmDescription)).toContain("Runbook: https://runbooks.example.com/databases/orders");
    });

    it("subscribes the alert topic to the instance's failure, failover, storage, maintenance and backup events", () => {
        const { instance, get } = built;
        const subscription = get(types.eventSubscription, "orders-events");
        expect(subscription.inputs).toMatchObject({
            sourceType: "db-instance",
            sourceIds: ["orders"],
            snsTopic: get(types.snsTopic, "orders-alerts").outputs.arn,
            eventCategories: ["failure", "failover", "low storage", "maintenance", "backup", "notification", "configuration change"],
        });
        expect(dependsOn(subscription, instance, "sourceIds")).toBe(true);
    });

    it("lets the AWS services that publish alerts do so, for this account only", () => {
        const policy = JSON.parse(String(built.get("aws:sns/topicPolicy:TopicPolicy", "orders-alerts-policy").inputs.policy));
        expect(policy.Statement[1]).toMatchObject({
            Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com", "events.rds.amazonaws.com"] },
            Action: "sns:Publish",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
    });

    it("turns on Enhanced Monitoring with a role RDS can assume", () => {
        const { instance, get } = built;
        const role = get(iamRole, "orders-monitoring-role");
        expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Principal).toEqual({ Service: "monitoring.rds.amazonaws.com" });
        const attachment = get("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "orders-monitoring-role-AmazonRDSEnhancedMonitoringRole");
        expect(attachment.inputs.policyArn).toBe("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
        expect(instance.inputs.monitoringRoleArn).toBe(role.outputs.arn);
        expect(dependsOn(instance, attachment)).toBe(true);
    });

    it("backs the instance up with AWS Backup, copies it to another region and tests its restores", () => {
        const { instance, get } = built;
        const vault = get(types.backupVault, "orders-backup-vault");
        const copy = get(types.backupVault, "orders-backup-copy-vault");
        const plan = get(types.backupPlan, "orders-backup-plan");
        const selection = get(types.backupSelection, "orders-backup-selection");
        expect(vault.inputs.kmsKeyArn).toBe(get(types.kmsKey, "orders-key").outputs.arn);
        expect(copy.inputs.region).toBe("us-west-2");
        expect(String(copy.outputs.arn)).toMatch(/^arn:aws:backup:us-west-2:/);
        expect(plan.inputs.rules).toEqual([
            expect.objectContaining({
                ruleName: "daily",
                targetVaultName: vault.outputs.name,
                schedule: "cron(0 21 * * ? *)",
                lifecycle: { deleteAfter: 35 },
                copyActions: [{ destinationVaultArn: copy.outputs.arn, lifecycle: { deleteAfter: 35 } }],
            }),
        ]);
        expect(selection.inputs.resources).toEqual([instance.outputs.arn]);
        expect(dependsOn(selection, instance, "resources")).toBe(true);
        expect(dependsOn(selection, plan, "planId")).toBe(true);

        const testPlan = get(types.restoreTestingPlan, "orders-restore-test");
        const testSelection = get(types.restoreTestingSelection, "orders-restore-test-selection");
        expect(testPlan.inputs).toMatchObject({ name: "orders_restore_test", recoveryPointSelection: { includeVaults: [vault.outputs.arn] } });
        expect(testSelection.inputs).toMatchObject({
            restoreTestingPlanName: "orders_restore_test",
            protectedResourceType: "RDS",
            protectedResourceArns: [instance.outputs.arn],
            restoreMetadataOverrides: {
                dbsubnetgroupname: get(types.subnetGroup, "orders-subnets").outputs.name,
                // The restore-test group, which admits only the validator: not the database's, which admits the applications.
                vpcSecurityGroupIds: JSON.stringify([get(types.securityGroup, "orders-restore-test-sg").outputs.id]),
            },
        });
    });

    it("sends failed backup, copy and restore jobs to the alert topic", () => {
        const { get } = built;
        const rule = get(types.eventRule, "orders-backup-failed");
        expect(JSON.parse(String(rule.inputs.eventPattern))).toEqual({
            source: ["aws.backup"],
            "detail-type": ["Backup Job State Change", "Copy Job State Change", "Restore Job State Change"],
            detail: { state: ["FAILED", "ABORTED", "EXPIRED"], $or: [{ resourceArn: [{ suffix: ":db:orders" }] }, { sourceResourceArn: [{ suffix: ":db:orders" }] }] },
        });
        const target = get(types.eventTarget, "orders-backup-failed-alert");
        expect(target.inputs).toMatchObject({ rule: rule.outputs.name, arn: get(types.snsTopic, "orders-alerts").outputs.arn });
    });

    it("runs a health check every minute in the database's subnets, with an alarm that counts silence as failure", () => {
        const { instance, get } = built;
        const fn = get(types.lambdaFunction, "orders-health-check");
        const masterSecret = (instance.outputs.masterUserSecrets as Array<{ secretArn: string }>)[0].secretArn;
        expect(fn.inputs).toMatchObject({
            name: "orders-health-check",
            runtime: "nodejs20.x",
            handler: "index.handler",
            environment: {
                variables: {
                    DB_ENGINE: e.engine,
                    DB_HOST: instance.outputs.address,
                    DB_PORT: String(e.port),
                    DB_NAME: "orders",
                    DB_SECRET_ARN: masterSecret,
                    DB_IDENTIFIER: "orders",
                    PROBE_TIMEOUT_MS: "5000",
                    SLOW_QUERY_MS: "1000",
                    DB_TLS: "require",
                },
            },
            vpcConfig: { subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"], securityGroupIds: [get(types.securityGroup, "orders-health-check-sg").outputs.id] },
        });
        expect(dependsOn(fn, instance, "environment")).toBe(true);

        const policy = JSON.parse(String(get("aws:iam/rolePolicy:RolePolicy", "orders-health-check-role-policy").inputs.policy));
        expect(policy.Statement).toEqual([
            { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: masterSecret },
            { Effect: "Allow", Action: "kms:Decrypt", Resource: get(types.kmsKey, "orders-key").outputs.arn },
            { Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "DbPreflight/HealthCheck" } } },
        ]);

        const schedule = get(types.schedule, "orders-health-check-schedule");
        expect(schedule.inputs).toMatchObject({
            scheduleExpression: "rate(1 minute)",
            flexibleTimeWindow: { mode: "OFF" },
            target: { arn: fn.outputs.arn, roleArn: get(iamRole, "orders-health-check-scheduler-role").outputs.arn },
        });

        const alarm = get(types.metricAlarm, "orders-alarm-health-check");
        expect(alarm.inputs).toMatchObject({
            namespace: "DbPreflight/HealthCheck",
            metricName: "HealthCheckSucceeded",
            dimensions: { DatabaseIdentifier: "orders" },
            treatMissingData: "breaching",
            alarmActions: [get(types.snsTopic, "orders-alerts").outputs.arn],
        });
        expect(dependsOn(alarm, instance, "dimensions")).toBe(true);
    });

    it("keeps every secret value out of the program: no password, no secret version", () => {
        const { resources } = built;
        expect(ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion")).toEqual([]);
        for (const r of resources) {
            expect(r.inputs).not.toHaveProperty("password");
            expect(r.inputs).not.toHaveProperty("secretString");
        }
    });

    it("exports the endpoint, port, security group, secrets, topic and runbook", async () => {
        const { db, instance, get } = built;
        expect(await resolved(db.endpoint)).toBe(instance.outputs.endpoint);
        expect(await resolved(db.port)).toBe(e.port);
        expect(await resolved(db.securityGroupId)).toBe(get(types.securityGroup, "orders-sg").outputs.id);
        expect(await resolved(db.masterSecretArn)).toBe((instance.outputs.masterUserSecrets as Array<{ secretArn: string }>)[0].secretArn);
        expect(await resolved(db.appUserSecretArns)).toEqual({});
        expect(await resolved(db.alarmTopicArn)).toBe(get(types.snsTopic, "orders-alerts").outputs.arn);
        const runbook = await resolved(db.runbook);
        expect(runbook).toContain(`aws rds reboot-db-instance --db-instance-identifier orders --force-failover --region us-east-1`);
        expect(runbook).toContain(`\`${instance.outputs.address}\` (port ${e.port})`);
    });

    it("lists in the runbook every alarm it creates, by the alarm's own name", async () => {
        const runbook = await resolved(built.db.runbook);
        const alarms = ofType(built.resources, types.metricAlarm).map((a) => String(a.inputs.name));
        expect(alarms).toEqual(expect.arrayContaining(["orders-health-check", "orders-restore-validation-failed"]));
        for (const name of alarms) expect(runbook).toContain(`- \`${name}\``);
    });
});

describe("ProductionDatabase engine specifics", () => {
    it("gives MySQL and MariaDB the audit plugin through an option group", async () => {
        for (const engine of ["mysql", "mariadb"] as const) {
            const { instance, get } = await build(productionArgs({ engine }));
            const options = get("aws:rds/optionGroup:OptionGroup", "orders-options");
            expect(options.inputs).toMatchObject({
                engineName: engine,
                majorEngineVersion: engine === "mysql" ? "8.0" : "10.11",
                options: [{ optionName: "MARIADB_AUDIT_PLUGIN", optionSettings: expect.arrayContaining([{ name: "SERVER_AUDIT_LOGGING", value: "ON" }]) }],
            });
            expect(instance.inputs.optionGroupName).toBe(options.outputs.name);
        }
    });

    it("logs slow statements and connections on PostgreSQL, and the slow query log on MySQL", async () => {
        const pg = await build(productionArgs({ engine: "postgres", logs: { slowQueryMs: 250 } }));
        expect(pg.get(types.parameterGroup, "orders-params").inputs.parameters).toEqual(
            expect.arrayContaining([expect.objectContaining({ name: "log_min_duration_statement", value: "250" }), expect.objectContaining({ name: "log_connections", value: "1" })]),
        );
        const my = await build(productionArgs({ engine: "mysql" }));
        expect(my.get(types.parameterGroup, "orders-params").inputs.parameters).toEqual(
            expect.arrayContaining([expect.objectContaining({ name: "slow_query_log", value: "1" }), expect.objectContaining({ name: "log_output", value: "FILE" })]),
        );
    });
});

describe("ProductionDatabase app users", () => {
    const users: ProductionDatabaseArgs["appUsers"] = [
        { name: "orders_app", privilege: "readwrite", databases: ["orders"] },
        { name: "orders_reporting", privilege: "readonly", databases: ["orders"], schemas: ["public", "reporting"] },
    ];

    it("gives each user an empty secret of its own, and a provisioner run whose input names them", async () => {
        const { resources, instance, get, db } = await build(productionArgs({ appUsers: users }));
        const app = get(types.secret, "orders-user-orders_app");
        const reporting = get(types.secret, "orders-user-orders_reporting");
        expect(app.inputs).toMatchObject({ namePrefix: "db-preflight/orders/orders_app-", kmsKeyId: get(types.kmsKey, "orders-key").outputs.arn });
        const invocation = get(types.lambdaInvocation, "orders-app-users-run");
        const masterSecret = (instance.outputs.masterUserSecrets as Array<{ secretArn: string }>)[0].secretArn;
        expect(JSON.parse(String(invocation.inputs.input))).toEqual({
            engine: "postgres",
            host: instance.outputs.address,
            port: 5432,
            database: "orders",
            masterSecretArn: masterSecret,
            users: [
                { name: "orders_app", privilege: "readwrite", databases: ["orders"], secretArn: app.outputs.arn },
                { name: "orders_reporting", privilege: "readonly", databases: ["orders"], schemas: ["public", "reporting"], secretArn: reporting.outputs.arn },
            ],
        });
        expect(invocation.inputs.functionName).toBe("orders-app-users");
        expect(dependsOn(invocation, instance, "input")).toBe(true);
        expect(await resolved(db.appUserSecretArns)).toEqual({ orders_app: app.outputs.arn, orders_reporting: reporting.outputs.arn });
        expect(ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion")).toEqual([]);
    });

    it("re-runs the provisioner when the declared users change", async () => {
        const before = await build(productionArgs({ appUsers: users.slice(0, 1) }));
        const after = await build(productionArgs({ appUsers: [{ ...users[0], privilege: "readonly" }] }));
        const input = (b: typeof before) => b.get(types.lambdaInvocation, "orders-app-users-run").inputs.input;
        expect(input(after)).not.toBe(input(before));
    });

    it("rotates each user's password with the provisioner, after its first run", async () => {
        const { get } = await build(productionArgs({ appUsers: users, appUserRotationDays: 60 }));
        const fn = get(types.lambdaFunction, "orders-app-users");
        const rotation = get("aws:secretsmanager/secretRotation:SecretRotation", "orders-user-orders_app-rotation");
        expect(rotation.inputs).toMatchObject({
            secretId: get(types.secret, "orders-user-orders_app").outputs.id,
            rotationLambdaArn: fn.outputs.arn,
            rotationRules: { automaticallyAfterDays: 60 },
            rotateImmediately: false,
        });
        expect(dependsOn(rotation, get(types.lambdaInvocation, "orders-app-users-run"))).toBe(true);
        expect(get("aws:lambda/permission:Permission", "orders-app-users-rotation-permission").inputs).toMatchObject({
            principal: "secretsmanager.amazonaws.com",
            action: "lambda:InvokeFunction",
            sourceAccount: "123456789012",
        });
    });

    it("lets the provisioner read the master secret and write only its users' secrets", async () => {
        const { instance, get } = await build(productionArgs({ appUsers: users }));
        const policy = JSON.parse(String(get("aws:iam/rolePolicy:RolePolicy", "orders-app-users-role-policy").inputs.policy));
        expect(policy.Statement[0]).toEqual({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: (instance.outputs.masterUserSecrets as Array<{ secretArn: string }>)[0].secretArn });
        expect(policy.Statement[1].Resource).toEqual([get(types.secret, "orders-user-orders_app").outputs.arn, get(types.secret, "orders-user-orders_reporting").outputs.arn]);
    });
});

describe("ProductionDatabase opt-outs and alternatives", () => {
    it("leaves the instance and its key unprotected with protect: false (tests, demo stacks)", async () => {
        const { instance, get } = await build(productionArgs({ protect: false }));
        expect(instance.protect).toBe(false);
        expect(get(types.kmsKey, "orders-key").protect).toBe(false);
    });

    it("uses a key the caller brings instead of creating one", async () => {
        const keyArn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-8444-555555555555";
        const { resources, instance } = await build(productionArgs({ encryption: { kmsKeyArn: keyArn } }));
        expect(ofType(resources, types.kmsKey)).toEqual([]);
        expect(instance.inputs).toMatchObject({ kmsKeyId: keyArn, masterUserSecretKmsKeyId: keyArn, performanceInsightsKmsKeyId: keyArn });
    });

    it("alerts a topic the caller brings, leaving its policy alone", async () => {
        const topicArn = "arn:aws:sns:us-east-1:123456789012:platform-alerts";
        const { resources } = await build(productionArgs({ monitoring: { alarmTopicArn: topicArn, alarmEmails: ["dba@example.com"] } }));
        expect(ofType(resources, types.snsTopic)).toEqual([]);
        expect(ofType(resources, "aws:sns/topicPolicy:TopicPolicy")).toEqual([]);
        for (const alarm of ofType(resources, types.metricAlarm)) expect(alarm.inputs.alarmActions).toEqual([topicArn]);
        expect(find(resources, "aws:sns/topicSubscription:TopicSubscription", "orders-alerts-email-0").inputs).toMatchObject({ topic: topicArn, protocol: "email", endpoint: "dba@example.com" });
    });

    it("creates the copy vault with the caller's provider", async () => {
        const { resources } = await captureResources(() => {
            const dr = new aws.Provider("dr", { region: "us-west-1" });
            return new ProductionDatabase("orders", productionArgs({ backup: { copyProvider: dr } }));
        });
        const copy = find(resources, types.backupVault, "orders-backup-copy-vault");
        expect(copy.provider).toMatch(/::dr::/);
        expect(copy.inputs).not.toHaveProperty("region");
        expect(String(copy.outputs.arn)).toMatch(/^arn:aws:backup:us-west-1:/);
    });

    it("keeps backups in one region with backup.copyToRegion: false", async () => {
        const { resources, get } = await build(productionArgs({ backup: { copyToRegion: false } }));
        expect(ofType(resources, types.backupVault).map((v) => v.name)).toEqual(["orders-backup-vault"]);
        expect((get(types.backupPlan, "orders-backup-plan").inputs.rules as object[])[0]).not.toHaveProperty("copyActions");
    });

    it("drops AWS Backup, the copy and the restore tests with backup.plan: false", async () => {
        const { resources } = await build(productionArgs({ backup: { plan: false } }));
        for (const type of [types.backupVault, types.backupPlan, types.backupSelection, types.restoreTestingPlan, types.restoreTestingSelection, types.eventRule]) {
            expect(ofType(resources, type)).toEqual([]);
        }
    });

    it("drops the probe with healthCheck: false, and keeps the database's alarms", async () => {
        const { resources } = await build(productionArgs({ healthCheck: false }));
        expect(ofType(resources, types.lambdaFunction).map((r) => r.name)).toEqual(["orders-restore-validation"]);
        expect(ofType(resources, types.schedule).map((r) => r.name)).toEqual(["orders-restore-test-age-schedule"]);
        expect(ofType(resources, types.metricAlarm)).toHaveLength(8);
    });

    it("turns off Enhanced Monitoring, Performance Insights and storage autoscaling when asked", async () => {
        const { resources, instance } = await build(productionArgs({ monitoring: { enhancedMonitoringInterval: 0, performanceInsights: false }, storage: { autoscaling: false } }));
        expect(instance.inputs).toMatchObject({ monitoringInterval: 0, performanceInsightsEnabled: false });
        expect(instance.inputs).not.toHaveProperty("monitoringRoleArn");
        expect(instance.inputs).not.toHaveProperty("maxAllocatedStorage");
        expect(ofType(resources, iamRole).map((r) => r.name)).not.toContain("orders-monitoring-role");
    });

    it("records drill dates in the tags the policy pack reads", async () => {
        const { instance } = await build(productionArgs({ drills: { restoreTestedAt: "2025-01-31", failoverTestedAt: "2025-02-01" } }));
        expect(instance.inputs.tags).toMatchObject({ "restore-tested-at": "2025-01-31", "failover-tested-at": "2025-02-01" });
    });

    it("registers its resolved arguments, so policies see the defaults it applied", async () => {
        const pools = [{ name: "api", size: 20, replicas: 6 }];
        const { resources } = await build(productionArgs({ connectionPools: pools }));
        const component = find(resources, "db-preflight:aws:ProductionDatabase", "orders");
        expect(component.inputs).toMatchObject({ engine: "postgres", maxConnections: 901, connectionPools: pools, reservedConnections: 10, multiAz: true });
    });
});
