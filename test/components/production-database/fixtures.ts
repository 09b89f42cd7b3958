// Shared by the ProductionDatabase tests: the smallest arguments a production database needs, and
// a stand-in for the Lambda bundle (the runtime's own tests cover the code inside it).
import type { ProductionDatabaseArgs } from "../../../components/production-database";

export const lambdaBundleStandIn = {
    lambdaCode: (fn: string) => `exports.handler = async () => ${JSON.stringify(fn)};`,
    lambdaRuntime: "nodejs20.x",
    lambdaHandler: "index.handler",
};

export function productionArgs(overrides: Partial<ProductionDatabaseArgs> = {}): ProductionDatabaseArgs {
    return {
        engine: "postgres",
        network: {
            vpcId: "vpc-0a1b2c3d4e5f60718",
            subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
            allowedSecurityGroupIds: ["sg-0123456789abcdef0"],
        },
        runbook: { url: "https://runbooks.example.com/databases/orders" },
        ownership: { owner: "team-orders", onCall: "orders-oncall" },
        ...overrides,
    };
}
