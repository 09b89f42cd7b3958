// Entry point of the stand-in provider plugin (PulumiPlugin.yaml: runtime nodejs). The engine
// starts it through the Node.js language host's RunPlugin, which runs this directory with
// @pulumi/pulumi/cmd/run-plugin.
import { serve } from "./server";

serve(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
});
