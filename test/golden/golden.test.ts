/**
 * Golden tests of the IR and the emitted C: each case (and each example) lowers to exactly the IR
 * text stored in test/golden/expected/<name>.ir (compiler/ir/print.ts), compiles to exactly the C
 * in <name>.c, and that C builds into a module. After an intended change to lowering or the
 * emitter, regenerate with `UPDATE_GOLDEN=1 npm test -- test/golden` and review the diff.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { compileToIr } from "../../compiler/driver.js";
import { emitModule } from "../../compiler/emit/c-module.js";
import { printModule } from "../../compiler/ir/index.js";
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
    it(`${name} matches its golden IR and C, and builds`, async () => {
      const module = compileToIr(entry);
      const golden = (text: string, extension: string) => {
        const expectedPath = path.join(expectedDir, `${name}.${extension}`);
        if (update) fs.writeFileSync(expectedPath, text);
        expect(fs.existsSync(expectedPath), `missing ${expectedPath}: run with UPDATE_GOLDEN=1`).toBe(true);
        expect(text).toBe(fs.readFileSync(expectedPath, "utf8"));
      };
      golden(printModule(module), "ir");
      golden(emitModule(module, path.basename(entry)), "c");
      const { soPath } = await buildFilter(entry);
      expect(fs.statSync(soPath).size).toBeGreaterThan(0);
    });
  }
});
