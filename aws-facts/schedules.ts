// Schedule facts for health probes. Sources: EventBridge Scheduler "Schedule types" (rate, cron,
// one-time at()), EventBridge "Creating a rule that runs on a schedule" (scheduled rules run on
// the default event bus only: isDefaultEventBus in event-pattern.ts), CloudWatch Synthetics
// CreateCanary / StartCanary (a canary is created in READY state and runs only once started;
// `rate(0 minute)` runs it once) and the Pulumi aws.synthetics.Canary `startCanary` input
// (default false).

/** A schedule expression that recurs: `rate(...)` or `cron(...)`; `at(...)` runs once. */
export function isRecurringSchedule(expression: string): boolean {
    const e = expression.trim().toLowerCase();
    if (/^rate\(\s*0\s+(minute|minutes|hour|hours)\s*\)$/.test(e)) return false;
    return /^(rate|cron)\(.+\)$/.test(e);
}

/** EventBridge Scheduler schedules and EventBridge rules are enabled unless their state says DISABLED. */
export const disabledState = "DISABLED";

/** Pulumi creates a canary without starting it unless `startCanary: true`. */
export const canaryStartedByDefault = false;

// ---- Schedule expression syntax -------------------------------------------------------------------
// Sources: EventBridge "Schedule expressions for rules" / EventBridge Scheduler "Schedule types":
// rate(value unit), value a positive whole number, unit minute|hour|day, singular for 1 and plural
// otherwise; cron(minutes hours day-of-month month day-of-week year), six fields, one of
// day-of-month / day-of-week must be "?"; at(yyyy-mm-ddThh:mm:ss) runs once (Scheduler only).
// AWS Backup takes cron only, and runs a plan at most once an hour.

const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

interface CronField {
    name: string;
    min: number;
    max: number;
    names?: string[];
    /** Extra single-token forms the field allows: ?, L, W, #. */
    special: RegExp | undefined;
}

const cronFields: CronField[] = [
    { name: "minutes", min: 0, max: 59, special: undefined },
    { name: "hours", min: 0, max: 23, special: undefined },
    { name: "day-of-month", min: 1, max: 31, special: /^(\?|L|LW|\d{1,2}W|L-\d{1,2})$/ },
    { name: "month", min: 1, max: 12, names: months, special: undefined },
    { name: "day-of-week", min: 1, max: 7, names: days, special: /^(\?|L|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5]))$/ },
    { name: "year", min: 1970, max: 2199, special: undefined },
];

/** One value of a field: a number in range, or a month / day name where the field has names. */
function cronValue(token: string, field: CronField): boolean {
    if (/^\d+$/.test(token)) return Number(token) >= field.min && Number(token) <= field.max;
    return field.names?.includes(token) ?? false;
}

function cronFieldProblem(text: string, field: CronField): string | undefined {
    if (field.special?.test(text.toUpperCase())) return undefined;
    for (const part of text.toLowerCase().split(",")) {
        const [range, step, extra] = part.split("/");
        if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return `${field.name} ${JSON.stringify(text)} has a bad step; write it like "0/15"`;
        if (range === "*") continue;
        const bounds = range.split("-");
        if (bounds.length > 2 || !bounds.every((b) => cronValue(b, field))) {
            const names = field.names === undefined ? "" : ` or ${field.names[0].toUpperCase()}-${field.names[field.names.length - 1].toUpperCase()}`;
            return `${field.name} ${JSON.stringify(text)} is not ${field.min}-${field.max}${names}, *, a list (a,b), a range (a-b) or a step (a/n)`;
        }
    }
    return undefined;
}

export interface ScheduleRules {
    /** The service the expression is for, for messages ("EventBridge Scheduler", "AWS Backup"). */
    service: string;
    rate: boolean;
    /** AWS Backup: at most one run an hour (a single minute). */
    hourlyAtMost?: boolean;
}

/** Why `expression` is not a recurring schedule the service accepts, or undefined when it is one. */
export function scheduleExpressionProblem(expression: string, rules: ScheduleRules): string | undefined {
    const example = rules.rate ? '"rate(1 minute)" or "cron(0/5 * * * ? *)"' : '"cron(0 21 * * ? *)"';
    const rate = /^rate\((.*)\)$/.exec(expression);
    if (rate !== null) {
        if (!rules.rate) return `is a rate expression; ${rules.service} takes cron(minutes hours day-of-month month day-of-week year) only, e.g. ${example}`;
        const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(rate[1]);
        if (m === null || Number(m[1]) < 1) return 'is not a rate; write rate(<whole number> <minute|minutes|hour|hours|day|days>), e.g. "rate(5 minutes)"';
        const singular = !m[2].endsWith("s");
        if (Number(m[1]) === 1 && !singular) return `says ${m[1]} ${m[2]}; with 1 the unit is singular: "rate(1 ${m[2].slice(0, -1)})"`;
        if (Number(m[1]) > 1 && singular) return `says ${m[1]} ${m[2]}; above 1 the unit is plural: "rate(${m[1]} ${m[2]}s)"`;
        return undefined;
    }
    const cron = /^cron\((.*)\)$/.exec(expression);
    if (cron === null) return `is not a schedule expression ${rules.service} runs repeatedly; write it like ${example}`;
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) return `has ${fields.length} cron fields; write all six (minutes hours day-of-month month day-of-week year), e.g. ${example}`;
    for (let i = 0; i < 6; i++) {
        const problem = cronFieldProblem(fields[i], cronFields[i]);
        if (problem !== undefined) return `has ${problem}; e.g. ${example}`;
    }
    if ((fields[2] === "?") === (fields[4] === "?")) return `sets ${fields[2] === "?" ? "neither" : "both"} day-of-month and day-of-week; put "?" in exactly one of them, e.g. ${example}`;
    if (rules.hourlyAtMost && !/^\d{1,2}$/.test(fields[0]))
        return `runs more than once an hour (minutes ${JSON.stringify(fields[0])}); ${rules.service} runs a plan at most hourly: give one minute, e.g. ${example}`;
    return undefined;
}
