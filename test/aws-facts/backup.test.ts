import { backupJobStateChange, deprecatedVaultEvents, restoreTestingResourceTypes, tagKeyOfCondition } from "../../aws-facts/backup";

describe("AWS Backup facts", () => {
    it("reads tag condition keys with or without the aws:ResourceTag/ prefix", () => {
        expect(tagKeyOfCondition("aws:ResourceTag/backup")).toBe("backup");
        expect(tagKeyOfCondition("backup")).toBe("backup");
        expect(tagKeyOfCondition("aws:ResourceTag/team:name")).toBe("team:name");
    });

    it("names the restore-testing resource types AWS accepts for RDS, Aurora and DynamoDB", () => {
        expect(restoreTestingResourceTypes).toEqual({ instance: "RDS", cluster: "Aurora", dynamodbTable: "DynamoDB" });
    });

    it("watches failed and aborted backup jobs, and treats BACKUP_JOB_FAILED as deprecated", () => {
        expect(backupJobStateChange).toEqual({ source: "aws.backup", detailType: "Backup Job State Change", failedStates: ["FAILED", "ABORTED"] });
        expect(deprecatedVaultEvents).toContain("BACKUP_JOB_FAILED");
        expect(deprecatedVaultEvents).not.toContain("BACKUP_JOB_COMPLETED");
    });
});
