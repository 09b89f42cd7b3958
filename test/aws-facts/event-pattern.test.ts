import { isDefaultEventBus, parseEventPattern, patternAdmits } from "../../aws-facts/event-pattern";

const failedBackupJob = [
    { path: ["source"], value: "aws.backup" },
    { path: ["detail-type"], value: "Backup Job State Change" },
    { path: ["detail", "state"], value: "FAILED" },
];
const admits = (pattern: object) => patternAdmits(pattern as Record<string, unknown>, failedBackupJob);

describe("parseEventPattern", () => {
    it("parses a JSON object", () => {
        expect(parseEventPattern('{"source":["aws.backup"]}')).toEqual({ source: ["aws.backup"] });
    });

    it.each([
        ["not JSON", "{source: aws.backup"],
        ["a JSON array", '["aws.backup"]'],
        ["a JSON string", '"aws.backup"'],
        ["JSON null", "null"],
        ["an empty object (EventBridge rejects it)", "{}"],
    ])("returns undefined for %s", (_, json) => {
        expect(parseEventPattern(json)).toBeUndefined();
    });
});

describe("patternAdmits", () => {
    it("admits the event when every named field lists its value", () => {
        expect(admits({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED", "ABORTED"] } })).toBe(true);
    });

    it("treats fields the pattern does not name as matching anything", () => {
        expect(admits({ source: ["aws.backup"] })).toBe(true);
        expect(admits({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"] })).toBe(true);
    });

    it("does not judge fields it was not told about (they only narrow the rule)", () => {
        expect(admits({ source: ["aws.backup"], account: ["123456789012"], detail: { state: ["FAILED"], resourceType: ["RDS"] } })).toBe(true);
    });

    it("rejects a pattern naming another value", () => {
        expect(admits({ source: ["aws.ec2"] })).toBe(false);
        expect(admits({ source: ["aws.backup"], detail: { state: ["COMPLETED"] } })).toBe(false);
        expect(admits({ source: ["aws.backup"], "detail-type": ["Copy Job State Change"] })).toBe(false);
    });

    it("rejects a leaf that is not an array, and a nested field that is not an object", () => {
        expect(admits({ source: "aws.backup" })).toBe(false);
        expect(admits({ detail: ["FAILED"] })).toBe(false);
    });

    it.each([
        [{ prefix: "FAIL" }, true],
        [{ prefix: { "equals-ignore-case": "fail" } }, true],
        [{ suffix: "ED" }, true],
        [{ suffix: { "equals-ignore-case": "ed" } }, true],
        [{ "equals-ignore-case": "failed" }, true],
        [{ wildcard: "F*D" }, true],
        [{ wildcard: "F?ILED" }, false],
        [{ exists: true }, true],
        [{ exists: false }, false],
        [{ "anything-but": "COMPLETED" }, true],
        [{ "anything-but": ["COMPLETED", "FAILED"] }, false],
        [{ "anything-but": { prefix: "FAIL" } }, false],
        [{ numeric: [">", 0] }, false],
        [{ "no-such-operator": 1 }, false],
        [{ prefix: "F", suffix: "D" }, false],
    ])("content filter %j on detail.state FAILED is %s", (filter, expected) => {
        expect(admits({ source: ["aws.backup"], detail: { state: [filter] } })).toBe(expected);
    });

    it("follows $or branches", () => {
        expect(admits({ $or: [{ source: ["aws.ec2"] }, { source: ["aws.backup"] }] })).toBe(true);
        expect(admits({ $or: [{ source: ["aws.ec2"] }, { detail: { state: ["COMPLETED"] } }] })).toBe(false);
        expect(admits({ $or: "not-a-list" })).toBe(false);
    });
});

describe("isDefaultEventBus", () => {
    it.each([
        [undefined, true],
        ["default", true],
        ["arn:aws:events:us-east-1:123456789012:event-bus/default", true],
        ["orders-bus", false],
        ["arn:aws:events:us-east-1:123456789012:event-bus/orders", false],
    ])("%s is the default bus: %s", (name, expected) => {
        expect(isDefaultEventBus(name)).toBe(expected);
    });
});
