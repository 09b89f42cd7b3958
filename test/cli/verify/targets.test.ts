// What verify finds around each database of a hand-written stack (no component): backup plans that
// select it by tag, restore testing with "*", alarms named by a literal dimension, the app-user
// secrets its provisioner writes, and which databases it checks at all.
import { findTargets, stackOf } from "../../../cli/verify/targets";
import { recordDrillHint } from "../../../cli/verify/checks/runbook";
import type { ResourceInput } from "../../../policies/evaluate";

const urn = (type: string, name: string) => `urn:pulumi:prod::billing::${type}::${name}`;
const res = (type: string, name: string, props: Record<string, unknown>, links: Partial<ResourceInput> = {}): ResourceInput => ({ type, name, urn: urn(type, name), props, ...links });
const arn = "arn:aws:rds:eu-west-1:111122223333:db:billing";

const stack: ResourceInput[] = [
    res("aws:rds/instance:Instance", "billing", { identifier: "billing", arn, engine: "postgres", storageEncrypted: true, tags: { backup: "daily", "restore-tested-at": "2026-11-30" } }),
    res("aws:rds/instance:Instance", "billing-replica", { identifier: "billing-replica", arn: `${arn}-replica`, replicateSourceDb: "billing", engine: "postgres" }),
    res("aws:rds/cluster:Cluster", "ledger", { clusterIdentifier: "ledger", arn: "arn:aws:rds:eu-west-1:111122223333:cluster:ledger", engine: "aurora-mysql" }),
    res(
        "aws:rds/clusterInstance:ClusterInstance",
        "ledger-1",
        { identifier: "ledger-1", clusterIdentifier: "ledger" },
        { propertyDependencies: { clusterIdentifier: [urn("aws:rds/cluster:Cluster", "ledger")] } },
    ),
    res("aws:rds/instance:Instance", "legacy-member", { identifier: "legacy-member", engine: "aurora-postgresql" }),
    res("aws:backup/plan:Plan", "daily", {
        id: "plan-1",
        rules: [
            {
                ruleName: "nightly",
                schedule: "cron(0 2 * * ? *)",
                startWindow: 60,
                completionWindow: 180,
                copyActions: [{ destinationVaultArn: "arn:aws:backup:eu-central-1:111122223333:backup-vault:dr" }],
            },
        ],
    }),
    res(
        "aws:backup/selection:Selection",
        "by-tag",
        { planId: "plan-1", selectionTags: [{ type: "STRINGEQUALS", key: "backup", value: "daily" }] },
        { propertyDependencies: { planId: [urn("aws:backup/plan:Plan", "daily")] } },
    ),
    res("aws:backup/restoreTestingPlan:RestoreTestingPlan", "weekly", {
        name: "weekly",
        arn: "arn:aws:backup:eu-west-1:111122223333:restore-testing-plan:weekly-1a2b",
        scheduleExpression: "cron(0 6 ? * SUN *)",
        startWindowHours: 4,
    }),
    res(
        "aws:backup/restoreTestingSelection:RestoreTestingSelection",
        "all",
        { restoreTestingPlanName: "weekly", protectedResourceType: "RDS", protectedResourceArns: ["*"], validationWindowHours: 2 },
        {
            propertyDependencies: { restoreTestingPlanName: [urn("aws:backup/restoreTestingPlan:RestoreTestingPlan", "weekly")] },
        },
    ),
    res("aws:cloudwatch/metricAlarm:MetricAlarm", "billing-cpu", {
        name: "billing-cpu",
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions: { DBInstanceIdentifier: "billing" },
        alarmActions: ["arn:aws:sns:eu-west-1:111122223333:pager"],
    }),
    res("aws:cloudwatch/metricAlarm:MetricAlarm", "billing-health", {
        name: "billing-health",
        namespace: "DbPreflight/HealthCheck",
        metricName: "HealthCheckSucceeded",
        dimensions: { DatabaseIdentifier: "billing" },
    }),
    res("aws:cloudwatch/metricAlarm:MetricAlarm", "ledger-cpu", { name: "ledger-cpu", namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBClusterIdentifier: "ledger" } }),
    res("aws:secretsmanager/secret:Secret", "billing-app", { arn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:billing-app-AbCd" }),
    res("aws:secretsmanager/secret:Secret", "unrelated", { arn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:other-EfGh" }),
    res(
        "aws:lambda/invocation:Invocation",
        "billing-users",
        { input: "{}" },
        {
            propertyDependencies: { input: [urn("aws:rds/instance:Instance", "billing"), urn("aws:secretsmanager/secret:Secret", "billing-app")] },
            dependencies: [urn("aws:rds/instance:Instance", "billing"), urn("aws:secretsmanager/secret:Secret", "billing-app")],
        },
    ),
];

describe("findTargets on a hand-written stack", () => {
    const targets = findTargets(stackOf(stack));
    const byId = Object.fromEntries(targets.map((t) => [t.identifier, t]));

    it("checks instances, read replicas and clusters; not Aurora members or cluster instances on their own", () => {
        expect(targets.map((t) => [t.identifier, t.kind, t.readReplica])).toEqual([
            ["billing", "instance", false],
            ["billing-replica", "instance", true],
            ["ledger", "cluster", false],
        ]);
        expect(byId.ledger.members).toEqual(["ledger-1"]);
        expect(byId.billing).toMatchObject({ region: "eu-west-1", account: "111122223333", arn, declared: { storageEncrypted: true, engine: "postgres" } });
    });

    it("finds the backup rule of a plan that selects it by tag, with its copy destination", () => {
        expect(byId.billing.backupRules).toEqual([
            {
                label: 'aws.backup.Plan "daily", rule "nightly"',
                schedule: "cron(0 2 * * ? *)",
                startWindowMinutes: 60,
                completionWindowMinutes: 180,
                copyDestinations: ["arn:aws:backup:eu-central-1:111122223333:backup-vault:dr"],
            },
        ]);
        // The replica does not own backups; the cluster carries no matching tag.
        expect(byId["billing-replica"].backupRules).toEqual([]);
        expect(byId.ledger.backupRules).toEqual([]);
    });

    it("finds the restore testing plan of a selection that takes every resource of the database's type", () => {
        // "all" tests RDS instances: the Aurora cluster is not among them.
        expect(byId.ledger.restoreTesting).toEqual([]);
        expect(byId.billing.restoreTesting).toEqual([
            {
                label: 'aws.backup.RestoreTestingPlan "weekly"',
                name: "weekly",
                arn: "arn:aws:backup:eu-west-1:111122223333:restore-testing-plan:weekly-1a2b",
                schedule: "cron(0 6 ? * SUN *)",
                startWindowHours: 4,
                validationWindowHours: 2,
            },
        ]);
    });

    it("finds its alarms by dimension, and the health check's metric from the alarm on it", () => {
        expect(byId.billing.alarmNames).toEqual(["billing-cpu", "billing-health"]);
        expect(byId.billing.healthCheck).toEqual({ namespace: "DbPreflight/HealthCheck", metricName: "HealthCheckSucceeded", dimensions: { DatabaseIdentifier: "billing" } });
        expect(byId.ledger.alarmNames).toEqual(["ledger-cpu"]);
    });

    it("finds the app-user secrets its provisioner invocation writes, and no other secret", () => {
        expect(byId.billing.appUserSecrets).toEqual([{ label: 'aws.secretsmanager.Secret "billing-app"', arn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:billing-app-AbCd" }]);
        expect(byId.ledger.appUserSecrets).toEqual([]);
    });

    it("says to record a drill in the database's tags when no component declared it", () => {
        expect(recordDrillHint({ target: byId.billing }, "restore", "2026-12-06")).toBe(
            'set `tags: { "restore-tested-at": "2026-12-06" }` in the args of aws.rds.Instance "billing", then `pulumi up`',
        );
    });
});
