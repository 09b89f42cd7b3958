// The argument schemas are the one place a default is written: the doc comment users see on a field
// (carried into ProductionDatabaseArgs and ProductionAuroraClusterArgs by z.input) does not repeat
// the value its schema defaults to, which would drift from it.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const root = path.join(__dirname, "../../../..");
const argsFolder = "components/shared/args";
const schemaFiles = [...fs.readdirSync(path.join(root, argsFolder)).map((f) => `${argsFolder}/${f}`), "components/production-database/args.ts", "components/production-aurora-cluster/args.ts"];

/** The argument of the `.default(...)` that ends a field's schema (`wholeNumber(1, 35).default(14)`), when there is one. */
function defaultArgument(initializer: ts.Expression): ts.Expression | undefined {
    let e = initializer;
    while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
        if (e.expression.name.text === "default" && e.arguments.length === 1) return e.arguments[0];
        e = e.expression.expression;
    }
    return undefined;
}

/** A literal as its value reads in prose: 14, "03:00-04:00" -> 03:00-04:00, true; undefined for anything else. */
function literalText(e: ts.Expression): string | undefined {
    if (ts.isNumericLiteral(e) || ts.isStringLiteral(e)) return e.text;
    if (e.kind === ts.SyntaxKind.TrueKeyword) return "true";
    if (e.kind === ts.SyntaxKind.FalseKeyword) return "false";
    return undefined;
}

interface DefaultedField {
    where: string;
    doc: string;
    value: string | undefined;
}

/** Every documented schema field with a default, in the files that declare the arguments. */
function documentedDefaultedFields(): DefaultedField[] {
    const fields: DefaultedField[] = [];
    for (const file of schemaFiles) {
        const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.ES2022, true);
        const visit = (node: ts.Node) => {
            if (ts.isPropertyAssignment(node)) {
                const doc = ts
                    .getJSDocCommentsAndTags(node)
                    .map((d) => d.getText())
                    .join("\n");
                const argument = defaultArgument(node.initializer);
                if (doc !== "" && argument !== undefined) fields.push({ where: `${file}: ${node.name.getText()}`, doc, value: literalText(argument) });
            }
            ts.forEachChild(node, visit);
        };
        visit(source);
    }
    return fields;
}

describe("argument defaults", () => {
    const fields = documentedDefaultedFields();

    it("finds the documented fields with defaults (backup.retentionDays among them)", () => {
        expect(fields.length).toBeGreaterThan(20);
        expect(fields.map((f) => f.where)).toContain(`${argsFolder}/backup.ts: retentionDays`);
    });

    it("are written in the schema only, not again in the doc comment", () => {
        const repeated = fields.filter(
            (f) => /\bdefault\b:?\s*[\d"`]/i.test(f.doc) || (f.value !== undefined && new RegExp(`(^|[^\\w.:-])${f.value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\w.:-])`).test(f.doc)),
        );
        expect(repeated.map((f) => `${f.where}: ${f.doc}`)).toEqual([]);
    });
});
