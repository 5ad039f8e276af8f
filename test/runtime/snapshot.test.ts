/**
 * runtime-c/snapshot.c under AddressSanitizer with UndefinedBehaviorSanitizer, and under
 * ThreadSanitizer: a publisher thread replaces a snapshot while reader threads run streams over it
 * (test/runtime/snapshot_harness.c says what each checks): no stream sees a torn or changing value,
 * a value of the wrong type is refused and the last good one stays, versions nobody holds are freed
 * at once and the last one with the snapshot (LeakSanitizer fails the run otherwise), and no access
 * races (TSan: without the lock around taking a reference, it reports the race on `current`).
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { scratchDir } from "../helpers/paths.js";
import { buildHarness, runHarness, type Sanitizer } from "./build-harness.js";

const SANITIZERS: Sanitizer[] = ["address,undefined", "thread"];
let work: string;
const binaries = new Map<Sanitizer, string>();

beforeAll(() => {
  work = scratchDir("snapshot");
  for (const sanitizer of SANITIZERS) binaries.set(sanitizer, buildHarness(work, "snapshot_harness", [], sanitizer));
}, 600_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe.each(SANITIZERS)("snapshots (runtime-c/snapshot.c) under -fsanitize=%s", (sanitizer) => {
  it("streams on four threads read whole, stable versions while one thread publishes; every version is freed", () => {
    const run = runHarness(binaries.get(sanitizer)!, ["4", "400", "300"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const [word, seen, live] = run.stdout.trim().split(" ");
    expect(word).toBe("ok");
    // Every reader saw the value change (its last stream reads the last version), and nothing outlived the snapshot.
    expect(Number(seen)).toBeGreaterThanOrEqual(4);
    expect(live).toBe("0");
  });
});
