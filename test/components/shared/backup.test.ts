import fc from "fast-check";
import { backupFailurePattern, databaseArnSuffix, defaultCopyRegions, restoreTestingName } from "../../../components/shared/backup";
import { backupJobStateChange } from "../../../aws-facts/backup";
import { parseEventPattern, patternAdmits } from "../../../aws-facts/event-pattern";

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
    const ordersArn = "arn:aws:rds:us-east-1:123456789012:db:orders";
    const ofOrders = [{ path: ["detail", "resourceArn"], value: ordersArn }];

    it.each(["FAILED", "ABORTED", "EXPIRED"])("catches backup jobs that end %s", (state) => {
        const pattern = parseEventPattern(backupFailurePattern(databaseArnSuffix("RDS", "Orders")))!;
        expect(
            patternAdmits(pattern, [
                { path: ["source"], value: backupJobStateChange.source },
                { path: ["detail-type"], value: backupJobStateChange.detailType },
                { path: ["detail", "state"], value: state },
                ...ofOrders,
            ]),
        ).toBe(true);
    });

    it("hears only its own database: not another instance, not a cluster of the same name", () => {
        const admitsJobOf = (suffix: string, resourceArn: string) =>
            patternAdmits(
                parseEventPattern(backupFailurePattern(suffix))!,
                [
                    { path: ["source"], value: "aws.backup" },
                    { path: ["detail-type"], value: "Backup Job State Change" },
                    { path: ["detail", "state"], value: "FAILED" },
                    { path: ["detail", "resourceArn"], value: resourceArn },
                ],
                [["detail", "sourceResourceArn"]],
            );
        expect(admitsJobOf(databaseArnSuffix("RDS", "orders"), ordersArn)).toBe(true);
        expect(admitsJobOf(databaseArnSuffix("RDS", "orders"), "arn:aws:rds:us-east-1:123456789012:db:billing")).toBe(false);
        expect(admitsJobOf(databaseArnSuffix("RDS", "orders"), "arn:aws:rds:us-east-1:123456789012:db:old-orders")).toBe(false);
        expect(admitsJobOf(databaseArnSuffix("Aurora", "orders"), ordersArn)).toBe(false);
        expect(admitsJobOf(databaseArnSuffix("Aurora", "ledger"), "arn:aws:rds:us-east-1:123456789012:cluster:ledger")).toBe(true);
    });

    it("also catches failed copy and restore (restore test) jobs, and not completed ones", () => {
        const pattern = parseEventPattern(backupFailurePattern(databaseArnSuffix("RDS", "orders")))!;
        const admits = (detailType: string, state: string) =>
            patternAdmits(pattern, [
                { path: ["source"], value: "aws.backup" },
                { path: ["detail-type"], value: detailType },
                { path: ["detail", "state"], value: state },
                ...(detailType === "Restore Job State Change" ? [{ path: ["detail", "sourceResourceArn"], value: ordersArn }] : ofOrders),
            ]);
        expect(admits("Copy Job State Change", "FAILED")).toBe(true);
        expect(admits("Restore Job State Change", "FAILED")).toBe(true);
        expect(admits("Backup Job State Change", "COMPLETED")).toBe(false);
    });
});
