/** Transpile only (tsconfig has isolatedModules, so ts-jest uses transpileModule): `tsc --noEmit` type-checks the whole tree once, as a step of `npm test`. */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/test"],
    testMatch: ["**/*.test.ts"],
    transform: {
        "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
    },
    testTimeout: 30000,
};
