/**
 * vitest global setup: one temp directory for the whole run, under which every test's scratch
 * directories go (test/helpers/paths.ts), removed when the run ends. Worker processes may be
 * killed before their own exit handlers run, so cleanup cannot be left to them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-test-run-"));
  // Searchable by others: tests that run the CLI as an unprivileged user open up their own
  // directories inside it (each scratch directory is still created 0700).
  fs.chmodSync(root, 0o755);
  process.env.TSC2ENVOY_TEST_TMP = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
