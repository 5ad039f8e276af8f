import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const examplesDir = path.join(repoRoot, "examples");
export const filtersDir = path.join(repoRoot, "test", "filters");

const scratchDirs: string[] = [];
// One listener for all of them (a listener each trips Node's MaxListeners warning).
process.on("exit", () => scratchDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/**
 * A fresh scratch directory: under the test run's root (test/helpers/scratch-root.ts removes it at
 * the end of the run), or, outside vitest, removed when the process exits.
 */
export function scratchDir(prefix: string): string {
  const root = process.env.TSC2ENVOY_TEST_TMP;
  if (root && fs.existsSync(root)) return fs.mkdtempSync(path.join(root, `${prefix}-`));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tsc2envoy-test-${prefix}-`));
  scratchDirs.push(dir);
  return dir;
}
