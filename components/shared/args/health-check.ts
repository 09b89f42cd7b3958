// healthCheck: the scheduled probe that logs in and runs the health query (a cluster's: on its
// writer endpoint), or `false`.
import { z } from "zod";
import { scheduleExpressionProblem } from "../../../aws-facts/schedules";
import { defaultProbeTimeoutMs, defaultSlowQueryMs } from "../../runtime/health-check/config";
import { checkedString, wholeNumber } from "./zod";

export const healthCheckFields = {
    /** The scheduled probe (of a cluster's writer endpoint). Opt-out: `false`. */
    healthCheck: z
        .union([
            z.literal(false),
            z.strictObject({
                /** EventBridge Scheduler expression. */
                schedule: checkedString((e) => scheduleExpressionProblem(e, { service: "EventBridge Scheduler", rate: true })).default("rate(1 minute)"),
                /** How long the probe waits for the database, in ms. */
                probeTimeoutMs: wholeNumber(100, 60000, "set milliseconds from 100 to 60000").default(defaultProbeTimeoutMs),
                /** A probe slower than this (ms) is reported slow. */
                slowQueryMs: wholeNumber(1, 60000, "set milliseconds from 1 to 60000").default(defaultSlowQueryMs),
            }),
        ])
        .prefault({}),
};
