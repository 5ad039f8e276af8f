/**
 * What the benchmarks compare must do the same work (bench/, docs/benchmarks.md):
 *
 * - The hand-written C modules (bench/modules/c) do what the examples do: every example's test
 *   vectors (test/differential/examples) run through both in the native host, and the transcripts
 *   must agree, log lines aside (file names and wording differ). Where a config is bad in a way the C
 *   module checks when the config is created (a header name that is not a token, a deny status no
 *   reply can have), the C module rejects the config and the compiled TypeScript fails every request
 *   instead: both must refuse it.
 * - In the real Envoy, every variant of the Envoy benchmark (compiled TS, C, Lua, Envoy's C++
 *   header_mutation, no filter; the WAF's with its 1 MB bodies) does to a request what its example does: bench/envoy/bench.py
 *   --verify-only starts them all and checks the headers the upstream saw and the response.
 */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

import { ASYNC_EXAMPLES, BODY_EXAMPLES, buildCModule, EXAMPLES } from "../../bench/lib/modules.mjs";
import { buildFilter } from "../helpers/build.js";
import { envoyBinary } from "../helpers/envoy.js";
import { examplesDir, repoRoot, scratchDir } from "../helpers/paths.js";
import { runNative } from "../hosts/native/run.js";
import { vectorsFor } from "../hosts/vectors.js";

function withoutLogLines(transcript: string): string {
  return transcript
    .split("\n")
    // The runtime defines its failures counter; the hand-written modules count no failures.
    .filter((line) => !line.startsWith("log ") && !line.startsWith("define "))
    .join("\n");
}

/** <dir>/ts/lib<example>.so and <dir>/c/lib<example>.so, as bench/build-modules.mjs lays them out. */
const modulesDir = scratchDir("bench-modules");
const built = new Map<string, Promise<{ ts: string; c: string }>>();
function modulesOf(example: string): Promise<{ ts: string; c: string }> {
  if (!built.has(example)) {
    built.set(
      example,
      (async () => {
        fs.mkdirSync(path.join(modulesDir, "c"), { recursive: true });
        const ts = await buildFilter(path.join(examplesDir, `${example}.ts`), { outDir: path.join(modulesDir, "ts") });
        return { ts: ts.soPath, c: buildCModule(example, path.join(modulesDir, "c")) as string };
      })(),
    );
  }
  return built.get(example)!;
}

describe("hand-written C benchmark modules behave as the examples", () => {
  for (const example of [...EXAMPLES, ...BODY_EXAMPLES] as string[]) {
    it(example, async () => {
      const { ts, c } = await modulesOf(example);
      const vectors = vectorsFor(path.join(repoRoot, "test", "differential", "examples", `${example}.vectors`));
      expect(vectors.length).toBeGreaterThan(0);
      for (const vector of vectors) {
        const compiled = withoutLogLines(await runNative(ts, vector));
        const handWritten = withoutLogLines(await runNative(c, vector));
        const rejectedByC = handWritten.includes(`config "${example}" -> rejected`);
        if (rejectedByC && compiled.includes(`config "${example}" -> ok`)) {
          const streams = compiled.split("stream new -> ok").length - 1;
          const failures = compiled.split(`counter "${example}.failures" += 1`).length - 1;
          expect(streams, `${vector.config}: the compiled filter accepts a config the C module rejects`).toBeGreaterThan(0);
          expect(failures, `${vector.config}: the compiled filter fails every stream of a config the C module rejects`).toBe(streams);
          continue;
        }
        expect(handWritten).toBe(compiled);
      }
    });
  }
});

describe("Envoy benchmark variants", () => {
  // bench.py starts an Envoy per variant at once: a loaded 2-core machine needs minutes, not 90 s.
  it("every variant does in Envoy what its example does", { timeout: 600_000 }, async () => {
    for (const example of [...EXAMPLES, ...BODY_EXAMPLES] as string[]) await modulesOf(example);
    for (const example of ASYNC_EXAMPLES as string[]) await buildFilter(path.join(examplesDir, `${example}.ts`), { outDir: path.join(modulesDir, "ts") });
    const result = await execa("python3", [path.join(repoRoot, "bench", "envoy", "bench.py"), "--modules", modulesDir, "--envoy", envoyBinary(), "--out", path.join(modulesDir, "verify.json"), "--verify-only"], { reject: false, all: true, timeout: 300_000 });
    expect(result.all).toContain("every variant does what its example does");
    expect(result.exitCode).toBe(0);
  });
});
