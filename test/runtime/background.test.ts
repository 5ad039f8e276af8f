/**
 * runtime-c/background.c, a filter config's background task, with async.c's real timer thread and
 * snapshot.c, under AddressSanitizer with UndefinedBehaviorSanitizer and under ThreadSanitizer
 * (test/runtime/background_harness.c plays Envoy's config-level scheduler and callouts and says
 * what the task does): runs follow each other at the interval, a publish reaches the snapshot, a
 * rejected callout and a cluster that is not found end their run with a report at the await's line
 * and the next run comes as usual, the last good value stays, and stopping the task (the config
 * destroyed) while a run sleeps, while its callout is pending, or between runs leaves no timer, no
 * commit to the deleted scheduler, no run's arena and no snapshot version behind (LeakSanitizer
 * fails the run otherwise).
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { scratchDir } from "../helpers/paths.js";
import { buildHarness, runHarness, type Sanitizer } from "./build-harness.js";

const SANITIZERS: Sanitizer[] = ["address,undefined", "thread"];
let work: string;
const binaries = new Map<Sanitizer, string>();

beforeAll(() => {
  work = scratchDir("background");
  for (const sanitizer of SANITIZERS) binaries.set(sanitizer, buildHarness(work, "background_harness", ["async.c", "async_stream.c", "background.c"], sanitizer));
}, 600_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const FIRST_RUNS = [
  "callout 1 lists",
  'publish ["v1"]',
  "callout 2 lists",
  "report uncaught HttpCalloutError: httpCallout to 'lists': reset (connection failure or timeout) at allow.ts:10",
  // The 503 is no failure: the task does not publish it, and its run ends as usual.
  "callout 3 lists",
  "callout 4 missing",
  "report uncaught HttpCalloutError: httpCallout to 'missing': no such cluster at allow.ts:10",
];
const afterStop = (first: string) => [
  "after stop: 0 event(s) delivered, 0 commit(s) to a deleted scheduler",
  `snapshot after stop: ["${first}"]`,
  "live versions 0",
];

describe.each(SANITIZERS)("a config's background task (runtime-c/background.c) under -fsanitize=%s", (sanitizer) => {
  const run = (stopAt: string): string[] => {
    const result = runHarness(binaries.get(sanitizer)!, [stopAt]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    return result.stdout.trimEnd().split("\n");
  };

  it("runs at its interval on the config's scheduler and callouts, reports failed runs, and stops clean while a run sleeps", () => {
    expect(run("sleep")).toEqual([
      ...FIRST_RUNS,
      "callout 5 lists",
      'publish ["v5"]',
      'snapshot before stop: ["v5"]',
      // Four runs settled, two of them by a throw; the fifth was dropped in its sleep.
      "stopped: runs 4, failures 2, schedulers 0",
      ...afterStop("v5"),
    ]);
  });

  // Envoy keeps a config while a config-level callout is pending (the callout holds it), so this
  // stop is defensive: should it come, no callback follows and nothing of the run is left.
  it("stops clean while a run's callout is pending", () => {
    expect(run("callout")).toEqual([...FIRST_RUNS, "callout 5 lists", 'snapshot before stop: ["v1"]', "stopped: runs 4, failures 2, schedulers 0", ...afterStop("v1")]);
  });

  it("stops clean between runs, with the next run's timer pending", () => {
    expect(run("interval")).toEqual([...FIRST_RUNS, 'snapshot before stop: ["v1"]', "stopped: runs 4, failures 2, schedulers 0", ...afterStop("v1")]);
  });
});
