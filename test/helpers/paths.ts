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

/** A fresh scratch directory, removed when the process exits. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tsc2envoy-test-${prefix}-`));
  scratchDirs.push(dir);
  return dir;
}
