import { backupWindowProblem, maintenanceWindowProblem, parseBackupWindow, parseMaintenanceWindow, windowsOverlap } from "../../aws-facts/windows";

const overlap = (backup: string, maintenance: string) => windowsOverlap(parseBackupWindow(backup)!, parseMaintenanceWindow(maintenance)!);

describe("RDS backup and maintenance windows", () => {
    it("takes windows of at least 30 minutes, refuses shorter ones and a backup window that ends before it starts", () => {
        expect(backupWindowProblem("03:00-03:30")).toBeUndefined();
        expect(backupWindowProblem("03:00-03:29")).toMatch(/29 minutes long; RDS needs at least 30/);
        expect(backupWindowProblem("04:00-03:00")).toMatch(/ends before it starts/);
        expect(backupWindowProblem("03:00-03:00")).toMatch(/ends before it starts/);
        expect(backupWindowProblem("24:00-01:00")).toMatch(/is not a window/);
        expect(maintenanceWindowProblem("sun:05:00-sun:05:30")).toBeUndefined();
        expect(maintenanceWindowProblem("sat:23:50-sun:00:10")).toMatch(/20 minutes long/);
        expect(maintenanceWindowProblem("sun:05:00-sun:05:00")).toBeUndefined(); // a whole week: as long as it gets
        expect(maintenanceWindowProblem("Sun:05:00-Sun:06:00")).toMatch(/is not a window/);
    });

    it("finds an overlap on any day of the week, across midnight and across the end of the week; touching is not overlapping", () => {
        expect(overlap("03:00-04:00", "sun:05:00-sun:06:00")).toBe(false);
        expect(overlap("03:00-04:00", "wed:03:59-wed:05:00")).toBe(true);
        expect(overlap("03:00-04:00", "wed:04:00-wed:05:00")).toBe(false);
        expect(overlap("00:00-00:30", "sun:23:30-mon:00:15")).toBe(true);
        expect(overlap("23:00-23:45", "sun:23:30-mon:00:15")).toBe(true);
        expect(overlap("01:00-02:00", "sat:23:00-sun:01:00")).toBe(false);
        expect(overlap("12:00-12:30", "mon:00:00-sun:23:59")).toBe(true);
    });
});
