// What properties a resource type has, read from the @pulumi/aws SDK the program uses (each
// resource class lists its inputs as `resourceInputs["x"] = args?.x` and its output-only
// properties as `resourceInputs["x"] = undefined /*out*/`). This is what lets the stand-in answer
// for any aws resource type without a table entry: it knows whether the type has a `name` to
// auto-name and an `arn` to compute.
import { readFileSync } from "fs";

export interface TypeShape {
    /** Properties a program can set. */
    inputs: ReadonlySet<string>;
    /** Properties only the provider sets (arn, endpoint, tagsAll, ...). */
    outputs: ReadonlySet<string>;
}

const shapes = new Map<string, TypeShape | undefined>();

/** "aws:rds/instance:Instance" -> "@pulumi/aws/rds/instance"; "aws:index/x:X" -> "@pulumi/aws/x". */
export function sdkModuleOf(token: string): string | undefined {
    const match = /^aws:([^/:]+)\/([^:]+):[^:]+$/.exec(token);
    if (!match) return undefined;
    const [, mod, file] = match;
    return mod === "index" ? `@pulumi/aws/${file}` : `@pulumi/aws/${mod}/${file}`;
}

/** The shape of a type, or undefined when the SDK has no class for it. */
export function shapeOf(token: string): TypeShape | undefined {
    if (shapes.has(token)) return shapes.get(token);
    let shape: TypeShape | undefined;
    const mod = sdkModuleOf(token);
    if (mod) {
        try {
            // Resolved from the program's directory first (the plugin's working directory), then from here.
            const file = require.resolve(`${mod}.js`, { paths: [process.cwd(), __dirname] });
            const source = readFileSync(file, "utf8");
            const inputs = new Set<string>();
            const outputs = new Set<string>();
            for (const m of source.matchAll(/resourceInputs\["(\w+)"\] = args\?\.\w+/g)) inputs.add(m[1]);
            for (const m of source.matchAll(/resourceInputs\["(\w+)"\] = undefined \/\*out\*\//g)) outputs.add(m[1]);
            shape = { inputs, outputs };
        } catch {
            shape = undefined;
        }
    }
    shapes.set(token, shape);
    return shape;
}
