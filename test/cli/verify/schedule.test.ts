// When a schedule last fired (AWS Backup and restore testing plans use EventBridge expressions, UTC),
// and the deadline it sets for the latest backup job.
import { lastFiring, rateMs } from "../../../cli/verify/schedule";
import { backupDeadline } from "../../../cli/verify/checks/backups";

const at = (iso: string) => Date.parse(iso);

describe("lastFiring", () => {
    it.each([
        ["cron(0 21 * * ? *)", "2026-12-06T23:30:00Z", "2026-12-06T21:00:00Z"],
        ["cron(0 21 * * ? *)", "2026-12-06T20:59:00Z", "2026-12-05T21:00:00Z"],
        ["cron(0 5 ? * SUN *)", "2026-12-06T23:30:00Z", "2026-12-06T05:00:00Z"],
        ["cron(0 6 ? * 1 *)", "2026-12-05T23:30:00Z", "2026-11-29T06:00:00Z"],
        ["cron(0 6 ? * MON-FRI *)", "2026-12-06T12:00:00Z", "2026-12-04T06:00:00Z"],
        ["cron(30 */6 * * ? *)", "2026-12-06T13:00:00Z", "2026-12-06T12:30:00Z"],
        ["cron(0 3 1 * ? *)", "2026-12-06T00:00:00Z", "2026-12-01T03:00:00Z"],
        ["cron(0 3 L * ? *)", "2026-12-06T00:00:00Z", "2026-11-30T03:00:00Z"],
        ["cron(0 4 ? * 6#1 *)", "2026-12-06T00:00:00Z", "2026-12-04T04:00:00Z"],
        ["cron(0 12 15 JAN,JUL ? *)", "2026-12-06T00:00:00Z", "2026-07-15T12:00:00Z"],
    ])("%s before %s fired at %s", (expression, before, fired) => {
        expect(new Date(lastFiring(expression, at(before))!).toISOString()).toBe(new Date(at(fired)).toISOString());
    });

    it("reads rate() as an interval", () => {
        expect(rateMs("rate(1 day)")).toBe(86_400_000);
        expect(rateMs("rate(12 hours)")).toBe(43_200_000);
        expect(lastFiring("rate(30 minutes)", at("2026-12-06T12:00:00Z"))).toBe(at("2026-12-06T11:30:00Z"));
    });

    it.each(["cron(banana)", "cron(0 21 * * ?)", "at(2026-12-06T00:00:00)", "cron(0 25 * * ? *)", "cron(0 21 * * ? 1990)"])("gives up on %s rather than guessing", (expression) => {
        expect(lastFiring(expression, at("2026-12-06T00:00:00Z"))).toBeUndefined();
    });
});

describe("backupDeadline", () => {
    const daily = { label: "plan daily", schedule: "cron(0 21 * * ? *)", startWindowMinutes: 60, completionWindowMinutes: 240, copyDestinations: [] };
    it("wants a job from the last run that has had its windows to finish, less the margin", () => {
        // At 23:30 today's 21:00 run may still be inside its 5 hours of windows: yesterday's is due.
        expect(new Date(backupDeadline([daily], at("2026-12-06T23:30:00Z"), 1)!.deadline).toISOString()).toBe("2026-12-05T20:00:00.000Z");
        expect(new Date(backupDeadline([daily], at("2026-12-07T02:30:00Z"), 1)!.deadline).toISOString()).toBe("2026-12-06T20:00:00.000Z");
    });

    it("takes the most demanding of several rules, and AWS's default windows when a rule sets none", () => {
        const weekly = { label: "plan weekly", schedule: "cron(0 5 ? * SUN *)", copyDestinations: [] };
        const due = backupDeadline([weekly, daily], at("2026-12-06T23:30:00Z"), 1)!;
        expect(due.rule.label).toBe("plan daily");
        // Alone, the weekly rule's defaults (start 8 h, completion 7 days) allow a job from the Sunday before the 7 days of completion window.
        expect(new Date(backupDeadline([weekly], at("2026-12-06T23:30:00Z"), 1)!.deadline).toISOString()).toBe("2026-11-29T04:00:00.000Z");
    });

    it("has no deadline when no schedule can be read", () => {
        expect(backupDeadline([{ label: "x", schedule: "cron(banana)", copyDestinations: [] }], at("2026-12-06T00:00:00Z"), 1)).toBeUndefined();
    });
});
