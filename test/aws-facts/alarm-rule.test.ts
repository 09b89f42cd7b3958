import { alarmsOfRule, firesOn, parseAlarmRule } from "../../aws-facts/alarm-rule";

const rule = (text: string) => {
    const parsed = parseAlarmRule(text);
    if (parsed === undefined) throw new Error(`not parsed: ${text}`);
    return parsed;
};

describe("CloudWatch composite alarm rules", () => {
    it("reads names quoted or not, and ARNs as the alarm name they end with", () => {
        expect(alarmsOfRule(rule('ALARM("cpu high") OR ALARM(storage-low) OR OK(arn:aws:cloudwatch:us-east-1:123456789012:alarm:memory)'))).toEqual(["cpu high", "storage-low", "memory"]);
    });

    it("fires on an alarm only when that alarm alone turns the rule from false to true", () => {
        expect(firesOn(rule('ALARM("a") OR ALARM("b")'), "a")).toBe(true);
        expect(firesOn(rule('ALARM("a") AND ALARM("b")'), "a")).toBe(false);
        expect(firesOn(rule('ALARM("a") AND NOT ALARM("maintenance")'), "a")).toBe(true);
        expect(firesOn(rule('NOT ALARM("a")'), "a")).toBe(false);
        expect(firesOn(rule('NOT OK("a")'), "a")).toBe(true);
        expect(firesOn(rule('ALARM("a") OR TRUE'), "a")).toBe(false);
        expect(firesOn(rule('(ALARM("a") OR ALARM("b")) AND TRUE'), "b")).toBe(true);
        expect(firesOn(rule('INSUFFICIENT_DATA("a")'), "a")).toBe(false);
        expect(firesOn(rule('ALARM("b")'), "a")).toBe(false);
        // NOT binds tighter than AND, AND tighter than OR.
        expect(firesOn(rule('ALARM("x") AND ALARM("y") OR ALARM("a")'), "a")).toBe(true);
    });

    it("rejects what CloudWatch would reject, without throwing", () => {
        for (const text of ["", "ALARM()", 'ALARM("a"', 'ALARM("a") OR', "ALARM(a) ALARM(b)", "BOGUS(a)", '"a"', "(((", "ALARM(a))", 'ALARM("unterminated)']) {
            expect(parseAlarmRule(text)).toBeUndefined();
        }
        expect(parseAlarmRule("NOT ".repeat(10_000) + "ALARM(a)")).toBeUndefined();
        expect(parseAlarmRule("(".repeat(10_000) + "ALARM(a)" + ")".repeat(10_000))).toBeUndefined();
    });
});
