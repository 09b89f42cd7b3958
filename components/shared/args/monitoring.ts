// monitoring: where alerts go, the alarm thresholds (each component's own set), Enhanced Monitoring
// and Performance Insights.
import { z } from "zod";
import { enhancedMonitoringIntervals, insightsUnsupported } from "../../../aws-facts/monitoring";
import { RuntimeEngine } from "../../runtime/database";
import { deferrable, requiredString } from "./zod";

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * `monitoring`, with a component's alarm thresholds: `alarms` parses to every threshold (a
 * component's choices interface documents them) from the ones given.
 */
export function monitoringSchema<Choices>(alarms: z.ZodType<Choices, Partial<Choices>>) {
    return z
        .strictObject({
            /** An SNS topic to alert instead of the one the component creates. */
            alarmTopicArn: deferrable(requiredString("an SNS topic ARN", "pass the ARN of the topic alerts go to")).optional(),
            /** E-mail addresses subscribed to the alert topic. */
            alarmEmails: z.array(z.string().regex(emailPattern, { error: 'is not an e-mail address; write it like "dba@example.com"' })).default([]),
            /** Enhanced Monitoring interval in seconds; opt-out: 0. */
            enhancedMonitoringInterval: z
                .number()
                .refine((n) => (enhancedMonitoringIntervals as readonly number[]).includes(n), {
                    error: `is not an interval RDS accepts; use one of ${enhancedMonitoringIntervals.join(", ")} (0 turns Enhanced Monitoring off)`,
                })
                .default(60),
            /** Opt-out: `false` turns Performance Insights off. */
            performanceInsights: z.boolean().default(true),
            /** Alarm thresholds (percent, milliseconds). */
            alarms: alarms.prefault({}),
        })
        .prefault({});
}

/** `monitoring` once resolved: Performance Insights only where RDS offers it, and the instance memory the alarms are sized from. */
export function resolveMonitoring<Choices>(
    monitoring: z.output<ReturnType<typeof monitoringSchema<Choices>>>,
    context: { engine: RuntimeEngine; instanceClass: string; memoryBytes: number | undefined },
) {
    const { alarmTopicArn, ...rest } = monitoring;
    return {
        ...(alarmTopicArn !== undefined ? { alarmTopicArn } : {}),
        ...rest,
        // RDS refuses Performance Insights on the smallest MySQL-family classes.
        performanceInsights: rest.performanceInsights && !insightsUnsupported(context.engine, context.instanceClass),
        /** Memory of an instance (Serverless v2: at maxCapacity), when known. */
        memoryBytes: context.memoryBytes,
    };
}
