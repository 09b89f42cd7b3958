// Argument validation: the exact error a user sees, and nothing registered when an argument is bad.
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("./fixtures").lambdaBundleStandIn);
import * as pulumi from "@pulumi/pulumi";
import { ProductionAuroraCluster, ProductionAuroraClusterArgs, ProductionAuroraClusterArgumentError } from "../../../components/production-aurora-cluster";
import { captureResources } from "../../support/capture";
import { auroraArgs, auroraMocks } from "./fixtures";

/** Builds the component under mocks; returns the error it threw and what was registered. */
async function attempt(args: unknown, name = "ledger", config?: Record<string, string>): Promise<{ error: Error | undefined; registered: number }> {
    let error: Error | undefined;
    const { resources } = await captureResources(
        () => {
            try {
                new ProductionAuroraCluster(name, args as ProductionAuroraClusterArgs);
            } catch (e) {
                error = e as Error;
            }
        },
        { mocks: auroraMocks(), ...(config ? { config } : {}) },
    );
    return { error, registered: resources.length };
}

/** The error message for these arguments; fails when no error was thrown or anything was registered. */
async function errorFor(args: unknown, name = "ledger", config?: Record<string, string>): Promise<string> {
    const { error, registered } = await attempt(args, name, config);
    expect(error).toBeInstanceOf(ProductionAuroraClusterArgumentError);
    expect(registered).toBe(0);
    return error!.message;
}

const prefix = 'ProductionAuroraCluster "ledger": ';

describe("ProductionAuroraCluster arguments", () => {
    it.each(["aurora-postgresql", "aurora-mysql"] as const)("accepts the minimal production arguments (%s)", async (engine) => {
        const { error, registered } = await attempt(auroraArgs({ engine }));
        expect(error).toBeUndefined();
        expect(registered).toBeGreaterThan(0);
    });

    it("refuses an engine it does not run, and points RDS instances to ProductionDatabase", async () => {
        expect(await errorFor(auroraArgs({ engine: "aurora" as never }))).toBe(
            `${prefix}engine: "aurora" is not an engine ProductionAuroraCluster runs; set engine to "aurora-postgresql" or "aurora-mysql"`,
        );
        expect(await errorFor(auroraArgs({ engine: "postgres" as never }))).toBe(
            `${prefix}engine: "postgres" is not an engine ProductionAuroraCluster runs; set engine to "aurora-postgresql" or "aurora-mysql" (an RDS instance: use ProductionDatabase)`,
        );
    });

    describe("instances", () => {
        it("refuses a single instance unless the opt-out says so", async () => {
            expect(await errorFor(auroraArgs({ instances: 1 }))).toBe(
                `${prefix}instances: 1 leaves no reader in another Availability Zone to take over when the writer fails; ` +
                    "set instances: 2 or more, or allowSingleInstance: true for a non-production copy (db-multi-az still flags it)",
            );
            expect((await attempt(auroraArgs({ instances: 1, allowSingleInstance: true }))).error).toBeUndefined();
        });

        it.each([
            [0, `${prefix}instances: 0 is outside 1-16; set from 2 to 16 (a writer and up to 15 readers)`],
            [17, `${prefix}instances: 17 is outside 1-16; set from 2 to 16 (a writer and up to 15 readers)`],
            [2.5, `${prefix}instances: 2.5 is not a whole number; set from 2 to 16 (a writer and up to 15 readers)`],
        ])("refuses %p instances", async (instances, message) => {
            expect(await errorFor(auroraArgs({ instances }))).toBe(message);
        });

        it("refuses availability zones that put the writer and its reader in one zone", async () => {
            const args = auroraArgs();
            expect(await errorFor({ ...args, network: { ...args.network, availabilityZones: ["us-east-1a", "us-east-1a"] } })).toBe(
                `${prefix}network.availabilityZones: ["us-east-1a","us-east-1a"] names one zone; list at least 2, so the writer and its readers are in different Availability Zones`,
            );
            expect((await attempt({ ...args, network: { ...args.network, availabilityZones: [pulumi.output("us-east-1a"), "us-east-1b"] } })).error).toBeUndefined();
        });
    });

    describe("instance class and Serverless v2", () => {
        it("refuses a burstable class unless the opt-out says so", async () => {
            expect(await errorFor(auroraArgs({ instanceClass: "db.t4g.medium" }))).toBe(
                `${prefix}instanceClass: "db.t4g.medium" is a burstable class, whose CPU credits run out under sustained load; choose e.g. "db.r6g.large", or set allowBurstableClass: true for a non-production copy`,
            );
            expect((await attempt(auroraArgs({ instanceClass: "db.t4g.medium", allowBurstableClass: true }))).error).toBeUndefined();
        });

        it("needs max_connections with Serverless v2, and no instance class", async () => {
            expect(await errorFor(auroraArgs({ serverless: { maxCapacity: 16 }, instanceClass: "db.r6g.large" }))).toBe(
                [
                    `${prefix}instanceClass: "db.r6g.large" is set with serverless; Aurora Serverless v2 instances are "db.serverless": remove one of them`,
                    `${prefix}maxConnections: not set; with serverless, set max_connections explicitly (Aurora derives its default from serverless.maxCapacity 16 ACUs, and a high value keeps capacity from scaling down)`,
                ].join("\n"),
            );
            expect((await attempt(auroraArgs({ serverless: { maxCapacity: 16 }, maxConnections: 1000 }))).error).toBeUndefined();
        });

        it.each([
            [{ minCapacity: 0, maxCapacity: 16 }, `${prefix}serverless.minCapacity: 0 is outside 0.5-256; set serverless.minCapacity in ACUs from 0.5 to 256`],
            [{ maxCapacity: 300 }, `${prefix}serverless.maxCapacity: 300 is outside 0.5-256; set serverless.maxCapacity in ACUs from 0.5 to 256`],
            [{ maxCapacity: 2.25 }, `${prefix}serverless.maxCapacity: 2.25 is not a multiple of 0.5; Aurora scales in steps of 0.5 ACU`],
            [{ minCapacity: 8, maxCapacity: 4 }, `${prefix}serverless.minCapacity: 8 is more than serverless.maxCapacity 4; set at most 4`],
            [{ minCapacity: 1 }, `${prefix}serverless.maxCapacity: not set; set serverless.maxCapacity in ACUs from 0.5 to 256`],
        ])("refuses the capacity range %j", async (serverless, message) => {
            expect(await errorFor(auroraArgs({ serverless: serverless as never, maxConnections: 500 }))).toBe(message);
        });
    });

    describe("reader auto scaling", () => {
        it("needs room above the readers the cluster already runs", async () => {
            expect(await errorFor(auroraArgs({ instances: 3, readerAutoScaling: { maxReaders: 2 } }))).toBe(
                `${prefix}readerAutoScaling.maxReaders: 2 is not more than the 2 readers instances: 3 already runs; set at least 3`,
            );
            expect((await attempt(auroraArgs({ instances: 3, readerAutoScaling: { maxReaders: 6 } }))).error).toBeUndefined();
        });

        it("needs a reader to scale from", async () => {
            expect(await errorFor(auroraArgs({ instances: 1, allowSingleInstance: true, readerAutoScaling: { maxReaders: 2 } }))).toBe(
                `${prefix}readerAutoScaling: {"maxReaders":2} needs a reader to scale from; set instances: 2 or more`,
            );
        });

        it("refuses more readers than a cluster holds", async () => {
            expect(await errorFor(auroraArgs({ readerAutoScaling: { maxReaders: 16 } }))).toBe(
                `${prefix}readerAutoScaling.maxReaders: 16 is outside 1-15; set the most readers Aurora Auto Scaling may run, up to 15`,
            );
        });
    });

    describe("backups", () => {
        it.each([
            [0, `${prefix}backup.retentionDays: 0 is outside 1-35; set a value from 1 to 35`],
            [36, `${prefix}backup.retentionDays: 36 is outside 1-35; set a value from 1 to 35`],
        ])("refuses a retention of %p days", async (retentionDays, message) => {
            expect(await errorFor(auroraArgs({ backup: { retentionDays } }))).toBe(message);
        });

        it("backtracks Aurora MySQL only, up to 72 hours", async () => {
            expect(await errorFor(auroraArgs({ backup: { backtrackWindowHours: 24 } }))).toBe(
                `${prefix}backup.backtrackWindowHours: 24 applies to Aurora MySQL only; aurora-postgresql rewinds by restoring to a point in time: remove it`,
            );
            expect(await errorFor(auroraArgs({ engine: "aurora-mysql", backup: { backtrackWindowHours: 96 } }))).toBe(
                `${prefix}backup.backtrackWindowHours: 96 is outside 1-72; set hours from 1 to 72`,
            );
            expect((await attempt(auroraArgs({ engine: "aurora-mysql", backup: { backtrackWindowHours: 24 } }))).error).toBeUndefined();
        });

        it("needs a decision when the stack's region has no default copy region", async () => {
            expect(await errorFor(auroraArgs(), "ledger", { "aws:region": "sa-east-1" })).toBe(
                `${prefix}backup.copyToRegion: not set, and no default applies (sa-east-1 has no other region in the same country); ` +
                    "set backup.copyToRegion to a region the data may be copied to, or backup.copyToRegion: false to keep backups in one region",
            );
        });
    });

    describe("names and connections", () => {
        it("refuses a default admin username, and one longer than Aurora MySQL takes", async () => {
            expect(await errorFor(auroraArgs({ masterUsername: "postgres" }))).toBe(
                `${prefix}masterUsername: "postgres" is a default admin name attackers try first; choose another, e.g. "ledger_admin"`,
            );
            expect(await errorFor(auroraArgs({ engine: "aurora-mysql", masterUsername: "ledger_administrator" }))).toBe(
                `${prefix}masterUsername: "ledger_administrator" is longer than the 16 characters aurora-mysql accepts; choose a shorter name`,
            );
        });

        it("leaves room in the cluster identifier for the instances' suffixes", async () => {
            const identifier = `l${"e".repeat(60)}`;
            expect(await errorFor(auroraArgs({ identifier }))).toBe(
                `${prefix}identifier: ${JSON.stringify(identifier)} is not an RDS identifier; use 1-60 lowercase letters, digits and single hyphens, starting with a letter`,
            );
        });

        it("derives the identifier from the component name, and says so when it cannot", async () => {
            expect(await errorFor(auroraArgs(), "9ledger")).toBe(
                'ProductionAuroraCluster "9ledger": identifier (from the component name "9ledger"): "9ledger" is not an RDS identifier; use 1-60 lowercase letters, digits and single hyphens, starting with a letter, or set identifier',
            );
        });

        it("refuses pools that do not fit an instance's max_connections, naming the pools and the numbers", async () => {
            expect(await errorFor(auroraArgs({ connectionPools: [{ name: "api", size: 50, replicas: 40 }] }))).toBe(
                `${prefix}connectionPools: api 50 x 40 = 2000, plus reservedConnections 10, need 2010 connections, ` +
                    "more than max_connections 1802 (what db.r6g.large (16 GiB) supports on aurora-postgresql); shrink the pools (size or replicas) or choose a larger instanceClass",
            );
        });

        it("refuses a max_connections above what the class memory supports", async () => {
            expect(await errorFor(auroraArgs({ engine: "aurora-mysql", maxConnections: 2000 }))).toBe(
                `${prefix}maxConnections: 2000 is more than the 1069 connections db.r6g.large (16 GiB) supports on aurora-mysql; set at most 1069, or choose a larger instanceClass`,
            );
        });

        it("keeps app-user schemas to PostgreSQL", async () => {
            expect(await errorFor(auroraArgs({ engine: "aurora-mysql", appUsers: [{ name: "ledger_app", privilege: "readonly", databases: ["ledger"], schemas: ["public"] }] }))).toBe(
                `${prefix}appUsers[0].schemas: ["public"] applies to PostgreSQL only (on aurora-mysql a database is a schema); list the databases in databases instead`,
            );
        });
    });

    it("requires a runbook URL over https, and the owner and on-call", async () => {
        const { runbook, ownership, ...rest } = auroraArgs();
        expect(await errorFor(rest)).toBe(
            [
                `${prefix}runbook: not set; set runbook: { url: "https://..." }, the page where the runbook lives (paste the runbook output there)`,
                `${prefix}ownership: not set; set ownership: { owner: "team-name", onCall: "rotation-name" }`,
            ].join("\n"),
        );
        expect(runbook.url).toMatch(/^https:/);
        expect(ownership.owner).toBe("team-ledger");
    });

    it("names a misspelt argument", async () => {
        expect(await errorFor({ ...auroraArgs(), multiAz: true })).toBe(`${prefix}multiAz: unknown argument; remove it or check its spelling`);
        expect(await errorFor({ ...auroraArgs(), monitoring: { alarms: { freeStoragePercent: 10 } } })).toBe(
            `${prefix}monitoring.alarms.freeStoragePercent: unknown argument; remove it or check its spelling`,
        );
    });

    it("reports every cross-argument problem at once", async () => {
        const message = await errorFor(auroraArgs({ instances: 1, masterUsername: "admin", instanceClass: "db.t3.large" }));
        expect(message.split("\n")).toHaveLength(3);
    });
});
