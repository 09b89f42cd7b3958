import { healthCheckAlarmDefinition } from "../../../components/shared/health-check";

describe("healthCheckAlarmDefinition", () => {
    it("counts a missing data point as a failure, and pages after 3 minutes", () => {
        expect(healthCheckAlarmDefinition()).toMatchObject({
            namespace: "DbPreflight/HealthCheck",
            metricName: "HealthCheckSucceeded",
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            period: 60,
            evaluationPeriods: 3,
            treatMissingData: "breaching",
        });
    });
});
