// Odd input on DynamoDB, ElastiCache and MemoryDB: values of the wrong type, nulls and values unknown
// at preview never crash a policy, and unknowns never pass silently or block (they are advisory notes).
import { evaluate } from "../../policies/evaluate";
import { unknownSentinels } from "../../policies/lib/values";
import { compliantKvStack } from "../fixtures/compliant-kv";

const stores = ["orders-table", "ledger-table", "sessions", "sessions-reader", "catalog-cache", "feature-flags", "payments-kv", "sessions-users", "sessions-app-user", "payments-app-user"];

function mapProps(change: (key: string, value: unknown) => unknown) {
    return compliantKvStack().map((r) =>
        stores.includes(r.name)
            ? {
                  ...r,
                  props: Object.fromEntries(
                      Object.entries(r.props)
                          .filter(([k]) => !["id", "arn", "memberClusters"].includes(k))
                          .map(([k, v]) => [k, change(k, v)]),
                  ),
              }
            : r,
    );
}

describe("the pack on odd key-value input", () => {
    it("reports every property unknown at preview as advisory notes only, and never crashes", async () => {
        const sentinel = (v: unknown) =>
            typeof v === "boolean"
                ? unknownSentinels.boolean
                : typeof v === "number"
                  ? unknownSentinels.number
                  : Array.isArray(v)
                    ? unknownSentinels.array
                    : typeof v === "object"
                      ? unknownSentinels.object
                      : unknownSentinels.string;
        const findings = await evaluate(
            mapProps((_k, v) => sentinel(v)),
            { preview: true },
        );
        expect(findings.filter((f) => f.enforcementLevel === "mandatory")).toEqual([]);
        expect(findings.length).toBeGreaterThan(0);
        for (const f of findings) expect(f.message).not.toMatch(/TypeError|undefined is not|Cannot read/);
        // Each store whose settings are all unknown gets at least one note: nothing passes silently.
        for (const name of ["orders-table", "sessions", "catalog-cache", "feature-flags", "payments-kv"]) {
            expect(findings.some((f) => f.resource === name)).toBe(true);
        }
    });

    it("reports values of the wrong type as violations or passes, never a crash", async () => {
        for (const odd of [null, "yes", 42, [], {}, [null], { enabled: "maybe" }]) {
            const findings = await evaluate(mapProps((k, v) => (k === "tags" || k === "name" || k === "engine" ? v : odd)));
            for (const f of findings) expect(f.message).not.toMatch(/TypeError|undefined is not|Cannot read|threw/);
        }
    });
});
