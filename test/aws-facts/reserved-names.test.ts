import { databaseNameProblem, masterUsernameProblem } from "../../aws-facts/reserved-names";

describe("names RDS refuses", () => {
    it("initial database: the engine's reserved words and system databases, case-insensitively", () => {
        expect(databaseNameProblem("postgres", "orders")).toBeUndefined();
        expect(databaseNameProblem("postgres", "User")).toMatch(/reserves/);
        expect(databaseNameProblem("aurora-postgresql", "postgres")).toMatch(/already has/);
        expect(databaseNameProblem("mysql", "information_schema")).toMatch(/already has/);
        expect(databaseNameProblem("mariadb", "order")).toMatch(/reserves/);
        // `user` is reserved by PostgreSQL only.
        expect(databaseNameProblem("mysql", "user")).toBeUndefined();
    });

    it("master username: reserved words, RDS's and the engine's own users and prefixes", () => {
        expect(masterUsernameProblem("postgres", "orders_admin")).toBeUndefined();
        expect(masterUsernameProblem("postgres", "pg_monitor")).toMatch(/reserves/);
        expect(masterUsernameProblem("postgres", "rds_superuser")).toMatch(/reserves/);
        expect(masterUsernameProblem("aurora-mysql", "rdsadmin")).toMatch(/reserves/);
        expect(masterUsernameProblem("mysql", "select")).toMatch(/reserves/);
    });
});
