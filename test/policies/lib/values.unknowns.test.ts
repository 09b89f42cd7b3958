// Property: a value unknown during preview is never judged or printed as a value. Start from the
// compliant stack, replace any few of its values (a leaf, a whole list, a whole object) with any of
// the SDK's unknown sentinels, and run the whole pack at preview: it must not crash, must block
// nothing (what is unknown can only be noted), and no message may carry a sentinel string.
import fc from "fast-check";
import { evaluate, ResourceInput } from "../../../policies/evaluate";
import { compliantStack } from "../../fixtures/compliant-stack";

// Every sentinel the SDK knows, including asset and archive (evaluate() exports the common five).
const sdkProxy = require("@pulumi/policy/proxy") as Record<string, string>;
const sentinels = Object.entries(sdkProxy)
    .filter(([key, value]) => /^unknown[A-Z]\w*Value$/.test(key) && typeof value === "string")
    .map(([, value]) => value);

type Path = { resource: number; keys: Array<string | number> };

/** Every value of every resource's props: leaves, lists and objects, at any depth. */
function valuePaths(stack: readonly ResourceInput[]): Path[] {
    const out: Path[] = [];
    const walk = (resource: number, value: unknown, keys: Array<string | number>) => {
        if (keys.length > 0) out.push({ resource, keys });
        if (Array.isArray(value)) value.forEach((v, i) => walk(resource, v, [...keys, i]));
        else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(resource, v, [...keys, k]);
    };
    stack.forEach((r, i) => walk(i, r.props, []));
    return out;
}

function replaced(stack: readonly ResourceInput[], changes: ReadonlyArray<{ path: Path; sentinel: string }>): ResourceInput[] {
    const copy = structuredClone(stack) as ResourceInput[];
    for (const { path, sentinel } of changes) {
        let holder: unknown = copy[path.resource].props;
        for (const key of path.keys.slice(0, -1)) {
            if (holder === null || typeof holder !== "object") break;
            holder = (holder as Record<string | number, unknown>)[key];
        }
        // A parent already replaced by an unknown has no children left to replace.
        if (holder === null || typeof holder !== "object") continue;
        (holder as Record<string | number, unknown>)[path.keys[path.keys.length - 1]] = sentinel;
    }
    return copy;
}

const describePath = (stack: readonly ResourceInput[], p: Path) => `${stack[p.resource].name}.${p.keys.join(".")}`;

describe("unknown values at preview, across every policy of the pack", () => {
    const stack = compliantStack();
    const paths = valuePaths(stack);

    it("finds the SDK's sentinels to test with", () => {
        expect(sentinels.length).toBeGreaterThanOrEqual(7);
        expect(paths.length).toBeGreaterThan(500);
    });

    it("never crashes, blocks or prints a sentinel when some values of the compliant stack are unknown", async () => {
        await fc.assert(
            fc.asyncProperty(fc.array(fc.record({ path: fc.constantFrom(...paths), sentinel: fc.constantFrom(...sentinels) }), { minLength: 1, maxLength: 4 }), async (changes) => {
                const findings = await evaluate(replaced(stack, changes), { preview: true });
                const where = changes.map((c) => describePath(stack, c.path)).join(", ");
                for (const f of findings) {
                    for (const s of sentinels) {
                        if (f.message.includes(s.slice(0, 8))) throw new Error(`${f.policy} printed a sentinel (unknown: ${where}): ${f.message}`);
                    }
                    if (f.enforcementLevel === "mandatory") throw new Error(`${f.policy} blocked on an unknown (unknown: ${where}): ${f.message}`);
                }
            }),
            { numRuns: 150 },
        );
    });

    it("notes (never blocks) each single value of the compliant stack made unknown, whole lists included", async () => {
        // Exhaustive over single replacements with the sentinel the engine actually sends.
        const engineSentinel = sdkProxy.unknownStringValue;
        const problems: string[] = [];
        for (const path of paths) {
            const findings = await evaluate(replaced(stack, [{ path, sentinel: engineSentinel }]), { preview: true });
            for (const f of findings) {
                if (f.enforcementLevel === "mandatory" || f.message.includes(engineSentinel.slice(0, 8))) {
                    problems.push(`${describePath(stack, path)}: ${f.policy}: ${f.message}`);
                }
            }
        }
        expect(problems).toEqual([]);
    }, 120_000);
});
