// The contract (contract/) is what both halves use: a component built under mocks registers under
// the contract's type token, writes the contract's tag keys, alarms on the contract's health-check
// metric and registers the inputs ComponentInputs names; the policies, reading with the same names
// and their default config, find each of them. Each check fails when either side stops using it.
jest.mock("../../components/runtime/bundle", () => jest.requireActual("../components/production-database/fixtures").lambdaBundleStandIn);
import { types } from "../../aws-facts/resource-types";
import { ProductionAuroraCluster } from "../../components/production-aurora-cluster";
import { ProductionDatabase } from "../../components/production-database";
import { ComponentInputs, componentTypes, healthCheckDimension, healthCheckNamespace, healthCheckSucceededMetric, operationalTagKeys } from "../../contract";
import { dbRestoreTested } from "../../policies/backups/db-restore-tested";
import { dbConnectionLimits } from "../../policies/config/db-connection-limits";
import { Finding, evaluate } from "../../policies/evaluate";
import { componentOf } from "../../policies/lib/component";
import { DbPolicy } from "../../policies/lib/define";
import { makeResource } from "../../policies/lib/resource";
import { dbHealthCheck } from "../../policies/monitoring/db-health-check";
import { dbDrillsRecent } from "../../policies/runbook/db-drills-recent";
import { dbOwnership } from "../../policies/runbook/db-ownership";
import { dbRunbook } from "../../policies/runbook/db-runbook";
import { tagProperty } from "../../policies/lib/tags";
import { dbAppUsersLeastPrivilege } from "../../policies/users/db-app-users-least-privilege";
import { auroraArgs, auroraMocks } from "../components/production-aurora-cluster/fixtures";
import { productionArgs } from "../components/production-database/fixtures";
import { daysAgo } from "../fixtures/compliant-stack";
import { CapturedResource, captureResources } from "../support/capture";

const drills = { restoreTestedAt: daysAgo(10), failoverTestedAt: daysAgo(20) };

const appUsers = [{ name: "orders_app", privilege: "readwrite" as const, databases: ["orders"] }];
const connectionPools = [{ name: "api", size: 20, replicas: 4 }];

// Captured once; each test changes a copy (see `changed`).
let databaseResources: CapturedResource[];
let auroraResources: CapturedResource[];
beforeAll(async () => {
    databaseResources = (await captureResources(() => new ProductionDatabase("orders", productionArgs({ drills, appUsers, connectionPools })))).resources;
    auroraResources = (await captureResources(() => new ProductionAuroraCluster("ledger", auroraArgs({ drills })), { mocks: auroraMocks() })).resources;
});
const database = () => databaseResources;
const aurora = () => auroraResources;

const components = (resources: readonly CapturedResource[]) => resources.filter((r) => (Object.values(componentTypes) as string[]).includes(r.type));
const only = (resources: readonly CapturedResource[], type: string) => {
    const found = resources.filter((r) => r.type === type);
    expect(found).toHaveLength(1);
    return found[0];
};

/** The resources with `change` applied to the props of `target` (a copy: the captured ones stay as they are). */
function changed(resources: readonly CapturedResource[], target: CapturedResource, change: (props: Record<string, unknown>) => Record<string, unknown>): CapturedResource[] {
    return resources.map((r) => (r === target ? { ...r, props: change(structuredClone(r.props)) } : r));
}

function withoutTag(props: Record<string, unknown>, key: string): Record<string, unknown> {
    for (const map of ["tags", "tagsAll"]) delete (props[map] as Record<string, unknown> | undefined)?.[key];
    return props;
}

const findings = (resources: CapturedResource[], policies: DbPolicy[], config = {}): Promise<Finding[]> => evaluate(resources, { policies, config });

/** A captured resource as a policy sees it. */
const underCheck = (r: CapturedResource) => makeResource({ type: r.type, name: r.name, urn: r.urn, props: r.props, ...(r.parent ? { parent: r.parent } : {}) });

describe("the component type tokens", () => {
    it.each([
        ["ProductionDatabase", database, componentTypes.productionDatabase, types.instance, "orders"],
        ["ProductionAuroraCluster", aurora, componentTypes.productionAuroraCluster, types.cluster, "ledger"],
    ] as const)("%s registers under its contract token, which the policies know its children by", (_, build, token, databaseType, name) => {
        const resources = build();
        expect(components(resources).map((r) => r.type)).toEqual([token]);
        const db = only(resources, databaseType);
        expect(componentOf(underCheck(db))).toMatchObject({ type: token, name });
    });
});

describe("the operational tag keys", () => {
    const runbookPolicies = [dbRunbook, dbOwnership, dbDrillsRecent];
    // The validated restore tests stand in for the restore drill by default; here only the tag counts.
    const tagsOnly = { [dbDrillsRecent.name]: { countValidatedRestoreTests: false } };

    it("are the keys the component writes its runbook, ownership and drill arguments under", () => {
        const db = only(database(), types.instance);
        const args = productionArgs();
        expect(db.props.tags).toMatchObject({
            [operationalTagKeys.runbook]: args.runbook.url,
            [operationalTagKeys.owner]: args.ownership.owner,
            [operationalTagKeys.onCall]: args.ownership.onCall,
            [operationalTagKeys.restoreTestedAt]: drills.restoreTestedAt,
            [operationalTagKeys.failoverTestedAt]: drills.failoverTestedAt,
        });
    });

    it("are the keys the runbook policies read by default: each one taken off the database is flagged", async () => {
        const resources = database();
        const db = only(resources, types.instance);
        expect(await findings(resources, runbookPolicies, tagsOnly)).toEqual([]);
        for (const key of Object.values(operationalTagKeys)) {
            const flagged = await findings(
                changed(resources, db, (p) => withoutTag(p, key)),
                runbookPolicies,
                tagsOnly,
            );
            expect(flagged.map((f) => f.message)).toEqual([expect.stringContaining(`${tagProperty(key)} is unset`)]);
        }
    });

    it("include the drill tag db-restore-tested accepts in place of restore testing", async () => {
        const resources = database();
        const db = only(resources, types.instance);
        const noRestoreTesting = resources.filter((r) => r.type !== types.restoreTestingSelection);
        expect(await findings(noRestoreTesting, [dbRestoreTested])).toEqual([]);
        const flagged = await findings(
            changed(noRestoreTesting, db, (p) => withoutTag(p, operationalTagKeys.restoreTestedAt)),
            [dbRestoreTested],
        );
        expect(flagged.map((f) => f.policy)).toEqual([dbRestoreTested.name]);
    });
});

describe("the health-check metric", () => {
    it.each([
        ["ProductionDatabase", database],
        ["ProductionAuroraCluster", aurora],
    ] as const)("%s alarms on the contract's metric, the one db-health-check looks for by default", async (_, build) => {
        const resources = build();
        const alarm = only(
            resources.filter((r) => r.props.namespace === healthCheckNamespace),
            types.metricAlarm,
        );
        expect(alarm.props).toMatchObject({ metricName: healthCheckSucceededMetric, dimensions: { [healthCheckDimension]: expect.any(String) } });
        expect(await findings(resources, [dbHealthCheck])).toEqual([]);
        const renamed = await findings(
            changed(resources, alarm, (p) => ({ ...p, metricName: `${healthCheckSucceededMetric}Renamed` })),
            [dbHealthCheck],
        );
        expect(renamed.map((f) => f.policy)).toEqual([dbHealthCheck.name]);
    });
});

describe("the component inputs the policies read", () => {
    it("are registered under the names ComponentInputs gives them", () => {
        const component = underCheck(only(database(), componentTypes.productionDatabase));
        expect(component.get<ComponentInputs>("connectionPools")).toEqual(connectionPools);
        expect(component.get<ComponentInputs>("reservedConnections")).toEqual(expect.any(Number));
        expect(component.get<ComponentInputs>("appUsers")).toEqual([expect.objectContaining(appUsers[0])]);
        expect(component.get<ComponentInputs>("backup.restoreValidation.queries")).toEqual([]);
    });

    /** The component's registered input `key` set to `value`, as if the component had registered it. */
    function withInput<K extends keyof ComponentInputs>(key: K, value: unknown): CapturedResource[] {
        const resources = database();
        return changed(resources, only(resources, componentTypes.productionDatabase), (p) => ({ ...p, [key]: value }));
    }

    it("are where db-connection-limits reads the pools and the reserve", async () => {
        expect(await findings(database(), [dbConnectionLimits])).toEqual([]);
        const overflowing = await findings(withInput("connectionPools", [{ name: "api", size: 1000, replicas: 10 }]), [dbConnectionLimits]);
        expect(overflowing.map((f) => f.policy)).toEqual([dbConnectionLimits.name]);
        const reserved = await findings(withInput("reservedConnections", 100_000), [dbConnectionLimits]);
        expect(reserved.map((f) => f.policy)).toEqual([dbConnectionLimits.name]);
    });

    it("are where db-app-users-least-privilege reads the app users", async () => {
        expect(await findings(database(), [dbAppUsersLeastPrivilege])).toEqual([]);
        const flagged = await findings(withInput("appUsers", [{ ...appUsers[0], privilege: "superuser" }]), [dbAppUsersLeastPrivilege]);
        expect(flagged.map((f) => f.message)).toEqual([expect.stringContaining("appUsers[0].privilege")]);
    });
});
