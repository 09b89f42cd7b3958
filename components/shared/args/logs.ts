// logs: the exported log groups' retention (one CloudWatch Logs accepts) and the slow-query threshold;
// which logs are exported is the engine's audit set.
import { z } from "zod";
import { auditLogExports } from "../../../aws-facts/rds";
import { logRetentionDays } from "../../../aws-facts/logs";
import { RuntimeEngine } from "../../runtime/database";
import { wholeNumber } from "./zod";

export const logsSchema = z
    .strictObject({
        /** Retention of the exported log groups, in days. */
        retentionDays: z
            .number()
            .refine((d) => (logRetentionDays as readonly number[]).includes(d), { error: `is not a retention CloudWatch Logs accepts; use one of ${logRetentionDays.join(", ")}` })
            .default(30),
        /** Statements slower than this (ms) are logged. */
        slowQueryMs: wholeNumber(0, 3_600_000, "set milliseconds from 0 to 3600000").default(1000),
    })
    .prefault({});

/** `logs` once resolved: with the engine's exported logs. */
export function resolveLogs(logs: z.output<typeof logsSchema>, engine: RuntimeEngine) {
    return { ...logs, exports: [...auditLogExports[engine]] };
}
