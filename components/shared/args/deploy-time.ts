// Checks of component arguments that AWS would otherwise only make at deploy time (CreateDBInstance,
// CreateDBCluster, tagging), run before anything is registered: the engine version against the
// engine, the backup and maintenance windows together, repeated subnets, reserved names, tag rules,
// and credentials in values that land in tags and state. The AWS facts live in aws-facts/.
import { engineVersionProblem } from "../../../aws-facts/engine-versions";
import { databaseNameProblem, masterUsernameProblem } from "../../../aws-facts/reserved-names";
import { tagKeyProblem, tagLimits, tagValueProblem } from "../../../aws-facts/tags";
import { parseBackupWindow, parseMaintenanceWindow, windowsOverlap } from "../../../aws-facts/windows";
import { Problems } from "./problems";
import { isDeferred } from "./zod";
import { urlCredentialProblem } from "../urls";

/** The values both components turn into tags, with the argument each comes from. */
export interface TaggedArguments {
    tags: Record<string, string>;
    runbook: { url: string };
    ownership: { owner: string; onCall: string };
    drills: { restoreTestedAt?: string; failoverTestedAt?: string };
}

/** Tag keys and values as AWS takes them, no credentials in any, and the per-resource count. */
export function checkTags(a: TaggedArguments, problems: Problems): void {
    for (const [key, value] of Object.entries(a.tags)) {
        const keyProblem = tagKeyProblem(key);
        if (keyProblem !== undefined) problems.push(`tags[${JSON.stringify(key)}]: the key ${keyProblem}`);
        const valueProblem = urlCredentialProblem(value) ?? tagValueProblem(value);
        if (valueProblem !== undefined) problems.add(["tags", key], valueProblem);
    }
    const tagged: Array<[PropertyKey[], string | undefined]> = [
        [["runbook", "url"], a.runbook.url],
        [["ownership", "owner"], a.ownership.owner],
        [["ownership", "onCall"], a.ownership.onCall],
        [["drills", "restoreTestedAt"], a.drills.restoreTestedAt],
        [["drills", "failoverTestedAt"], a.drills.failoverTestedAt],
    ];
    for (const [path, value] of tagged) {
        if (value === undefined) continue;
        const problem = (path[0] === "runbook" ? undefined : urlCredentialProblem(value)) ?? tagValueProblem(value);
        if (problem !== undefined) problems.add(path, `${problem} (it is tagged on the database)`);
    }
    // runbook, owner and on-call, and the drill dates that are set (operationalTags in runbook.ts).
    const operationalTagCount = 3 + [a.drills.restoreTestedAt, a.drills.failoverTestedAt].filter((d) => d !== undefined).length;
    const count = Object.keys(a.tags).length + operationalTagCount;
    if (count > tagLimits.perResource) {
        problems.push(`tags: ${Object.keys(a.tags).length} tags plus the component's ${operationalTagCount} make ${count}; AWS takes at most ${tagLimits.perResource} per resource: drop some`);
    }
}

/** A version of the engine, when one is given. */
export function checkEngineVersion(engine: string, given: string | undefined, problems: Problems): void {
    if (given === undefined) return;
    const problem = engineVersionProblem(engine, given);
    if (problem !== undefined) problems.add(["engineVersion"], problem);
}

/** The daily backup window and the weekly maintenance window must not meet (each is checked alone by the schema). */
export function checkWindows(backupWindow: string, maintenanceWindow: string, given: { backupWindow: boolean; maintenanceWindow: boolean }, problems: Problems): void {
    const backup = parseBackupWindow(backupWindow);
    const maintenance = parseMaintenanceWindow(maintenanceWindow);
    if (backup === undefined || maintenance === undefined || backup.end <= backup.start || !windowsOverlap(backup, maintenance)) return;
    const b = `backup.window ${JSON.stringify(backupWindow)}${given.backupWindow ? "" : " (the default)"}`;
    const m = `maintenanceWindow ${JSON.stringify(maintenanceWindow)}${given.maintenanceWindow ? "" : " (the default)"}`;
    problems.push(
        `${b} overlaps ${m}; RDS refuses windows that meet: move ${given.maintenanceWindow || !given.backupWindow ? "maintenanceWindow" : "backup.window"} so the two do not overlap, e.g. backup.window "03:00-04:00" and maintenanceWindow "sun:05:00-sun:06:00"`,
    );
}

/** Each subnet once: RDS refuses a subnet group that lists one twice, and one subnet twice is not two zones. */
export function checkSubnets(subnetIds: unknown, problems: Problems): void {
    if (isDeferred(subnetIds) || !Array.isArray(subnetIds)) return;
    const seen = new Map<string, number>();
    subnetIds.forEach((id, i) => {
        if (typeof id !== "string") return;
        const first = seen.get(id);
        if (first !== undefined)
            problems.add(["network", "subnetIds", i], `repeats network.subnetIds[${first}]; list each subnet once (at least 2 different private subnets in different Availability Zones)`);
        else seen.set(id, i);
    });
}

/** The initial database and the master user: not a name the engine reserves or RDS owns. */
export function checkReservedNames(engine: string, names: { databaseName: string; masterUsername: string }, given: { databaseName: boolean; masterUsername: boolean }, problems: Problems): void {
    const db = databaseNameProblem(engine, names.databaseName);
    if (db !== undefined) {
        if (given.databaseName) problems.add(["databaseName"], db);
        else problems.push(`databaseName (from the identifier): ${JSON.stringify(names.databaseName)} ${db}; set databaseName`);
    }
    const user = masterUsernameProblem(engine, names.masterUsername);
    if (user !== undefined) {
        if (given.masterUsername) problems.add(["masterUsername"], user);
        else problems.push(`masterUsername (from databaseName): ${JSON.stringify(names.masterUsername)} ${user}; set masterUsername`);
    }
}

/** The parsed arguments the deploy-time checks read (both components have them). */
export interface DeployTimeArguments extends TaggedArguments {
    engineVersion?: string;
    databaseName?: string;
    masterUsername?: string;
    network: { subnetIds: unknown };
    backup: { window: string };
    maintenanceWindow: string;
}

/**
 * Every check above, for one component: `raw` is what the user passed (to tell a given value from a
 * default), `names` the resolved initial database and master username.
 */
export function checkDeployTimeRules(engine: string, raw: unknown, a: DeployTimeArguments, names: { databaseName: string; masterUsername: string }, problems: Problems): void {
    const given = raw as { backup?: { window?: unknown }; maintenanceWindow?: unknown } | undefined;
    checkEngineVersion(engine, a.engineVersion, problems);
    checkReservedNames(engine, names, { databaseName: a.databaseName !== undefined, masterUsername: a.masterUsername !== undefined }, problems);
    checkWindows(a.backup.window, a.maintenanceWindow, { backupWindow: given?.backup?.window !== undefined, maintenanceWindow: given?.maintenanceWindow !== undefined }, problems);
    checkSubnets(a.network.subnetIds, problems);
    checkTags(a, problems);
}
