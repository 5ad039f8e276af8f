/**
 * tsc2envoy/testing with streamed callouts (docs/async.md#streamed-callouts): the test answers the
 * streams a filter starts (request.httpStreams), event by event while a hook waits, in Node and in
 * the native host alike; the result lists each stream and what the filter sent on it.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { FilterUnderTest, loadFilter } from "../../abi/ts/testing.js";
import { examplesDir } from "../helpers/paths.js";

const loaded: FilterUnderTest[] = [];
afterAll(async () => {
  for (const filter of loaded) await filter.close();
});

describe.each([{ native: false }, { native: true }])("streaming_enrichment under loadFilter (native: $native)", ({ native }) => {
  it("sends the body on the stream and reads the streamed answer into x-enrichment", async () => {
    const filter = await loadFilter(path.join(examplesDir, "streaming_enrichment.ts"), { config: { cluster: "enricher", timeoutMs: 800 }, native });
    loaded.push(filter);

    const enriched = await filter.request({
      method: "POST",
      path: "/orders",
      body: ["hello ", "world"],
      httpStreams: [{ status: 200, chunks: ["len=11;", "words=2;", "done"] }],
    });
    expect(enriched.httpStreams).toEqual([
      { cluster: "enricher", headers: [[":method", "POST"], [":path", "/enrich/orders"], ["host", "enricher"], ["content-type", "application/octet-stream"]], body: "", endStream: false, timeoutMs: 800, sent: ["hello ", "world"] },
    ]);
    expect(enriched.responseHeaders?.get("x-enrichment")).toBe("len=11;words=2;done");
    expect(enriched.responseHeaders?.get("x-enrichment-reads")).toBe("3");

    expect(enriched.responseHeaders?.get("x-enrichment-verdict")).toBeUndefined();

    // An answer that ends with trailers: the filter reads the x-verdict one.
    const verdict = await filter.request({ path: "/v", httpStreams: [{ status: 200, chunks: ["checked"], trailers: [["x-verdict", "clean"]] }] });
    expect(verdict.responseHeaders?.get("x-enrichment")).toBe("checked");
    expect(verdict.responseHeaders?.get("x-enrichment-verdict")).toBe("clean");

    const reset = await filter.request({ path: "/r", httpStreams: [{ status: 200, chunks: ["par"], reset: 5 }] });
    expect(reset.responseHeaders?.get("x-enrichment")).toBe("unavailable");
    expect(reset.logs.map((l) => l.message)).toContain("enricher unavailable: HttpCalloutError: httpStream to 'enricher': reset (remote reset)");

    const timedOut = await filter.request({ path: "/t", httpStreams: [{ status: 504, chunks: ["upstream request timeout"] }] });
    expect(timedOut.responseHeaders?.get("x-enrichment")).toBe("unavailable");

    // No answer: the response waits for it (Envoy holds it), and the stream is destroyed meanwhile.
    const unanswered = await filter.request({ path: "/u" });
    expect(unanswered.responseHeadersStatus).toBe(1);
    expect(unanswered.responseHeaders?.get("x-enrichment")).toBeUndefined();
  });
});
