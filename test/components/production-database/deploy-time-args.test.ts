// Arguments that only fail at deploy time (CreateDBInstance, tagging) are refused before anything is
// registered, with the argument, the value and the fix; values that land in tags and state carry no
// credentials; odd values (NaN, Infinity, a string for the whole argument object) are shown as they are.
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("./fixtures").lambdaBundleStandIn);
import { ProductionDatabase, ProductionDatabaseArgs, ProductionDatabaseArgumentError } from "../../../components/production-database";
import { captureResources } from "../../support/capture";
import { productionArgs } from "./fixtures";

async function attempt(args: unknown): Promise<{ error: Error | undefined; registered: number }> {
    let error: Error | undefined;
    const { resources } = await captureResources(() => {
        try {
            new ProductionDatabase("orders", args as ProductionDatabaseArgs);
        } catch (e) {
            error = e as Error;
        }
    });
    return { error, registered: resources.length };
}

async function errorFor(args: unknown): Promise<string> {
    const { error, registered } = await attempt(args);
    expect(error).toBeInstanceOf(ProductionDatabaseArgumentError);
    expect(registered).toBe(0);
    return error!.message;
}

const prefix = 'ProductionDatabase "orders": ';

describe("credentials never land in tags or state", () => {
    it.each([
        ["https://alice:s3cret@wiki.example.com/orders", "https://***@wiki.example.com/orders", "holds credentials (user:password@) in a URL"],
        ["https://alice@wiki.example.com/orders", "https://***@wiki.example.com/orders", "holds credentials (user:password@) in a URL"],
        ["https://wiki.example.com/orders?token=abc123", "https://wiki.example.com/orders?token=***", "holds a credential in the URL's query (token)"],
        [
            "https://wiki.example.com/orders?X-Amz-Signature=abc&X-Amz-Credential=x",
            "https://wiki.example.com/orders?X-Amz-Signature=***&X-Amz-Credential=***",
            "holds a credential in the URL's query (X-Amz-Signature, X-Amz-Credential)",
        ],
    ])("refuses runbook.url %s, naming the argument and the fix, with the credential masked", async (url, shown, why) => {
        const message = await errorFor(productionArgs({ runbook: { url } }));
        expect(message).toBe(
            `${prefix}runbook.url: ${JSON.stringify(shown)} ${why}${why.includes("query") ? ", which would land in tags and Pulumi state; link the page without it" : ", which would land in tags and Pulumi state; remove them (the page's own login protects it)"}`,
        );
        expect(message).toContain("runbook.url");
        for (const secret of ["s3cret", "alice", "abc123", "=abc", "=x"]) expect(message).not.toContain(secret);
    });

    it("refuses credentials in any other value that becomes a tag: ownership, tags (masked in the message)", async () => {
        const onCall = await errorFor(productionArgs({ ownership: { owner: "team-orders", onCall: "https://u:hunter2@pager.example.com/orders" } }));
        expect(onCall).toContain(`${prefix}ownership.onCall: "https://***@pager.example.com/orders" holds credentials (user:password@) in a URL`);
        expect(onCall).not.toContain("hunter2");
        const tags = await errorFor(productionArgs({ tags: { dashboard: "https://grafana.example.com/d/x?api_key=abc" } }));
        expect(tags).toContain(`${prefix}tags.dashboard: "https://grafana.example.com/d/x?api_key=***" holds a credential in the URL's query (api_key)`);
        expect(tags).not.toContain("api_key=abc");
    });

    it("accepts a plain https runbook URL", async () => {
        expect((await attempt(productionArgs({ runbook: { url: "https://wiki.example.com/orders/runbook" } }))).error).toBeUndefined();
    });
});

describe("what CreateDBInstance would refuse is refused before registration", () => {
    it.each([
        ["postgres", "8.0", 'engineVersion: "8.0" is not a PostgreSQL version (it looks like a MySQL version); write one like "16" or "16.4"'],
        ["mysql", "16", 'engineVersion: "16" is not a MySQL version (it looks like a PostgreSQL version); write one like "8.0" or "8.4.3"'],
        ["mariadb", "8.0", 'engineVersion: "8.0" is not a MariaDB version (it looks like a MySQL version); write one like "10.11" or "11.4.4"'],
    ] as const)("refuses engine %s with engineVersion %p", async (engine, engineVersion, message) => {
        expect(await errorFor(productionArgs({ engine, engineVersion }))).toContain(`${prefix}${message}`);
    });

    it.each([
        ["postgres", "16.4"],
        ["postgres", "11.22-rds.20240418"],
        ["mysql", "8.4.3"],
        ["mariadb", "10.11"],
    ] as const)("accepts engine %s with engineVersion %p", async (engine, engineVersion) => {
        expect((await attempt(productionArgs({ engine, engineVersion }))).error).toBeUndefined();
    });

    it.each([
        [{ backup: { copyToRegion: false, window: "03:00-03:15" } }, 'backup.window: "03:00-03:15" is 15 minutes long; RDS needs at least 30, e.g. "03:00-03:30"'],
        [{ backup: { copyToRegion: false, window: "04:00-03:00" } }, 'backup.window: "04:00-03:00" ends before it starts; write the earlier time first, within one day (UTC), e.g. "03:00-04:00"'],
        [{ backup: { copyToRegion: false, window: "3:00-4:00" } }, 'backup.window: "3:00-4:00" is not a window; write it like "03:00-04:00" (hh24:mi-hh24:mi, UTC)'],
        [{ maintenanceWindow: "sun:05:00-sun:05:10" }, 'maintenanceWindow: "sun:05:00-sun:05:10" is 10 minutes long; RDS needs at least 30, e.g. "sun:05:00-sun:05:30"'],
        [
            { maintenanceWindow: "sunday:05:00-sunday:06:00" },
            'maintenanceWindow: "sunday:05:00-sunday:06:00" is not a window; write it like "sun:05:00-sun:06:00" (ddd:hh24:mi-ddd:hh24:mi, UTC, days mon..sun)',
        ],
        [
            { maintenanceWindow: "wed:03:30-wed:04:30" },
            'backup.window "03:00-04:00" (the default) overlaps maintenanceWindow "wed:03:30-wed:04:30"; RDS refuses windows that meet: move maintenanceWindow so the two do not overlap, e.g. backup.window "03:00-04:00" and maintenanceWindow "sun:05:00-sun:06:00"',
        ],
        [
            { backup: { copyToRegion: false, window: "23:00-23:59" }, maintenanceWindow: "sun:23:30-mon:00:30" },
            'backup.window "23:00-23:59" overlaps maintenanceWindow "sun:23:30-mon:00:30"; RDS refuses windows that meet: move maintenanceWindow so the two do not overlap, e.g. backup.window "03:00-04:00" and maintenanceWindow "sun:05:00-sun:06:00"',
        ],
    ] as Array<[Partial<ProductionDatabaseArgs>, string]>)("refuses windows AWS refuses: %j", async (overrides, message) => {
        expect(await errorFor(productionArgs(overrides))).toBe(`${prefix}${message}`);
    });

    it("accepts a maintenance window that wraps the week and touches, but does not meet, the backup window", async () => {
        expect((await attempt(productionArgs({ backup: { copyToRegion: false, window: "01:00-02:00" }, maintenanceWindow: "sat:23:00-sun:01:00" }))).error).toBeUndefined();
    });

    it.each([
        [
            "cron(banana)",
            "backup.planSchedule",
            { backup: { copyToRegion: false, planSchedule: "cron(banana)" } },
            'has 1 cron fields; write all six (minutes hours day-of-month month day-of-week year), e.g. "cron(0 21 * * ? *)"',
        ],
        [
            "cron(0 25 * * ? *)",
            "backup.planSchedule",
            { backup: { copyToRegion: false, planSchedule: "cron(0 25 * * ? *)" } },
            'has hours "25" is not 0-23, *, a list (a,b), a range (a-b) or a step (a/n); e.g. "cron(0 21 * * ? *)"',
        ],
        [
            "cron(0 21 * * * *)",
            "backup.planSchedule",
            { backup: { copyToRegion: false, planSchedule: "cron(0 21 * * * *)" } },
            'sets both day-of-month and day-of-week; put "?" in exactly one of them, e.g. "cron(0 21 * * ? *)"',
        ],
        [
            "cron(0/15 * * * ? *)",
            "backup.planSchedule",
            { backup: { copyToRegion: false, planSchedule: "cron(0/15 * * * ? *)" } },
            'runs more than once an hour (minutes "0/15"); AWS Backup runs a plan at most hourly: give one minute, e.g. "cron(0 21 * * ? *)"',
        ],
        [
            "rate(1 day)",
            "backup.planSchedule",
            { backup: { copyToRegion: false, planSchedule: "rate(1 day)" } },
            'is a rate expression; AWS Backup takes cron(minutes hours day-of-month month day-of-week year) only, e.g. "cron(0 21 * * ? *)"',
        ],
        [
            "cron(banana)",
            "healthCheck.schedule",
            { healthCheck: { schedule: "cron(banana)" } },
            'has 1 cron fields; write all six (minutes hours day-of-month month day-of-week year), e.g. "rate(1 minute)" or "cron(0/5 * * * ? *)"',
        ],
        ["rate(1 minutes)", "healthCheck.schedule", { healthCheck: { schedule: "rate(1 minutes)" } }, 'says 1 minutes; with 1 the unit is singular: "rate(1 minute)"'],
        [
            "rate(0 minutes)",
            "healthCheck.schedule",
            { healthCheck: { schedule: "rate(0 minutes)" } },
            'is not a rate; write rate(<whole number> <minute|minutes|hour|hours|day|days>), e.g. "rate(5 minutes)"',
        ],
        [
            "at(2030-01-01T00:00:00)",
            "healthCheck.schedule",
            { healthCheck: { schedule: "at(2030-01-01T00:00:00)" } },
            'is not a schedule expression EventBridge Scheduler runs repeatedly; write it like "rate(1 minute)" or "cron(0/5 * * * ? *)"',
        ],
    ] as Array<[string, string, Partial<ProductionDatabaseArgs>, string]>)("refuses the schedule %s in %s", async (expression, path, overrides, message) => {
        expect(await errorFor(productionArgs(overrides))).toBe(`${prefix}${path}: ${JSON.stringify(expression)} ${message}`);
    });

    it.each(["rate(5 minutes)", "cron(0/5 * * * ? *)", "cron(15 10 ? * MON-FRI *)", "cron(0 8 1 * ? 2026-2030)"])("accepts the health-check schedule %s", async (schedule) => {
        expect((await attempt(productionArgs({ healthCheck: { schedule } }))).error).toBeUndefined();
    });

    it("refuses tag keys AWS reserves or cannot store, and over-long values", async () => {
        const long = "x".repeat(257);
        const message = await errorFor(productionArgs({ tags: { "aws:cost-center": "a", ["k".repeat(129)]: "b", "bad#key": "c", team: long } }));
        expect(message.split("\n")).toEqual([
            `${prefix}tags["aws:cost-center"]: the key starts with "aws:", which AWS reserves for its own tags; choose another key`,
            `${prefix}tags["${"k".repeat(129)}"]: the key is 129 characters long; AWS takes tag keys of at most 128`,
            `${prefix}tags["bad#key"]: the key holds "#", which AWS refuses in tags; use letters, digits, spaces and _ . : / = + - @`,
            `${prefix}tags.team: "${long.slice(0, 116)}... is 257 characters long; AWS takes tag values of at most 256`,
        ]);
    });

    it("refuses a runbook URL too long for a tag value", async () => {
        const url = `https://wiki.example.com/${"p".repeat(240)}`;
        expect(await errorFor(productionArgs({ runbook: { url } }))).toContain(`is ${url.length} characters long; AWS takes tag values of at most 256 (it is tagged on the database)`);
    });

    it("refuses a subnet listed twice", async () => {
        const args = productionArgs();
        expect(await errorFor({ ...args, network: { ...args.network, subnetIds: ["subnet-1", "subnet-2", "subnet-1"] } })).toBe(
            `${prefix}network.subnetIds[2]: "subnet-1" repeats network.subnetIds[0]; list each subnet once (at least 2 different private subnets in different Availability Zones)`,
        );
    });

    it.each([
        ["postgres", { databaseName: "select" }, 'databaseName: "select" is a word postgres reserves, which RDS refuses as a database name; choose another, e.g. "select_db"'],
        ["postgres", { databaseName: "template1" }, 'databaseName: "template1" is a database the engine or RDS already has on postgres; name the application\'s database, e.g. "orders"'],
        ["mysql", { databaseName: "mysql" }, 'databaseName: "mysql" is a database the engine or RDS already has on mysql; name the application\'s database, e.g. "orders"'],
        [
            "mysql",
            { databaseName: "orders", masterUsername: "rds_owner" },
            'masterUsername: "rds_owner" is a user the engine or RDS reserves (rds_*, rdsadmin, rdsrepladmin, rds_superuser_role, mysql, root, mariadb); choose another',
        ],
        ["postgres", { masterUsername: "pg_admin2" }, 'masterUsername: "pg_admin2" is a user the engine or RDS reserves'],
        ["mariadb", { masterUsername: "usage" }, 'masterUsername: "usage" is a word mariadb reserves, which RDS refuses as a user name; choose another'],
    ] as Array<[ProductionDatabaseArgs["engine"], Partial<ProductionDatabaseArgs>, string]>)("refuses on %s the reserved name in %j", async (engine, overrides, message) => {
        expect(await errorFor(productionArgs({ engine, ...overrides }))).toContain(`${prefix}${message}`);
    });

    it("says where a derived name came from when the derived one is reserved", async () => {
        expect(await errorFor(productionArgs({ identifier: "select" }))).toContain(`${prefix}databaseName (from the identifier): "select" is a word postgres reserves`);
    });
});

describe("odd values are shown as they are", () => {
    it.each([
        [NaN, "NaN"],
        [Infinity, "Infinity"],
        [-Infinity, "-Infinity"],
    ])("shows %p as itself, not as null", async (value, shown) => {
        expect(await errorFor(productionArgs({ backup: { copyToRegion: false, retentionDays: value } }))).toBe(
            `${prefix}backup.retentionDays: ${shown} is not a finite number; set a value from 1 to 35`,
        );
        expect(await errorFor(productionArgs({ maxConnections: value }))).toBe(`${prefix}maxConnections: ${shown} is not a finite number; set a positive number of connections`);
    });

    it("shows NaN inside a list as itself", async () => {
        const message = await errorFor(productionArgs({ logs: { retentionDays: NaN } }));
        expect(message).toBe(`${prefix}logs.retentionDays: NaN is not a finite number; pass a number`);
    });

    it.each([
        ["postgres", 'the arguments are "postgres" (string), not an object'],
        [42, "the arguments are 42 (number), not an object"],
        [[], "the arguments are an array, not an object"],
    ])("names a non-object argument for what it is: %p", async (args, message) => {
        const text = await errorFor(args);
        expect(text).toBe(`${prefix}${message}; pass an object such as { engine, network: { vpcId, subnetIds }, runbook: { url }, ownership: { owner, onCall } }`);
        expect(text).not.toMatch(/a object|: :/);
    });

    it("says 'an object' for a group that is not one", async () => {
        expect(await errorFor(productionArgs({ storage: "big" as never }))).toBe(`${prefix}storage: "big" is not an object; pass an object`);
    });
});
