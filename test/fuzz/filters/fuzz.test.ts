/**
 * Coverage-guided fuzzing of every target in fuzz.ts, on demand: TSE_FUZZ_SECONDS=<per target>
 * (skipped when unset). The corpus grows in TSE_FUZZ_CORPUS/<target> (default: a scratch dir) from
 * the target's seeds. A crash fails the test and copies the input to regressions/<target>/, where
 * replay.test.ts keeps replaying it once the bug is fixed.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { scratchDir } from "../../helpers/paths.js";
import { buildTarget, FUZZ_TARGETS, fuzz, regressionsDir, writeDictionary, writeSeeds } from "./fuzz.js";

const seconds = Number(process.env.TSE_FUZZ_SECONDS ?? 0);

describe.skipIf(!(seconds > 0))(`fuzzing compiled filters (${seconds} s each)`, () => {
  for (const target of FUZZ_TARGETS) {
    it(target.name, { timeout: (seconds + 300) * 1000 }, async () => {
      const dir = scratchDir(`fuzz-${target.name}`);
      const built = await buildTarget(target, dir);
      const seeds = path.join(dir, "seeds");
      writeSeeds(built, seeds);
      const dictionary = path.join(dir, "dictionary");
      writeDictionary(built, dictionary);
      const corpus = process.env.TSE_FUZZ_CORPUS ? path.join(process.env.TSE_FUZZ_CORPUS, target.name) : path.join(dir, "corpus");
      const run = await fuzz(built, seconds, corpus, seeds, dictionary, path.join(dir, "artifacts"));
      if (run.crash) {
        const kept = path.join(regressionsDir, target.name);
        fs.mkdirSync(kept, { recursive: true });
        fs.copyFileSync(run.crash, path.join(kept, path.basename(run.crash)));
      }
      const stats = /stat::number_of_executed_units:\s+(\d+)[^]*stat::new_units_added:\s+(\d+)/.exec(run.output);
      // TSE_FUZZ_VERBOSE=1: libFuzzer's summary lines (modules, seeds, final stats, any report).
      if (process.env.TSE_FUZZ_VERBOSE) console.log(run.output.split("\n").filter((l) => /^(INFO|stat::|Done|==|SUMMARY)/.test(l)).join("\n"));
      console.log(`${target.name}: ${stats ? `${stats[1]} inputs run, ${stats[2]} new units` : "no stats"}`);
      expect(run.crash, run.output.slice(-8000)).toBeUndefined();
      expect(run.exitCode, run.output.slice(-8000)).toBe(0);
    });
  }
});
