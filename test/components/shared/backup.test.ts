import fc from "fast-check";
import { backupFailurePattern, defaultCopyRegions, restoreTestingName } from "../../../components/shared/backup";
import { backupJobStateChange } from "../../../policies/aws/backup";
import { parseEventPattern, patternAdmits } from "../../../policies/aws/event-pattern";

describe("defaultCopyRegions", () => {
    it("never copies to the same region", () => {
        for (const [home, copy] of Object.entries(defaultCopyRegions)) expect(copy).not.toBe(home);
    });

    it("stays in the same country, or in the EU", () => {
        const country = (region: string) => (/^eu-(west-1|west-3|central-1|north-1|south-[12])$/.test(region) ? "eu" : region.split("-")[0]);
        for (const [home, copy] of Object.entries(defaultCopyRegions)) expect(country(copy)).toBe(country(home));
    });

    it("has no default where a region has no neighbour in its country", () => {
        expect(defaultCopyRegions["sa-east-1"]).toBeUndefined();
        expect(defaultCopyRegions["eu-west-2"]).toBeUndefined();
    });
});

describe("restoreTestingName", () => {
    it("makes a name AWS Backup accepts (letters, digits, underscores, at most 50) from any RDS identifier", () => {
        const identifier = fc.stringMatching(/^[a-z][a-z0-9-]{0,62}$/);
        fc.assert(
            fc.property(identifier, (id) => {
                expect(restoreTestingName(id, "restore_test")).toMatch(/^[A-Za-z0-9_]{1,50}$/);
            }),
        );
    });

    it("keeps a short identifier readable", () => {
        expect(restoreTestingName("orders-db", "restore_test")).toBe("orders_db_restore_test");
    });
});

describe("backupFailurePattern", () => {
    it.each(["FAILED", "ABORTED", "EXPIRED"])("catches backup jobs that end %s", (state) => {
        const pattern = parseEventPattern(backupFailurePattern())!;
        expect(
            patternAdmits(pattern, [
                { path: ["source"], value: backupJobStateChange.source },
                { path: ["detail-type"], value: backupJobStateChange.detailType },
                { path: ["detail", "state"], value: state },
            ]),
        ).toBe(true);
    });

    it("also catches failed copy and restore (restore test) jobs, and not completed ones", () => {
        const pattern = parseEventPattern(backupFailurePattern())!;
        const admits = (detailType: string, state: string) =>
            patternAdmits(pattern, [
                { path: ["source"], value: "aws.backup" },
                { path: ["detail-type"], value: detailType },
                { path: ["detail", "state"], value: state },
            ]);
        expect(admits("Copy Job State Change", "FAILED")).toBe(true);
        expect(admits("Restore Job State Change", "FAILED")).toBe(true);
        expect(admits("Backup Job State Change", "COMPLETED")).toBe(false);
    });
});
