// Three-valued answers for stack policies that look for "something in the stack covers this
// database": yes, no, or not known yet (a value unknown during preview decides it). Combining them
// keeps "unknown" from turning into a silent pass or a false violation.

/** What is not known yet, named for the message (e.g. `eventPattern of aws.cloudwatch.EventRule "x"`). */
export interface Pending {
    pending: string;
}
export type Verdict = boolean | Pending;

export function pending(what: string): Pending {
    return { pending: what };
}

export function isPending(v: Verdict): v is Pending {
    return typeof v === "object";
}

/** True if any is true; else the first pending; else false. */
export function anyOf(verdicts: Iterable<Verdict>): Verdict {
    let firstPending: Pending | undefined;
    for (const v of verdicts) {
        if (v === true) return true;
        if (isPending(v)) firstPending ??= v;
    }
    return firstPending ?? false;
}

/** False if any is false; else the first pending; else true. */
export function allOf(verdicts: Iterable<Verdict>): Verdict {
    let firstPending: Pending | undefined;
    for (const v of verdicts) {
        if (v === false) return false;
        if (isPending(v)) firstPending ??= v;
    }
    return firstPending ?? true;
}

export function not(v: Verdict): Verdict {
    return isPending(v) ? v : !v;
}
