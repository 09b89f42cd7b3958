// A check of `db-preflight verify`: its metadata (the fields the report reads of a pack policy,
// so one report model and the same formats serve both) next to the function that asks AWS.
import type { ChecklistItem } from "../../../policies/lib/define";
import type { ReportRule } from "../../report/model";
import type { CheckContext } from "../context";

export type Outcome =
    | { status: "pass"; detail: string }
    | { status: "fail"; detail: string }
    /** Nothing to check for this database (e.g. no copy is declared); the detail says why. */
    | { status: "not-applicable"; detail: string };

export const pass = (detail: string): Outcome => ({ status: "pass", detail });
export const fail = (detail: string): Outcome => ({ status: "fail", detail });
export const notApplicable = (detail: string): Outcome => ({ status: "not-applicable", detail });

export interface VerifyCheckSpec {
    name: string;
    checklistItem: ChecklistItem;
    description: string;
    severity: "low" | "medium" | "high" | "critical";
    enforcementLevel: "mandatory" | "advisory";
    remediationSteps: string;
    run(ctx: CheckContext): Promise<Outcome>;
}

export type VerifyCheck = ReportRule & { run(ctx: CheckContext): Promise<Outcome> };

export function defineCheck(spec: VerifyCheckSpec): VerifyCheck {
    return {
        name: spec.name,
        description: spec.description,
        severity: spec.severity,
        enforcementLevel: spec.enforcementLevel,
        remediationSteps: spec.remediationSteps,
        dbPreflight: { checklistItem: spec.checklistItem, peers: [] },
        run: spec.run,
    };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** "2026-12-05T21:04Z (9.3 hours ago)" */
export function when(time: Date | number, now: number): string {
    const t = typeof time === "number" ? time : time.getTime();
    const age = now - t;
    const ago =
        age < 0
            ? "in the future"
            : age < 2 * HOUR
              ? `${Math.round(age / 60_000)} minute${Math.round(age / 60_000) === 1 ? "" : "s"} ago`
              : age < 3 * DAY
                ? `${(age / HOUR).toFixed(1)} hours ago`
                : `${(age / DAY).toFixed(1)} days ago`;
    return `${new Date(t).toISOString().replace(/:\d{2}\.\d{3}Z$/, "Z")} (${ago})`;
}

/** Every item of a paged AWS list, following its NextToken, up to `limit` pages. */
export async function pages<T>(fetch: (token: string | undefined) => Promise<{ items: T[]; next?: string }>, limit = 20): Promise<T[]> {
    const all: T[] = [];
    let token: string | undefined;
    for (let i = 0; i < limit; i++) {
        const page = await fetch(token);
        all.push(...page.items);
        token = page.next;
        if (!token) break;
    }
    return all;
}
