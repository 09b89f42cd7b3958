// Runbook: restore and failover drills recorded on the live database and recent. The deploy gate
// only reminds (db-drills-recent is advisory); before go-live a drill is required.
import { describeDrillDate, judgeDrillDate } from "../../../policies/lib/tags";
import { operationalTagKeys } from "../../../contract";
import { CheckContext } from "../context";
import { defineCheck, fail, pass } from "./define";

/** How the date of a drill is recorded for this database: the component's `drills` argument, else the tag. */
export function recordDrillHint(ctx: Pick<CheckContext, "target">, drill: "restore" | "failover", date: string): string {
    const key = drill === "restore" ? operationalTagKeys.restoreTestedAt : operationalTagKeys.failoverTestedAt;
    const arg = drill === "restore" ? "restoreTestedAt" : "failoverTestedAt";
    const c = ctx.target.component;
    if (c) {
        const cls = c.type.split(":").pop();
        return `set \`drills: { ${arg}: "${date}" }\` in the ${cls} args of ${JSON.stringify(c.name)} (the example programs read it from config: \`pulumi config set ${arg} ${date}\`), then \`pulumi up\``;
    }
    return `set \`tags: { "${key}": "${date}" }\` in the args of ${ctx.target.db.label}, then \`pulumi up\``;
}

function canFailOver(live: Awaited<ReturnType<CheckContext["database"]>>): boolean {
    return live.kind === "instance" ? live.instance.MultiAZ === true : live.instances.length >= 2 || (live.cluster.DBClusterMembers ?? []).length >= 2;
}

export const drillsRecent = defineCheck({
    name: "drills-recent",
    checklistItem: "runbook",
    description: `A restore drill (and a failover drill where the database can fail over) is recorded on the database (${operationalTagKeys.restoreTestedAt}, ${operationalTagKeys.failoverTestedAt} tags) within the allowed age.`,
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Run the drill (`db-preflight verify --drill restore --yes` measures a restore; the runbook has the failover steps), then record its date as verify prints it and `pulumi up`.",
    async run(ctx) {
        const live = await ctx.database();
        const tagList = live.kind === "instance" ? live.instance.TagList : live.cluster.TagList;
        const tags = Object.fromEntries((tagList ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? ""]));
        const wanted: Array<["restore" | "failover", string]> = [["restore", operationalTagKeys.restoreTestedAt]];
        if (canFailOver(live)) wanted.push(["failover", operationalTagKeys.failoverTestedAt]);
        const max = ctx.thresholds.drillMaxAgeDays;
        const problems: string[] = [];
        const fine: string[] = [];
        const today = new Date(ctx.now).toISOString().slice(0, 10);
        for (const [drill, key] of wanted) {
            const value = tags[key];
            if (value === undefined) {
                problems.push(`no ${drill} drill is recorded (tag ${key} missing): after the drill, ${recordDrillHint(ctx, drill, today)}`);
                continue;
            }
            const date = judgeDrillDate(value, max, ctx.now);
            if (date.kind === "fresh") fine.push(`${drill} drill ${value}`);
            else problems.push(`${key} is ${JSON.stringify(value)}, ${describeDrillDate(date, max)}: after a new drill, ${recordDrillHint(ctx, drill, today)}`);
        }
        if (problems.length > 0) return fail(`${problems.join("; ")}; wanted drills within ${max} days`);
        return pass(fine.join(", "));
    },
});
