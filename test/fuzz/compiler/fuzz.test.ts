/**
 * A bounded pass of the compiler fuzzer (test/fuzz/compiler/fuzz.ts) over mutants of the
 * differential corpus. TSE_FUZZ_SECONDS (default 15) bounds it, TSE_FUZZ_SEED (default 1) picks the
 * mutants, TSE_FUZZ_INDEX reruns one mutant. Failing mutants are kept under TSE_FUZZ_FAILURES_DIR
 * (default: a temporary directory), named by seed and index; make each a regression test in
 * test/fuzz/regressions/ once fixed.
 */
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { corpusDir } from "../../helpers/corpus.js";
import { runFuzz } from "./fuzz.js";

const seconds = Number(process.env.TSE_FUZZ_SECONDS ?? 15);
const seed = Number(process.env.TSE_FUZZ_SEED ?? 1);
const index = process.env.TSE_FUZZ_INDEX === undefined ? undefined : Number(process.env.TSE_FUZZ_INDEX);
const failuresDir = process.env.TSE_FUZZ_FAILURES_DIR ?? path.join(os.tmpdir(), "tsc2envoy-fuzz-failures");

describe("compiler fuzzing", () => {
  it(`mutants of the corpus compile or get located diagnostics (seed ${seed}, ${seconds} s)`, { timeout: (seconds + 180) * 1000 }, async () => {
    const report = await runFuzz({
      corpusDir,
      seed,
      seconds,
      index,
      failuresDir,
      log: (line) => console.log(line),
    });
    console.log(
      `fuzz seed=${seed}: ${report.mutants} mutants in ${seconds} s: ${report.rejectedByTypeScript} rejected by TypeScript, ` +
        `${report.diagnosed} with located diagnostics, ${report.compiled} compiled to C the C compiler accepts, ${report.failures.length} failures`,
    );
    expect(report.mutants).toBeGreaterThan(0);
    expect(report.failures.map((f) => `seed=${f.seed} index=${f.index} ${f.program}: ${f.reason} [${f.mutations.join("; ")}] ${f.detail.split("\n")[0]}`)).toEqual([]);
  });
});
