import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/scratch-root.ts"],
    // Every build in the tests checks the IR's invariants after lowering (compiler/ir/validate.ts).
    // TZ: Date's local time in the Node reference is UTC, as in compiled modules (docs/language.md#dates).
    env: { TSC2ENVOY_VALIDATE_IR: "1", TZ: "UTC" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
