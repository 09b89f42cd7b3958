// The restore validation both components add: the validator with least-privilege IAM, the restored
// copy's security group that only the validator reaches, the triggers, the two alarms, the opt-outs,
// and the runbook's section on reading restore-test results.
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("../production-database/fixtures").lambdaBundleStandIn);
import * as pulumi from "@pulumi/pulumi";
import { ProductionAuroraCluster } from "../../../components/production-aurora-cluster";
import { ProductionDatabase, ProductionDatabaseArgs } from "../../../components/production-database";
import { restoreTestAgeInput } from "../../../components/runtime/restore-validation/handler";
import { restoreTestResultsSection } from "../../../components/shared/runbook";
import { restoreCompletedPattern, restoreTestMaxAgeHours, restoreValidationCode } from "../../../components/shared/restore-validation";
import { types } from "../../../aws-facts/resource-types";
import { CapturedResource, captureResources, find, ofType } from "../../support/capture";
import { auroraArgs, auroraMocks } from "../production-aurora-cluster/fixtures";
import { productionArgs } from "../production-database/fixtures";

const dependsOn = (r: CapturedResource, target: CapturedResource, property: string) => (r.propertyDependencies[property] ?? []).includes(target.urn);

async function build(args: ProductionDatabaseArgs = productionArgs()) {
    const { resources } = await captureResources(() => new ProductionDatabase("orders", args));
    return { resources, get: (type: string, name: string) => find(resources, type, name) };
}

describe("restore validation on ProductionDatabase (defaults)", () => {
    let built: Awaited<ReturnType<typeof build>>;
    beforeAll(async () => {
        built = await build(
            productionArgs({ backup: { restoreTesting: { validation: { queries: [{ name: "orders present", sql: "SELECT count(*) > 0 FROM orders", database: "orders" }], timeoutMs: 90000 } } } }),
        );
    });

    it("restores each test into a group of its own that admits only the validator, and lets the copy talk to nobody", () => {
        const { get, resources } = built;
        const copySg = get(types.securityGroup, "orders-restore-test-sg");
        const validatorSg = get(types.securityGroup, "orders-restore-validation-sg");
        expect(copySg.inputs).toMatchObject({ vpcId: "vpc-0a1b2c3d4e5f60718", egress: [] });
        expect(copySg.inputs).not.toHaveProperty("ingress");
        const intoCopy = ofType(resources, types.securityGroupIngressRule).filter((r) => r.inputs.securityGroupId === copySg.outputs.id);
        expect(intoCopy.map((r) => r.inputs)).toEqual([expect.objectContaining({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: validatorSg.outputs.id })]);
        // The validator never reaches the live database.
        const intoDb = ofType(resources, types.securityGroupIngressRule).filter((r) => r.inputs.securityGroupId === get(types.securityGroup, "orders-sg").outputs.id);
        expect(intoDb.map((r) => r.inputs.referencedSecurityGroupId)).not.toContain(validatorSg.outputs.id);
        expect(validatorSg.inputs.egress).toEqual([
            expect.objectContaining({ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: [copySg.outputs.id] }),
            expect.objectContaining({ protocol: "tcp", fromPort: 443, toPort: 443 }),
        ]);
        const selection = get(types.restoreTestingSelection, "orders-restore-test-selection");
        expect(selection.inputs.restoreMetadataOverrides).toEqual({
            dbsubnetgroupname: get(types.subnetGroup, "orders-subnets").outputs.name,
            vpcSecurityGroupIds: JSON.stringify([copySg.outputs.id]),
        });
    });

    it("runs the validator in the database's subnets with the checks beside its code and the plan, secret and copy group in its environment", () => {
        const { get } = built;
        const fn = get(types.lambdaFunction, "orders-restore-validation");
        const instance = get(types.instance, "orders");
        const plan = get(types.restoreTestingPlan, "orders-restore-test");
        expect(fn.inputs).toMatchObject({
            name: "orders-restore-validation",
            handler: "index.handler",
            timeout: 150,
            environment: {
                variables: {
                    DB_ENGINE: "postgres",
                    DB_NAME: "orders",
                    DB_IDENTIFIER: "orders",
                    DB_SECRET_ARN: (instance.outputs.masterUserSecrets as Array<{ secretArn: string }>)[0].secretArn,
                    RESTORE_TESTING_PLAN_ARN: plan.outputs.arn,
                    RESTORE_TESTING_PLAN_NAME: "orders_restore_test",
                    RESTORE_SECURITY_GROUP_IDS: get(types.securityGroup, "orders-restore-test-sg").outputs.id,
                    DB_TLS: "require",
                },
            },
            vpcConfig: { subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"], securityGroupIds: [get(types.securityGroup, "orders-restore-validation-sg").outputs.id] },
        });
        // The validator depends on the plan (the policy pack links them through this).
        expect(dependsOn(fn, plan, "environment")).toBe(true);
        expect(fn.inputs.code).toEqual({ archive: ["index.js", "validation.json"] });
    });

    it("writes the checks and the timeout into validation.json beside the bundle", async () => {
        const archive = restoreValidationCode([{ name: "orders present", sql: "SELECT count(*) > 0 FROM orders", database: "orders" }], 90000);
        const assets = (await archive.assets) as Record<string, pulumi.asset.StringAsset>;
        expect(Object.keys(assets)).toEqual(["index.js", "validation.json"]);
        expect(JSON.parse(String(await assets["validation.json"].text))).toEqual({
            queries: [{ name: "orders present", sql: "SELECT count(*) > 0 FROM orders", database: "orders" }],
            timeoutMs: 90000,
        });
        expect(await assets["index.js"].text).toContain("restore-validation");
    });

    it("grants only what validation needs: the restore jobs, describes of instances and clusters, the master secret's versions, its metrics", () => {
        const { get } = built;
        const instance = get(types.instance, "orders");
        const policy = JSON.parse(String(get("aws:iam/rolePolicy:RolePolicy", "orders-restore-validation-role-policy").inputs.policy));
        expect(policy.Statement).toEqual([
            { Effect: "Allow", Action: ["backup:DescribeRestoreJob", "backup:PutRestoreValidationResult", "backup:ListRestoreJobs"], Resource: "*" },
            { Effect: "Allow", Action: ["backup:GetRestoreTestingPlan"], Resource: get(types.restoreTestingPlan, "orders-restore-test").outputs.arn },
            { Effect: "Allow", Action: ["rds:DescribeDBInstances", "rds:DescribeDBClusters"], Resource: ["arn:aws:rds:us-east-1:123456789012:db:*", "arn:aws:rds:us-east-1:123456789012:cluster:*"] },
            {
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:ListSecretVersionIds"],
                Resource: (instance.outputs.masterUserSecrets as Array<{ secretArn: string }>)[0].secretArn,
            },
            { Effect: "Allow", Action: "kms:Decrypt", Resource: get(types.kmsKey, "orders-key").outputs.arn },
            { Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "DbPreflight/RestoreValidation" } } },
        ]);
        const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
        expect(actions.filter((a: string) => /\*|Put|Delete|Create|Modify|Update/.test(a) && a !== "backup:PutRestoreValidationResult" && a !== "cloudwatch:PutMetricData")).toEqual([]);
    });

    it("is invoked when a restore job completes, and every 6 hours for the age check", () => {
        const { get } = built;
        const fn = get(types.lambdaFunction, "orders-restore-validation");
        const rule = get(types.eventRule, "orders-restore-validation-trigger");
        expect(JSON.parse(String(rule.inputs.eventPattern))).toEqual({
            source: ["aws.backup"],
            "detail-type": ["Restore Job State Change"],
            detail: { status: ["COMPLETED"], resourceType: ["RDS", "Aurora"] },
        });
        expect(rule.inputs.eventPattern).toBe(restoreCompletedPattern());
        expect(get(types.eventTarget, "orders-restore-validation-target").inputs).toMatchObject({ rule: rule.outputs.name, arn: fn.outputs.arn });
        expect(get("aws:lambda/permission:Permission", "orders-restore-validation-invoke").inputs).toMatchObject({
            action: "lambda:InvokeFunction",
            function: fn.outputs.name,
            principal: "events.amazonaws.com",
            sourceArn: rule.outputs.arn,
        });
        const schedule = get(types.schedule, "orders-restore-test-age-schedule");
        expect(schedule.inputs).toMatchObject({ scheduleExpression: "rate(6 hours)", target: { arn: fn.outputs.arn, input: JSON.stringify(restoreTestAgeInput) } });
    });

    it("alarms to the alert topic on a failed validation and on no validated restore test for 8 days", () => {
        const { get } = built;
        const topic = get(types.snsTopic, "orders-alerts").outputs.arn;
        const instance = get(types.instance, "orders");
        const failed = get(types.metricAlarm, "orders-alarm-restore-validation-failed");
        expect(failed.inputs).toMatchObject({
            name: "orders-restore-validation-failed",
            namespace: "DbPreflight/RestoreValidation",
            metricName: "RestoreValidationSucceeded",
            dimensions: { DatabaseIdentifier: "orders" },
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            treatMissingData: "notBreaching",
            alarmActions: [topic],
        });
        const stale = get(types.metricAlarm, "orders-alarm-restore-test-stale");
        expect(stale.inputs).toMatchObject({
            namespace: "DbPreflight/RestoreValidation",
            metricName: "RestoreTestAgeHours",
            statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: restoreTestMaxAgeHours,
            treatMissingData: "breaching",
            alarmActions: [topic],
        });
        // CloudWatch evaluates at most 7 days: the age metric, not a week of missing data, carries the week.
        expect(Number(stale.inputs.period) * Number(stale.inputs.evaluationPeriods)).toBeLessThanOrEqual(7 * 86400);
        expect(dependsOn(failed, instance, "dimensions")).toBe(true);
    });
});

describe("restore validation opt-outs", () => {
    it("validation: false keeps the weekly restore test, in its closed group, with no validator", async () => {
        const { resources, get } = await build(productionArgs({ backup: { restoreTesting: { validation: false } } }));
        expect(ofType(resources, types.lambdaFunction).map((r) => r.name)).toEqual(["orders-health-check"]);
        expect(ofType(resources, types.metricAlarm).map((r) => r.name)).not.toContain("orders-alarm-restore-validation-failed");
        expect(get(types.restoreTestingSelection, "orders-restore-test-selection").inputs.restoreMetadataOverrides).toMatchObject({
            vpcSecurityGroupIds: JSON.stringify([get(types.securityGroup, "orders-restore-test-sg").outputs.id]),
        });
    });

    it("restoreTesting: false registers no restore test, group or validator", async () => {
        const { resources } = await build(productionArgs({ backup: { restoreTesting: false } }));
        expect(ofType(resources, types.restoreTestingPlan)).toEqual([]);
        expect(
            ofType(resources, types.securityGroup)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["orders-health-check-sg", "orders-sg"]);
        expect(ofType(resources, types.lambdaFunction).map((r) => r.name)).toEqual(["orders-health-check"]);
    });
});

describe("restore validation on ProductionAuroraCluster", () => {
    it("validates the cluster's restore tests against its writer's engine, with the cluster identifier as the dimension", async () => {
        const { resources } = await captureResources(() => new ProductionAuroraCluster("ledger", auroraArgs({ engine: "aurora-mysql" })), { mocks: auroraMocks() });
        const get = (type: string, name: string) => find(resources, type, name);
        const fn = get(types.lambdaFunction, "ledger-restore-validation");
        expect(fn.inputs.environment).toMatchObject({ variables: { DB_ENGINE: "aurora-mysql", DB_IDENTIFIER: "ledger", RESTORE_TESTING_PLAN_NAME: "ledger_restore_test" } });
        expect(get(types.restoreTestingSelection, "ledger-restore-test-selection").inputs).toMatchObject({
            protectedResourceType: "Aurora",
            restoreMetadataOverrides: { vpcSecurityGroupIds: JSON.stringify([get(types.securityGroup, "ledger-restore-test-sg").outputs.id]) },
        });
        expect(get(types.metricAlarm, "ledger-alarm-restore-test-stale").inputs).toMatchObject({ dimensions: { DatabaseIdentifier: "ledger" } });
        expect(get(types.securityGroup, "ledger-restore-validation-sg").inputs.egress).toEqual(expect.arrayContaining([expect.objectContaining({ fromPort: 3306, toPort: 3306 })]));
    });
});

describe("the runbook's restore-test section", () => {
    const base = { vaultName: "orders-backups", restoreTesting: true };
    const plan = "arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:orders_restore_test-1";

    it("lists the restore jobs with their validation status and message, and points at the validator's logs", () => {
        const text = restoreTestResultsSection({ ...base, restoreTests: { planArn: plan, validationFunction: "orders-restore-validation", checks: ["orders present"] } }, "eu-west-1").join("\n");
        expect(text).toContain("## Read restore-test results");
        expect(text).toContain(
            [
                "aws backup list-restore-jobs \\",
                `  --by-restore-testing-plan-arn ${plan} \\`,
                "  --query 'RestoreJobs[].[CreationDate,Status,ValidationStatus,ValidationStatusMessage,RestoreJobId]' \\",
                "  --output table \\",
                "  --region eu-west-1",
            ].join("\n"),
        );
        expect(text).toContain("aws backup describe-restore-job --restore-job-id <RestoreJobId> --region eu-west-1");
        expect(text).toContain("aws logs tail /aws/lambda/orders-restore-validation --since 7d --region eu-west-1");
        expect(text).toContain("runs the health query and the checks `orders present` read-only");
    });

    it("says plainly when restore tests are not validated, or not run", () => {
        const unvalidated = restoreTestResultsSection({ ...base, restoreTests: { planArn: plan } }, "eu-west-1").join("\n");
        expect(unvalidated).toContain("**nothing checks the restored copy**");
        expect(unvalidated).toContain("aws backup put-restore-validation-result --restore-job-id <RestoreJobId>");
        expect(restoreTestResultsSection({ ...base, restoreTesting: false }, "eu-west-1").join("\n")).toContain("**No automatic restore test.**");
        expect(restoreTestResultsSection(undefined, "eu-west-1").join("\n")).toContain("**No automatic restore test.**");
    });

    it("appears in the component's runbook output", async () => {
        const { result } = await captureResources(() => new ProductionDatabase("orders", productionArgs()));
        const text = await new Promise<string>((resolve) => (result.runbook as pulumi.Output<string>).apply(resolve));
        expect(text).toContain("## Read restore-test results");
        expect(text).toContain("restores tested weekly, each copy validated by `orders-restore-validation`");
        expect(text).toContain("- `orders-restore-validation-failed`");
        expect(text).toContain("- `orders-restore-test-stale`");
    });
});
