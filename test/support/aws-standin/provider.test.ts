// The stand-in's own behaviour, in process (no CLI): what the e2e tier relies on.
import { AwsStandIn } from "./provider";
import { typeRules } from "./resources";
import { PropertyMap, UNKNOWN, secret } from "./values";

const urn = (type: string, name = "orders") => `urn:pulumi:dev::proj::${type}::${name}`;
const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER = "aws:rds/cluster:Cluster";

const instanceArgs = {
    engine: "postgres",
    instanceClass: "db.m6g.large",
    allocatedStorage: 100,
    username: "orders_admin",
    manageMasterUserPassword: true,
};

/** Inputs a type needs before the stand-in can create it. */
const sampleInputs: Record<string, PropertyMap> = {
    [INSTANCE]: instanceArgs,
    [CLUSTER]: { engine: "aurora-postgresql", masterUsername: "orders_admin", manageMasterUserPassword: true },
    "aws:rds/clusterInstance:ClusterInstance": { engine: "aurora-postgresql", clusterIdentifier: "orders", instanceClass: "db.r6g.large" },
    "aws:rds/parameterGroup:ParameterGroup": { family: "postgres16" },
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": { family: "aurora-postgresql16" },
    "aws:rds/subnetGroup:SubnetGroup": { subnetIds: ["subnet-a", "subnet-b"] },
    "aws:lambda/invocation:Invocation": { functionName: "probe", input: "{}" },
    "aws:iam/role:Role": { assumeRolePolicy: "{}" },
};

async function created(standIn: AwsStandIn, type: string, inputs: PropertyMap = sampleInputs[type] ?? {}) {
    const checked = await standIn.check(urn(type), {}, inputs);
    const { id, outs } = await standIn.create(urn(type), checked.inputs);
    return { inputs: checked.inputs, id, outs: outs as PropertyMap };
}

describe("check", () => {
    it("writes the provider's schema defaults for an RDS instance into the inputs the policies see", async () => {
        const { inputs } = await new AwsStandIn().check(urn(INSTANCE), {}, instanceArgs);
        expect(inputs).toMatchObject({
            skipFinalSnapshot: false,
            deleteAutomatedBackups: true,
            autoMinorVersionUpgrade: true,
            copyTagsToSnapshot: false,
            publiclyAccessible: false,
            monitoringInterval: 0,
            performanceInsightsEnabled: false,
        });
        // No default in the provider schema: unset stays unset (the API decides).
        expect(inputs).not.toHaveProperty("deletionProtection");
        expect(inputs).not.toHaveProperty("storageEncrypted");
        expect(inputs).not.toHaveProperty("backupRetentionPeriod");
    });

    it("never overrides a value the program sets, known or not", async () => {
        const { inputs } = await new AwsStandIn().check(urn(INSTANCE), {}, { ...instanceArgs, publiclyAccessible: true, skipFinalSnapshot: UNKNOWN });
        expect(inputs.publiclyAccessible).toBe(true);
        expect(inputs.skipFinalSnapshot).toBe(UNKNOWN);
    });

    it("auto-names the identifier like the real provider and keeps it on later checks", async () => {
        const standIn = new AwsStandIn();
        const first = await standIn.check(urn(INSTANCE), {}, instanceArgs);
        expect(first.inputs.identifier).toMatch(/^orders-[0-9a-f]{7}$/);
        const second = await standIn.check(urn(INSTANCE), first.inputs, instanceArgs);
        expect(second.inputs.identifier).toBe(first.inputs.identifier);
    });

    it("names from a namePrefix once, and keeps that name", async () => {
        const standIn = new AwsStandIn();
        const type = "aws:rds/parameterGroup:ParameterGroup";
        const first = await standIn.check(urn(type), {}, { family: "postgres16", namePrefix: "orders-" });
        expect(first.inputs.name).toMatch(/^orders-[0-9a-f]{26}$/);
        const second = await standIn.check(urn(type), first.inputs, { family: "postgres16", namePrefix: "orders-" });
        expect(second.inputs.name).toBe(first.inputs.name);
    });

    it("auto-names any aws type whose SDK class has a name, with no table entry", async () => {
        const type = "aws:sqs/queue:Queue";
        expect(typeRules[type]).toBeUndefined();
        const { inputs } = await new AwsStandIn().check(urn(type, "jobs"), {}, {});
        expect(inputs.name).toMatch(/^jobs-[0-9a-f]{7}$/);
    });

    it("turns resource references and output values into what the real provider reads", async () => {
        const sig = "4dabf18193072939515e22adb298388d";
        const { inputs } = await new AwsStandIn().check(
            urn(INSTANCE),
            {},
            {
                ...instanceArgs,
                dbSubnetGroupName: { [sig]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:x", id: "db-subnets" },
                kmsKeyId: { [sig]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", dependencies: ["urn:y"] },
                password: { [sig]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value: "p", secret: true },
            },
        );
        expect(inputs.dbSubnetGroupName).toBe("db-subnets");
        expect(inputs.kmsKeyId).toBe(UNKNOWN);
        expect(inputs.password).toEqual(secret("p"));
    });

    it("fails what the provider schema refuses, with its message", async () => {
        const standIn = new AwsStandIn();
        const retention = await standIn.check(urn(INSTANCE), {}, { ...instanceArgs, backupRetentionPeriod: 40 });
        expect(retention.failures).toContainEqual({
            property: "backupRetentionPeriod",
            reason: "expected backup_retention_period to be in the range (0 - 35), got 40",
        });
        const engine = await standIn.check(urn(CLUSTER), {}, { engine: "mariadb" });
        expect(engine.failures).toContainEqual({
            property: "engine",
            reason: 'expected engine to be one of ["aurora-mysql" "aurora-postgresql" "mysql" "postgres"], got mariadb',
        });
        const both = await standIn.check(urn(INSTANCE), {}, { ...instanceArgs, password: secret("p") });
        expect(both.failures.map((f) => f.reason)).toContain('Conflicting configuration arguments: "manage_master_user_password": conflicts with password');
    });
});

describe("create", () => {
    it("returns the computed outputs components read from an RDS instance", async () => {
        const { id, outs } = await created(new AwsStandIn(), INSTANCE);
        expect(id).toMatch(/^db-[A-Z0-9]{26}$/);
        expect(outs.resourceId).toBe(id);
        expect(outs.port).toBe(5432);
        expect(outs.address).toMatch(/^orders-[0-9a-f]{7}\.[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/);
        expect(outs.endpoint).toBe(`${outs.address}:5432`);
        expect(outs.arn).toBe(`arn:aws:rds:us-east-1:123456789012:db:${outs.identifier}`);
        expect(outs.backupRetentionPeriod).toBe(1);
        expect(outs.masterUserSecrets).toEqual([
            expect.objectContaining({
                secretArn: expect.stringMatching(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-/),
                secretStatus: "active",
                kmsKeyId: expect.stringMatching(/^arn:aws:kms:/),
            }),
        ]);
    });

    it("uses the provider's region and default tags", async () => {
        const standIn = new AwsStandIn();
        standIn.configure({ "aws:region": "eu-west-1", "aws:defaultTags": JSON.stringify({ tags: { team: "orders" } }) });
        const { outs } = await created(standIn, "aws:sns/topic:Topic", { tags: { env: "prod" } });
        expect(outs.arn).toMatch(/^arn:aws:sns:eu-west-1:123456789012:orders-[0-9a-f]{7}$/);
        expect(outs.region).toBe("eu-west-1");
        expect(outs.tagsAll).toEqual({ team: "orders", env: "prod" });
    });

    it("refuses what the RDS API refuses, with an AWS-like error", async () => {
        const standIn = new AwsStandIn();
        const { inputs } = await standIn.check(urn(INSTANCE), {}, { ...instanceArgs, engine: "postgress" });
        await expect(standIn.create(urn(INSTANCE), inputs)).rejects.toThrow(/api error InvalidParameterValue: Invalid DB engine: postgress/);
        const monitoring = await standIn.check(urn(INSTANCE), {}, { ...instanceArgs, monitoringInterval: 60 });
        await expect(standIn.create(urn(INSTANCE), monitoring.inputs)).rejects.toThrow(/MonitoringRoleARN value is required/);
    });

    it.each(Object.keys(typeRules))("creates a %s that a diff with the same inputs finds unchanged", async (type) => {
        const standIn = new AwsStandIn();
        const { inputs, outs, id } = await created(standIn, type);
        expect(typeof id).toBe("string");
        expect(id).not.toBe("");
        const again = await standIn.check(urn(type), inputs, sampleInputs[type] ?? {});
        await expect(standIn.diff(id, urn(type), outs, again.inputs)).resolves.toMatchObject({ changes: false, replaces: [] });
    });
});

describe("diff and update", () => {
    it("replaces an RDS instance whose engine, encryption or key changes, and updates one whose class changes", async () => {
        const standIn = new AwsStandIn();
        const { inputs, outs, id } = await created(standIn, INSTANCE);
        const diff = (change: PropertyMap) => standIn.diff(id, urn(INSTANCE), outs, { ...inputs, ...change });
        await expect(diff({ engine: "mysql" })).resolves.toMatchObject({ changes: true, replaces: ["engine"] });
        await expect(diff({ storageEncrypted: true })).resolves.toMatchObject({ replaces: ["storageEncrypted"] });
        await expect(diff({ kmsKeyId: UNKNOWN })).resolves.toMatchObject({ replaces: ["kmsKeyId"] });
        await expect(diff({ instanceClass: "db.m6g.xlarge" })).resolves.toMatchObject({ changes: true, replaces: [] });
    });

    it("sees an input the program stopped setting as a change, and drops it on update", async () => {
        const standIn = new AwsStandIn();
        const { inputs, outs, id } = await created(standIn, INSTANCE, { ...instanceArgs, deletionProtection: true });
        const { deletionProtection: _dropped, ...news } = inputs;
        await expect(standIn.diff(id, urn(INSTANCE), outs, news)).resolves.toMatchObject({ changes: true, replaces: [] });
        const { outs: updated } = await standIn.update(id, urn(INSTANCE), outs, news);
        expect(updated.deletionProtection).toBe(false);
        expect(updated.endpoint).toBe(outs.endpoint);
    });
});

describe("delete", () => {
    it("refuses to delete a protected database, as RDS does", async () => {
        const standIn = new AwsStandIn();
        const { outs, id } = await created(standIn, INSTANCE, { ...instanceArgs, deletionProtection: true, finalSnapshotIdentifier: "orders-final" });
        await expect(standIn.delete(id, urn(INSTANCE), outs)).rejects.toThrow(/InvalidParameterCombination: Cannot delete protected DB Instance, please disable deletion protection and try again\./);
    });

    it("refuses to delete a database with no final snapshot name unless skipFinalSnapshot", async () => {
        const standIn = new AwsStandIn();
        const { outs, id } = await created(standIn, INSTANCE);
        await expect(standIn.delete(id, urn(INSTANCE), outs)).rejects.toThrow(/final_snapshot_identifier is required when skip_final_snapshot is false/);
        await expect(standIn.delete(id, urn(INSTANCE), { ...outs, skipFinalSnapshot: true })).resolves.toBeUndefined();
    });
});

describe("invoke", () => {
    const standIn = new AwsStandIn();

    it("answers the account data sources", async () => {
        await expect(standIn.invoke("aws:index/getRegion:getRegion", {})).resolves.toMatchObject({ outputs: { region: "us-east-1", name: "us-east-1" } });
        await expect(standIn.invoke("aws:index/getCallerIdentity:getCallerIdentity", {})).resolves.toMatchObject({ outputs: { accountId: "123456789012" } });
        await expect(standIn.invoke("aws:index/getPartition:getPartition", {})).resolves.toMatchObject({ outputs: { partition: "aws" } });
        await expect(standIn.invoke("aws:index/getAvailabilityZones:getAvailabilityZones", {})).resolves.toMatchObject({
            outputs: { names: ["us-east-1a", "us-east-1b", "us-east-1c"] },
        });
    });

    it("renders getPolicyDocument statements to JSON", async () => {
        const { outputs } = await standIn.invoke("aws:iam/getPolicyDocument:getPolicyDocument", {
            statements: [
                { actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }] },
                {
                    sid: "Read",
                    actions: ["secretsmanager:GetSecretValue"],
                    resources: ["arn:a", "arn:b"],
                    conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
                },
            ],
        });
        expect(JSON.parse(outputs.json)).toEqual({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } },
                { Sid: "Read", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: ["arn:a", "arn:b"], Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } },
            ],
        });
    });

    it("names a data source it does not answer", async () => {
        await expect(standIn.invoke("aws:ec2/getVpc:getVpc", {})).rejects.toThrow(/data source aws:ec2\/getVpc:getVpc is not answered offline/);
    });
});

describe("regions", () => {
    it("puts a resource with a region of its own there (aws v7 per-resource region)", async () => {
        const { outs } = await created(new AwsStandIn(), "aws:backup/vault:Vault", { name: "orders-backups-copy", region: "us-west-2" });
        expect(outs.arn).toBe("arn:aws:backup:us-west-2:123456789012:backup-vault:orders-backups-copy");
        expect(outs.region).toBe("us-west-2");
    });
});
