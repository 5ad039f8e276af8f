import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/scratch-root.ts"],
    // Every build in the tests checks the IR's invariants after lowering (compiler/ir/validate.ts).
    // TZ: Date's local time in the Node reference is UTC, as in compiled modules (docs/language.md#dates).
    env: { TSC2ENVOY_VALIDATE_IR: "1", TZ: "UTC" },
    // A timeout only has to catch a hung test. On a 2-core CI machine running two files at once
    // (with Envoys, compilers and other sessions beside them), tests that take 40-85 s there (cold
    // runtime builds in test/cli/build-cache, npm-install flows) ran at up to 0.7 of a 120 s limit:
    // 300 s leaves a loaded machine room. Longer tests set their own (soak, fuzz, regex matcher).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
