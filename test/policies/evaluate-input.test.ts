// evaluate()'s input envelope: whatever a caller passes, one clear TypeError that names the
// resource index and the field, before any policy runs (never a TypeError from deep inside a
// policy, never findings attributed to the wrong resource).
import { evaluate } from "../../policies/evaluate";
import { rds } from "../fixtures/resources";

const db = rds.instance("db", { instanceClass: "db.m6g.large", engine: "postgres", backupRetentionPeriod: 1 });

async function errorOf(resources: unknown): Promise<string> {
    try {
        await evaluate(resources as never);
    } catch (e) {
        expect(e).toBeInstanceOf(TypeError);
        expect((e as Error).message).not.toContain("\n");
        return (e as Error).message;
    }
    throw new Error("evaluate() accepted the input");
}

describe("evaluate() input", () => {
    it.each([
        ["a non-array", { db }, /resources is a Object; expected an array/],
        ["null", null, /resources is null; expected an array/],
        ["a null entry", [db, null], /resources\[1\] is null; expected \{ type: string, name: string, props: object/],
        ["a string entry", ["db"], /resources\[0\] is "db"; expected \{ type/],
        ["a non-string name", [db, { ...db, name: 42 }], /resources\[1\]\.name is number 42; expected a non-empty string/],
        ["an empty type", [{ ...db, type: "" }], /resources\[0\] \("db"\)\.type is ""; expected a non-empty string/],
        ["non-object props", [{ ...db, props: "x" }], /resources\[0\] \("db"\)\.props is "x"; expected an object of the resource's input properties/],
        ["array props", [{ ...db, props: [] }], /resources\[0\] \("db"\)\.props is an array; expected an object/],
        ["missing props", [{ type: db.type, name: "db" }], /resources\[0\] \("db"\)\.props is undefined/],
        ["non-array dependencies", [{ ...db, dependencies: "other" }], /resources\[0\] \("db"\)\.dependencies is "other"; expected a list of resource names or URNs/],
        ["a null dependency", [{ ...db, dependencies: [null] }], /resources\[0\] \("db"\)\.dependencies\[0\] is null; expected a resource name or URN/],
        ["non-object propertyDependencies", [{ ...db, propertyDependencies: ["x"] }], /resources\[0\] \("db"\)\.propertyDependencies is an array/],
        ["a non-list property dependency", [{ ...db, propertyDependencies: { dimensions: "db" } }], /resources\[0\] \("db"\)\.propertyDependencies\.dimensions is "db"; expected a list/],
        ["a numeric urn", [{ ...db, urn: 7 }], /resources\[0\] \("db"\)\.urn is number 7; expected a non-empty string or no urn/],
        ["a function in props", [{ ...db, props: { tags: { owner: () => "x" } } }], /resources\[0\] \("db"\)\.props\.tags\.owner is function .*expected plain data/],
        ["a Date in props", [{ ...db, props: { created: new Date(0) } }], /resources\[0\] \("db"\)\.props\.created is a Date; expected plain data/],
    ])("refuses %s, naming the index and field", async (_what, input, message) => {
        expect(await errorOf(input)).toMatch(message);
    });

    it("refuses cyclic props, naming where the cycle closes", async () => {
        const props: Record<string, unknown> = { engine: "postgres", tags: { owner: "x" } };
        (props.tags as Record<string, unknown>).self = props;
        expect(await errorOf([db, { ...db, name: "db2", props }])).toMatch(/resources\[1\] \("db2"\)\.props\.tags\.self refers back to an object that contains it \(a cyclic object\)/);
    });

    it("accepts the same object twice in props (shared, not cyclic)", async () => {
        const shared = { owner: "x" };
        await expect(evaluate([{ ...db, props: { ...db.props, tags: shared, tagsAll: shared } }])).resolves.toBeDefined();
    });

    it("refuses props nested deeper than the policies can read", async () => {
        let deep: Record<string, unknown> = {};
        const root = deep;
        for (let i = 0; i < 10_000; i++) deep = (deep.x = {}) as Record<string, unknown>;
        expect(await errorOf([{ ...db, props: root }])).toMatch(/resources\[0\] \("db"\)\.props(\.x)+ is nested more than 200 levels deep/);
    });

    it("refuses two resources with one URN, which would get each other's findings", async () => {
        expect(await errorOf([db, { ...db, props: { ...db.props, backupRetentionPeriod: 30 } }])).toMatch(
            /resources\[1\] \("db"\) has the URN of resources\[0\], "urn:pulumi:production::db-preflight::aws:rds\/instance:Instance::db"/,
        );
        const urn = "urn:pulumi:prod::p::aws:rds/instance:Instance::a";
        expect(
            await errorOf([
                { ...db, name: "a", urn },
                { ...db, name: "b", urn },
            ]),
        ).toMatch(/resources\[1\] \("b"\) has the URN of resources\[0\]/);
    });
});
