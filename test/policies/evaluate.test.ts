import { evaluate, unknownSentinels } from "../../policies/evaluate";
import { dbBackupRetention } from "../../policies/backups/db-backup-retention";
import { dbDeletionProtection } from "../../policies/backups/db-deletion-protection";
import { defineStackPolicy } from "../../policies/lib/define";
import { rds, untyped } from "../fixtures/resources";

const bad = rds.instance("db", { instanceClass: "db.m6g.large", engine: "postgres", backupRetentionPeriod: 1, deletionProtection: false });
const policies = [dbBackupRetention, dbDeletionProtection];

describe("evaluate()", () => {
    it("applies the engine's config rules: 'all' sets every level, a policy's own entry wins", async () => {
        const levels = async (config: object) => (await evaluate([bad], { policies, config: config as never })).map((f) => `${f.policy}:${f.enforcementLevel}`);
        expect(await levels({})).toEqual(["db-backup-retention:mandatory", "db-deletion-protection:mandatory"]);
        expect(await levels({ all: "advisory" })).toEqual(["db-backup-retention:advisory", "db-deletion-protection:advisory"]);
        expect(await levels({ all: "advisory", "db-backup-retention": { enforcementLevel: "mandatory", minDays: 3 } })).toEqual(["db-backup-retention:mandatory", "db-deletion-protection:advisory"]);
        expect(await levels({ all: "disabled" })).toEqual([]);
    });

    it("rejects config for a policy the pack does not have", async () => {
        await expect(evaluate([bad], { policies, config: { "db-no-such-policy": "advisory" } })).rejects.toThrow(/"db-no-such-policy" is not a policy of the pack/);
    });

    it("refuses unknown values outside preview (they only exist during preview)", async () => {
        const pending = rds.instance("db", { instanceClass: "db.m6g.large", backupRetentionPeriod: untyped(unknownSentinels.number) });
        await expect(evaluate([pending], { policies })).rejects.toThrow(/pass \{ preview: true \}/);
        await expect(evaluate([pending], { policies, preview: true })).resolves.toBeDefined();
    });

    it("resolves dependencies by name or URN and hands stack policies linked resources", async () => {
        const seen: string[] = [];
        const probe = defineStackPolicy({
            name: "probe",
            checklistItem: "monitoring",
            description: "d",
            severity: "low",
            enforcementLevel: "advisory",
            remediationSteps: "r",
            peers: [],
            config: {},
            check(stack) {
                const db = stack.ofType("aws:rds/instance:Instance")[0];
                for (const a of stack.dependentsOf(db)) seen.push(`${a.name}<-${a.parent ?? ""}`);
            },
        });
        await evaluate(
            [
                { ...bad, urn: "urn:pulumi:production::p::aws:rds/instance:Instance::db" },
                { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "a1", props: {}, propertyDependencies: { dimensions: ["db"] }, parent: "db" },
                { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "a2", props: {}, dependencies: ["urn:pulumi:production::p::aws:rds/instance:Instance::db"] },
            ],
            { policies: [probe] },
        );
        expect(seen).toEqual(["a1<-urn:pulumi:production::p::aws:rds/instance:Instance::db", "a2<-"]);
        await expect(evaluate([{ ...bad, dependencies: ["ghost"] }], { policies: [probe] })).rejects.toThrow(/depends on "ghost", which names no resource/);
    });

    it("does not mutate the caller's resources when remediating", async () => {
        const input = structuredClone(bad);
        await evaluate([input], { policies, config: { "db-deletion-protection": "remediate" } });
        expect(input).toEqual(bad);
    });
});
