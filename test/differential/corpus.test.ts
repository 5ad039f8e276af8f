/**
 * The differential corpus: every program under test/differential/corpus (in topic folders, named
 * by topic path: `strings/split_limits.ts`) runs in Node against the reference SDK and compiled to
 * a .so in the native host; the transcripts must be identical, byte
 * for byte. A program may say what to run with comment lines:
 *   // config: <filter_config text>      (default: none)
 *   // vector: <JSON of a Vector>        (default: one ordinary request/response exchange)
 * The examples run the same way, with their vectors in test/differential/examples/<name>.vectors.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { corpusDir, corpusPrograms } from "../helpers/corpus.js";
import { examplesDir, repoRoot } from "../helpers/paths.js";
import { buildBoth, transcripts } from "../hosts/differential.js";
import { vectorsFor } from "../hosts/vectors.js";

const exampleVectorsDir = path.join(repoRoot, "test", "differential", "examples");

const programs = corpusPrograms();

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

describe("examples: Node reference vs native module", () => {
  const examples = fs.readdirSync(examplesDir).filter((f) => f.endsWith(".ts")).sort();

  for (const example of examples) {
    it(example, async () => {
      const vectorsFile = path.join(exampleVectorsDir, example.replace(/\.ts$/, ".vectors"));
      expect(fs.existsSync(vectorsFile), `every example has test vectors: ${vectorsFile}`).toBe(true);
      const built = await buildBoth(path.join(examplesDir, example));
      for (const vector of vectorsFor(vectorsFile)) {
        const { native, reference } = await transcripts(built, vector);
        expect(native).toContain("program_init -> ok");
        expect(native).toBe(reference);
      }
    });
  }
});
