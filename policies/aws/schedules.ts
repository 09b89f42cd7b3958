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
