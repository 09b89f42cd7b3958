import { engineFamilyOfParameterGroupFamily, isDefaultParameterGroupName, parameterGroupFamily } from "../../aws-facts/parameter-groups";

describe("engineFamilyOfParameterGroupFamily", () => {
    it.each([
        ["postgres16", "postgres"],
        ["aurora-postgresql16", "aurora-postgresql"],
        ["mysql8.0", "mysql"],
        ["aurora-mysql8.0", "aurora-mysql"],
        ["aurora5.6", "aurora-mysql"],
        ["mariadb10.11", "mariadb"],
        ["sqlserver-se-15.0", "sqlserver"],
        ["oracle-ee-19", "oracle"],
        ["db2-se-11.5", "db2"],
    ])("reads %s as %s", (family, engine) => {
        expect(engineFamilyOfParameterGroupFamily(family)).toBe(engine);
    });

    it("returns undefined for families it does not know", () => {
        expect(engineFamilyOfParameterGroupFamily("")).toBeUndefined();
        expect(engineFamilyOfParameterGroupFamily("redis7")).toBeUndefined();
    });

    it("inverts parameterGroupFamily", () => {
        for (const [engine, version] of [
            ["postgres", "16.4"],
            ["aurora-postgresql", "15.6"],
            ["mysql", "8.0.35"],
            ["mariadb", "10.11.6"],
            ["aurora-mysql", "8.0.mysql_aurora.3.05.2"],
        ]) {
            expect(engineFamilyOfParameterGroupFamily(parameterGroupFamily(engine, version))).toBe(engine);
        }
    });
});

describe("isDefaultParameterGroupName", () => {
    it("tells AWS's default groups case-insensitively, as AWS stores names lowercase", () => {
        expect(isDefaultParameterGroupName("default.postgres16")).toBe(true);
        expect(isDefaultParameterGroupName(" Default.Postgres16")).toBe(true);
        expect(isDefaultParameterGroupName("DEFAULT:mysql-8-0")).toBe(true);
        expect(isDefaultParameterGroupName("defaults-pg16")).toBe(false);
    });
});
