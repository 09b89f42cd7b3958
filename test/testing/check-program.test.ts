// The shipped test helper (db-preflight/testing) as a user calls it: a function that declares
// resources — the components, a hand-written instance, a whole program — checked by the pack under
// the helper's own mocks (no fixtures from this repository's tests), in up and in preview mode.
import * as path from "path";
import * as aws from "@pulumi/aws";
import { ProductionAuroraCluster, ProductionDatabase, ProductionDatabaseArgumentError } from "../../components";
import { awsMocks, captureResources, checkProgram, find, mockRegion } from "../../testing";

// Components under mocks take seconds each on a busy machine.
jest.setTimeout(120_000);

const network = {
    vpcId: "vpc-0a1b2c3d4e5f60718",
    subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb", "subnet-0cccccccccccccccc"],
    allowedSecurityGroupIds: ["sg-0123456789abcdef0"],
};
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const owned = {
    network,
    runbook: { url: "https://runbooks.example.com/databases/orders" },
    ownership: { owner: "team-orders", onCall: "orders-oncall" },
    drills: { restoreTestedAt: daysAgo(10), failoverTestedAt: daysAgo(20) },
};

/** What a careless engineer writes by hand: one day of backups, public, plaintext password, no encryption. */
function carelessInstance() {
    return new aws.rds.Instance("legacy", {
        engine: "postgres",
        instanceClass: "db.t3.micro",
        allocatedStorage: 20,
        username: "admin",
        password: "plaintext-Passw0rd",
        backupRetentionPeriod: 1,
        publiclyAccessible: true,
        skipFinalSnapshot: true,
    });
}

describe("checkProgram", () => {
    it("passes both components with their defaults, in up mode", async () => {
        const findings = await checkProgram(() => {
            new ProductionDatabase("orders", { engine: "postgres", ...owned });
            new ProductionAuroraCluster("ledger", { engine: "aurora-postgresql", ...owned, runbook: { url: "https://runbooks.example.com/databases/ledger" } });
        });
        expect(findings).toEqual([]);
    });

    it("answers for Aurora Serverless v2 in up mode (the cluster, its instances, ec2.getSubnet) without crashing", async () => {
        const program = () =>
            new ProductionAuroraCluster("ledger", {
                engine: "aurora-mysql",
                ...owned,
                serverless: { minCapacity: 0.5, maxCapacity: 16 },
                maxConnections: 1000,
            });
        expect(await checkProgram(program)).toEqual([]);
        const { resources, result } = await captureResources(program);
        const cluster = find(resources, "aws:rds/cluster:Cluster", "ledger");
        expect(cluster.outputs).toMatchObject({
            clusterIdentifier: expect.any(String),
            endpoint: expect.stringContaining(".cluster-"),
            masterUserSecrets: [expect.objectContaining({ secretArn: expect.stringContaining(":secret:rds!cluster-") })],
        });
        // The instances are spread over the zones ec2.getSubnet gave the subnets, writer first.
        const instances = resources.filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance");
        expect(instances.map((i) => i.props.availabilityZone)).toEqual([`${mockRegion}a`, `${mockRegion}b`]);
        expect(instances.every((i) => i.props.instanceClass === "db.serverless")).toBe(true);
        expect(await new Promise((resolve) => result.endpoint.apply(resolve))).toBe(cluster.outputs.endpoint);
    });

    it("fails a careless hand-written aws.rds.Instance, naming the policies that block it", async () => {
        const findings = await checkProgram(carelessInstance);
        const mandatory = new Set(findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.policy));
        for (const policy of ["db-backup-retention", "db-no-public-access", "db-managed-credentials", "db-storage-encrypted", "db-deletion-protection", "db-final-snapshot"]) {
            expect(mandatory).toContain(policy);
        }
        expect(findings.every((f) => f.resource === "legacy" || f.resource === undefined)).toBe(true);
        // The message names the resource, the property, the value seen and the fix; never the password.
        expect(findings.find((f) => f.policy === "db-backup-retention")!.message).toMatch(/backupRetentionPeriod/);
        expect(JSON.stringify(findings)).not.toContain("plaintext-Passw0rd");
    });

    it("flags the careless instance beside a compliant component, and only it", async () => {
        const findings = await checkProgram(() => {
            new ProductionDatabase("orders", { engine: "postgres", ...owned });
            carelessInstance();
        });
        expect(findings.length).toBeGreaterThan(0);
        expect(new Set(findings.map((f) => f.resource))).toEqual(new Set(["legacy"]));
    });

    it("in preview mode, blocks nothing it cannot know yet and says so; still blocks what is known to be wrong", async () => {
        const component = await checkProgram(() => new ProductionDatabase("orders", { engine: "postgres", ...owned }), { preview: true });
        expect(component.filter((f) => f.enforcementLevel === "mandatory")).toEqual([]);
        for (const f of component) expect(f.message).toMatch(/not known during preview/);
        const careless = await checkProgram(carelessInstance, { preview: true });
        expect(careless.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.policy)).toContain("db-no-public-access");
    });

    it("applies the pack's configuration and the stack name, as --policy-pack-config and the stack would", async () => {
        const config = { all: "advisory" as const };
        const findings = await checkProgram(carelessInstance, { policyConfig: config, stack: "dev" });
        expect(findings.length).toBeGreaterThan(0);
        expect(findings.every((f) => f.enforcementLevel === "advisory")).toBe(true);
        expect(findings.some((f) => f.urn?.startsWith("urn:pulumi:dev::"))).toBe(true);
    });

    it("records URNs, parents, dependencies and property dependencies as the engine does, with ARNs in the stack's region", async () => {
        const { resources } = await captureResources(() => new ProductionDatabase("orders", { engine: "postgres", ...owned }), { config: { "aws:region": "eu-west-1" } });
        const component = find(resources, "db-preflight:aws:ProductionDatabase", "orders");
        const instance = find(resources, "aws:rds/instance:Instance", "orders");
        expect(component.custom).toBe(false);
        expect(instance.urn).toBe("urn:pulumi:production::db-preflight::db-preflight:aws:ProductionDatabase$aws:rds/instance:Instance::orders");
        expect(instance.parent).toBe(component.urn);
        expect(instance.outputs.arn).toMatch(/^arn:aws:rds:eu-west-1:123456789012:db:/);
        const parameterGroup = resources.find((r) => r.type === "aws:rds/parameterGroup:ParameterGroup")!;
        expect(instance.propertyDependencies.parameterGroupName).toEqual([parameterGroup.urn]);
        expect(instance.dependencies).toContain(parameterGroup.urn);
        // Every alarm on the database is linked to it through the identifier it watches.
        const alarms = resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.propertyDependencies.dimensions);
        expect(alarms.length).toBeGreaterThan(0);
        for (const alarm of alarms.filter((a) => (a.props.dimensions as Record<string, string>)?.DBInstanceIdentifier)) {
            expect(alarm.propertyDependencies.dimensions).toContain(instance.urn);
        }
    });

    it("checks a whole program module, the way a user checks their own index.ts (this repository's example)", async () => {
        const example = path.join(__dirname, "..", "..", "examples", "database", "index.ts");
        const program = () => jest.isolateModules(() => require(example));
        const options = {
            project: "db-preflight-example",
            config: {
                "aws:region": "eu-west-1",
                "db-preflight-example:owner": "team-orders",
                "db-preflight-example:onCall": "orders-oncall",
                "db-preflight-example:runbookUrl": "https://runbooks.example.com/databases/orders",
                "db-preflight-example:restoreTestedAt": daysAgo(3),
                "db-preflight-example:failoverTestedAt": daysAgo(4),
            },
        };
        expect(await checkProgram(program, options)).toEqual([]);
        const preview = await checkProgram(program, { ...options, preview: true });
        expect(preview.filter((f) => f.enforcementLevel === "mandatory")).toEqual([]);
    }, 180_000);

    it("rejects with the component's argument error, before anything is checked, when an argument is wrong", async () => {
        const bad = checkProgram(() => new ProductionDatabase("orders", { engine: "postgres", ...owned, backup: { retentionDays: 40 } }));
        await expect(bad).rejects.toBeInstanceOf(ProductionDatabaseArgumentError);
        await expect(bad).rejects.toThrow(/backup\.retentionDays/);
    });

    it("answers other data sources through the invokes option, and names the data source it has no answer for", async () => {
        const program = () => {
            const document = aws.iam.getPolicyDocumentOutput({ statements: [{ actions: ["rds:DescribeDBInstances"], resources: ["*"] }] });
            return new aws.iam.Policy("read-rds", { policy: document.json });
        };
        const mocks = awsMocks({ invokes: { "aws:iam/getPolicyDocument:getPolicyDocument": () => ({ json: '{"Version":"2012-10-17"}' }) } });
        const { resources } = await captureResources(program, { mocks });
        expect(find(resources, "aws:iam/policy:Policy", "read-rds").props.policy).toBe('{"Version":"2012-10-17"}');
        // With no answer, the call fails with the token and the fix (never an empty answer).
        expect(() => awsMocks().call({ token: "aws:iam/getPolicyDocument:getPolicyDocument", inputs: {} })).toThrow(
            /awsMocks has no answer for the data source aws:iam\/getPolicyDocument:getPolicyDocument: give one with awsMocks\(\{ invokes/,
        );
    });

    it("awaits an async program before it collects what was registered", async () => {
        const findings = await checkProgram(async () => {
            await new Promise((resolve) => setTimeout(resolve, 10));
            carelessInstance();
        });
        expect(findings.map((f) => f.policy)).toContain("db-backup-retention");
    });
});
