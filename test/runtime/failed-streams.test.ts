/**
 * runtime-c/failed_streams.c, the per-thread set of failed light streams, against a plain model
 * (test/runtime/failed_streams_harness.c): random adds and takes on several threads, through the set's
 * growth (to hundreds of keys from 16 slots) and back to empty (freed, the shared count at 0),
 * under AddressSanitizer (leaks too) and ThreadSanitizer. End to end (which hooks a failed light
 * stream skips): test/differential/corpus/memory/light_failures.ts.
 */
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";

import { scratchDir } from "../helpers/paths.js";
import { buildHarness, runHarness, type Sanitizer } from "./build-harness.js";

const dir = scratchDir("failed-streams");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("failed light streams' set", () => {
  it.each<[Sanitizer, string]>([
    ["address,undefined", "1"],
    ["thread", "4"],
  ])("agrees with a model under %s (%s threads)", (sanitizer, threads) => {
    const binary = buildHarness(dir, "failed_streams_harness", [], sanitizer);
    const run = runHarness(binary, [threads, "40000", "1500", "7"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const [, operations, largest] = run.stdout.trim().split(" ").map(Number);
    expect(operations).toBe(40000 * Number(threads));
    // Past several doublings of the 16-slot table.
    expect(largest).toBeGreaterThan(200);
  }, 120_000);
});
