/**
 * What a stream suspended in an async hook costs (docs/async.md, "What it costs"): N streams of the
 * delay and external_authorization examples left waiting (a sleep(2000) not yet due, a callout never
 * answered) in the native host, the module's own heap counted by malloc_count.c. The hook's frame
 * and the stream's async state live in the stream's block (its first arena chunk and its struct), so
 * a suspended stream holds that block and, while a timer is pending, one timer entry; destroying it
 * gives both back. The host runs on the real clock, so the module keeps its timers as in Envoy (the
 * vectors never wait: the 2 s sleeps are not due before the host exits).
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { examplesDir, repoRoot } from "../helpers/paths.js";
import { SANITIZE_FLAGS } from "../hosts/native/run.js";
import { standardRequest, Vector } from "../hosts/vectors.js";
import { mallocCounter } from "./malloc-count.js";

/** The stated bound: what the module's heap holds per suspended stream, frame and async state included. */
const BOUND = 1600;

let allocations: Awaited<ReturnType<typeof mallocCounter>>;
beforeAll(async () => {
  allocations = await mallocCounter({ realClock: true });
});

function waiting(filter: string, config: string | undefined, extra: [string, string][]): Vector {
  return { filter, config, streams: [{ events: [{ hook: "request_headers", headers: [...standardRequest, ...extra], endOfStream: true }] }] };
}

const delay = waiting("delay", undefined, [["do-delay", "true"]]);
const delayPassing = waiting("delay", undefined, []);
const auth = waiting("external_authorization", JSON.stringify({ cluster: "auth", timeoutMs: 1000 }), [["authorization", "Bearer let-me-in"]]);
/** test/fixtures/async_body.ts: the first chunk's onRequestBody call sleeps 2 s, a second chunk held meanwhile. */
const body: Vector = {
  filter: "async_body",
  streams: [
    {
      events: [
        { hook: "request_headers", headers: [...standardRequest, ["x-pause-ms", "2000"]], endOfStream: false },
        { hook: "request_body", data: "first chunk", endOfStream: false },
        { hook: "request_body", data: "held chunk", endOfStream: true },
      ],
    },
  ],
};

/** Per stream, between 50 and 150 streams: what one more stream costs, without one-time costs. */
async function perStream(soPath: string, vector: Vector, destroy: boolean): Promise<{ calls: number; held: number }> {
  const fewer = await allocations(soPath, vector, 50, destroy);
  const more = await allocations(soPath, vector, 150, destroy);
  return { calls: (more.calls - fewer.calls) / 100, held: (more.held - fewer.held) / 100 };
}

// The preloaded counter and AddressSanitizer's allocator cannot both replace malloc.
describe.skipIf(SANITIZE_FLAGS.length > 0)("bytes per suspended stream", () => {
  it(`delay (await sleep(2000)): a waiting stream holds its block and one timer entry, under ${BOUND} bytes; destroyed, nothing`, async () => {
    const { soPath } = await buildFilter(path.join(examplesDir, "delay.ts"));
    const suspended = await perStream(soPath, delay, false);
    const passing = await perStream(soPath, delayPassing, false);
    console.log(`delay: ${suspended.held} bytes per suspended stream, ${passing.held} per live stream that did not wait`);
    // Two allocations per waiting stream: the stream's block (frame and async state inside) and the timer.
    expect(suspended.calls).toBe(2);
    expect(passing.calls).toBe(1);
    expect(suspended.held).toBeLessThanOrEqual(BOUND);
    // A timer fired before the host exits (2 s) would free its entry: the surcharge is at most one entry.
    expect(suspended.held - passing.held).toBeLessThanOrEqual(64);
    // Destroyed while waiting: the timer is removed and freed, the block goes back to the cache.
    const destroyed = await perStream(soPath, delay, true);
    expect(destroyed.held).toBe(0);
  });

  it(`external_authorization (await envoy.httpCallout): a stream waiting for its callout holds only its block, under ${BOUND} bytes; destroyed, nothing`, async () => {
    const { soPath } = await buildFilter(path.join(examplesDir, "external_authorization.ts"));
    const suspended = await perStream(soPath, auth, false);
    console.log(`external_authorization: ${suspended.held} bytes per suspended stream`);
    // The callout's request (headers, path) and the hook's frame fit the block's first arena chunk.
    expect(suspended.calls).toBe(1);
    expect(suspended.held).toBeLessThanOrEqual(BOUND);
    const destroyed = await perStream(soPath, auth, true);
    expect(destroyed.calls).toBe(0);
    expect(destroyed.held).toBe(0);
  });

  it(`async_body (await sleep(2000) in onRequestBody, a chunk held): the block and one timer entry, under ${BOUND} bytes; destroyed, nothing`, async () => {
    const { soPath } = await buildFilter(path.join(repoRoot, "test", "fixtures", "async_body.ts"));
    const suspended = await perStream(soPath, body, false);
    console.log(`async_body: ${suspended.held} bytes per stream suspended in its body hook`);
    // Envoy holds the chunks; the module holds what a waiting headers hook does: its block and the timer.
    expect(suspended.calls).toBe(2);
    expect(suspended.held).toBeLessThanOrEqual(BOUND);
    const destroyed = await perStream(soPath, body, true);
    expect(destroyed.held).toBe(0);
  });
});
