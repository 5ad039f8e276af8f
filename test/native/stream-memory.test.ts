/**
 * What a stream costs in heap memory (runtime-c/arena.c, http_filter.c): its frame, which holds the
 * first arena chunk, comes from a per-thread cache, so streams that allocate little make no heap
 * allocation once the cache is warm, and a live stream holds at most 2 KiB. Measured in the native
 * host with an LD_PRELOAD library counting the module's own malloc calls (malloc_count.c).
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { examplesDir, repoRoot } from "../helpers/paths.js";
import { SANITIZE_FLAGS } from "../hosts/native/run.js";
import { standardVector, Vector, vectorsFor } from "../hosts/vectors.js";
import { mallocCounter } from "./malloc-count.js";

/** The module's own heap allocations over `streams` streams of `vector` (destroyed or left alive), and what it still held at the end. */
let allocations: Awaited<ReturnType<typeof mallocCounter>>;

beforeAll(async () => {
  allocations = await mallocCounter();
});

const headerMutationConfig = JSON.stringify({
  request_headers: [["X-Envoy-Header", "envoy-header"]],
  remove_request_headers: ["apple"],
  response_headers: [["Foo", "bar"]],
  remove_response_headers: ["Access-Control-Allow-Credentials"],
});
const cases: [string, Vector][] = [
  ["passthrough", standardVector("passthrough")],
  ["header_mutation", standardVector("header_mutation", headerMutationConfig)],
  ["route_rules", vectorsFor(path.join(repoRoot, "test", "differential", "examples", "route_rules.vectors"))[0]!],
];

// The preloaded counter and AddressSanitizer's allocator cannot both replace malloc.
describe.skipIf(SANITIZE_FLAGS.length > 0)("per-stream memory", () => {
  it.each(cases)("%s: no heap allocation per stream once warm, at most 2 KiB held by a live stream", async (name, vector) => {
    const { soPath } = await buildFilter(path.join(examplesDir, `${name}.ts`));
    const fewer = await allocations(soPath, vector, 50, true);
    const more = await allocations(soPath, vector, 150, true);
    expect(more.calls - fewer.calls).toBe(0);
    const fewerAlive = await allocations(soPath, vector, 50, false);
    const moreAlive = await allocations(soPath, vector, 150, false);
    expect((moreAlive.bytes - fewerAlive.bytes) / 100).toBeLessThanOrEqual(2048);
  });

  // ir/purity.ts: passthrough's streams share the instance made with the config and run no hook, so
  // a stream is the config itself (compiler/emit/c-idle-hooks.ts); header_mutation's and
  // route_rules' share the instance, so each is light (http_filter.c's hook_arena): its hooks
  // allocate on their own stack-held chunk, freed as each returns, and every stream is the config's
  // one read-only stream (runtime-c/failed_streams.c keeps the rare failed one), even cold: no
  // factory object, arena chunk or state block per stream (a 32-byte block before, a 1,536-byte
  // frame before that).
  it("passthrough, header_mutation, route_rules: a stream allocates nothing and holds nothing", async () => {
    const vectors: [string, Vector][] = [["passthrough", standardVector("passthrough")], ...cases.slice(1)];
    for (const [name, vector] of vectors) {
      const soPath = (await buildFilter(path.join(examplesDir, `${name}.ts`))).soPath;
      const [fewer, more] = [await allocations(soPath, vector, 50, false), await allocations(soPath, vector, 150, false)];
      expect(more.calls - fewer.calls, name).toBe(0);
      expect(more.bytes - fewer.bytes, name).toBe(0);
    }
  });

  // The WAF decodes each 16 KiB window of the body to text for one regex test; the runtime frees
  // that text after the test (re.test(decoder.decode(view)), docs/runtime.md), so a live stream
  // holds only the views it made, not the 1 MiB of text (2 MiB of heap before: the arena frees
  // nothing else before the stream ends, and its chunks double up to 1 MiB).
  it("zero_copy_regex_waf: a 1 MiB body in 16 chunks leaves its live stream holding under 32 KiB more than a small body", async () => {
    const { soPath } = await buildFilter(path.join(examplesDir, "zero_copy_regex_waf.ts"));
    const text = "the quick brown fox jumps over the lazy dog; ".repeat(1490).slice(0, 65536);
    const post = (chunks: string[]): Vector => ({
      filter: "zero_copy_regex_waf",
      config: "^.*(curl|wget).*",
      streams: [{ events: [{ hook: "request_headers", headers: [[":method", "POST"]], endOfStream: false }, ...chunks.map((data, i) => ({ hook: "request_body" as const, data, endOfStream: i === chunks.length - 1 })), { hook: "stream_complete" }] }],
    });
    const small = await allocations(soPath, post(["a"]), 1, false);
    const large = await allocations(soPath, post(Array.from({ length: 16 }, () => text)), 1, false);
    // Every window was decoded: well over 1 MiB allocated in all, nearly all of it given back.
    expect(large.bytes - small.bytes).toBeGreaterThan(1 << 20);
    expect(large.held - small.held).toBeLessThan(32 * 1024);
  });
});
