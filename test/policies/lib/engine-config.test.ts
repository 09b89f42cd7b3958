// The pack's hook on the policy SDK's Configure call, with the very protobuf messages the Pulumi
// CLI sends (the real CLI runs in test/e2e/policy-config.test.ts): the whole map is checked, and
// "scope" reaches every policy's settings before the SDK stores them.
import { completeEngineConfig } from "../../../policies/lib/engine-config";
import { policies } from "../../../policies/registry";

const analyzer = require("@pulumi/pulumi/proto/analyzer_pb") as {
    ConfigureAnalyzerRequest: new () => { getPolicyconfigMap(): { set(k: string, v: unknown): void; get(k: string): { getProperties(): { toJavaScript(): object } } } };
    PolicyConfig: new () => { setEnforcementlevel(v: number): unknown; setProperties(v: unknown): unknown };
    EnforcementLevel: Record<string, number>;
};
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: object): unknown } };

/** What the CLI sends after reconciling a file: every policy with its level and schema defaults, plus the file's other keys. */
function request(extra: Record<string, { level: string; properties: object }>) {
    const req = new analyzer.ConfigureAnalyzerRequest();
    const entries: Record<string, { level: string; properties: object }> = {
        ...Object.fromEntries(policies.map((p) => [p.name, { level: p.enforcementLevel ?? "advisory", properties: {} }])),
        scope: { level: "advisory", properties: {} },
        ...extra,
    };
    for (const [name, { level, properties }] of Object.entries(entries)) {
        const config = new analyzer.PolicyConfig();
        config.setEnforcementlevel(analyzer.EnforcementLevel[level.toUpperCase()]);
        config.setProperties(Struct.fromJavaScript(properties));
        req.getPolicyconfigMap().set(name, config);
    }
    return { request: req };
}

describe("the pack's check of the config the CLI hands it", () => {
    it("merges \"scope\" into every policy's settings, a policy's own keys winning", () => {
        const call = request({
            scope: { level: "advisory", properties: { productionStacks: "prod(-.*)?" } },
            "db-backup-retention": { level: "mandatory", properties: { minDays: 14, productionStacks: "live" } },
        });
        completeEngineConfig(call as never, policies);
        const settings = (name: string) => call.request.getPolicyconfigMap().get(name).getProperties().toJavaScript();
        expect(settings("db-storage-encrypted")).toEqual({ productionStacks: "prod(-.*)?" });
        expect(settings("db-backup-retention")).toEqual({ minDays: 14, productionStacks: "live" });
    });

    it("refuses what the CLI passes on unchecked: a misspelt policy, a setting no policy has", () => {
        expect(() => completeEngineConfig(request({ "db-backup-retension": { level: "advisory", properties: {} } }) as never, policies)).toThrow(
            /"db-backup-retension" is not a policy of the pack \(did you mean "db-backup-retention"\?\)/,
        );
        expect(() => completeEngineConfig(request({ "db-multi-az": { level: "mandatory", properties: { minInstance: 3 } } }) as never, policies)).toThrow(
            /"db-multi-az.minInstance" is not a setting of db-multi-az \(did you mean "minInstances"\?\)/,
        );
        expect(() => completeEngineConfig(request({ all: { level: "mandatory", properties: { productionStackTag: "env=prod" } } }) as never, policies)).toThrow(/"all.productionStackTag" .*"scope"/);
    });
});
