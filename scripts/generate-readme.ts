// Writes the README's policy reference (between the policy-reference markers) from the checklist
// registry: one table row per policy (checklist item, default level, severity, config keys with
// their defaults, peer rules) and, per checklist item, its policies with what each one wants.
// Deterministic: the same registry gives the same bytes.
//
//   node -r ./cli/register.js scripts/generate-readme.ts           rewrite README.md
//   node -r ./cli/register.js scripts/generate-readme.ts --check   exit 1 when README.md is stale
import * as fs from "fs";
import * as path from "path";
import { checklistItems, DbPolicy } from "../policies/lib/define";
import { toPolicyConfigSchema, scopeShape } from "../policies/lib/config";
import { checklistTitles, policies as packPolicies } from "../policies/registry";
import { inReportOrder } from "../cli/report/model";
import { typeLabel } from "../aws-facts/resource-types";

export const startMarker = "<!-- policy-reference:start -->";
export const endMarker = "<!-- policy-reference:end -->";
export const readmePath = path.join(__dirname, "..", "README.md");

const scopeKeys = new Set(Object.keys(scopeShape));

/** Text safe inside a table cell: one line, pipes escaped. */
function cell(text: string): string {
    return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

/** `key` = `default` for each of the policy's own config keys (the scope keys every policy has are listed once). */
export function configKeys(policy: DbPolicy): string[] {
    const schema = toPolicyConfigSchema(policy.dbPreflight.configShape);
    return Object.entries(schema.properties ?? {})
        .filter(([key]) => !scopeKeys.has(key))
        .map(([key, property]) => {
            const value = (property as { default?: unknown }).default;
            return value === undefined ? `\`${key}\` (unset)` : `\`${key}\` = \`${JSON.stringify(value)}\``;
        });
}

/**
 * The resource types a policy judges, as a Pulumi TypeScript user writes them (aws.rds.Instance):
 * a resource policy's resourceTypes, a stack policy's judges. Sorted, so the output is stable.
 */
export function judgedTypes(policy: DbPolicy): string[] {
    const tokens = policy.dbPreflight.resourceTypes ?? policy.dbPreflight.judges ?? [];
    // Component tokens (db-preflight:aws:ProductionDatabase) have no module path: shown as they are.
    return [...new Set(tokens.map((t) => (t.includes("/") ? typeLabel(t) : t)))].sort();
}

export function renderPolicyReference(policies: readonly DbPolicy[]): string {
    const ordered = inReportOrder(policies);
    const lines = [
        "### Policy reference",
        "",
        "<!-- Generated from policies/registry.ts by scripts/generate-readme.ts (`npm run readme`); do not edit by hand. -->",
        "",
        `${ordered.length} policies. Every policy also takes \`enforcementLevel\` and the scope keys \`productionStacks\` and \`productionStackTag\`; ` +
            "the default level is the one used when the config file does not set it.",
        "",
        "| Policy | Checklist item | Default level | Severity | Config keys (default) | Peer rules matched |",
        "| --- | --- | --- | --- | --- | --- |",
    ];
    for (const p of ordered) {
        const keys = configKeys(p);
        const peers = p.dbPreflight.peers;
        lines.push(
            `| \`${p.name}\` | ${p.dbPreflight.checklistItem} | ${p.enforcementLevel ?? "advisory"} | ${p.severity ?? "medium"} | ` +
                `${keys.length > 0 ? cell(keys.join(", ")) : "—"} | ${peers.length > 0 ? cell(peers.join(", ")) : "—"} |`,
        );
    }
    for (const item of checklistItems) {
        const own = ordered.filter((p) => p.dbPreflight.checklistItem === item);
        lines.push("", `#### ${checklistTitles[item]} (\`${item}\`)`, "");
        if (own.length === 0) lines.push("No policy yet.");
        for (const p of own) {
            const judged = judgedTypes(p);
            const resourceTypes = judged.length > 0 ? ` Resource types: ${judged.map((t) => `\`${t}\``).join(", ")}.` : "";
            lines.push(`- \`${p.name}\` — ${cell(p.description ?? "")}${resourceTypes}`);
        }
    }
    return lines.join("\n");
}

/** The README with `section` between the markers (the markers stay). */
export function withPolicyReference(readme: string, section: string): string {
    const start = readme.indexOf(startMarker);
    const end = readme.indexOf(endMarker);
    if (start < 0 || end < 0 || end < start) {
        throw new Error(`README.md needs the markers ${startMarker} and ${endMarker} (in that order) around the policy reference`);
    }
    return `${readme.slice(0, start + startMarker.length)}\n${section}\n${readme.slice(end)}`;
}

export interface Io {
    stdout(text: string): void;
    stderr(text: string): void;
}

/** `--check`: 0 when the README is up to date, 1 when stale. Otherwise rewrites it. */
export function main(argv: readonly string[], io: Io, file = readmePath, policies: readonly DbPolicy[] = packPolicies): number {
    const check = argv.includes("--check");
    const unknown = argv.filter((a) => a !== "--check");
    if (unknown.length > 0) {
        io.stderr(`error: unknown argument ${unknown[0]}; usage: generate-readme [--check]\n`);
        return 2;
    }
    let readme: string;
    let updated: string;
    try {
        readme = fs.readFileSync(file, "utf8");
        updated = withPolicyReference(readme, renderPolicyReference(policies));
    } catch (e) {
        io.stderr(`error: ${(e as Error).message}\n`);
        return 2;
    }
    const name = path.relative(process.cwd(), file) || file;
    if (check) {
        if (updated === readme) return 0;
        io.stderr(`error: the policy reference in ${name} is stale (the registry changed): run \`npm run readme\`\n`);
        return 1;
    }
    if (updated !== readme) fs.writeFileSync(file, updated);
    io.stdout(`${name}: policy reference ${updated === readme ? "already up to date" : "updated"} (${policies.length} policies)\n`);
    return 0;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2), {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
    });
}
