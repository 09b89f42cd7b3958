// ESLint: the recommended JavaScript and TypeScript rules, without type information so it stays fast
// (`tsc --noEmit` type-checks the tree as its own step of `npm test`).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
    { ignores: ["**/node_modules/", "dist/", "bin/", "policies/bin/", "coverage/", "test/**/.work/", ".pulumi/"] },
    // A disable comment that no longer disables anything is an error too.
    { linterOptions: { reportUnusedDisableDirectives: "error" } },
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        languageOptions: { globals: globals.node },
        rules: {
            // tsc's own convention (noUnusedLocals): a leading underscore marks a binding kept on purpose,
            // and destructuring a field out next to a rest element is how an object drops it.
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true }],
            // The components name `this` `parent`: it is the Pulumi parent of every resource they create.
            "@typescript-eslint/no-this-alias": ["error", { allowedNames: ["parent"] }],
            // `interface ProductionDatabaseArgs extends z.input<typeof schema> {}` gives the schema's type a
            // name that editors and the published .d.ts show, instead of the expanded alias.
            "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
        },
    },
    // The plain JavaScript files are CommonJS launchers and build scripts.
    { files: ["**/*.js"], languageOptions: { sourceType: "commonjs" }, rules: { "@typescript-eslint/no-require-imports": "off" } },
    // Tests load modules with require() where jest needs it: inside jest.mock factories and
    // jest.isolateModules, and for a fresh copy of a module after its cache was reset.
    { files: ["test/**/*.ts"], languageOptions: { globals: globals.jest }, rules: { "@typescript-eslint/no-require-imports": "off" } },
);
