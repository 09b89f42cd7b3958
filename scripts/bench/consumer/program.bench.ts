// What a consumer's own jest test looks like (run by `npm run bench`, not by `npm test`): a program
// that declares both components, captured under Pulumi mocks and checked with the pack. The bench
// times this file's jest run.
jest.mock("../../../components/runtime/bundle", () => jest.requireActual("../../../test/components/production-database/fixtures").lambdaBundleStandIn);
import { ProductionDatabase } from "../../../components/production-database";
import { ProductionAuroraCluster } from "../../../components/production-aurora-cluster";
import { evaluate } from "../../../policies/evaluate";
import { captureResources } from "../../../test/support/capture";
import { productionArgs } from "../../../test/components/production-database/fixtures";
import { auroraArgs, auroraMocks } from "../../../test/components/production-aurora-cluster/fixtures";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const drills = { restoreTestedAt: daysAgo(10), failoverTestedAt: daysAgo(20) };

function program() {
    new ProductionDatabase("orders", productionArgs({ drills }));
    new ProductionAuroraCluster("ledger", auroraArgs({ drills }));
}

it("the program's databases pass the pack", async () => {
    const { resources } = await captureResources(program, { mocks: auroraMocks() });
    expect(await evaluate(resources)).toEqual([]);
});
