import { instanceClassMemoryBytes, isBurstableClass, maxConnectionsFor, maxConnectionsForMemory, serverlessV2MemoryBytes } from "../../aws-facts/capacity";

const GiB = 1024 ** 3;

describe("instanceClassMemoryBytes", () => {
    it.each([
        ["db.t3.micro", 1],
        ["db.t4g.medium", 4],
        ["db.m6g.large", 8],
        ["db.r6g.large", 16],
        ["db.r6i.2xlarge", 64],
        ["db.x2g.large", 32],
    ])("knows %s has %i GiB", (instanceClass, gib) => {
        expect(instanceClassMemoryBytes(instanceClass)).toBe(gib * GiB);
    });

    it("returns undefined for classes it does not know", () => {
        expect(instanceClassMemoryBytes("db.serverless")).toBeUndefined();
        expect(instanceClassMemoryBytes("db.q9.large")).toBeUndefined();
        expect(instanceClassMemoryBytes("r6g.large")).toBeUndefined();
    });
});

describe("isBurstableClass", () => {
    it("tells burstable classes from fixed-performance ones", () => {
        expect(isBurstableClass("db.t4g.micro")).toBe(true);
        expect(isBurstableClass("db.r6g.large")).toBe(false);
    });
});

describe("maxConnectionsFor", () => {
    it("applies each engine's parameter-group formula to the class memory", () => {
        // 16 GiB: PostgreSQL 17179869184 / 9531392, MySQL 17179869184 / 12582880.
        expect(maxConnectionsFor("postgres", "db.r6g.large")).toBe(1802);
        expect(maxConnectionsFor("mysql", "db.r6g.large")).toBe(1365);
        expect(maxConnectionsFor("aurora-mysql", "db.r6g.large")).toBe(1069);
    });

    it("caps PostgreSQL at 5000", () => {
        expect(maxConnectionsFor("postgres", "db.r6g.16xlarge")).toBe(5000);
    });

    it("knows no formula for SQL Server, Oracle or Db2, nor memory for unknown classes", () => {
        expect(maxConnectionsFor("sqlserver", "db.r6g.large")).toBeUndefined();
        expect(maxConnectionsFor("postgres", "db.q9.large")).toBeUndefined();
    });
});

describe("serverlessV2MemoryBytes", () => {
    it("gives about 2 GiB per ACU, the memory max_connections follows", () => {
        expect(serverlessV2MemoryBytes(0.5)).toBe(GiB);
        expect(serverlessV2MemoryBytes(8)).toBe(16 * GiB);
        expect(maxConnectionsForMemory("aurora-postgresql", serverlessV2MemoryBytes(8))).toBe(maxConnectionsFor("aurora-postgresql", "db.r6g.large"));
    });
});
