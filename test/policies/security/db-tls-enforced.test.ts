import type { ResourceInput } from "../../../policies/evaluate";
import { dbTlsEnforced } from "../../../policies/security/db-tls-enforced";
import { compliantStack } from "../../fixtures/compliant-stack";
import { rds, set, unset, untyped, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

const messages = async (stack: ResourceInput[], options = {}) => (await run(dbTlsEnforced, stack, options)).map((f) => `${f.resource} [${f.enforcementLevel}]: ${f.message}`);
const withoutForceSsl = <P extends { parameters?: unknown }>(p: P): P => ({ ...p, parameters: (p.parameters as { name: string }[]).filter((x) => x.name !== "rds.force_ssl") });

describe("db-tls-enforced", () => {
    it("passes the compliant stack", async () => {
        expect(await run(dbTlsEnforced, compliantStack())).toEqual([]);
    });

    it("flags a parameter group without rds.force_ssl, on the group, naming the instance and its replica", async () => {
        expect(await messages(withProps(compliantStack(), rds.parameterGroup, "orders-pg16", withoutForceSsl))).toEqual([
            'orders-pg16 [mandatory]: aws.rds.ParameterGroup "orders-pg16": parameter rds.force_ssl is unset; wanted rds.force_ssl = "1", ' +
                'so that aws.rds.Instance "orders-db" and aws.rds.Instance "orders-replica" accept only TLS connections. ' +
                'Fix: add `{ name: "rds.force_ssl", value: "1" }` to `parameters` in the aws.rds.ParameterGroup args of "orders-pg16".',
        ]);
    });

    it("flags the switch set off", async () => {
        const stack = withProps(compliantStack(), rds.clusterParameterGroup, "ledger-cluster-pg16", set({ parameters: [{ name: "rds.force_ssl", value: "0" }] }));
        expect(await messages(stack)).toEqual([
            'ledger-cluster-pg16 [mandatory]: aws.rds.ClusterParameterGroup "ledger-cluster-pg16": parameters[0].value (rds.force_ssl) is "0"; wanted rds.force_ssl = "1", ' +
                'so that aws.rds.Cluster "ledger" accepts only TLS connections. Fix: set `value: "1"` on rds.force_ssl in the aws.rds.ClusterParameterGroup args of "ledger-cluster-pg16".',
        ]);
    });

    it("flags an instance with no parameter group, or an AWS default one (neither can be edited to force TLS), on the database", async () => {
        expect(await messages(withProps(compliantStack(), rds.instance, "orders-db", unset("parameterGroupName")))).toEqual([
            'orders-db [mandatory]: aws.rds.Instance "orders-db": parameterGroupName is unset; wanted a custom aws.rds.ParameterGroup that sets rds.force_ssl = "1" ' +
                "(unset means the AWS default group, which cannot be edited to force TLS). " +
                'Fix: create an aws.rds.ParameterGroup for the engine\'s family with `parameters: [{ name: "rds.force_ssl", value: "1" }]` ' +
                'and set `parameterGroupName: parameterGroup.name` in the aws.rds.Instance args of "orders-db".',
        ]);
        const defaultGroup = withProps(compliantStack(), rds.cluster, "ledger", set({ dbClusterParameterGroupName: "default.aurora-postgresql16" }));
        expect(await messages(defaultGroup)).toEqual([
            expect.stringContaining(
                'ledger [mandatory]: aws.rds.Cluster "ledger": dbClusterParameterGroupName is "default.aurora-postgresql16"; wanted a custom aws.rds.ClusterParameterGroup that sets rds.force_ssl = "1" (an AWS default group',
            ),
        ]);
    });

    it("reads an empty name, or a default group named in capitals, as the AWS default group (AWS stores names lowercase)", async () => {
        for (const name of ["", "Default.Postgres16"]) {
            expect(await messages(withProps(compliantStack(), rds.instance, "orders-db", set({ parameterGroupName: name })))).toEqual([
                expect.stringContaining(
                    `orders-db [mandatory]: aws.rds.Instance "orders-db": parameterGroupName is ${JSON.stringify(name)}; wanted a custom aws.rds.ParameterGroup that sets rds.force_ssl = "1" (an AWS default group`,
                ),
            ]);
        }
    });

    it("judges MySQL-family engines on require_secure_transport (1 or ON)", async () => {
        const group = (value: string) => rds.parameterGroup("billing-mysql8", { name: "billing-mysql8", family: "mysql8.0", parameters: [{ name: "require_secure_transport", value }] });
        const db = rds.instance(
            "billing",
            { engine: "mysql", instanceClass: "db.m6g.large", parameterGroupName: "billing-mysql8" },
            { propertyDependencies: { parameterGroupName: ["billing-mysql8"] } },
        );
        expect(await run(dbTlsEnforced, [group("ON"), db])).toEqual([]);
        expect(await run(dbTlsEnforced, [group("1"), db])).toEqual([]);
        expect((await messages([group("OFF"), db]))[0]).toContain('parameters[0].value (require_secure_transport) is "OFF"; wanted require_secure_transport = "1"');
    });

    it("does not judge Aurora cluster instances (TLS is a cluster parameter)", async () => {
        const stack = withProps(compliantStack(), rds.clusterInstance, "ledger-2", unset("dbParameterGroupName"));
        expect(await run(dbTlsEnforced, stack)).toEqual([]);
    });

    it("judges a read replica with no engine of its own through its source's engine, or its group's family", async () => {
        const replicaGroup = rds.parameterGroup("replica-pg16", { name: "replica-pg16", family: "postgres16", parameters: [] });
        const stack = withProps([...compliantStack(), replicaGroup], rds.instance, "orders-replica", set({ parameterGroupName: "replica-pg16" }));
        const viaSource = stack.map((r) => (r.name === "orders-replica" ? { ...r, propertyDependencies: { ...r.propertyDependencies, parameterGroupName: ["replica-pg16"] } } : r));
        expect(await messages(viaSource)).toEqual([expect.stringContaining('replica-pg16 [mandatory]: aws.rds.ParameterGroup "replica-pg16": parameter rds.force_ssl is unset')]);
        const crossRegion = rds.instance("dr", { replicateSourceDb: "arn:aws:rds:us-west-2:123456789012:db:elsewhere", instanceClass: "db.m6g.large", parameterGroupName: "replica-pg16" });
        expect(await messages([replicaGroup, crossRegion])).toEqual([expect.stringContaining('so that aws.rds.Instance "dr" accepts only TLS connections')]);
    });

    it("is not applicable to engines that force TLS elsewhere (Oracle, Db2) or that it cannot name", async () => {
        const oracle = rds.instance("erp", { engine: "oracle-ee", instanceClass: "db.m6i.large" });
        const replicaOfUnknown = rds.instance("r", { replicateSourceDb: "arn:aws:rds:us-west-2:123456789012:db:x", instanceClass: "db.m6g.large" });
        expect(await run(dbTlsEnforced, [oracle, replicaOfUnknown])).toEqual([]);
    });

    it("notes, as advisory, a parameter group outside the stack (it cannot be seen; not a pass)", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ parameterGroupName: "shared-pg16" }));
        const outside = stack.map((r) => (r.name === "orders-db" ? { ...r, propertyDependencies: { ...r.propertyDependencies, parameterGroupName: [] } } : r));
        expect(await messages(outside)).toEqual([
            'orders-db [advisory]: aws.rds.Instance "orders-db": parameterGroupName names "shared-pg16", a parameter group that is not in this stack, so this policy cannot see ' +
                'whether it sets rds.force_ssl = "1"; make sure it does, or manage the group in this stack.',
        ]);
    });

    it("notes unknowns at preview as advisory: parameters, the group name, the engine", async () => {
        const unknownParameters = withProps(compliantStack(), rds.parameterGroup, "orders-pg16", set({ parameters: unknownSentinels.array }));
        const findings = await run(dbTlsEnforced, unknownParameters, { preview: true });
        expect(atLevel(findings)).toEqual([]);
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('aws.rds.ParameterGroup "orders-pg16": parameters is not known during preview')]);

        const unknownValue = withProps(compliantStack(), rds.clusterParameterGroup, "ledger-cluster-pg16", set({ parameters: [{ name: "rds.force_ssl", value: unknownSentinels.string }] }));
        expect(await messages(unknownValue, { preview: true })).toEqual([expect.stringContaining("parameters[0].value is not known during preview")]);

        const pendingName = rds.instance("db", { engine: "postgres", instanceClass: "db.m6g.large", parameterGroupName: unknownSentinels.string });
        const pendingEngine = rds.instance("db2", { engine: unknownSentinels.string, instanceClass: "db.m6g.large" });
        expect(await messages([pendingName, pendingEngine], { preview: true })).toEqual([
            expect.stringContaining('db [advisory]: aws.rds.Instance "db": parameterGroupName is not known during preview'),
            expect.stringContaining('db2 [advisory]: aws.rds.Instance "db2": engine is not known during preview'),
        ]);
    });

    it("at preview, notes a replica whose source is not known yet and whose engine nothing else tells", async () => {
        const replica = rds.instance("r", { replicateSourceDb: unknownSentinels.string, instanceClass: "db.m6g.large" });
        expect(await messages([replica], { preview: true })).toEqual([expect.stringContaining('r [advisory]: aws.rds.Instance "r": engine is not known during preview')]);
    });

    it("can be lowered to advisory by config", async () => {
        const findings = await run(dbTlsEnforced, withProps(compliantStack(), rds.parameterGroup, "orders-pg16", withoutForceSsl), { config: { "db-tls-enforced": "advisory" } });
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["advisory"]);
    });

    it("reports odd input as violations instead of crashing", async () => {
        const notAList = withProps(compliantStack(), rds.parameterGroup, "orders-pg16", set({ parameters: untyped("rds.force_ssl=1") }));
        expect((await messages(notAList))[0]).toContain('parameters is "rds.force_ssl=1"; wanted a list of parameters');
        const oddEntries = withProps(compliantStack(), rds.parameterGroup, "orders-pg16", set({ parameters: untyped([null, 7, { name: 5 }, { name: "rds.force_ssl", value: null }]) }));
        expect((await messages(oddEntries))[0]).toContain("parameters[3].value (rds.force_ssl) is null");
        const numeric = withProps(compliantStack(), rds.parameterGroup, "orders-pg16", set({ parameters: [{ name: "RDS.FORCE_SSL", value: untyped(1) }] }));
        expect(await run(dbTlsEnforced, numeric)).toEqual([]);
        const oddName = withProps(compliantStack(), rds.instance, "orders-db", set({ parameterGroupName: untyped({ name: "x" }) }));
        expect((await messages(oddName))[0]).toContain('parameterGroupName is {"name":"x"}');
    });
});
