// The README's example --policy-pack-config, taken from the README itself: it is a valid config,
// and it does not block a database the components create with their defaults — on a production
// stack (in its scope, judged) and on a dev stack (outside it, not judged).
jest.mock("../components/runtime/bundle", () => jest.requireActual("./components/production-database/fixtures").lambdaBundleStandIn);
import * as fs from "fs";
import * as path from "path";
import type { PolicyPackConfig } from "@pulumi/policy";
import { ProductionDatabase } from "../components/production-database";
import { ProductionAuroraCluster } from "../components/production-aurora-cluster";
import { Finding, evaluate } from "../policies/evaluate";
import { reconcilePackConfig } from "../policies/lib/pack-config";
import { policies } from "../policies/registry";
import { captureResources } from "./support/capture";
import { productionArgs } from "./components/production-database/fixtures";
import { auroraArgs, auroraMocks } from "./components/production-aurora-cluster/fixtures";
import { rds } from "./fixtures/resources";

/** The first ```json block of the README's Configuration section. */
function readmeExampleConfig(): PolicyPackConfig {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Configuration"));
    const block = /```json\n([\s\S]*?)\n```/.exec(section);
    if (!block) throw new Error("README's Configuration section has no ```json block");
    return JSON.parse(block[1]) as PolicyPackConfig;
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const drills = { restoreTestedAt: daysAgo(10), failoverTestedAt: daysAgo(20) };
const blocking = (findings: Finding[]) => findings.filter((f) => f.enforcementLevel === "mandatory");

describe("the README's example policy pack config", () => {
    const config = readmeExampleConfig();

    it("is a valid config with a pack-wide scope", () => {
        expect(() => reconcilePackConfig(config, policies)).not.toThrow();
        expect(config.scope).toEqual({ productionStacks: expect.any(String) });
    });

    it.each(["postgres", "mysql", "mariadb"] as const)("does not block a ProductionDatabase (%s) with its defaults on a production stack", async (engine) => {
        const { resources } = await captureResources(() => new ProductionDatabase("orders", productionArgs({ engine, drills })), { stack: "prod" });
        expect(blocking(await evaluate(resources, { config, stack: "prod" }))).toEqual([]);
    });

    it("does not block a ProductionAuroraCluster with its defaults on a production stack", async () => {
        const { resources } = await captureResources(() => new ProductionAuroraCluster("ledger", auroraArgs({ drills })), { mocks: auroraMocks(), stack: "prod-eu" });
        expect(blocking(await evaluate(resources, { config, stack: "prod-eu" }))).toEqual([]);
    });

    it("judges production stacks and leaves dev stacks alone", async () => {
        const careless = rds.instance("careless", { instanceClass: "db.m6g.large", engine: "postgres", backupRetentionPeriod: 1 });
        expect(blocking(await evaluate([careless], { config, stack: "prod" })).length).toBeGreaterThan(0);
        expect(await evaluate([careless], { config, stack: "dev" })).toEqual([]);
    });
});
