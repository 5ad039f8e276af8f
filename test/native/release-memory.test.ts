/**
 * Early release keeps memory flat (compiler/ir/releases.ts decides, runtime-c/arena.c's marks free):
 * a body scanned in thousands of chunks, and a loop of 100,000 allocating iterations, fit a 64 KiB
 * stream limit, where keeping each hook call's or iteration's temporaries would take megabytes.
 * The "keep" filter of the same program stores a little per chunk and fails closed under the same
 * limit: the limit is real. Native host and Node reference agree where both finish.
 */
import { describe, expect, it } from "vitest";

import { corpusProgram } from "../helpers/corpus.js";
import { buildBoth, transcripts } from "../hosts/differential.js";
import { SANITIZE_FLAGS } from "../hosts/native/run.js";
import { Vector } from "../hosts/vectors.js";

const LIMIT = 64 * 1024;
// Under AddressSanitizer (slower, and redzones double what the limit allows) a tenth of the work
// still takes several times the limit if kept.
const SCALE = SANITIZE_FLAGS.length > 0 ? 10 : 1;
const CHUNKS = 3000 / SCALE;
const CHUNK = "GET /admin curl héllo wörld the quick brown fox jumps over the lazy dog wget ".repeat(20); // about 1.5 KB

function vector(filter: string, chunks: number, loop: number): Vector {
  return {
    filter,
    streams: [
      {
        events: [
          { hook: "request_headers", headers: [["x-loop", String(loop)]], endOfStream: false },
          ...Array.from({ length: chunks }, (_, i) => ({ hook: "request_body" as const, data: CHUNK, endOfStream: i === chunks - 1 })),
          { hook: "stream_complete" },
        ],
      },
    ],
  };
}

describe("early release: memory stays flat", () => {
  it("3,000 body chunks (4.5 MB of text) and a 100,000-iteration loop fit a 64 KiB stream limit", async () => {
    const built = await buildBoth(corpusProgram("memory/body_scan"), undefined, { streamMemoryLimit: LIMIT });
    const { native, reference } = await transcripts(built, vector("scan", CHUNKS, 100_000 / SCALE));
    expect(native).not.toMatch(/failed in|memory limit/);
    expect(native).toContain(`scan: chunks=${CHUNKS} bytes=`);
    expect(native).toContain(`words=${300 * CHUNKS} hits=${40 * CHUNKS}`);
    expect(native).toBe(reference);
  }, 120_000);

  it("a filter keeping a little per chunk fails closed under the same limit (the limit is real)", async () => {
    const built = await buildBoth(corpusProgram("memory/body_scan"), undefined, { streamMemoryLimit: LIMIT });
    // All 3,000 chunks even under ASan: it fails long before the end.
    const { native } = await transcripts(built, vector("keep", 3000, 0));
    expect(native).toMatch(/failed in onRequestBody: .*memory limit exceeded/);
  }, 120_000);
});
