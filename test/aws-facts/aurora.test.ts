import { maxBacktrackHours, maxClusterInstances, serverlessV2CapacityRange } from "../../aws-facts/aurora";
import { rdsIdentifierMaxLength } from "../../aws-facts/rds";
import { clusterIdentifierMaxLength, instanceIdentifier } from "../../components/production-aurora-cluster/engines";

describe("Aurora limits", () => {
    it("leave the longest cluster identifier room for its last instance's suffix, within RDS's identifier length", () => {
        expect(instanceIdentifier("a".repeat(clusterIdentifierMaxLength), maxClusterInstances)).toHaveLength(rdsIdentifierMaxLength);
    });

    it("match the API's units: BacktrackWindow in seconds, Serverless v2 capacity in half ACUs", () => {
        expect(maxBacktrackHours * 3600).toBe(259_200);
        const { min, max, step } = serverlessV2CapacityRange;
        expect([min / step, max / step].every(Number.isInteger)).toBe(true);
    });
});
