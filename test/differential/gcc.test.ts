/**
 * Corpus programs whose meaning depends on how the C compiler optimizes, built with gcc instead of
 * clang: recursion must reach the stack limit even where gcc would turn (tail) calls into jumps.
 */
import { describe, expect, it } from "vitest";

import { findToolchain } from "../../compiler/cc.js";
import { corpusProgram } from "../helpers/corpus.js";
import { buildBoth, transcripts } from "../hosts/differential.js";
import { vectorsFor } from "../hosts/vectors.js";

const programs = ["recursion/callbacks.ts", "recursion/stack.ts"];

describe("differential corpus built with gcc", () => {
  for (const program of programs) {
    it(program, async () => {
      const file = corpusProgram(program);
      const gcc = await findToolchain("gcc");
      expect(gcc.version).toMatch(/gcc|GCC/);
      const built = await buildBoth(file, gcc);
      for (const vector of vectorsFor(file)) {
        const { native, reference } = await transcripts(built, vector);
        expect(native).toBe(reference);
      }
    });
  }
});
