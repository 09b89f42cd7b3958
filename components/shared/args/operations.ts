// The operational arguments: the maintenance window, the runbook page, ownership, the last drills
// and the tags; all but the window end up as tags on the database.
import { z } from "zod";
import { maintenanceWindowProblem } from "../../../aws-facts/windows";
import { urlCredentialProblem } from "../urls";
import { checkedString, requiredString } from "./zod";

const isoDatePattern = /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function isHttpsUrl(value: string): boolean {
    try {
        const url = new URL(value);
        return url.protocol === "https:" && url.hostname !== "";
    } catch {
        return false;
    }
}

export const maintenanceWindowFields = {
    /** Weekly maintenance window, UTC "ddd:hh:mm-ddd:hh:mm". */
    maintenanceWindow: checkedString(maintenanceWindowProblem).default("sun:05:00-sun:06:00"),
};

/** runbook, ownership, drills and tags. */
export const operationsFields = {
    /** Where the runbook lives (the `runbook` output is its text): an https URL, tagged on the database or cluster. */
    runbook: z.strictObject(
        {
            url: z
                .string({
                    error: (i) =>
                        i.input === undefined ? 'not set; set runbook: { url: "https://..." }, the page where the runbook lives (paste the runbook output there)' : "is not a URL; set an https URL",
                })
                .refine(isHttpsUrl, { error: "is not an https URL; set the https address of the runbook page" })
                .superRefine((url, ctx) => {
                    const problem = urlCredentialProblem(url);
                    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
                }),
        },
        { error: (i) => `${i.input === undefined ? "not set" : "is not an object"}; set runbook: { url: "https://..." }, the page where the runbook lives (paste the runbook output there)` },
    ),
    /** Who owns the database and who is paged: tagged on it and written in the runbook. */
    ownership: z.strictObject(
        {
            owner: requiredString("a team name", "name the team that owns the database"),
            onCall: requiredString("an on-call rotation", "name the rotation or pager that is called for it"),
        },
        { error: (i) => `${i.input === undefined ? "not set" : "is not an object"}; set ownership: { owner: "team-name", onCall: "rotation-name" }` },
    ),
    /** Dates (YYYY-MM-DD) of the last restore and failover drills, tagged on the database (a cluster and its instances). */
    drills: z
        .strictObject({
            restoreTestedAt: z.string().regex(isoDatePattern, { error: 'is not an ISO date; write it like "2025-01-31"' }).optional(),
            failoverTestedAt: z.string().regex(isoDatePattern, { error: 'is not an ISO date; write it like "2025-01-31"' }).optional(),
        })
        .prefault({}),
    /** Tags on every resource. */
    tags: z.record(z.string(), z.string({ error: "is not a string; tag values are strings" })).default({}),
};
