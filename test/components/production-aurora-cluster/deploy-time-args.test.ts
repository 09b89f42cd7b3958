// Aurora arguments that only fail at deploy time (CreateDBCluster) are refused before registration.
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("./fixtures").lambdaBundleStandIn);
import { ProductionAuroraCluster, ProductionAuroraClusterArgs, ProductionAuroraClusterArgumentError } from "../../../components/production-aurora-cluster";
import { captureResources } from "../../support/capture";
import { auroraArgs, auroraMocks } from "./fixtures";

async function attempt(args: unknown): Promise<{ error: Error | undefined; registered: number }> {
    let error: Error | undefined;
    const { resources } = await captureResources(
        () => {
            try {
                new ProductionAuroraCluster("ledger", args as ProductionAuroraClusterArgs);
            } catch (e) {
                error = e as Error;
            }
        },
        { mocks: auroraMocks() },
    );
    return { error, registered: resources.length };
}

async function errorFor(args: unknown): Promise<string> {
    const { error, registered } = await attempt(args);
    expect(error).toBeInstanceOf(ProductionAuroraClusterArgumentError);
    expect(registered).toBe(0);
    return error!.message;
}

const prefix = 'ProductionAuroraCluster "ledger": ';

describe("ProductionAuroraCluster: what CreateDBCluster would refuse", () => {
    it.each([
        ["aurora-mysql", "16.6", 'engineVersion: "16.6" is not an Aurora MySQL version (it looks like a PostgreSQL version); write one like "8.0.mysql_aurora.3.08.2"'],
        ["aurora-mysql", "8.0", 'engineVersion: "8.0" is not an Aurora MySQL version (it looks like a MySQL version); write one like "8.0.mysql_aurora.3.08.2"'],
        [
            "aurora-postgresql",
            "8.0.mysql_aurora.3.08.2",
            'engineVersion: "8.0.mysql_aurora.3.08.2" is not an Aurora PostgreSQL version (it looks like an Aurora MySQL version); write one like "16" or "16.6"',
        ],
        ["aurora-postgresql", "9.6", 'engineVersion: "9.6" is not an Aurora PostgreSQL version (it looks like a PostgreSQL version); write one like "16" or "16.6"'],
    ] as const)("refuses engine %s with engineVersion %p", async (engine, engineVersion, message) => {
        expect(await errorFor(auroraArgs({ engine, engineVersion }))).toContain(`${prefix}${message}`);
    });

    it.each([
        ["aurora-mysql", "8.0.mysql_aurora.3.08.2"],
        ["aurora-postgresql", "16.6"],
    ] as const)("accepts engine %s with engineVersion %p", async (engine, engineVersion) => {
        expect((await attempt(auroraArgs({ engine, engineVersion }))).error).toBeUndefined();
    });

    it("refuses a backup window that meets the maintenance window, and a reserved database name", async () => {
        const message = await errorFor(auroraArgs({ engine: "aurora-mysql", maintenanceWindow: "mon:03:45-mon:04:30", databaseName: "database" }));
        expect(message.split("\n")).toEqual([
            `${prefix}databaseName: "database" is a word aurora-mysql reserves, which RDS refuses as a database name; choose another, e.g. "database_db"`,
            `${prefix}backup.window "03:00-04:00" (the default) overlaps maintenanceWindow "mon:03:45-mon:04:30"; RDS refuses windows that meet: move maintenanceWindow so the two do not overlap, e.g. backup.window "03:00-04:00" and maintenanceWindow "sun:05:00-sun:06:00"`,
        ]);
    });

    it("shows Infinity as itself", async () => {
        expect(await errorFor(auroraArgs({ instances: Infinity }))).toMatch(/^ProductionAuroraCluster "ledger": instances: Infinity is not a finite number; /);
    });
});
