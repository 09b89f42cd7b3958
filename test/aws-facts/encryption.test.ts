import { isAlwaysEncryptedEngineMode, isAwsManagedKeyAlias } from "../../aws-facts/encryption";

describe("encryption facts", () => {
    it("knows Aurora Serverless v1 is always encrypted, and provisioned clusters are not", () => {
        expect(isAlwaysEncryptedEngineMode("serverless")).toBe(true);
        expect(isAlwaysEncryptedEngineMode(" Serverless ")).toBe(true);
        expect(isAlwaysEncryptedEngineMode("provisioned")).toBe(false);
    });

    it("tells AWS managed key aliases from customer keys", () => {
        expect(isAwsManagedKeyAlias("alias/aws/rds")).toBe(true);
        expect(isAwsManagedKeyAlias("arn:aws:kms:us-east-1:123456789012:alias/aws/rds")).toBe(true);
        expect(isAwsManagedKeyAlias("alias/orders-db")).toBe(false);
        expect(isAwsManagedKeyAlias("arn:aws:kms:us-east-1:123456789012:key/1111")).toBe(false);
    });
});
