import { awsProviderType } from "../../../policies/lib/provider";
import { dbOffsiteCopy } from "../../../policies/backups/db-offsite-copy";
import { compliantStack } from "../../fixtures/compliant-stack";
import { arn, backup, PropsOf, rds, set, unset, untyped, without, withProps } from "../../fixtures/resources";
import { atLevel, run, unknownSentinels } from "../helpers";

type Rule = NonNullable<PropsOf<typeof backup.plan>["rules"]>[number];
/** The compliant stack with the orders-db plan's single rule changed. */
const ordersRule = (change: (rule: Rule) => Rule) => withProps(compliantStack(), backup.plan, "orders-db-plan", (props) => ({ ...props, rules: [change((props.rules as Rule[])[0])] }));
const copyTo = (destinationVaultArn: string) => ordersRule((rule) => ({ ...rule, copyActions: [{ destinationVaultArn }] }));
const noCopy = () => ordersRule(({ copyActions: _, ...rule }) => rule);
const flagged = async (stack: Parameters<typeof run>[1], options = {}) => (await run(dbOffsiteCopy, stack, options)).map((f) => f.resource);

describe("db-offsite-copy", () => {
    it("passes the compliant stack (backup plans copy to a vault in us-west-2)", async () => {
        expect(await run(dbOffsiteCopy, compliantStack())).toEqual([]);
    });

    it("flags an instance whose backups never leave the region, with both ways to fix it", async () => {
        const findings = await run(dbOffsiteCopy, noCopy());
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ policy: "db-offsite-copy", enforcementLevel: "advisory", resource: "orders-db" });
        expect(findings[0].message).toBe(
            'aws.rds.Instance "orders-db": backup copy outside the region is unset; wanted automated backups replicated to another region (aws.rds.InstanceAutomatedBackupsReplication), ' +
                "or a copy action of the backup plan selecting it, to a vault in another region or account than us-east-1. " +
                'Fix: add `new aws.rds.InstanceAutomatedBackupsReplication("orders-db-dr", { sourceDbInstanceArn: db.arn }, { provider: drRegionProvider })`, ' +
                "or add `copyActions: [{ destinationVaultArn: drVault.arn }]` to a rule of the aws.backup.Plan selecting it, " +
                'where `db` is the aws.rds.Instance "orders-db" and `drVault` an aws.backup.Vault in another region.',
        );
    });

    it("flags a copy to a vault in the same region and account, showing where it goes", async () => {
        const sameRegion = arn("backup", "backup-vault:orders-db-vault-2");
        const findings = await run(dbOffsiteCopy, copyTo(sameRegion));
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining(`backup copy outside the region is ["${sameRegion}"]`)]);
    });

    it("accepts a copy to another account in the same region", async () => {
        expect(await flagged(copyTo(`arn:aws:backup:us-east-1:210987654321:backup-vault:dr`))).toEqual([]);
    });

    it("accepts automated backups replication for an instance to another region, linked or by ARN value", async () => {
        const linked = rds.automatedBackupsReplication(
            "orders-dr",
            { sourceDbInstanceArn: arn("rds", "db:orders-db"), retentionPeriod: 14, region: "us-west-2" },
            { propertyDependencies: { sourceDbInstanceArn: ["orders-db"] } },
        );
        expect(await flagged([...noCopy(), linked])).toEqual([]);
        const byValue = rds.automatedBackupsReplication("orders-dr", { sourceDbInstanceArn: arn("rds", "db:orders-db"), region: "us-west-2" });
        expect(await flagged([...noCopy(), byValue])).toEqual([]);
        const other = rds.automatedBackupsReplication("billing-dr", { sourceDbInstanceArn: arn("rds", "db:billing-db"), region: "us-west-2" });
        expect(await flagged([...noCopy(), other])).toEqual(["orders-db"]);
    });

    describe("counts a copy only when it really leaves the database's region or account", () => {
        const replication = (props: Record<string, unknown>, provider?: string) => ({
            ...rds.automatedBackupsReplication("orders-dr", { sourceDbInstanceArn: arn("rds", "db:orders-db"), ...props }, { propertyDependencies: { sourceDbInstanceArn: ["orders-db"] } }),
            ...(provider ? { provider } : {}),
        });
        const provider = (name: string, region: unknown) => ({ type: awsProviderType, name, props: { region } });

        it("flags a replication into the database's own region, or to a region it does not name", async () => {
            const same = await run(dbOffsiteCopy, [...noCopy(), replication({ region: "us-east-1" })]);
            expect(same.map((f) => f.message)).toEqual([expect.stringContaining('(aws.rds.InstanceAutomatedBackupsReplication "orders-dr" replicates to us-east-1, the database\'s own region)')]);
            const nowhere = await run(dbOffsiteCopy, [...noCopy(), replication({})]);
            expect(nowhere.map((f) => f.message)).toEqual([expect.stringContaining('aws.rds.InstanceAutomatedBackupsReplication "orders-dr" names no region')]);
        });

        it("reads the replication's region from its provider or its ARN, and the database's from its provider", async () => {
            expect(await flagged([...noCopy(), provider("dr", "us-west-2"), replication({}, "dr")])).toEqual([]);
            expect(await flagged([...noCopy(), provider("home", "us-east-1"), replication({}, "home")])).toEqual(["orders-db"]);
            expect(await flagged([...noCopy(), replication({ id: "arn:aws:rds:eu-west-1:123456789012:auto-backup:ab-1" })])).toEqual([]);
            // A database with no ARN in its props, created by a us-west-2 provider: a us-west-2 replication stays home.
            const westDb = withProps(noCopy(), rds.instance, "orders-db", unset("arn")).map((r) => (r.name === "orders-db" ? { ...r, provider: "west" } : r));
            const findings = await run(dbOffsiteCopy, [provider("west", "us-west-2"), ...westDb, replication({ region: "us-west-2" })]);
            expect(findings.map((f) => f.resource)).toEqual(["orders-db"]);
            expect(findings[0].message).toContain("replicates to us-west-2, the database's own region");
            expect(await flagged([provider("west", "us-west-2"), ...westDb, replication({ region: "eu-west-1" })])).toEqual([]);
        });

        it("notes a replication whose region is not known at preview", async () => {
            const findings = await run(dbOffsiteCopy, [...noCopy(), provider("dr", unknownSentinels.string), replication({}, "dr")], { preview: true });
            expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('region of aws.rds.InstanceAutomatedBackupsReplication "orders-dr" is not known during preview')]);
        });

        it("does not count a copy destination that is not a backup vault ARN with a region and an account", async () => {
            for (const destination of [
                "arn:aws:backup::123456789012:backup-vault:dr",
                "arn:aws:backup:us-west-2::backup-vault:dr",
                arn("sns", "db-alerts", "us-west-2"),
                "arn:aws:backup:us-west-2:123456789012:backup-plan:dr",
            ]) {
                expect(await flagged(copyTo(destination))).toEqual(["orders-db"]);
            }
        });
    });

    it("offers clusters only the backup plan copy (RDS replicates instance backups only)", async () => {
        const stack = withProps(compliantStack(), backup.plan, "ledger-plan", (props) => ({ ...props, rules: [{ ruleName: "daily", targetVaultName: "ledger-vault" }] }));
        const findings = await run(dbOffsiteCopy, stack);
        expect(findings.map((f) => f.resource)).toEqual(["ledger"]);
        expect(findings[0].message).not.toContain("InstanceAutomatedBackupsReplication");
        expect(findings[0].message).toContain("wanted a copy action of the backup plan selecting it");
    });

    it("says when the selecting plan is outside the stack and cannot be checked", async () => {
        const stack = [
            ...without(compliantStack(), "orders-db-selection"),
            backup.selection("external", { name: "external", planId: "0a1b2c3d", iamRoleArn: "r", resources: [arn("rds", "db:orders-db")] }),
        ];
        const findings = await run(dbOffsiteCopy, stack);
        expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('(aws.backup.Selection "external" belongs to a plan outside this stack, whose copy actions cannot be checked)')]);
    });

    it("reads the database's region from its region property before its ARN", async () => {
        const stack = withProps(compliantStack(), rds.instance, "orders-db", set({ region: "us-west-2" }));
        expect(await flagged(stack)).toEqual(["orders-db"]);
    });

    it("does not judge read replicas or Aurora cluster members", async () => {
        // Neither the replica nor the cluster instances have copies of their own in the compliant stack.
        expect(await flagged(compliantStack())).toEqual([]);
        expect(await flagged([rds.instance("member", { instanceClass: "db.r6g.large", engine: "aurora-mysql" })])).toEqual([]);
    });

    it("notes what it cannot know at preview: the destination vault, or the database's region", async () => {
        const unknownVault = await run(dbOffsiteCopy, copyTo(unknownSentinels.string), { preview: true });
        expect(unknownVault.map((f) => [f.resource, f.enforcementLevel, f.message])).toEqual([
            ["orders-db", "advisory", expect.stringContaining('copyActions.destinationVaultArn of aws.backup.Plan "orders-db-plan" is not known during preview')],
        ]);
        const newDb = withProps(compliantStack(), rds.instance, "orders-db", set({ arn: unknownSentinels.string }));
        const unknownHome = await run(dbOffsiteCopy, newDb, { preview: true });
        expect(unknownHome.map((f) => [f.resource, f.enforcementLevel, f.message])).toEqual([
            ["orders-db", "advisory", expect.stringContaining('aws.rds.Instance "orders-db": region is not known during preview')],
        ]);
        // With its region known, a copy to another region is enough even before the ARN is.
        expect(await run(dbOffsiteCopy, withProps(newDb, rds.instance, "orders-db", set({ region: "us-east-1" })), { preview: true })).toEqual([]);
    });

    it("does not crash on odd input", async () => {
        expect(await flagged(copyTo(untyped(42)))).toEqual(["orders-db"]);
        expect(await flagged(copyTo("not-an-arn"))).toEqual(["orders-db"]);
        expect(await flagged(ordersRule((rule) => ({ ...rule, copyActions: untyped("us-west-2") })))).toEqual(["orders-db"]);
        expect(await flagged(withProps(compliantStack(), backup.plan, "orders-db-plan", set({ rules: untyped("daily") })))).toEqual(["orders-db"]);
        expect(await flagged(withProps(compliantStack(), backup.plan, "orders-db-plan", set({ rules: untyped([null, 3]) })))).toEqual(["orders-db"]);
    });

    it("can be made mandatory by config", async () => {
        expect(atLevel(await run(dbOffsiteCopy, noCopy(), { config: { "db-offsite-copy": "mandatory" } })).map((f) => f.resource)).toEqual(["orders-db"]);
    });
});
