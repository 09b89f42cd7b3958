import fc from "fast-check";
import { connectionBudget, describeClass, describePools, poolDemand } from "../../../components/shared/capacity";

describe("connectionBudget", () => {
    it("gives PostgreSQL what the class memory supports: 8 GiB / 9531392 bytes per connection", () => {
        expect(connectionBudget("postgres", "db.m6g.large", { pools: [], reserved: 10 })).toEqual({
            maxConnections: 901,
            ceiling: 901,
            demand: 0,
            reserved: 10,
            headroom: 891,
        });
    });

    it("gives MySQL and MariaDB 8 GiB / 12582880 bytes per connection", () => {
        expect(connectionBudget("mysql", "db.m6g.large", { pools: [], reserved: 0 })?.maxConnections).toBe(682);
        expect(connectionBudget("mariadb", "db.r6g.xlarge", { pools: [], reserved: 0 })?.maxConnections).toBe(2730);
    });

    it("caps PostgreSQL at 5000 connections however large the class", () => {
        expect(connectionBudget("postgres", "db.r6g.16xlarge", { pools: [], reserved: 0 })?.maxConnections).toBe(5000);
    });

    it("uses an explicit max_connections and still reports the class ceiling", () => {
        const budget = connectionBudget("postgres", "db.m6g.large", { maxConnections: 400, pools: [{ name: "api", size: 20, replicas: 10 }], reserved: 10 });
        expect(budget).toEqual({ maxConnections: 400, ceiling: 901, demand: 200, reserved: 10, headroom: 190 });
    });

    it("has a negative headroom when the pools and the reserve do not fit", () => {
        const budget = connectionBudget("postgres", "db.m6g.large", { pools: [{ name: "api", size: 50, replicas: 18 }], reserved: 10 });
        expect(budget?.headroom).toBe(901 - 900 - 10);
    });

    it("is undefined for a class the memory table does not know, unless max_connections is given", () => {
        expect(connectionBudget("postgres", "db.z9.huge", { pools: [], reserved: 10 })).toBeUndefined();
        expect(connectionBudget("postgres", "db.z9.huge", { maxConnections: 100, pools: [], reserved: 10 })).toEqual({
            maxConnections: 100,
            ceiling: undefined,
            demand: 0,
            reserved: 10,
            headroom: 90,
        });
    });

    it("counts every pool's size x replicas and the reserve against max_connections", () => {
        const pool = fc.record({ name: fc.string(), size: fc.integer({ min: 1, max: 200 }), replicas: fc.integer({ min: 1, max: 50 }) });
        fc.assert(
            fc.property(fc.array(pool, { maxLength: 8 }), fc.integer({ min: 0, max: 100 }), (pools, reserved) => {
                const budget = connectionBudget("postgres", "db.r6g.2xlarge", { pools, reserved })!;
                expect(budget.demand).toBe(pools.reduce((s, p) => s + p.size * p.replicas, 0));
                expect(budget.headroom).toBe(budget.maxConnections - budget.demand - reserved);
            }),
        );
    });
});

describe("messages", () => {
    it("shows each pool's arithmetic", () => {
        const pools = [
            { name: "api", size: 20, replicas: 6 },
            { name: "worker", size: 10, replicas: 4 },
        ];
        expect(poolDemand(pools)).toBe(160);
        expect(describePools(pools)).toBe("api 20 x 6 = 120, worker 10 x 4 = 40");
    });

    it("shows the class with its memory", () => {
        expect(describeClass("db.m6g.large")).toBe("db.m6g.large (8 GiB)");
        expect(describeClass("db.z9.huge")).toBe("db.z9.huge");
    });
});
