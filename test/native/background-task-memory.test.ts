/**
 * What a config's background task holds (docs/async.md "Config-level background tasks"):
 * examples/allowlist_refresh.ts in the native host, the module's own heap counted by malloc_count.c
 * with the config left alive. Each run has an arena of its own, freed when it settles, and a publish
 * frees the version it replaces (no stream holds it): after 2 runs and after 6 runs the module holds
 * the same. A run waiting for its callout holds its arena's chunk, the block cache's (arena.c), which
 * the settled task keeps cached: against a settled task it differs at most by the timer entry of
 * the next run (40 bytes; none in the native host, which keeps the timers on its virtual clock,
 * abi/c/host/clock_model.c). Destroying the config gives back what its runs took: after 2 runs or 6, with one
 * waiting or not, what is left is the module's own (timer thread, block cache), the same.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { examplesDir } from "../helpers/paths.js";
import { SANITIZE_FLAGS } from "../hosts/native/run.js";
import { StreamEvent, Vector } from "../hosts/vectors.js";
import { mallocCounter } from "./malloc-count.js";

let allocations: Awaited<ReturnType<typeof mallocCounter>>;
let soPath: string;
beforeAll(async () => {
  allocations = await mallocCounter();
  soPath = (await buildFilter(path.join(examplesDir, "allowlist_refresh.ts"))).soPath;
}, 120_000);

const config = JSON.stringify({ cluster: "lists", path: "/allow-list", refreshMs: 300, initial: ["admin"] });
const answer = (id: number): StreamEvent => ({ hook: "config_callout_done", id, result: 0, headers: [[":status", "200"]], body: `ann\nbob\nrun${id}\n` });
/** `runs` runs answered (each a new list published), then, with `waiting`, one more run started and left waiting for its callout. Timers 150 ms from each wait's ends. */
function runs(count: number, waiting: boolean): Vector {
  const events: StreamEvent[] = [answer(1)];
  for (let id = 2; id <= count; id++) events.push({ hook: "wait", ms: 450 }, answer(id));
  if (waiting) events.push({ hook: "wait", ms: 450 });
  return { filter: "allowlist_refresh", config, streams: [{ events }] };
}

// The preloaded counter and AddressSanitizer's allocator cannot both replace malloc.
describe.skipIf(SANITIZE_FLAGS.length > 0)("memory of a background task (allowlist_refresh)", () => {
  it("holds the same after 2 runs and after 6 (nothing carries from run to run), as much while a run waits, and the same once the config is destroyed", async () => {
    const two = await allocations(soPath, runs(2, false), 1, true, true);
    const six = await allocations(soPath, runs(6, false), 1, true, true);
    const waiting = await allocations(soPath, runs(6, true), 1, true, true);
    const destroyedAfterTwo = await allocations(soPath, runs(2, false), 1, true, false);
    const destroyed = await allocations(soPath, runs(6, true), 1, true, false);
    console.log(`allowlist_refresh: ${two.held} bytes held after 2 runs, ${six.held} after 6, ${waiting.held} while a 7th waits for its callout, ${destroyed.held} once the config is destroyed; ${six.calls - two.calls} allocations for 4 runs`);
    expect(six.held).toBe(two.held);
    expect(Math.abs(waiting.held - six.held)).toBeLessThanOrEqual(64);
    // What outlives the config is the module's own (the timer thread's state, the block cache), the same however many runs.
    expect(destroyed.held).toBe(destroyedAfterTwo.held);
    expect(destroyed.held).toBeLessThan(two.held);
  });
});
