import { describeDrillDate, judgeDrillDate, readTag, tagProperty } from "../../../policies/lib/tags";
import { makeResource } from "../../../policies/lib/resource";
import { unknownSentinels } from "../../../policies/evaluate";

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0); // 2025-06-15T12:00:00Z
const judge = (value: string, maxAgeDays = 90) => judgeDrillDate(value, maxAgeDays, NOW);
const db = (tags: unknown) => makeResource({ type: "aws:rds/instance:Instance", name: "db", urn: "urn:db", props: { tags } });

describe("judgeDrillDate", () => {
    it.each([
        ["2025-06-15", { kind: "fresh", ageDays: 0 }],
        ["2025-03-17", { kind: "fresh", ageDays: 90 }],
        ["2025-03-16", { kind: "stale", ageDays: 91 }],
        ["2025-06-16", { kind: "future" }],
        ["2025-06-15T11:00:00Z", { kind: "fresh", ageDays: 0 }],
        ["2025-06-15T12:03:00Z", { kind: "fresh", ageDays: 0 }], // within clock skew
        ["2025-06-15T13:00:00Z", { kind: "future" }],
        ["2025-06-15T14:00:00+02:00", { kind: "fresh", ageDays: 0 }],
        ["2025-06-15T14:00:00+0200", { kind: "fresh", ageDays: 0 }],
        ["2025-06-01T10:00", { kind: "fresh", ageDays: 14 }],
        ["2025-06-01T10:00:00.123456Z", { kind: "fresh", ageDays: 14 }],
        ["2024-01-01T00:00:00Z", { kind: "stale", ageDays: 531 }],
        [" 2025-06-01 ", { kind: "fresh", ageDays: 14 }],
    ])("%s", (value, expected) => {
        expect(judge(value)).toEqual(expected);
    });

    it.each(["yesterday", "15/06/2025", "2025-6-1", "2025-02-30", "2025-13-01", "2025-06-15T25:00:00Z", "2025-06-15T10:61Z", ""])("calls %j unparsable", (value) => {
        expect(judge(value)).toEqual({ kind: "unparsable" });
    });

    it("uses the current time by default", () => {
        expect(judgeDrillDate(new Date().toISOString(), 1).kind).toBe("fresh");
    });

    it("describes each outcome for messages", () => {
        expect(describeDrillDate({ kind: "fresh", ageDays: 3 }, 90)).toBe("3 days old");
        expect(describeDrillDate({ kind: "stale", ageDays: 120 }, 90)).toBe("120 days old, more than 90");
        expect(describeDrillDate({ kind: "future" }, 90)).toBe("in the future");
        expect(describeDrillDate({ kind: "unparsable" }, 90)).toBe("not an ISO date");
    });
});

describe("readTag", () => {
    it("tells a value, a missing tag, an unknown map or value, and a map of the wrong type apart", () => {
        expect(readTag(db({ runbook: "https://x" }), "runbook")).toEqual({ kind: "value", value: "https://x" });
        expect(readTag(db({ owner: "a" }), "runbook")).toEqual({ kind: "missing" });
        expect(readTag(db(undefined), "runbook")).toEqual({ kind: "missing" });
        expect(readTag(db(null), "runbook")).toEqual({ kind: "missing" });
        expect(readTag(db(unknownSentinels.object), "runbook")).toEqual({ kind: "unknown", property: "tags" });
        expect(readTag(db({ "on-call": unknownSentinels.string }), "on-call")).toEqual({ kind: "unknown", property: 'tags["on-call"]' });
        expect(readTag(db("runbook=https://x"), "runbook")).toEqual({ kind: "invalid", value: "runbook=https://x" });
        expect(readTag(db(["runbook"]), "runbook")).toEqual({ kind: "invalid", value: ["runbook"] });
    });

    it("names tags as a Pulumi program would write them", () => {
        expect(tagProperty("runbook")).toBe("tags.runbook");
        expect(tagProperty("on-call")).toBe('tags["on-call"]');
        expect(tagProperty("team:owner")).toBe('tags["team:owner"]');
    });
});
