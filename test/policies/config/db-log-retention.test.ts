import { dbLogRetention } from "../../../policies/config/db-log-retention";
import { compliantStack } from "../../fixtures/compliant-stack";
import { cloudwatch, PropsOf, rds, set, unset, untyped, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

type LogGroup = PropsOf<typeof cloudwatch.logGroup>;

describe("db-log-retention", () => {
    it("passes the compliant stack (a log group with retention per exported log)", async () => {
        expect(await run(dbLogRetention, compliantStack())).toEqual([]);
    });

    it("flags exported logs with no log group in the stack (RDS would create one that never expires)", async () => {
        const findings = await run(dbLogRetention, without(compliantStack(), "orders-db-upgrade-logs"));
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ resource: "orders-db", enforcementLevel: "advisory" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": log groups of exported logs missing from the stack is ["/aws/rds/instance/orders-db/upgrade"]; ' +
                "wanted an aws.cloudwatch.LogGroup with retentionInDays for each exported log type (otherwise RDS creates the group with no retention: logs never expire). " +
                'Fix: add `new aws.cloudwatch.LogGroup("<name>", { name: "/aws/rds/instance/orders-db/upgrade", retentionInDays: 30 })`, ' +
                "and `dependsOn` them from the database so they exist before RDS writes its first log.",
        );
    });

    it("never prints an identifier Pulumi generated (its random suffix changes every preview): names it through the output instead", async () => {
        const generated = (suffix: string) => without(withProps(compliantStack(), rds.instance, "orders-db", set({ identifier: `orders-db-${suffix}` })), "orders-db-upgrade-logs");
        const [first, second] = await Promise.all(["3fa9c1e", "b04d7e2"].map(async (suffix) => (await run(dbLogRetention, generated(suffix))).map((f) => f.message)));
        // The same message on every preview, with no trace of the suffix.
        expect(first).toEqual(second);
        expect(first.join(" ")).not.toMatch(/3fa9c1e|b04d7e2/);
        expect(first.find((m) => m.includes("missing from the stack"))).toBe(
            'aws.rds.Instance "orders-db": log groups of exported logs missing from the stack is ["/aws/rds/instance/<identifier>/postgresql","/aws/rds/instance/<identifier>/upgrade"]; ' +
                "wanted an aws.cloudwatch.LogGroup with retentionInDays for each exported log type (otherwise RDS creates the group with no retention: logs never expire). " +
                'Fix: add `new aws.cloudwatch.LogGroup("<name>", { name: pulumi.interpolate`/aws/rds/instance/${db.identifier}/postgresql`, retentionInDays: 30 })` ' +
                "and the same for pulumi.interpolate`/aws/rds/instance/${db.identifier}/upgrade`, and `dependsOn` them from the database so they exist before RDS writes its first log; " +
                'or set `identifier` in the aws.rds.Instance args of "orders-db" (Pulumi generates it now, with a random suffix) so the names are fixed.',
        );
        // An identifier the user chose is printed as it is.
        const chosen = await run(dbLogRetention, without(withProps(compliantStack(), rds.instance, "orders-db", set({ identifier: "orders-db-prod" })), "orders-db-upgrade-logs"));
        expect(chosen.find((f) => f.message.includes("missing from the stack"))?.message).toContain('"/aws/rds/instance/orders-db-prod/upgrade"');
    });

    it("uses the cluster path for clusters and the lowercase identifier AWS stores", async () => {
        const findings = await run(dbLogRetention, withProps(compliantStack(), rds.cluster, "ledger", set({ enabledCloudwatchLogsExports: ["postgresql", "iam-db-auth-error"] })));
        expect(findings[0].message).toContain('is ["/aws/rds/cluster/ledger/iam-db-auth-error"]');
        const upper = withProps(compliantStack(), rds.instance, "orders-db", set({ identifier: "Orders-DB" }));
        expect(await run(dbLogRetention, upper)).toEqual([]);
    });

    it.each([
        ["unset", unset<LogGroup>("retentionInDays"), "retentionInDays is unset; wanted at least 1 day (unset or 0 means never expire)"],
        ["0", set<LogGroup>({ retentionInDays: 0 }), "retentionInDays is 0; wanted at least 1 day (unset or 0 means never expire)"],
    ])("flags the log group itself when its retention is %s", async (_, change, text) => {
        const findings = await run(dbLogRetention, withProps(compliantStack(), cloudwatch.logGroup, "ledger-postgresql-logs", change));
        expect(findings.map((f) => f.resource)).toEqual(["ledger-postgresql-logs"]);
        expect(findings[0].message).toBe(
            `aws.cloudwatch.LogGroup "ledger-postgresql-logs": ${text}; it holds the postgresql log of aws.rds.Cluster "ledger". ` +
                'Fix: set `retentionInDays: 30` in the aws.cloudwatch.LogGroup args of "ledger-postgresql-logs".',
        );
    });

    it("does not judge a database that exports nothing", async () => {
        expect(await run(dbLogRetention, without(withProps(compliantStack(), rds.cluster, "ledger", unset("enabledCloudwatchLogsExports")), "ledger-postgresql-logs"))).toEqual([]);
    });

    it("honours minDays", async () => {
        const findings = await run(dbLogRetention, compliantStack(), { config: { "db-log-retention": { minDays: 90 } } });
        expect(findings).toHaveLength(5);
        expect(findings[0].message).toContain("retentionInDays is 30; wanted at least 90 days; it holds the postgresql log of");
        expect(findings[0].message).toContain("set `retentionInDays: 90`");
    });

    it("notes a database with no identifier: the log group names cannot be known", async () => {
        const findings = await run(dbLogRetention, [rds.instance("db", { engine: "postgres", instanceClass: "db.m6g.large", enabledCloudwatchLogsExports: ["postgresql"] })]);
        expect(findings).toEqual([
            expect.objectContaining({
                enforcementLevel: "advisory",
                message: expect.stringContaining('aws.rds.Instance "db": identifier is unset, so the names of the log groups RDS writes to are not known'),
            }),
        ]);
    });

    it("at preview, waits for an unknown identifier or a log group name that depends on the database", async () => {
        const unknownId = await run(dbLogRetention, withProps(compliantStack(), rds.instance, "orders-db", set({ identifier: unknownSentinels.string })), {
            preview: true,
            config: { "db-log-retention": "mandatory" },
        });
        expect(atLevel(unknownId)).toEqual([]);
        expect(unknownId[0].message).toContain("identifier is not known during preview");
        const unknownName = withProps(compliantStack(), cloudwatch.logGroup, "orders-db-upgrade-logs", set({ name: unknownSentinels.string }));
        const findings = await run(dbLogRetention, unknownName, { preview: true });
        expect(findings.map((f) => [f.resource, f.enforcementLevel])).toEqual([["orders-db", "advisory"]]);
        expect(findings[0].message).toContain('name of aws.cloudwatch.LogGroup "orders-db-upgrade-logs" is not known during preview');
    });

    it("does not crash on odd input", async () => {
        const stack = [
            ...withProps(compliantStack(), cloudwatch.logGroup, "orders-db-postgresql-logs", set({ retentionInDays: untyped("forever") })),
            cloudwatch.logGroup("nameless", { name: untyped(42) }),
        ];
        const findings = await run(dbLogRetention, withProps(stack, rds.cluster, "ledger", set({ enabledCloudwatchLogsExports: untyped("postgresql") })));
        expect(findings.map((f) => [f.resource, f.message.split(";")[0]])).toEqual([
            ["orders-db-postgresql-logs", 'aws.cloudwatch.LogGroup "orders-db-postgresql-logs": retentionInDays is "forever"'],
        ]);
    });
});
