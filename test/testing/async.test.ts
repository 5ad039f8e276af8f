/**
 * tsc2envoy/testing with async hooks (docs/async.md): a filter's callouts are answered by the test
 * (request.callouts) and its sleep() timers get request.waitMs, in Node and in the native host alike.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { FilterUnderTest, loadFilter } from "../../abi/ts/testing.js";
import { examplesDir, repoRoot } from "../helpers/paths.js";

const loaded: FilterUnderTest[] = [];
afterAll(async () => {
  for (const filter of loaded) await filter.close();
});

describe.each([{ native: false }, { native: true }])("async filters under loadFilter (native: $native)", ({ native }) => {
  it("answers the callouts of external_authorization: allowed, denied, reset", async () => {
    const filter = await loadFilter(path.join(examplesDir, "external_authorization.ts"), { config: { cluster: "auth", timeoutMs: 300 }, native });
    loaded.push(filter);

    const allowed = await filter.request({ path: "/orders", headers: { authorization: "Bearer ok" }, callouts: [{ status: 200, headers: { "x-auth-user": "ann" } }] });
    expect(allowed.requestHeadersStatus).toBe(1);
    expect(allowed.forwarded).toBe(true);
    expect(allowed.requestHeaders.get("x-auth-user")).toBe("ann");
    expect(allowed.callouts).toEqual([
      { cluster: "auth", headers: [[":method", "GET"], [":path", "/check/orders"], ["host", "auth"], ["x-original-method", "GET"], ["authorization", "Bearer ok"]], body: "", timeoutMs: 300 },
    ]);

    const denied = await filter.request({ path: "/orders", callouts: [{ status: 403, body: "no" }] });
    expect(denied.forwarded).toBe(false);
    expect(denied.localReply?.status).toBe(403);
    expect(denied.localReply?.body).toBe("denied by the auth service (403)\n");

    const reset = await filter.request({ path: "/orders", callouts: ["reset"] });
    expect(reset.localReply?.status).toBe(503);
    expect(reset.logs.map((l) => l.message)).toContain("auth service unavailable: HttpCalloutError: httpCallout to 'auth': reset (connection failure or timeout)");

    const unanswered = await filter.request({ path: "/orders" });
    expect(unanswered.forwarded).toBe(false);
    expect(unanswered.localReply).toBeUndefined();
    expect(unanswered.callouts).toHaveLength(1);
  });

  it("lets delay's two-second sleep fire within waitMs, and not without", async () => {
    const filter = await loadFilter(path.join(examplesDir, "delay.ts"), { native });
    loaded.push(filter);
    const started = performance.now();
    const held = await filter.request({ path: "/headers", headers: { "do-delay": "true" }, waitMs: 2300 });
    const took = performance.now() - started;
    expect(held.forwarded).toBe(true);
    expect(held.requestHeaders.get("delay-filter-on-scheduled")).toBe("yes");
    // The module measures its sleep on the real clock: at least 2 s, and within the exchange (a loaded machine may stretch it past 3 s).
    const lapsed = held.responseHeaders?.get("x-delay-filter-lapsed");
    expect(lapsed).toMatch(/^\d+\.\d{3}s$/);
    expect(parseFloat(lapsed!)).toBeGreaterThanOrEqual(2);
    expect(parseFloat(lapsed!)).toBeLessThanOrEqual(took / 1000 + 0.001);
    const notYet = await filter.request({ path: "/headers", headers: { "do-delay": "true" } });
    expect(notYet.forwarded).toBe(false);
    expect(notYet.requestHeaders.get("delay-filter-on-scheduled")).toBeUndefined();
  });

  it("settles an async onResponseHeaders: its sleep, and the callouts of an own method's Promise.all", async () => {
    const filter = await loadFilter(path.join(repoRoot, "test", "fixtures", "async_response.ts"), { native });
    loaded.push(filter);
    const tagged = await filter.request({ path: "/", waitMs: 50, callouts: [{ status: 200, body: "one" }, { status: 200, body: "two" }] });
    expect(tagged.forwarded).toBe(true);
    expect(tagged.responseHeadersStatus).toBe(1);
    expect(tagged.callouts.map((c) => c.headers[1]![1])).toEqual(["/first", "/second"]);
    expect(tagged.responseHeaders?.get("x-tags")).toBe("one+two");
    const untagged = await filter.request({ path: "/", waitMs: 50 });
    expect(untagged.responseHeaders?.get("x-tags")).toBeUndefined();
  });
});
