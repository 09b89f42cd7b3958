#!/usr/bin/env node
// The `db-preflight` command: runs cli/db-preflight.ts through the esbuild require hook.
"use strict";
require("./register");
const { main } = require("./db-preflight.ts");

main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
