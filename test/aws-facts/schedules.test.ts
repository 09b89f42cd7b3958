import { isRecurringSchedule, scheduleExpressionProblem } from "../../aws-facts/schedules";

const scheduler = { service: "EventBridge Scheduler", rate: true };
const backup = { service: "AWS Backup", rate: false, hourlyAtMost: true };

describe("schedule expressions", () => {
    it.each([
        "rate(1 minute)",
        "rate(5 minutes)",
        "rate(1 hour)",
        "rate(2 days)",
        "cron(0/5 * * * ? *)",
        "cron(15 10 ? * MON-FRI *)",
        "cron(0 18 L * ? *)",
        "cron(0 8 ? * 6#3 *)",
        "cron(0 8 ? * FRIL *)",
        "cron(0 21 15W * ? 2026-2030)",
        "cron(0,30 1-5 ? jan-mar sun *)",
    ])("accepts %s for EventBridge Scheduler", (expression) => {
        expect(scheduleExpressionProblem(expression, scheduler)).toBeUndefined();
    });

    it.each([
        ["cron(banana)", /has 1 cron fields/],
        ["cron(0 21 * * *)", /has 5 cron fields/],
        ["cron(60 21 * * ? *)", /minutes "60" is not 0-59/],
        ["cron(0 21 32 * ? *)", /day-of-month "32" is not 1-31/],
        ["cron(0 21 ? 13 MON *)", /month "13" is not 1-12 or JAN-DEC/],
        ["cron(0 21 ? * 8 *)", /day-of-week "8" is not 1-7 or SUN-SAT/],
        ["cron(0 21 ? * MON 1969)", /year "1969" is not 1970-2199/],
        ["cron(0/0 21 * * ? *)", /bad step/],
        ["cron(0 21 ? * ? *)", /sets neither day-of-month and day-of-week/],
        ["cron(0 21 1 * MON *)", /sets both day-of-month and day-of-week/],
        ["rate(1 minutes)", /with 1 the unit is singular/],
        ["rate(5 minute)", /above 1 the unit is plural/],
        ["rate(1 week)", /is not a rate/],
        ["rate(-1 minutes)", /is not a rate/],
        ["at(2030-01-01T00:00:00)", /runs repeatedly/],
        ["every minute", /runs repeatedly/],
    ])("refuses %s, saying what is wrong", (expression, why) => {
        expect(scheduleExpressionProblem(expression, scheduler)).toMatch(why);
    });

    it("AWS Backup: cron only, at most hourly", () => {
        expect(scheduleExpressionProblem("cron(0 21 * * ? *)", backup)).toBeUndefined();
        expect(scheduleExpressionProblem("cron(0 * * * ? *)", backup)).toBeUndefined();
        expect(scheduleExpressionProblem("cron(0,30 * * * ? *)", backup)).toMatch(/more than once an hour/);
        expect(scheduleExpressionProblem("rate(1 day)", backup)).toMatch(/takes cron\(.*\) only/);
    });

    it("agrees with isRecurringSchedule on what recurs", () => {
        expect(isRecurringSchedule("rate(1 minute)")).toBe(true);
        expect(isRecurringSchedule("at(2030-01-01T00:00:00)")).toBe(false);
    });
});
