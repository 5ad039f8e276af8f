/**
 * Every input the compiler fuzzer found crashing the compiler, kept: each builds to a .so through
 * the driver (the real C toolchain), or gets only located diagnostics (TypeScript's or the
 * compiler's; never TSE2099, never an exception).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { CompileError } from "../../../compiler/diagnostics.js";
import { build } from "../../../compiler/driver.js";
import { repoRoot, scratchDir } from "../../helpers/paths.js";

const regressionsDir = path.join(repoRoot, "test", "fuzz", "compiler", "regressions");
const inputs = fs.readdirSync(regressionsDir).filter((f) => f.endsWith(".ts")).sort();

describe("compiler fuzzer regressions", () => {
  const outDir = scratchDir("fuzz-regressions");
  for (const input of inputs) {
    it(input, async () => {
      const file = path.join(regressionsDir, input);
      const expected = /^\/\/ expect: (builds|diagnostics)$/m.exec(fs.readFileSync(file, "utf8"))?.[1];
      try {
        const { soPath } = await build(file, { outDir, name: path.basename(input, ".ts") });
        expect(expected, "built, but expected diagnostics").not.toBe("diagnostics");
        expect(fs.statSync(soPath).size).toBeGreaterThan(0);
      } catch (error) {
        if (!(error instanceof CompileError)) throw error;
        expect(expected, "gave diagnostics, but expected to build").not.toBe("builds");
        for (const d of error.diagnostics) {
          expect(d.code).not.toBe("TSE2099");
          expect(d.file).toBe(file);
          expect(d.line).toBeGreaterThan(0);
          expect(d.column).toBeGreaterThan(0);
        }
        expect(error.diagnostics.length).toBeGreaterThan(0);
      }
    });
  }
});
