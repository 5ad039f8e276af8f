/**
 * runtime-c/background.c, a filter config's background task, with async.c's real timer thread and
 * snapshot.c, under AddressSanitizer and UndefinedBehaviorSanitizer (test/runtime/background_harness.c
 * plays Envoy's config-level scheduler and callouts and says what the task does): runs follow each
 * other at the interval, a publish reaches the snapshot, a rejected callout and a cluster that is not
 * found end their run with a report at the await's line and the next run comes as usual, the last
 * good value stays, and stopping the task in the middle of a run leaves no timer, no commit to the
 * deleted scheduler, no run's arena and no snapshot version behind (LeakSanitizer fails the run
 * otherwise).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LIBRARY_SOURCES, VENDOR_SOURCES } from "../../compiler/cc.js";
import { repoRoot, scratchDir } from "../helpers/paths.js";

const runtimeDir = path.join(repoRoot, "runtime-c");
let work: string;
let harness: string;

beforeAll(() => {
  work = scratchDir("background");
  harness = path.join(work, "background_harness");
  const sources = [...LIBRARY_SOURCES, ...VENDOR_SOURCES.map((file) => `vendor/${file}`), "async.c", "background.c"].map((file) => path.join(runtimeDir, file));
  const compile = spawnSync(
    "cc",
    ["-std=c11", "-g", "-O1", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-I", runtimeDir, "-I", path.join(repoRoot, "abi", "c"), "-o", harness, path.join(repoRoot, "test", "runtime", "background_harness.c"), ...sources, "-lm", "-lpthread"],
    { encoding: "utf8" },
  );
  if (compile.status !== 0) throw new Error(`compiling the background harness failed:\n${compile.stderr}`);
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("a config's background task (runtime-c/background.c)", () => {
  it("runs at its interval on the config's scheduler and callouts, reports failed runs, and stops clean mid-run", () => {
    const run = spawnSync(harness, [], { encoding: "utf8", env: { ...process.env, ASAN_OPTIONS: "detect_leaks=1" } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      "callout 1 lists",
      'publish ["v1"]',
      "callout 2 lists",
      "report uncaught HttpCalloutError: httpCallout to 'lists': reset (connection failure or timeout) at allow.ts:10",
      // The 503 is no failure: the task does not publish it, and its run ends as usual.
      "callout 3 lists",
      "callout 4 missing",
      "report uncaught HttpCalloutError: httpCallout to 'missing': no such cluster at allow.ts:10",
      "callout 5 lists",
      'publish ["v5"]',
      "snapshot before stop: 1 item(s), first v5",
      // Stopped while the fifth run sleeps: four runs settled, two of them by a throw.
      "stopped: runs 4, failures 2, schedulers 0",
      "after stop: 0 event(s) delivered, 0 commit(s) to a deleted scheduler",
      "snapshot after stop: 1 item(s), first v5",
      "live versions 0",
    ]);
  });
});
