// The checklist registry: the single list of the pack's policies, grouped by checklist item.
// The pack (index.ts), evaluate(), the report and the README table all read it from here.
import { ChecklistItem, DbPolicy, checklistItems } from "./lib/define";
import * as backups from "./backups";
import * as users from "./users";
import * as security from "./security";
import * as config from "./config";
import * as monitoring from "./monitoring";
import * as runbook from "./runbook";

export const packName = "db-preflight";

export const checklistTitles: Record<ChecklistItem, string> = {
    backups: "Backups and restore",
    users: "Users and credentials",
    security: "Security and network",
    config: "Config and capacity",
    monitoring: "Monitoring",
    runbook: "Runbook",
};

const byArea: Record<ChecklistItem, Record<string, DbPolicy>> = { backups, users, security, config, monitoring, runbook };

/** Every policy of the pack, in checklist order. */
export const policies: readonly DbPolicy[] = checklistItems.flatMap((item) => {
    const list = Object.values(byArea[item]);
    for (const p of list) {
        if (p.dbPreflight.checklistItem !== item) {
            throw new Error(`policy ${p.name} says checklist item ${p.dbPreflight.checklistItem} but is exported from policies/${item}/`);
        }
    }
    return list;
});

export function policiesOf(item: ChecklistItem): readonly DbPolicy[] {
    return policies.filter((p) => p.dbPreflight.checklistItem === item);
}
