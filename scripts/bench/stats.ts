export function median(values: readonly number[]): number {
    if (values.length === 0) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times each function `iterations` times after `warmup` untimed rounds, alternating between them
 * so that the machine's noise hits all alike; the median of each, in ms.
 */
export async function timeInterleaved(fns: ReadonlyArray<() => Promise<unknown>>, iterations: number, warmup = 2): Promise<number[]> {
    for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
    const times = fns.map(() => [] as number[]);
    for (let i = 0; i < iterations; i++) {
        for (const [k, fn] of fns.entries()) {
            const started = process.hrtime.bigint();
            await fn();
            times[k].push(Number(process.hrtime.bigint() - started) / 1e6);
        }
    }
    return times.map(median);
}
