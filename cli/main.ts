#!/usr/bin/env node
// The `db-preflight` command of the published package (package.json "bin": dist/cli/main.js, compiled
// by `npm run build`). In the repository, cli/bin.js runs the same main() from the TypeScript sources.
import { main } from "./db-preflight";

main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
