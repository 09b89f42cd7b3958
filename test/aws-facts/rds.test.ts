import { apiDefaults, auditLogExports, defaultPorts, engineFamily, protocolOf } from "../../aws-facts/rds";

describe("RDS engine facts", () => {
    it("name each RDS engine value's family, case-insensitively, and nothing for a value RDS does not know", () => {
        const families = Object.fromEntries(
            ["postgres", "custom-postgres", "MySQL", "mariadb", "aurora-postgresql", "aurora", "aurora-mysql", "sqlserver-se", "custom-sqlserver-ee", "oracle-ee-cdb", "db2-ae", "mongodb", ""].map(
                (e) => [e, engineFamily(e)],
            ),
        );
        expect(families).toEqual({
            postgres: "postgres",
            "custom-postgres": "postgres",
            MySQL: "mysql",
            mariadb: "mariadb",
            "aurora-postgresql": "aurora-postgresql",
            aurora: "aurora-mysql",
            "aurora-mysql": "aurora-mysql",
            "sqlserver-se": "sqlserver",
            "custom-sqlserver-ee": "sqlserver",
            "oracle-ee-cdb": "oracle",
            "db2-ae": "db2",
            mongodb: undefined,
            "": undefined,
        });
        expect(engineFamily(undefined)).toBeUndefined();
    });

    it("tell the wire protocol through the family: Aurora speaks its base engine's, MariaDB MySQL's", () => {
        expect(["postgres", "aurora-postgresql", "custom-postgres", "Postgres"].map(protocolOf)).toEqual(["postgresql", "postgresql", "postgresql", "postgresql"]);
        expect(["mysql", "mariadb", "aurora-mysql", "aurora"].map(protocolOf)).toEqual(["mysql", "mysql", "mysql", "mysql"]);
    });

    it("give every family a default port and audit log exports, and the API's defaults as RDS applies them", () => {
        expect(defaultPorts).toMatchObject({ postgres: 5432, "aurora-postgresql": 5432, mysql: 3306, mariadb: 3306, "aurora-mysql": 3306, sqlserver: 1433, oracle: 1521 });
        expect(Object.keys(auditLogExports).sort()).toEqual(Object.keys(defaultPorts).sort());
        expect(apiDefaults).toMatchObject({ storageEncrypted: false, multiAz: false, deletionProtection: false });
    });
});
