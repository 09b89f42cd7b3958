// The property reads (readPath calls) of policies/lib/values, counted, so the scale tests count work
// instead of timing it. A test mocks the module with this factory (jest lets a factory require):
// `jest.mock("<path>/policies/lib/values", () => require("<path>/support/counting-values").countingValues())`
// and reads the counts from `reads`: its own import of this module is the instance the factory counts in.
import type * as values from "../../policies/lib/values";

/** readPath calls so far, by reader: a test names the reader before the work it does and starts each measurement with a new map. */
export const reads = { reader: "", count: new Map<string, number>() };

/** The reads of every reader together. */
export function totalReads(): number {
    return [...reads.count.values()].reduce((sum, count) => sum + count, 0);
}

/** policies/lib/values as it is, except that readPath counts each call under `reads.reader`. */
export function countingValues(): typeof values {
    const actual = jest.requireActual<typeof values>("../../policies/lib/values");
    return {
        ...actual,
        readPath: (props, path) => {
            reads.count.set(reads.reader, (reads.count.get(reads.reader) ?? 0) + 1);
            return actual.readPath(props, path);
        },
    };
}
