// The official suite's own jest settings (the package's jest.config.js), run
// from a copy of its sources that `cargo xtask conformance` prepares, with
// type checks off: the suite no longer type-checks against its own SDK.
const sdk = process.env.CONFORMANCE_SDK;
if (!sdk) throw new Error("run through `cargo xtask conformance`, which sets CONFORMANCE_SDK");

module.exports = {
  rootDir: sdk,
  moduleFileExtensions: ["js", "json", "ts"],
  testEnvironment: "node",
  // The suite waits forever; a hung case should fail, not stall CI.
  testTimeout: 30000,
  cacheDirectory: process.env.CONFORMANCE_CACHE,
  transform: { "^.+\\.ts$": "ts-jest" },
  globals: { "ts-jest": { diagnostics: false, isolatedModules: true } },
  globalSetup: "./test/init.ts",
  testMatch: [`<rootDir>/test/{${process.env.CONFORMANCE_DIRECTORIES}}/**/*.spec.ts`],
};
