/**
 * Building a string piece by piece is linear in memory (runtime-c/string.c, tse_str_append; the
 * compiler's side in compiler/emit/c-append.ts): the local's string grows in place, so one char at
 * a time a 1 MiB string fits the default 4 MiB stream limit, and a 3 KB one the smallest limit
 * (64 KiB), where keeping every intermediate copy would take about n²/2 bytes (4.5 MB for 3 KB).
 * Run on the corpus program strings/append_large.ts in the native host and the Node reference.
 */
import { describe, expect, it } from "vitest";

import { corpusProgram } from "../helpers/corpus.js";
import { buildBoth, transcripts } from "../hosts/differential.js";
import { Vector } from "../hosts/vectors.js";

function vector(chars: number, how: string): Vector {
  return {
    filter: "test",
    streams: [
      {
        events: [
          { hook: "request_headers", headers: [["x-chars", String(chars)], ["x-how", how]], endOfStream: true },
          { hook: "stream_complete" },
        ],
      },
    ],
  };
}

async function expectBuilt(built: Awaited<ReturnType<typeof buildBoth>>, chars: number, how: string): Promise<void> {
  const { native, reference } = await transcripts(built, vector(chars, how));
  expect(native).not.toMatch(/failed in|memory limit/);
  expect(native).toContain(`${how}: ${chars} `);
  expect(native).toBe(reference);
}

describe("string appends: linear memory", () => {
  it("a 1 MiB string built one character at a time fits the default 4 MiB stream limit (literal and indexed pieces)", async () => {
    const built = await buildBoth(corpusProgram("strings/append_large"));
    await expectBuilt(built, 1024 * 1024, "literal");
    await expectBuilt(built, 1024 * 1024, "index");
  });

  it("a 3 KB string built one character at a time takes O(3 KB): it fits a 64 KiB stream limit (ASCII, fromCharCode and wide pieces)", async () => {
    const built = await buildBoth(corpusProgram("strings/append_large"), undefined, { streamMemoryLimit: 64 * 1024 });
    for (const how of ["literal", "index", "code", "wide"]) await expectBuilt(built, 3000, how);
    // The limit is real: a string larger than it (than twice it under TSE_SANITIZE, for redzones) fails closed.
    const { native } = await transcripts(built, vector(200_000, "literal"));
    expect(native).toMatch(/failed in onRequestHeaders: .*memory limit exceeded/);
  });
});
