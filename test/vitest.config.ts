import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/scratch-root.ts"],
    // Every build in the tests checks the IR's invariants after lowering (compiler/ir/validate.ts).
    env: { TSC2ENVOY_VALIDATE_IR: "1" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
