// Serves the stand-in with @pulumi/pulumi's provider server (pulumi.provider.main). That server
// answers Configure without telling the provider its configuration, so the one thing added here is
// a look at the Configure request on its way in: the stand-in learns aws:region and
// aws:defaultTags there, as the real provider does. Everything else is the stock server.
import * as path from "path";
import * as pulumiProvider from "@pulumi/pulumi/provider";
import { AwsStandIn } from "./provider";

type Handler = (call: { request: { getVariablesMap(): { toArray(): [string, string][] } } }, callback: unknown) => void;

export async function serve(args: string[]): Promise<void> {
    const standIn = new AwsStandIn();
    // The same @grpc/grpc-js instance the provider server uses.
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as {
        Server: { prototype: { addService(service: unknown, implementation: Record<string, Handler>): void } };
    };
    const addService = grpc.Server.prototype.addService;
    grpc.Server.prototype.addService = function (this: unknown, service, implementation) {
        const configure = implementation.configure.bind(implementation);
        implementation.configure = (call, callback) => {
            standIn.configure(Object.fromEntries(call.request.getVariablesMap().toArray()));
            configure(call, callback);
        };
        return addService.call(this, service, implementation);
    };
    let serving: Promise<void>;
    try {
        // main() registers the service synchronously, before its first await.
        serving = pulumiProvider.main(standIn, args);
    } finally {
        grpc.Server.prototype.addService = addService;
    }
    await serving;
}
