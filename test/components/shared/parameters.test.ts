import { auditPlugin, databaseParameters, majorEngineVersion } from "../../../components/shared/parameters";
import { isTlsOn, tlsParameter } from "../../../aws-facts/parameter-groups";

const byName = (family: Parameters<typeof databaseParameters>[0], slowQueryMs = 1000) => Object.fromEntries(databaseParameters(family, { maxConnections: 901, slowQueryMs }).map((p) => [p.name, p]));

describe("databaseParameters", () => {
    it.each(["postgres", "mysql", "mariadb", "aurora-postgresql", "aurora-mysql"] as const)("forces TLS on %s with the engine's own switch", (family) => {
        const tls = tlsParameter(family)!;
        const p = byName(family)[tls.name];
        expect(p).toBeDefined();
        expect(isTlsOn(family, p.value)).toBe(true);
    });

    it("sets max_connections explicitly, applied at the next reboot (it is static on PostgreSQL)", () => {
        expect(byName("postgres").max_connections).toEqual({ name: "max_connections", value: "901", applyMethod: "pending-reboot" });
        expect(byName("mysql").max_connections.value).toBe("901");
    });

    it("logs slow statements, connections and schema changes on PostgreSQL", () => {
        const p = byName("postgres", 250);
        expect(p.log_min_duration_statement.value).toBe("250");
        expect(p.log_connections.value).toBe("1");
        expect(p.log_disconnections.value).toBe("1");
        expect(p.log_statement.value).toBe("ddl");
    });

    it("turns the slow query log on for MySQL and MariaDB, written to the file the slowquery export reads", () => {
        for (const family of ["mysql", "mariadb"] as const) {
            const p = byName(family, 500);
            expect(p.slow_query_log.value).toBe("1");
            expect(p.long_query_time.value).toBe("0.5");
            expect(p.log_output.value).toBe("FILE");
        }
    });

    it("applies logging parameters at once and never uses immediate for a static one", () => {
        for (const family of ["postgres", "mysql"] as const) {
            for (const p of databaseParameters(family, { maxConnections: 100, slowQueryMs: 1000 })) {
                expect(["immediate", "pending-reboot"]).toContain(p.applyMethod);
                if (p.name === "max_connections") expect(p.applyMethod).toBe("pending-reboot");
            }
        }
    });
});

test("the audit plugin logs connections, schema changes and grants", () => {
    expect(auditPlugin.optionName).toBe("MARIADB_AUDIT_PLUGIN");
    expect(auditPlugin.optionSettings).toContainEqual({ name: "SERVER_AUDIT_EVENTS", value: "CONNECT,QUERY_DDL,QUERY_DCL" });
});

test("majorEngineVersion", () => {
    expect(majorEngineVersion("8.0.39")).toBe("8.0");
    expect(majorEngineVersion("10.11")).toBe("10.11");
    expect(majorEngineVersion("16")).toBe("16");
});
