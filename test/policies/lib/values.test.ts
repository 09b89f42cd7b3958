import { unknownCheckingProxy } from "@pulumi/policy";
import fc from "fast-check";
import { UNKNOWN, asBoolean, asNumber, asObjectList, asString, asStringList, asStringMap, containsUnknown, readPath, show, unknownSentinels } from "../../../policies/lib/values";

describe("reading props the SDK wraps in its unknown-checking proxy", () => {
    const props = unknownCheckingProxy({
        backupRetentionPeriod: unknownSentinels.number,
        tags: { runbook: "https://x", owner: unknownSentinels.string },
        ingress: [{ cidrBlocks: ["10.0.0.0/8"] }, unknownSentinels.object],
        multiAz: null,
    });

    it("the SDK proxy itself throws on an unknown (why policies must not read it directly)", () => {
        expect(() => (props as Record<string, unknown>).backupRetentionPeriod).toThrow(/can't be known during preview/);
    });

    it("tells unknown from absent, top-level and nested", () => {
        expect(readPath(props, "backupRetentionPeriod")).toBe(UNKNOWN);
        expect(readPath(props, "storageEncrypted")).toBeUndefined();
        expect(readPath(props, "multiAz")).toBeUndefined();
        expect(readPath(props, "tags.runbook")).toBe("https://x");
        expect(readPath(props, "tags.owner")).toBe(UNKNOWN);
        expect(readPath(props, "ingress.0.cidrBlocks.0")).toBe("10.0.0.0/8");
        expect(readPath(props, "ingress.1.cidrBlocks")).toBe(UNKNOWN);
        expect(readPath(props, "tags.runbook.deeper")).toBeUndefined();
    });

    it("finds unknowns anywhere inside a value", () => {
        expect(containsUnknown(props)).toBe(true);
        expect(containsUnknown({ a: [1, { b: "x" }] })).toBe(false);
        expect(containsUnknown({ a: [1, { b: unknownSentinels.array }] })).toBe(true);
    });
});

describe("typed readers", () => {
    it("accept the types RDS takes, including strings the engine sometimes passes", () => {
        expect(asBoolean("true")).toBe(true);
        expect(asBoolean(false)).toBe(false);
        expect(asNumber("14")).toBe(14);
        expect(asNumber(7)).toBe(7);
        expect(asString(5432)).toBe("5432");
    });

    it("return wrong types as { invalid } instead of throwing", () => {
        expect(asBoolean("yes")).toEqual({ invalid: "yes" });
        expect(asNumber("soon")).toEqual({ invalid: "soon" });
        expect(asNumber(Number.NaN)).toEqual({ invalid: Number.NaN });
        expect(asString({})).toEqual({ invalid: {} });
        expect(asStringList("a")).toEqual({ invalid: "a" });
        expect(asStringMap(["a"])).toEqual({ invalid: ["a"] });
        expect(asObjectList(3)).toEqual({ invalid: 3 });
    });

    it("carry unknowns through lists and maps", () => {
        expect(asStringList(["a", unknownSentinels.string])).toBe(UNKNOWN);
        expect(asStringList(unknownSentinels.array)).toBe(UNKNOWN);
        expect(asStringMap({ a: "1", b: unknownSentinels.string })).toEqual({ a: "1", b: UNKNOWN });
        expect(asObjectList([{ a: 1 }, unknownSentinels.object])).toEqual([{ a: 1 }, UNKNOWN]);
    });

    it("never throw on arbitrary input", () => {
        fc.assert(
            fc.property(fc.anything(), (v) => {
                for (const read of [asBoolean, asNumber, asString, asStringList, asStringMap, asObjectList, containsUnknown, show]) read(v);
                readPath({ v }, "v.a.0.b");
            }),
        );
    });

    it("show values the way messages print them", () => {
        expect(show(undefined)).toBe("unset");
        expect(show(UNKNOWN)).toBe("unknown until deployment");
        expect(show("x")).toBe('"x"');
        expect(show({ invalid: 3 })).toBe("3");
        expect(show(["a"])).toBe('["a"]');
        // Unknown sentinels, bare or anywhere inside a value, are never printed as strings.
        for (const sentinel of Object.values(unknownSentinels)) {
            expect(show(sentinel)).toBe("unknown until deployment");
            expect(show(["sg-1", sentinel])).toBe('["sg-1",<unknown until deployment>]');
            expect(show({ invalid: { a: [sentinel] } })).toBe('{"a":[<unknown until deployment>]}');
        }
    });
});
