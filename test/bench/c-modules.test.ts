/**
 * The hand-written C modules the benchmarks compare compiled TypeScript with (bench/modules/c) do
 * what the examples do: every example's test vectors (test/differential/examples) run through
 * both in the native host, and the transcripts must agree, log lines aside (file names and
 * wording differ). Where a config is bad in a way the C module checks when the config is created
 * (a header name that is not a token, a deny status no reply can have), the C module rejects the
 * config and the compiled TypeScript fails every request instead: both must refuse it.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { buildCModule } from "../../bench/lib/modules.mjs";
import { buildFilter } from "../helpers/build.js";
import { examplesDir, repoRoot, scratchDir } from "../helpers/paths.js";
import { runNative } from "../hosts/native/run.js";
import { vectorsFor } from "../hosts/vectors.js";

const EXAMPLES = ["passthrough", "header_mutation", "route_rules"];

function withoutLogLines(transcript: string): string {
  return transcript
    .split("\n")
    .filter((line) => !line.startsWith("log "))
    .join("\n");
}

describe("hand-written C benchmark modules behave as the examples", () => {
  for (const example of EXAMPLES) {
    it(example, async () => {
      const ts = await buildFilter(path.join(examplesDir, `${example}.ts`));
      const c = buildCModule(example, scratchDir(`bench-c-${example}`));
      const vectors = vectorsFor(path.join(repoRoot, "test", "differential", "examples", `${example}.vectors`));
      expect(vectors.length).toBeGreaterThan(0);
      for (const vector of vectors) {
        const compiled = withoutLogLines(await runNative(ts.soPath, vector));
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
