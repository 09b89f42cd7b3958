// backup.restoreTesting.validation as a user writes it, on both components: the exact error for each
// mistake, before anything is registered.
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("../production-database/fixtures").lambdaBundleStandIn);
import { ProductionAuroraCluster, ProductionAuroraClusterArgs, ProductionAuroraClusterArgumentError } from "../../../components/production-aurora-cluster";
import { ProductionDatabase, ProductionDatabaseArgs, ProductionDatabaseArgumentError } from "../../../components/production-database";
import { captureResources } from "../../support/capture";
import { auroraArgs, auroraMocks } from "../production-aurora-cluster/fixtures";
import { productionArgs } from "../production-database/fixtures";

async function attempt(restoreTesting: unknown, extra: Record<string, unknown> = {}): Promise<{ error: Error | undefined; registered: number }> {
    let error: Error | undefined;
    const { resources } = await captureResources(() => {
        try {
            new ProductionDatabase("orders", productionArgs({ backup: { restoreTesting, ...extra } as ProductionDatabaseArgs["backup"] }));
        } catch (e) {
            error = e as Error;
        }
    });
    return { error, registered: resources.length };
}

async function errorFor(restoreTesting: unknown, extra: Record<string, unknown> = {}): Promise<string> {
    const { error, registered } = await attempt(restoreTesting, extra);
    expect(error).toBeInstanceOf(ProductionDatabaseArgumentError);
    expect(registered).toBe(0);
    return error!.message;
}

const p = 'ProductionDatabase "orders": ';

describe("backup.restoreTesting.validation arguments", () => {
    it.each([
        ["left out", undefined],
        ["true", true],
        ["{}", {}],
        ["validation: false", { validation: false }],
        ["checks", { validation: { queries: [{ name: "orders present", sql: "SELECT count(*) > 0 FROM orders", database: "orders" }], timeoutMs: 120000 } }],
    ])("accepts restoreTesting %s", async (_, restoreTesting) => {
        const { error, registered } = await attempt(restoreTesting);
        expect(error).toBeUndefined();
        expect(registered).toBeGreaterThan(0);
    });

    it.each([
        ["a string", "yes", `${p}backup.restoreTesting: "yes" is not true, false or an object; leave it out for validated weekly restore tests, or set { validation: { queries: [...] } }`],
        [
            "validation true",
            { validation: true },
            `${p}backup.restoreTesting.validation: true is not false or an object; set validation: { queries: [{ name, sql, database }] }, or validation: false to leave restore tests unchecked`,
        ],
        ["an unknown key", { validation: {}, checks: [] }, `${p}backup.restoreTesting.checks: unknown argument; remove it or check its spelling`],
        ["an unknown validation key", { validation: { query: [] } }, `${p}backup.restoreTesting.validation.query: unknown argument; remove it or check its spelling`],
        ["queries not a list", { validation: { queries: "SELECT 1" } }, `${p}backup.restoreTesting.validation.queries: "SELECT 1" is not a list of queries; list { name, sql, database? } checks`],
        [
            "a query with no sql",
            { validation: { queries: [{ name: "x" }] } },
            `${p}backup.restoreTesting.validation.queries[0].sql: not set; write one SELECT that answers a single true, e.g. "SELECT count(*) > 0 FROM orders"`,
        ],
        ["an empty name", { validation: { queries: [{ name: "", sql: "SELECT true" }] } }, `${p}backup.restoreTesting.validation.queries[0].name: "" is empty; name the check, e.g. "orders present"`],
        [
            "two statements",
            { validation: { queries: [{ name: "x", sql: "SELECT true; DELETE FROM orders" }] } },
            `${p}backup.restoreTesting.validation.queries[0].sql: "SELECT true; DELETE FROM orders" holds more than one statement; write a single SELECT (no \`;\` between statements)`,
        ],
        [
            "a bad database name",
            { validation: { queries: [{ name: "x", sql: "SELECT true", database: "orders; drop" }] } },
            `${p}backup.restoreTesting.validation.queries[0].database: "orders; drop" is not a database name; use letters, digits and underscores, starting with a letter, at most 63`,
        ],
        [
            "a duplicate name",
            {
                validation: {
                    queries: [
                        { name: "a", sql: "SELECT true" },
                        { name: "a", sql: "SELECT true" },
                    ],
                },
            },
            `${p}backup.restoreTesting.validation.queries[1].name: "a" names another check too; give each check its own name`,
        ],
        [
            "the built-in name",
            { validation: { queries: [{ name: "health", sql: "SELECT true" }] } },
            `${p}backup.restoreTesting.validation.queries[0].name: "health" names another check too ("health" is the built-in health query); give each check its own name`,
        ],
        ["a timeout too short", { validation: { timeoutMs: 10 } }, `${p}backup.restoreTesting.validation.timeoutMs: 10 is outside 1000-600000; set milliseconds from 1000 to 600000`],
        ["a timeout too long", { validation: { timeoutMs: 900000 } }, `${p}backup.restoreTesting.validation.timeoutMs: 900000 is outside 1000-600000; set milliseconds from 1000 to 600000`],
    ])("refuses %s", async (_, restoreTesting, message) => {
        expect(await errorFor(restoreTesting)).toBe(message);
    });

    it("accepts semicolons inside string literals and one at the end", async () => {
        const { error } = await attempt({ validation: { queries: [{ name: "x", sql: "SELECT count(*) > 0 FROM notes WHERE body <> 'a;b';" }] } });
        expect(error).toBeUndefined();
    });

    it("refuses validation settings when the AWS Backup plan is off", async () => {
        expect(await errorFor({ validation: { queries: [] } }, { plan: false })).toBe(
            `${p}backup.restoreTesting: {"validation":{"queries":[]}} needs the AWS Backup plan, which backup.plan: false turns off; remove one of them`,
        );
    });

    it("words the Aurora cluster's errors the same way", async () => {
        let error: Error | undefined;
        await captureResources(
            () => {
                try {
                    new ProductionAuroraCluster("ledger", auroraArgs({ backup: { restoreTesting: { validation: { timeoutMs: 5 } } } } as Partial<ProductionAuroraClusterArgs>));
                } catch (e) {
                    error = e as Error;
                }
            },
            { mocks: auroraMocks() },
        );
        expect(error).toBeInstanceOf(ProductionAuroraClusterArgumentError);
        expect(error!.message).toBe('ProductionAuroraCluster "ledger": backup.restoreTesting.validation.timeoutMs: 5 is outside 1000-600000; set milliseconds from 1000 to 600000');
    });
});
