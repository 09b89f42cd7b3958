import { types } from "../../../aws-facts/resource-types";
import { componentTypes } from "../../../contract";
import type { ResourceInput } from "../../../policies/evaluate";
import { dbAppUsersLeastPrivilege } from "../../../policies/users/db-app-users-least-privilege";
import { compliantStack } from "../../fixtures/compliant-stack";
import { set, typedBuilder, unset, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

// The postgresql and mysql providers are not dependencies of the project: these props stay untyped.
const resource = (type: string) => typedBuilder<Record<string, unknown>>(type);
const pg = { role: resource(types.postgresqlRole), grant: resource(types.postgresqlGrant) };
const mysql = { user: resource(types.mysqlUser), grant: resource(types.mysqlGrant) };
const component = { database: resource(componentTypes.productionDatabase), aurora: resource(componentTypes.productionAuroraCluster) };

/** The compliant stack plus least-privilege app users of every kind the policy reads. */
function stackWithAppUsers(): ResourceInput[] {
    return [
        ...compliantStack(),
        pg.role("orders-app", { name: "orders_app", login: true, roles: ["rds_iam"] }),
        pg.grant("orders-app-connect", { database: "orders", role: "orders_app", objectType: "database", privileges: ["CONNECT", "TEMP"] }),
        pg.grant("orders-app-schema", { database: "orders", role: "orders_app", schema: "public", objectType: "schema", privileges: ["USAGE"] }),
        pg.grant("orders-app-tables", { database: "orders", role: "orders_app", schema: "public", objectType: "table", objects: [], privileges: ["ALL"] }),
        mysql.user("billing-app", { user: "billing_app", host: "%", authPlugin: "AWSAuthenticationPlugin" }),
        mysql.grant("billing-app-data", { user: "billing_app", host: "%", database: "billing", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] }),
        component.database("orders", {
            appUsers: [
                { name: "orders_app", privilege: "readwrite", databases: ["orders"] },
                { name: "reporting", privilege: "readonly", databases: ["orders"] },
            ],
        }),
        component.aurora("ledger-cluster", { appUsers: [{ name: "ledger_owner", privilege: "owner", databases: ["ledger"] }] }),
    ];
}

const messages = async (stack: ResourceInput[], options = {}) => (await run(dbAppUsersLeastPrivilege, stack, options)).map((f) => `${f.resource}: ${f.message}`);

describe("db-app-users-least-privilege", () => {
    it("passes the compliant stack, with and without least-privilege app users", async () => {
        expect(await run(dbAppUsersLeastPrivilege, compliantStack())).toEqual([]);
        expect(await run(dbAppUsersLeastPrivilege, stackWithAppUsers())).toEqual([]);
    });

    it("flags a superuser PostgreSQL role, on the role, with the fix", async () => {
        const findings = await run(dbAppUsersLeastPrivilege, withProps(stackWithAppUsers(), pg.role, "orders-app", set({ superuser: true })));
        expect(findings).toEqual([
            expect.objectContaining({
                enforcementLevel: "mandatory",
                resource: "orders-app",
                message:
                    'postgresql.Role "orders-app": superuser is true; wanted false or unset (an application role is not an administrator). ' +
                    'Fix: remove `superuser` from the postgresql.Role args of "orders-app"; keep administration with the master user.',
            }),
        ]);
    });

    it.each(["createRole", "createDatabase", "replication", "bypassRowLevelSecurity"])("flags a role with %s", async (attribute) => {
        expect(await messages(withProps(stackWithAppUsers(), pg.role, "orders-app", set({ [attribute]: true })))).toEqual([
            expect.stringContaining(`orders-app: postgresql.Role "orders-app": ${attribute} is true`),
        ]);
    });

    it("flags membership in rds_superuser", async () => {
        expect(await messages(withProps(stackWithAppUsers(), pg.role, "orders-app", set({ roles: ["rds_iam", "rds_superuser"] })))).toEqual([
            expect.stringContaining('roles is ["rds_iam","rds_superuser"]; wanted no membership in rds_superuser'),
        ]);
    });

    it("flags PostgreSQL grants that are not scoped: no database, CREATE or ALL on a database, ALL on a schema, tables without a schema, grant option", async () => {
        let stack = withProps(stackWithAppUsers(), pg.grant, "orders-app-connect", set({ privileges: ["CONNECT", "CREATE"] }));
        stack = withProps(stack, pg.grant, "orders-app-schema", set({ privileges: ["ALL PRIVILEGES"] }));
        stack = withProps(stack, pg.grant, "orders-app-tables", (p) => ({ ...unset<typeof p>("schema", "database")(p), withGrantOption: true }));
        expect(await messages(stack)).toEqual([
            'orders-app-connect: postgresql.Grant "orders-app-connect": privileges is ["CONNECT","CREATE"]; wanted only CONNECT, TEMPORARY on a database (CREATE and ALL are the owner\'s). ' +
                'Fix: set `privileges: ["CONNECT"]` in the postgresql.Grant args of "orders-app-connect" and grant table privileges with objectType "table" in a named schema.',
            expect.stringContaining('orders-app-schema: postgresql.Grant "orders-app-schema": privileges is ["ALL PRIVILEGES"]; wanted named privileges on a schema'),
            expect.stringContaining('orders-app-tables: postgresql.Grant "orders-app-tables": database is unset; wanted the name of one database'),
            expect.stringContaining('orders-app-tables: postgresql.Grant "orders-app-tables": withGrantOption is true'),
            expect.stringContaining('orders-app-tables: postgresql.Grant "orders-app-tables": schema is unset; wanted a named schema for a table grant'),
        ]);
    });

    it("flags MySQL grants on every database, with ALL or administrative privileges, or WITH GRANT OPTION", async () => {
        const stack = withProps(stackWithAppUsers(), mysql.grant, "billing-app-data", set({ database: "*", privileges: ["select", "Super", "all privileges"], grant: true }));
        expect(await messages(stack)).toEqual([
            'billing-app-data: mysql.Grant "billing-app-data": database is "*"; wanted the name of one database ("*" grants on every database of the server). ' +
                'Fix: set `database` to the application\'s database in the mysql.Grant args of "billing-app-data".',
            expect.stringContaining("grant is true; wanted false or unset"),
            expect.stringContaining('privileges is ["select","Super","all privileges"]; wanted named data privileges'),
        ]);
        expect((await messages(stack))[2]).toContain('Fix: remove "Super", "all privileges" from `privileges`');
    });

    it("does not flag a MySQL user on its own", async () => {
        expect(await run(dbAppUsersLeastPrivilege, [mysql.user("u", { user: "u", host: "%" })])).toEqual([]);
    });

    it("flags component app users with an unknown privilege level or no named databases", async () => {
        const stack = withProps(
            stackWithAppUsers(),
            component.database,
            "orders",
            set({
                appUsers: [
                    { name: "orders_app", privilege: "admin", databases: ["orders"] },
                    { name: "etl", privilege: "readonly", databases: [] },
                    { name: "ops", privilege: "readwrite" },
                    { name: "all", privilege: "readonly", databases: ["*"] },
                ],
            }),
        );
        expect(await messages(stack)).toEqual([
            'orders: db-preflight.aws.ProductionDatabase "orders": appUsers[0].privilege is "admin"; wanted one of "readonly", "readwrite", "owner" (app user "orders_app"). ' +
                'Fix: set `privilege: "readwrite"` (or "readonly") on appUsers[0] in the db-preflight.aws.ProductionDatabase args of "orders".',
            expect.stringContaining('appUsers[1].databases is []; wanted a non-empty list of named databases (app user "etl")'),
            expect.stringContaining('appUsers[2].databases is unset; wanted a non-empty list of named databases (app user "ops")'),
            expect.stringContaining('appUsers[3].databases is ["*"]'),
        ]);
    });

    it("takes the allowed app-user levels and denied MySQL privileges from config", async () => {
        const config = { "db-app-users-least-privilege": { appUserPrivileges: ["readonly", "readwrite"], mysqlDeniedPrivileges: ["ALL", "DELETE"] } };
        expect(await messages(stackWithAppUsers(), { config })).toEqual([
            expect.stringContaining('billing-app-data: mysql.Grant "billing-app-data": privileges is ["SELECT","INSERT","UPDATE","DELETE"]'),
            expect.stringContaining('ledger-cluster: db-preflight.aws.ProductionAuroraCluster "ledger-cluster": appUsers[0].privilege is "owner"'),
        ]);
    });

    it("notes values unknown at preview as advisory, and still reports known-bad ones", async () => {
        let stack = withProps(stackWithAppUsers(), pg.role, "orders-app", set({ superuser: unknownSentinels.boolean, createRole: true }));
        stack = withProps(stack, pg.grant, "orders-app-connect", set({ privileges: unknownSentinels.array }));
        stack = withProps(stack, component.database, "orders", set({ appUsers: unknownSentinels.array }));
        const findings = await run(dbAppUsersLeastPrivilege, stack, { preview: true });
        expect(atLevel(findings).map((f) => f.message)).toEqual([expect.stringContaining("createRole is true")]);
        expect(atLevel(findings, "advisory").map((f) => f.message)).toEqual([
            expect.stringContaining('postgresql.Role "orders-app": superuser is not known during preview'),
            expect.stringContaining('postgresql.Grant "orders-app-connect": privileges is not known during preview'),
            expect.stringContaining('db-preflight.aws.ProductionDatabase "orders": appUsers is not known during preview'),
        ]);
    });

    it("reports odd input as violations instead of crashing", async () => {
        const odd = [
            pg.role("r", { superuser: "yes", roles: "rds_superuser" }),
            pg.grant("g", { database: 42, objectType: "database", privileges: "ALL" }),
            pg.grant("g2", { objectType: null, privileges: null }),
            mysql.grant("m", { database: ["x"], privileges: [null, "SELECT"], grant: "no" }),
            component.database("c", { appUsers: "orders_app" }),
            component.aurora("c2", { appUsers: [null, "x", { privilege: 3, databases: "orders" }] }),
        ];
        const found = await messages(odd);
        expect(found).toEqual(
            expect.arrayContaining([
                expect.stringContaining('r: postgresql.Role "r": superuser is "yes"'),
                expect.stringContaining('r: postgresql.Role "r": roles is "rds_superuser"'),
                expect.stringContaining('g: postgresql.Grant "g": privileges is "ALL"'),
                expect.stringContaining('m: mysql.Grant "m": database is ["x"]'),
                expect.stringContaining('m: mysql.Grant "m": grant is "no"'),
                expect.stringContaining('c: db-preflight.aws.ProductionDatabase "c": appUsers is "orders_app"'),
                expect.stringContaining('c2: db-preflight.aws.ProductionAuroraCluster "c2": appUsers[1] is "x"; wanted an object { name, privilege, databases }'),
                expect.stringContaining("appUsers[2].privilege is 3"),
                expect.stringContaining('appUsers[2].databases is "orders"'),
            ]),
        );
    });
});
