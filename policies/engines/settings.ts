// Small readers shared by the DocumentDB / Neptune / Redshift checks: a setting read with its API
// default, unknowns reported (never judged), wrong types reported as violations.
import { argsOf } from "../lib/databases";
import { ResourceReport } from "../lib/define";
import { ResourceUnderCheck } from "../lib/resource";
import { UNKNOWN, asBoolean } from "../lib/values";

/**
 * A boolean setting that must be `wanted`; unset means `apiDefault`. `asString` writes the fix
 * as a string (aws.redshift.Cluster `encrypted` is a string in @pulumi/aws v7).
 */
export function requireBoolean(db: ResourceUnderCheck, report: ResourceReport, property: string, wanted: boolean, apiDefault: boolean, options: { asString?: boolean; why?: string } = {}): void {
    const raw = db.get(property);
    const value = asBoolean(raw);
    if (value === UNKNOWN) return report.unknown(property);
    if ((value === undefined ? apiDefault : value) === wanted) return;
    const literal = options.asString ? JSON.stringify(String(wanted)) : String(wanted);
    report.violation({
        property,
        seen: raw,
        wanted: `${literal}${options.why ? `, ${options.why}` : ""}${value === undefined ? ` (unset means ${apiDefault})` : ""}`,
        fix: `set \`${property}: ${literal}\` in ${argsOf(db)}.`,
    });
}
