/**
 * Golden tests of the emitted C: each case (and each example) compiles to exactly the C stored in
 * test/golden/expected, and that C builds into a module. After an intended change to the emitter,
 * regenerate with `UPDATE_GOLDEN=1 npm test -- test/golden` and review the diff.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { compileToC } from "../../compiler/driver.js";
import { buildFilter } from "../helpers/build.js";
import { examplesDir, repoRoot } from "../helpers/paths.js";

const casesDir = path.join(repoRoot, "test", "golden", "cases");
const expectedDir = path.join(repoRoot, "test", "golden", "expected");
const update = process.env.UPDATE_GOLDEN === "1";

const entries = [
  ...fs.readdirSync(casesDir).map((f) => path.join(casesDir, f)),
  ...fs.readdirSync(examplesDir).map((f) => path.join(examplesDir, f)),
].filter((f) => f.endsWith(".ts"));

describe("emitted C", () => {
  for (const entry of entries) {
    const name = path.basename(entry, ".ts");
    it(`${name} matches its golden C and builds`, async () => {
      const c = compileToC(entry);
      const expectedPath = path.join(expectedDir, `${name}.c`);
      if (update) fs.writeFileSync(expectedPath, c);
      expect(fs.existsSync(expectedPath), `missing ${expectedPath}: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(c).toBe(fs.readFileSync(expectedPath, "utf8"));
      const { soPath } = await buildFilter(entry);
      expect(fs.statSync(soPath).size).toBeGreaterThan(0);
    });
  }
});
