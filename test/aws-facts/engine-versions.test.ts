import { engineVersionProblem } from "../../aws-facts/engine-versions";

describe("engine versions per engine", () => {
    it.each([
        ["postgres", ["9.6", "9.6.24", "10", "16", "16.4", "17.2", "11.22-rds.20240418"], ["8.0", "5.7", "16.x", "8.0.mysql_aurora.3.08.2"]],
        ["mysql", ["5.7", "5.7.44", "8.0", "8.0.40", "8.4.3"], ["16", "10.11", "9", "8.0.mysql_aurora.3.08.2"]],
        ["mariadb", ["10.4", "10.11", "10.11.9", "11.4.4"], ["8.0", "16", "12.1"]],
        ["aurora-postgresql", ["11", "16", "16.6"], ["9.6", "8.0", "8.0.mysql_aurora.3.08.2"]],
        ["aurora-mysql", ["8.0.mysql_aurora.3.08.2", "5.7.mysql_aurora.2.12.1"], ["16.6", "8.0", "3.08.2"]],
    ])("%s takes %j and refuses %j", (engine, good, bad) => {
        for (const v of good) expect(engineVersionProblem(engine, v)).toBeUndefined();
        for (const v of bad) expect(engineVersionProblem(engine, v)).toMatch(/^is not an? .* version/);
    });

    it("leaves engines it has no facts for alone", () => {
        expect(engineVersionProblem("oracle-ee", "19")).toBeUndefined();
    });
});
