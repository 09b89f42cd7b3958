// The restore-validation handler end to end: AWS Backup, RDS and Secrets Manager faked, the restored
// copy a real MariaDB database under the test prefix (MariaDB checks passwords, so the master secret
// rotating since the snapshot is real here), and the metrics it publishes.
import { restoreValidationEnvironment, validationFile } from "../../../../components/runtime/restore-validation/config";
import { createRestoreValidationHandler, loginOrder, restoreTestAgeInput } from "../../../../components/runtime/restore-validation/handler";
import {
    restoreTestAgeMetric,
    restoreTestLookbackHours,
    restoreValidationDimension,
    restoreValidationNamespace,
    restoreValidationSucceededMetric,
} from "../../../../components/runtime/restore-validation/metrics";
import { ValidationQuery } from "../../../../components/runtime/restore-validation/queries";
import { FakeMetricsSink } from "../support/fakes";
import { FakeRestoreJobs, FakeRestoredResources, FakeVersionedSecret } from "../support/restore-fakes";
import { MariadbFixture, mariadbFixture, mariadbServer } from "../support/servers";
import { closedPort } from "../support/tcp";

const planArn = "arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:orders_restore_test-abc";
const planName = "orders_restore_test";
const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-orders";
const restoreSg = "sg-0restore";
const copyArn = "arn:aws:rds:eu-west-1:123456789012:db:awsbackup-restore-test-1";
const snapshotAt = new Date("2026-11-29T21:00:00Z");

let fx: MariadbFixture;
let restored: string;
const oldPassword = "pw-before-the-snapshot-1";

beforeAll(async () => {
    fx = await mariadbFixture();
    // The copy holds the password as it was when the snapshot was taken.
    await fx.admin.query(`ALTER USER ?@'%' IDENTIFIED BY ?`, [fx.master.username, oldPassword]);
    restored = await fx.createDatabase("copy");
    await fx.admin.query(`CREATE TABLE ${restored}.orders (id int)`);
    await fx.admin.query(`INSERT INTO ${restored}.orders VALUES (1)`);
});
afterAll(() => fx?.cleanup());

interface Setup {
    jobs: FakeRestoreJobs;
    resources: FakeRestoredResources;
    secret: FakeVersionedSecret;
    metrics: FakeMetricsSink;
    logs: string[];
    handler: (event: unknown) => Promise<unknown>;
}

function setup(options: { queries?: ValidationQuery[]; port?: number; securityGroupIds?: string[]; plan?: string; timeoutMs?: number } = {}): Setup {
    const jobs = new FakeRestoreJobs();
    jobs.add({ restoreJobId: "job-1", status: "COMPLETED", createdResourceArn: copyArn, recoveryPointCreationDate: snapshotAt, restoreTestingPlanArn: options.plan ?? planArn, resourceType: "RDS" });
    const resources = new FakeRestoredResources();
    resources.resources.set(copyArn, {
        kind: "instance",
        identifier: "awsbackup-restore-test-1",
        host: mariadbServer.host,
        port: options.port ?? mariadbServer.port,
        status: "available",
        publiclyAccessible: false,
        securityGroupIds: options.securityGroupIds ?? [restoreSg],
    });
    const secret = new FakeVersionedSecret(secretArn);
    secret.rotate("v1-aaaaaaaa", { username: fx.master.username, password: oldPassword }, new Date("2026-11-22T21:00:00Z"));
    // Rotated twice since the snapshot: the copy knows neither of these passwords.
    secret.rotate("v2-bbbbbbbb", { username: fx.master.username, password: "pw-rotated-after-1" }, new Date("2026-11-30T01:00:00Z"));
    secret.rotate("v3-cccccccc", { username: fx.master.username, password: "pw-rotated-after-2" }, new Date("2026-12-06T01:00:00Z"));
    const metrics = new FakeMetricsSink();
    const logs: string[] = [];
    const env = restoreValidationEnvironment({
        engine: "mariadb",
        database: restored,
        identifier: "orders",
        secretArn,
        planArn,
        planName,
        securityGroupIds: [restoreSg],
        tls: { mode: "disable" },
    });
    jobs.plans.set(planName, new Date("2026-10-01T00:00:00Z"));
    const handler = createRestoreValidationHandler({
        jobs,
        resources,
        secrets: secret,
        versions: secret,
        metrics,
        env,
        validationFile: () => validationFile({ queries: options.queries ?? [], timeoutMs: options.timeoutMs ?? 5000 }),
        log: (line) => logs.push(line),
        now: () => new Date("2026-12-06T09:00:00Z"),
    });
    return { jobs, resources, secret, metrics, logs, handler };
}

const event = (restoreJobId = "job-1") => ({
    version: "0",
    source: "aws.backup",
    "detail-type": "Restore Job State Change",
    detail: { restoreJobId, status: "COMPLETED", resourceType: "RDS", createdResourceArn: copyArn },
});

const everyPassword = [oldPassword, "pw-rotated-after-1", "pw-rotated-after-2"];

describe("restore validation handler", () => {
    it("logs in with the secret version in force at the snapshot though it rotated since, reports SUCCESSFUL and publishes 1", async () => {
        const s = setup({ queries: [{ name: "orders present", sql: "SELECT count(*) > 0 FROM orders" }] });
        const result = await s.handler(event());
        expect(result).toMatchObject({ kind: "validated", restoreJobId: "job-1", status: "SUCCESSFUL" });
        expect(s.jobs.results.map((r) => r.status)).toEqual(["VALIDATING", "SUCCESSFUL"]);
        expect(s.jobs.results[1].message).toMatch(/^restored copy answered 2 checks in \d+ ms: health, orders present$/);
        // Only the version in force at the snapshot was read: the first login worked.
        expect(s.secret.reads).toEqual([{ versionId: "v1-aaaaaaaa" }]);
        expect(s.metrics.published).toEqual([
            {
                namespace: restoreValidationNamespace,
                data: [expect.objectContaining({ name: restoreValidationSucceededMetric, value: 1, unit: "Count", dimensions: { [restoreValidationDimension]: "orders" } })],
            },
        ]);
        for (const line of [...s.logs, JSON.stringify(result), JSON.stringify(s.jobs.results)]) for (const pw of everyPassword) expect(line).not.toContain(pw);
    });

    it("reports FAILED naming the check when a table is missing, and publishes 0", async () => {
        const s = setup({ queries: [{ name: "invoices present", sql: "SELECT count(*) > 0 FROM invoices" }] });
        const result = await s.handler(event());
        expect(result).toMatchObject({ status: "FAILED" });
        expect(s.jobs.results[1]).toMatchObject({ status: "FAILED" });
        expect(s.jobs.results[1].message).toContain(`check "invoices present" in database ${restored} failed (query): Table '${restored}.invoices' doesn't exist`);
        expect(s.metrics.published[0].data[0]).toMatchObject({ name: restoreValidationSucceededMetric, value: 0 });
        expect(JSON.parse(s.logs[s.logs.length - 1])).toMatchObject({ level: "error", restoreJobId: "job-1" });
    });

    it("reports FAILED with every refused login when no version opens the copy, without a password", async () => {
        const s = setup();
        s.secret.rotate("v4-dddddddd", { username: fx.master.username, password: "pw-rotated-after-3" }, new Date("2026-12-06T02:00:00Z"));
        // Every version read holds a password the copy refuses.
        const secrets = {
            getSecretValue: async (_id: string, v?: { versionId?: string }) => ({
                secretString: JSON.stringify({ username: fx.master.username, password: `refused-${v?.versionId}` }),
                versionId: v?.versionId ?? "x",
                versionStages: [],
            }),
        };
        const handler = createRestoreValidationHandler({
            jobs: s.jobs,
            resources: s.resources,
            secrets,
            versions: s.secret,
            metrics: s.metrics,
            env: restoreValidationEnvironment({ engine: "mariadb", database: restored, identifier: "orders", secretArn, planArn, planName, securityGroupIds: [restoreSg], tls: { mode: "disable" } }),
            validationFile: () => validationFile({ queries: [] }),
            log: (line) => s.logs.push(line),
        });
        expect(await handler(event())).toMatchObject({ status: "FAILED" });
        const message = s.jobs.results[1].message;
        expect(message).toMatch(/^restored copy refused every login \(auth\): master secret version v1-aaaaa \(created 2026-11-22T21:00:00.000Z, in force at the snapshot\): Access denied/);
        // The version in force at the snapshot, then the newest three.
        expect(message.match(/master secret version (v\d)/g)).toEqual(["master secret version v1", "master secret version v4", "master secret version v3", "master secret version v2"]);
        expect(message).not.toMatch(/refused-v/);
        for (const line of s.logs) expect(line).not.toMatch(/refused-v/);
    });

    it("falls back to AWSCURRENT and AWSPREVIOUS when the versions cannot be listed", async () => {
        const s = setup();
        s.secret.listFails = true;
        const result = await s.handler(event());
        // Two rotations since the snapshot: neither labelled version opens the copy, and the result says so.
        expect(result).toMatchObject({ status: "FAILED" });
        expect(s.secret.reads).toEqual([{ versionStage: "AWSCURRENT" }, { versionStage: "AWSPREVIOUS" }]);
        expect(s.logs.some((l) => l.includes("could not list the versions"))).toBe(true);
    });

    it("refuses to connect to a copy reachable from more than the validator", async () => {
        const s = setup({ securityGroupIds: [restoreSg, "sg-0app"] });
        const result = await s.handler(event());
        expect(result).toMatchObject({ status: "FAILED" });
        expect(s.jobs.results[1].message).toBe(
            "the restored copy awsbackup-restore-test-1 is reachable from more than the validator: it is in security group sg-0app, not only sg-0restore (which admits only the validator); restore into the restore-test security group (restoreMetadataOverrides vpcSecurityGroupIds)",
        );
        expect(s.secret.reads).toEqual([]);
    });

    it("reports FAILED when the copy is unreachable", async () => {
        const s = setup({ port: await closedPort() });
        await s.handler(event());
        expect(s.jobs.results[1].message).toMatch(/^restored copy did not answer: connecting to 127\.0\.0\.1:\d+ failed \(refused\)/);
    });

    it("reports FAILED when the restored resource is gone or AWS cannot describe it", async () => {
        const s = setup();
        s.resources.resources.clear();
        await s.handler(event());
        expect(s.jobs.results[1]).toEqual({ restoreJobId: "job-1", status: "FAILED", message: `the restored resource ${copyArn} does not exist (deleted before it could be validated?)` });
        const t = setup();
        t.resources.describe = async () => {
            throw new Error("AccessDenied: rds:DescribeDBInstances");
        };
        await t.handler(event());
        expect(t.jobs.results[1].message).toBe("the validator could not validate the restored copy: AccessDenied: rds:DescribeDBInstances");
    });

    it("ignores restore jobs of other plans, unfinished ones and ones already judged", async () => {
        const other = setup({ plan: "arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:someone_else" });
        expect(await other.handler(event())).toMatchObject({ kind: "ignored" });
        expect(other.jobs.results).toEqual([]);
        expect(other.metrics.published).toEqual([]);

        const running = setup();
        running.jobs.jobs.get("job-1")!.status = "RUNNING";
        expect(await running.handler(event())).toMatchObject({ kind: "ignored", reason: "its status is RUNNING, not COMPLETED" });

        const twice = setup();
        await twice.handler(event());
        expect(await twice.handler(event())).toMatchObject({ kind: "ignored", reason: "it was already validated (SUCCESSFUL)" });
        expect(twice.jobs.results).toHaveLength(2);
    });

    it("throws on an event it is not wired to, and on a misconfiguration", async () => {
        const s = setup();
        await expect(s.handler({ source: "aws.backup", "detail-type": "Backup Job State Change", detail: {} })).rejects.toThrow(/does not handle/);
        const broken = createRestoreValidationHandler({ jobs: s.jobs, resources: s.resources, secrets: s.secret, versions: s.secret, metrics: s.metrics, env: {}, validationFile: () => "{}" });
        await expect(broken(event())).rejects.toThrow(/restore validation misconfigured:[\s\S]*DB_ENGINE/);
    });

    it("publishes the age of the newest validated restore test, or the plan's age (at most the lookback) when there is none", async () => {
        const s = setup();
        s.jobs.add({ restoreJobId: "old", status: "COMPLETED", restoreTestingPlanArn: planArn, validationStatus: "SUCCESSFUL", completionDate: new Date("2026-12-01T09:00:00Z") });
        s.jobs.add({ restoreJobId: "newer-failed", status: "COMPLETED", restoreTestingPlanArn: planArn, validationStatus: "FAILED", completionDate: new Date("2026-12-05T09:00:00Z") });
        expect(await s.handler(restoreTestAgeInput)).toEqual({ kind: "age", hours: 120, restoreJobId: "old" });
        expect(s.metrics.published[0]).toEqual({
            namespace: restoreValidationNamespace,
            data: [expect.objectContaining({ name: restoreTestAgeMetric, value: 120, dimensions: { [restoreValidationDimension]: "orders" } })],
        });
        expect(s.jobs.listed[0]).toEqual({ restoreTestingPlanArn: planArn, createdAfter: new Date(new Date("2026-12-06T09:00:00Z").getTime() - restoreTestLookbackHours * 3_600_000) });

        const none = setup();
        expect(await none.handler(restoreTestAgeInput)).toEqual({ kind: "age", hours: restoreTestLookbackHours });
        // A plan created two days ago has had no chance to run: 48 hours, below the stale limit.
        const fresh = setup();
        fresh.jobs.plans.set(planName, new Date("2026-12-04T09:00:00Z"));
        expect(await fresh.handler(restoreTestAgeInput)).toEqual({ kind: "age", hours: 48 });
    });
});

describe("loginOrder", () => {
    const v = (versionId: string, iso: string, stages: string[] = []) => ({ versionId, createdDate: new Date(iso), stages });
    it("puts the version in force at the snapshot first, then the others newest first", () => {
        const versions = [v("a", "2026-01-01"), v("b", "2026-02-01", ["AWSPREVIOUS"]), v("c", "2026-03-01", ["AWSCURRENT"])];
        expect(loginOrder(versions, new Date("2026-01-15")).map((x) => x.versionId)).toEqual(["a", "c", "b"]);
        expect(loginOrder(versions, new Date("2026-03-02")).map((x) => x.versionId)).toEqual(["c", "b", "a"]);
        // A snapshot older than every version (or unknown): newest first.
        expect(loginOrder(versions, new Date("2025-01-01")).map((x) => x.versionId)).toEqual(["c", "b", "a"]);
        expect(loginOrder(versions, undefined).map((x) => x.versionId)).toEqual(["c", "b", "a"]);
    });
    it("tries at most four versions", () => {
        const many = Array.from({ length: 9 }, (_, i) => v(`v${i}`, `2026-01-0${i + 1}`));
        expect(loginOrder(many, new Date("2026-01-03T12:00:00Z")).map((x) => x.versionId)).toEqual(["v2", "v8", "v7", "v6"]);
    });
});
