import { defaultAlarmChoices, fallbackFreeableMemoryBytes, formatBytes, instanceAlarmDefinitions } from "../../../components/shared/alarms";
import { rdsInstanceCoreMetrics } from "../../../aws-facts/metrics";

const GiB = 1024 ** 3;
const facts = { maxConnections: 901, allocatedGiB: 100, memoryBytes: 8 * GiB };
const byMetric = (defs: ReturnType<typeof instanceAlarmDefinitions>) => Object.fromEntries(defs.map((d) => [d.metricName, d]));

describe("instanceAlarmDefinitions", () => {
    it("alarms on every core metric the monitoring policy asks for, plus read and write latency", () => {
        const metrics = instanceAlarmDefinitions(facts).map((d) => d.metricName);
        expect(metrics).toEqual(expect.arrayContaining([...rdsInstanceCoreMetrics, "ReadLatency", "WriteLatency"]));
        expect(new Set(instanceAlarmDefinitions(facts).map((d) => d.namespace))).toEqual(new Set(["AWS/RDS"]));
    });

    it("computes thresholds from the database's facts and the default percentages", () => {
        const d = byMetric(instanceAlarmDefinitions(facts));
        expect(d.CPUUtilization).toMatchObject({ threshold: 80, comparisonOperator: "GreaterThanThreshold", statistic: "Average" });
        // 80 % of max_connections 901, rounded down.
        expect(d.DatabaseConnections).toMatchObject({ threshold: 720, comparisonOperator: "GreaterThanThreshold", statistic: "Maximum" });
        // 10 % of 100 GiB allocated.
        expect(d.FreeStorageSpace).toMatchObject({ threshold: 10 * GiB, comparisonOperator: "LessThanThreshold", statistic: "Minimum" });
        // 10 % of the class's 8 GiB.
        expect(d.FreeableMemory).toMatchObject({ threshold: 858993459, comparisonOperator: "LessThanThreshold" });
        expect(d.ReadLatency.threshold).toBe(0.02);
        expect(d.WriteLatency.threshold).toBe(0.02);
    });

    it("follows the caller's percentages", () => {
        const d = byMetric(instanceAlarmDefinitions(facts, { ...defaultAlarmChoices, connectionsPercent: 50, cpuPercent: 90, latencyMs: 5 }));
        expect(d.DatabaseConnections.threshold).toBe(450);
        expect(d.CPUUtilization.threshold).toBe(90);
        expect(d.ReadLatency.threshold).toBe(0.005);
    });

    it("falls back to a fixed free-memory floor when the class memory is unknown", () => {
        const d = byMetric(instanceAlarmDefinitions({ ...facts, memoryBytes: undefined }));
        expect(d.FreeableMemory.threshold).toBe(fallbackFreeableMemoryBytes);
    });

    it("explains each threshold in its description", () => {
        const d = byMetric(instanceAlarmDefinitions(facts));
        expect(d.DatabaseConnections.description).toBe("Connections above 720 (80% of max_connections 901) for 10 minutes");
        expect(d.FreeStorageSpace.description).toBe("Free storage below 10% of the 100 GiB allocated (10 GiB) for 10 minutes");
        expect(d.FreeableMemory.description).toBe("Freeable memory below 819.2 MiB (10% of 8 GiB) for 15 minutes");
    });

    it("gives every alarm a distinct key (alarm names must be unique)", () => {
        const keys = instanceAlarmDefinitions(facts).map((d) => d.key);
        expect(new Set(keys).size).toBe(keys.length);
    });
});

test("formatBytes", () => {
    expect(formatBytes(10 * GiB)).toBe("10 GiB");
    expect(formatBytes(256 * 1024 ** 2)).toBe("256 MiB");
});
