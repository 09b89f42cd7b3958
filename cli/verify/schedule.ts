// When a schedule last fired: AWS schedule expressions (AWS Backup plans and restore testing plans
// use EventBridge's syntax, in UTC): `cron(minutes hours day-of-month month day-of-week year)` and
// `rate(value unit)`. verify asks "by when must the latest backup have started?", which is the last
// time the schedule fired before now, less the windows AWS Backup has to start and finish the job.

const MINUTE = 60_000;
const DAY = 86_400_000;

const monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

type Matcher = (value: number) => boolean;

/** One cron field of numbers: `*`, `?`, `5`, `1,3`, `1-5`, `0/15`, `*\/2`, `MON-FRI`; undefined when not understood. */
function numberField(text: string, min: number, max: number, names: string[] = [], nameBase = min): Matcher | undefined {
    if (text === "*" || text === "?") return () => true;
    const value = (t: string): number | undefined => {
        const i = names.indexOf(t.toUpperCase());
        if (i >= 0) return i + nameBase;
        if (!/^\d+$/.test(t)) return undefined;
        const n = Number(t);
        return n >= min && n <= max ? n : undefined;
    };
    const parts: Matcher[] = [];
    for (const part of text.split(",")) {
        const [range, stepText] = part.split("/");
        const step = stepText === undefined ? 1 : Number(stepText);
        if (!Number.isInteger(step) || step < 1) return undefined;
        let from: number | undefined;
        let to: number | undefined;
        if (range === "*") [from, to] = [min, max];
        else if (range.includes("-")) [from, to] = range.split("-").map(value);
        else {
            from = value(range);
            to = stepText === undefined ? from : max;
        }
        if (from === undefined || to === undefined) return undefined;
        const [a, b] = [from, to];
        parts.push((v) => v >= a && v <= b && (v - a) % step === 0);
    }
    return (v) => parts.some((m) => m(v));
}

interface Cron {
    minute: Matcher;
    hour: Matcher;
    day: (date: Date) => boolean;
    month: Matcher;
    year: Matcher;
}

function lastDayOfMonth(d: Date): number {
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

function parseCron(body: string): Cron | undefined {
    const fields = body.trim().split(/\s+/);
    if (fields.length !== 6) return undefined;
    const [min, hour, dom, month, dow, year] = fields;
    const minute = numberField(min, 0, 59);
    const hours = numberField(hour, 0, 23);
    const months = numberField(month, 1, 12, monthNames, 1);
    const years = numberField(year, 1970, 2199);
    let dayOfMonth: ((d: Date) => boolean) | undefined;
    if (dom === "L") dayOfMonth = (d) => d.getUTCDate() === lastDayOfMonth(d);
    else {
        const m = numberField(dom, 1, 31);
        dayOfMonth = m && ((d) => m(d.getUTCDate()));
    }
    // Day of week: 1-7 is SUN-SAT; "6#3" is the third Friday, "6L" the last Friday of the month.
    let dayOfWeek: ((d: Date) => boolean) | undefined;
    const nth = /^([1-7]|[A-Z]{3})#([1-5])$/i.exec(dow);
    const last = /^([1-7]|[A-Z]{3})L$/i.exec(dow);
    const weekday = (t: string) => (/^\d$/.test(t) ? Number(t) : dayNames.indexOf(t.toUpperCase()) + 1);
    if (nth) {
        const wd = weekday(nth[1]);
        const n = Number(nth[2]);
        dayOfWeek = (d) => d.getUTCDay() + 1 === wd && Math.ceil(d.getUTCDate() / 7) === n;
    } else if (last) {
        const wd = weekday(last[1]);
        dayOfWeek = (d) => d.getUTCDay() + 1 === wd && d.getUTCDate() + 7 > lastDayOfMonth(d);
    } else {
        const m = numberField(dow, 1, 7, dayNames, 1);
        dayOfWeek = m && ((d) => m(d.getUTCDay() + 1));
    }
    if (!minute || !hours || !months || !years || !dayOfMonth || !dayOfWeek) return undefined;
    const [dm, dw] = [dayOfMonth, dayOfWeek];
    return { minute, hour: hours, month: months, year: years, day: (d) => dm(d) && dw(d) };
}

/** Milliseconds of `rate(5 minutes)`, `rate(1 day)`; undefined otherwise. */
export function rateMs(expression: string): number | undefined {
    const m = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(expression.trim());
    if (!m) return undefined;
    const unit = m[2].toLowerCase().replace(/s$/, "");
    return Number(m[1]) * (unit === "minute" ? MINUTE : unit === "hour" ? 60 * MINUTE : DAY);
}

/**
 * The last time at or before `before` that the schedule fired (UTC), searching back up to
 * `horizonDays`; undefined when the expression is not understood or never fired in that span.
 * A rate() schedule fires every interval, so its last firing is at most one interval ago.
 */
export function lastFiring(expression: string, before: number, horizonDays = 400): number | undefined {
    const rate = rateMs(expression);
    if (rate !== undefined) return before - rate;
    const m = /^cron\((.*)\)$/i.exec(expression.trim());
    if (!m) return undefined;
    const cron = parseCron(m[1]);
    if (!cron) return undefined;
    // Walk back day by day, then minute by minute within matching days: linear in the horizon.
    const startOfMinute = Math.floor(before / MINUTE) * MINUTE;
    let dayStart = Math.floor(startOfMinute / DAY) * DAY;
    for (let i = 0; i <= horizonDays; i++, dayStart -= DAY) {
        const date = new Date(dayStart);
        if (!cron.year(date.getUTCFullYear()) || !cron.month(date.getUTCMonth() + 1) || !cron.day(date)) continue;
        for (let hour = 23; hour >= 0; hour--) {
            if (!cron.hour(hour)) continue;
            for (let minute = 59; minute >= 0; minute--) {
                const t = dayStart + (hour * 60 + minute) * MINUTE;
                if (t <= startOfMinute && cron.minute(minute)) return t;
            }
        }
    }
    return undefined;
}
