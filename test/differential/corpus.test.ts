/**
 * The differential corpus: every program under test/differential/corpus runs in Node against the
 * reference SDK and compiled to a .so in the native host; the transcripts must be identical, byte
 * for byte. A program may say what to run with comment lines:
 *   // config: <filter_config text>      (default: none)
 *   // vector: <JSON of a Vector>        (default: one ordinary request/response exchange)
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { repoRoot } from "../helpers/paths.js";
import { buildBoth, transcripts } from "../hosts/differential.js";
import { vectorsFor } from "../hosts/vectors.js";

const corpusDir = path.join(repoRoot, "test", "differential", "corpus");


const programs = fs
  .readdirSync(corpusDir)
  .filter((f) => f.endsWith(".ts"))
  .sort();

describe("differential corpus: Node reference vs native module", () => {
  it("has programs", () => {
    expect(programs.length).toBeGreaterThan(0);
  });

  for (const program of programs) {
    it(program, async () => {
      const file = path.join(corpusDir, program);
      const built = await buildBoth(file);
      for (const vector of vectorsFor(file)) {
        const { native, reference } = await transcripts(built, vector);
        expect(native).toContain("program_init -> ok");
        expect(native).toBe(reference);
      }
    });
  }
});
