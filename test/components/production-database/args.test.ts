// Argument validation: the exact error a user sees, and nothing registered when an argument is bad.
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("./fixtures").lambdaBundleStandIn);
import * as pulumi from "@pulumi/pulumi";
import { ProductionDatabase, ProductionDatabaseArgs, ProductionDatabaseArgumentError } from "../../../components/production-database";
import { captureResources } from "../../support/capture";
import { productionArgs } from "./fixtures";

/** Builds the component under mocks; returns the error it threw and what was registered. */
async function attempt(args: unknown, config?: Record<string, string>): Promise<{ error: Error | undefined; registered: number }> {
    let error: Error | undefined;
    const { resources } = await captureResources(
        () => {
            try {
                new ProductionDatabase("orders", args as ProductionDatabaseArgs);
            } catch (e) {
                error = e as Error;
            }
        },
        config ? { config } : {},
    );
    return { error, registered: resources.length };
}

/** The error message for these arguments; fails when no error was thrown or anything was registered. */
async function errorFor(args: unknown, config?: Record<string, string>): Promise<string> {
    const { error, registered } = await attempt(args, config);
    expect(error).toBeInstanceOf(ProductionDatabaseArgumentError);
    expect(registered).toBe(0);
    return error!.message;
}

const withBackup = (backup: ProductionDatabaseArgs["backup"]) => productionArgs({ backup });

describe("ProductionDatabase arguments", () => {
    it("accepts the minimal production arguments", async () => {
        const { error, registered } = await attempt(productionArgs());
        expect(error).toBeUndefined();
        expect(registered).toBeGreaterThan(0);
    });

    it.each([
        [0, 'ProductionDatabase "orders": backup.retentionDays: 0 is outside 1-35; set a value from 1 to 35'],
        [40, 'ProductionDatabase "orders": backup.retentionDays: 40 is outside 1-35; set a value from 1 to 35'],
        [7.5, 'ProductionDatabase "orders": backup.retentionDays: 7.5 is not a whole number; set a value from 1 to 35'],
    ])("refuses a backup retention of %p days", async (retentionDays, message) => {
        expect(await errorFor(withBackup({ retentionDays }))).toBe(message);
    });

    it.each([
        [
            "0.0.0.0/0",
            'ProductionDatabase "orders": network.allowedCidrs[0]: "0.0.0.0/0" admits every address; list the clients\' security groups in network.allowedSecurityGroupIds, or their own CIDR blocks',
        ],
        ["::/0", 'ProductionDatabase "orders": network.allowedCidrs[0]: "::/0" admits every address; list the clients\' security groups in network.allowedSecurityGroupIds, or their own CIDR blocks'],
        [
            "0.0.0.0/1",
            'ProductionDatabase "orders": network.allowedCidrs[0]: "0.0.0.0/1" is wider than /8; list the clients\' security groups in network.allowedSecurityGroupIds, or narrower CIDR blocks',
        ],
        ["10.0.0.0", 'ProductionDatabase "orders": network.allowedCidrs[0]: "10.0.0.0" is not a CIDR block; write it like "10.0.0.0/16"'],
    ])("refuses %s in the allowed CIDR blocks", async (cidr, message) => {
        const args = productionArgs();
        expect(await errorFor({ ...args, network: { ...args.network, allowedCidrs: [cidr] } })).toBe(message);
    });

    it("accepts the clients' own CIDR blocks", async () => {
        const args = productionArgs();
        expect((await attempt({ ...args, network: { ...args.network, allowedCidrs: ["10.20.0.0/16", "2001:db8::/56"] } })).error).toBeUndefined();
    });

    it("refuses an engine it does not run, and points Aurora to its own component", async () => {
        expect(await errorFor(productionArgs({ engine: "oracle-ee" as never }))).toBe(
            'ProductionDatabase "orders": engine: "oracle-ee" is not an engine ProductionDatabase runs; set engine to "postgres", "mysql" or "mariadb"',
        );
        expect(await errorFor(productionArgs({ engine: "aurora-postgresql" as never }))).toBe(
            'ProductionDatabase "orders": engine: "aurora-postgresql" is not an engine ProductionDatabase runs; set engine to "postgres", "mysql" or "mariadb" (Aurora: use ProductionAuroraCluster)',
        );
    });

    it("refuses an empty subnet list, and a single subnet", async () => {
        const args = productionArgs();
        expect(await errorFor({ ...args, network: { ...args.network, subnetIds: [] } })).toBe(
            'ProductionDatabase "orders": network.subnetIds: [] has fewer than 2 subnets; list at least 2 private subnets in different Availability Zones (RDS requires two)',
        );
        expect(await errorFor({ ...args, network: { ...args.network, subnetIds: ["subnet-1"] } })).toBe(
            'ProductionDatabase "orders": network.subnetIds: ["subnet-1"] has fewer than 2 subnets; list at least 2 private subnets in different Availability Zones (RDS requires two)',
        );
    });

    it("refuses connection pools that do not fit max_connections, naming the pools and the numbers", async () => {
        const pools = [
            { name: "api", size: 40, replicas: 20 },
            { name: "worker", size: 10, replicas: 10 },
        ];
        expect(await errorFor(productionArgs({ connectionPools: pools }))).toBe(
            'ProductionDatabase "orders": connectionPools: api 40 x 20 = 800, worker 10 x 10 = 100, plus reservedConnections 10, need 910 connections, ' +
                "more than max_connections 901 (what db.m6g.large (8 GiB) supports on postgres); shrink the pools (size or replicas) or choose a larger instanceClass",
        );
    });

    it("accepts pools that fit, and a larger class for larger pools", async () => {
        const pools = [{ name: "api", size: 40, replicas: 20 }];
        expect((await attempt(productionArgs({ connectionPools: pools }))).error).toBeUndefined();
        expect((await attempt(productionArgs({ connectionPools: [...pools, { name: "worker", size: 10, replicas: 10 }], instanceClass: "db.r6g.large" }))).error).toBeUndefined();
    });

    it("refuses a max_connections above what the class memory supports", async () => {
        expect(await errorFor(productionArgs({ maxConnections: 2000 }))).toBe(
            'ProductionDatabase "orders": maxConnections: 2000 is more than the 901 connections db.m6g.large (8 GiB) supports on postgres; set at most 901, or choose a larger instanceClass',
        );
    });

    it.each(["admin", "postgres", "Root"])("refuses the default admin username %p", async (masterUsername) => {
        expect(await errorFor(productionArgs({ masterUsername }))).toBe(
            `ProductionDatabase "orders": masterUsername: ${JSON.stringify(masterUsername)} is a default admin name attackers try first; choose another, e.g. "orders_admin"`,
        );
    });

    it("refuses a burstable class unless the opt-out says so", async () => {
        expect(await errorFor(productionArgs({ instanceClass: "db.t4g.medium" }))).toBe(
            'ProductionDatabase "orders": instanceClass: "db.t4g.medium" is a burstable class, whose CPU credits run out under sustained load; choose e.g. "db.m6g.large", or set allowBurstableClass: true for a non-production copy',
        );
        expect((await attempt(productionArgs({ instanceClass: "db.t4g.medium", allowBurstableClass: true }))).error).toBeUndefined();
    });

    it("requires a runbook URL over https, and the owner and on-call", async () => {
        const { runbook, ownership, ...rest } = productionArgs();
        expect(await errorFor(rest)).toBe(
            [
                'ProductionDatabase "orders": runbook: not set; set runbook: { url: "https://..." }, the page where the runbook lives (paste the runbook output there)',
                'ProductionDatabase "orders": ownership: not set; set ownership: { owner: "team-name", onCall: "rotation-name" }',
            ].join("\n"),
        );
        expect(await errorFor({ ...rest, ownership, runbook: { url: "http://wiki.example.com/orders" } })).toBe(
            'ProductionDatabase "orders": runbook.url: "http://wiki.example.com/orders" is not an https URL; set the https address of the runbook page',
        );
        expect(runbook.url).toMatch(/^https:/);
    });

    it("names a misspelt argument", async () => {
        expect(await errorFor({ ...productionArgs(), backup: { retention: 14 } })).toBe('ProductionDatabase "orders": backup.retention: unknown argument; remove it or check its spelling');
    });

    it("reports problems of shape first, then every problem across arguments at once", async () => {
        const message = await errorFor(productionArgs({ masterUsername: "admin", instanceClass: "db.t3.large", backup: { retentionDays: 40 } }));
        expect(message.split("\n")).toEqual(['ProductionDatabase "orders": backup.retentionDays: 40 is outside 1-35; set a value from 1 to 35']);
        const crossChecks = await errorFor(productionArgs({ masterUsername: "admin", instanceClass: "db.t3.large" }));
        expect(crossChecks.split("\n")).toHaveLength(2);
    });

    it("checks the shape of plain values only: outputs of other resources pass as they are", async () => {
        const args = productionArgs();
        const fromElsewhere = { ...args, network: { ...args.network, vpcId: pulumi.output("vpc-1"), subnetIds: pulumi.output(["subnet-1", "subnet-2"]) } };
        expect((await attempt(fromElsewhere)).error).toBeUndefined();
    });

    describe("the copy of the backups", () => {
        it("needs a decision when the stack's region has no default copy region", async () => {
            expect(await errorFor(productionArgs(), { "aws:region": "sa-east-1" })).toBe(
                'ProductionDatabase "orders": backup.copyToRegion: not set, and no default applies (sa-east-1 has no other region in the same country); ' +
                    "set backup.copyToRegion to a region the data may be copied to, or backup.copyToRegion: false to keep backups in one region",
            );
            expect((await attempt(withBackup({ copyToRegion: "us-east-1" }), { "aws:region": "sa-east-1" })).error).toBeUndefined();
            expect((await attempt(withBackup({ copyToRegion: false }), { "aws:region": "sa-east-1" })).error).toBeUndefined();
        });

        it("refuses to copy into the database's own region", async () => {
            expect(await errorFor(withBackup({ copyToRegion: "us-east-1" }))).toBe(
                'ProductionDatabase "orders": backup.copyToRegion: "us-east-1" is the database\'s own region; choose another region, or backup.copyToRegion: false to keep backups in us-east-1',
            );
        });

        it("refuses a copy with the AWS Backup plan turned off", async () => {
            expect(await errorFor(withBackup({ plan: false, copyToRegion: "us-west-2" }))).toBe(
                'ProductionDatabase "orders": backup.copyToRegion: "us-west-2" needs the AWS Backup plan, which backup.plan: false turns off; remove one of them',
            );
        });
    });

    describe("app users", () => {
        it("refuses a user named like the master user or a default admin", async () => {
            expect(await errorFor(productionArgs({ appUsers: [{ name: "orders_admin", privilege: "owner", databases: ["orders"] }] }))).toBe(
                'ProductionDatabase "orders": appUsers[0].name: "orders_admin" is the master username; give the application its own user',
            );
            expect(await errorFor(productionArgs({ appUsers: [{ name: "admin", privilege: "readonly", databases: ["orders"] }] }))).toBe(
                'ProductionDatabase "orders": appUsers[0].name: "admin" is a default admin name; name the user after the application',
            );
        });

        it("refuses names the provisioner would refuse at deployment", async () => {
            expect(await errorFor(productionArgs({ appUsers: [{ name: "Orders-App", privilege: "readonly", databases: ["orders"] }] }))).toBe(
                'ProductionDatabase "orders": appUsers[0].name: "Orders-App" is not a user name the provisioner accepts; use lowercase letters, digits and underscores, at most 63, not starting with a digit',
            );
            expect(await errorFor(productionArgs({ appUsers: [{ name: "rds_reporting", privilege: "readonly", databases: ["orders"] }] }))).toMatch(
                /^ProductionDatabase "orders": appUsers\[0\]\.name: user name "rds_reporting" is reserved/,
            );
        });

        it("refuses an unknown privilege level and an empty database list", async () => {
            expect(await errorFor(productionArgs({ appUsers: [{ name: "orders_app", privilege: "superuser" as never, databases: [] }] }))).toBe(
                [
                    'ProductionDatabase "orders": appUsers[0].privilege: "superuser" is not a privilege level; set privilege to "readonly", "readwrite", "owner"',
                    'ProductionDatabase "orders": appUsers[0].databases: [] is empty; list the databases the user works in, e.g. ["orders"]',
                ].join("\n"),
            );
        });

        it("keeps schemas to PostgreSQL", async () => {
            expect(await errorFor(productionArgs({ engine: "mysql", appUsers: [{ name: "orders_app", privilege: "readonly", databases: ["orders"], schemas: ["public"] }] }))).toBe(
                'ProductionDatabase "orders": appUsers[0].schemas: ["public"] applies to PostgreSQL only (on mysql a database is a schema); list the databases in databases instead',
            );
        });
    });

    it("derives the identifier from the component name, and says so when it cannot", async () => {
        let error: Error | undefined;
        await captureResources(() => {
            try {
                new ProductionDatabase("9orders", productionArgs());
            } catch (e) {
                error = e as Error;
            }
        });
        expect(error?.message).toBe(
            'ProductionDatabase "9orders": identifier (from the component name "9orders"): "9orders" is not an RDS identifier; use 1-63 lowercase letters, digits and single hyphens, starting with a letter, or set identifier',
        );
    });
});
