/**
 * Every fuzz target built as the fuzzer builds it (ASan, UBSan, coverage) replays its seeds (its
 * test vectors as harness inputs) and every input kept in regressions/<target>/ (inputs that once
 * crashed it, or handed Envoy a header it must not): all must run clean. Part of `npm test`; the
 * fuzzing itself is fuzz.test.ts, on demand.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { scratchDir } from "../../helpers/paths.js";
import { buildTarget, encodeInput, FUZZ_TARGETS, regressionsDir, replay, writeSeeds } from "./fuzz.js";

describe("fuzz targets replay their seeds and kept inputs", () => {
  it("encodes vectors as the harness reads them", () => {
    const input = encodeInput({ filter: "f", config: "{}", streams: [{ attributes: { ResponseCode: 200 }, events: [{ hook: "request_headers", headers: [["a", "b"]], endOfStream: true }] }] }, ["f"]);
    expect([...input]).toEqual([2, 2, 0, 0x7b, 0x7d, 0, 5, 15, 1, 200, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0x61, 1, 0x62, 4]);
  });

  for (const target of FUZZ_TARGETS) {
    it(target.name, async () => {
      const dir = scratchDir(`fuzz-${target.name}`);
      const built = await buildTarget(target, dir);
      const seeds = path.join(dir, "seeds");
      expect(writeSeeds(built, seeds)).toBeGreaterThan(0);
      const kept = path.join(regressionsDir, target.name);
      const run = await replay(built, fs.existsSync(kept) ? [seeds, kept] : [seeds], path.join(dir, "artifacts"));
      // The harness and the module: the module's coverage counters are registered.
      expect(run.output).toMatch(/INFO: Loaded 2 modules/);
      expect(run.exitCode, run.output.slice(-6000)).toBe(0);
    });
  }
});
