// The RDS backup and maintenance windows. Source: CreateDBInstance / CreateDBCluster
// PreferredBackupWindow ("hh24:mi-hh24:mi", UTC, at least 30 minutes, must not conflict with the
// maintenance window) and PreferredMaintenanceWindow ("ddd:hh24:mi-ddd:hh24:mi", days mon..sun,
// UTC, at least 30 minutes, must not conflict with the backup window). A maintenance window may
// wrap the week (sat:23:00-sun:01:00); a daily backup window is written within one day here (its
// end after its start), so "04:00-03:00" is refused rather than read as 23 hours.

export const minimumWindowMinutes = 30;
const dayMinutes = 24 * 60;
const weekMinutes = 7 * dayMinutes;
export const weekDays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const time = /([01]\d|2[0-3]):([0-5]\d)/.source;
const backupPattern = new RegExp(`^${time}-${time}$`);
const maintenancePattern = new RegExp(`^(${weekDays.join("|")}):${time}-(${weekDays.join("|")}):${time}$`);

/** A daily window as minutes after midnight UTC, [start, end). */
export interface DailyWindow {
    start: number;
    end: number;
}
/** A weekly window as minutes after Monday 00:00 UTC, [start, end); end may pass the end of the week (it wraps). */
export interface WeeklyWindow {
    start: number;
    end: number;
}

export function parseBackupWindow(text: string): DailyWindow | undefined {
    const m = backupPattern.exec(text);
    if (m === null) return undefined;
    return { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]) };
}

export function parseMaintenanceWindow(text: string): WeeklyWindow | undefined {
    const m = maintenancePattern.exec(text);
    if (m === null) return undefined;
    const at = (day: string, h: string, min: string) => weekDays.indexOf(day as (typeof weekDays)[number]) * dayMinutes + Number(h) * 60 + Number(min);
    const start = at(m[1], m[2], m[3]);
    let end = at(m[4], m[5], m[6]);
    if (end <= start) end += weekMinutes;
    return { start, end };
}

/** Why a backup window is unusable on its own, or undefined. */
export function backupWindowProblem(text: string): string | undefined {
    const w = parseBackupWindow(text);
    if (w === undefined) return 'is not a window; write it like "03:00-04:00" (hh24:mi-hh24:mi, UTC)';
    if (w.end <= w.start) return 'ends before it starts; write the earlier time first, within one day (UTC), e.g. "03:00-04:00"';
    if (w.end - w.start < minimumWindowMinutes) return `is ${w.end - w.start} minutes long; RDS needs at least ${minimumWindowMinutes}, e.g. "03:00-03:30"`;
    return undefined;
}

/** Why a maintenance window is unusable on its own, or undefined. */
export function maintenanceWindowProblem(text: string): string | undefined {
    const w = parseMaintenanceWindow(text);
    if (w === undefined) return 'is not a window; write it like "sun:05:00-sun:06:00" (ddd:hh24:mi-ddd:hh24:mi, UTC, days mon..sun)';
    if (w.end - w.start < minimumWindowMinutes) return `is ${w.end - w.start} minutes long; RDS needs at least ${minimumWindowMinutes}, e.g. "sun:05:00-sun:05:30"`;
    return undefined;
}

/** True when the daily backup window meets the weekly maintenance window on any day (touching ends do not count). */
export function windowsOverlap(backup: DailyWindow, maintenance: WeeklyWindow): boolean {
    for (let day = 0; day <= 7; day++) {
        const start = day * dayMinutes + backup.start;
        const end = day * dayMinutes + backup.end;
        if (start < maintenance.end && maintenance.start < end) return true;
    }
    return false;
}
