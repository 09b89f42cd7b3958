import { dynamodbDefaults, dynamodbMetrics, pointInTimeRecoveryRange } from "../../aws-facts/dynamodb";

describe("DynamoDB facts", () => {
    it("writes down the defaults: provisioned capacity, no point-in-time recovery, no deletion protection, always encrypted", () => {
        expect(dynamodbDefaults).toMatchObject({
            billingMode: "PROVISIONED",
            pointInTimeRecoveryEnabled: false,
            pointInTimeRecoveryPeriodDays: 35,
            deletionProtectionEnabled: false,
            alwaysEncryptedAtRest: true,
        });
        expect(pointInTimeRecoveryRange).toEqual({ min: 1, max: 35 });
        expect(dynamodbMetrics.required.flat()).toEqual(expect.arrayContaining(["ThrottledRequests", "SystemErrors"]));
    });
});
