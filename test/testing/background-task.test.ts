/**
 * tsc2envoy/testing with a config's background task (examples/allowlist_refresh.ts; docs/async.md
 * "Config-level background tasks"): loadFilter answers the task's callouts from `taskCallouts` as its
 * runs make them, and `advance(ms)` lets its timers fire; streams started afterwards see what it
 * published, in Node and in the native host alike.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { FilterUnderTest, loadFilter } from "../../abi/ts/testing.js";
import { examplesDir } from "../helpers/paths.js";

const loaded: FilterUnderTest[] = [];
afterAll(async () => {
  for (const filter of loaded) await filter.close();
});

const listRequest = { cluster: "lists", headers: [[":method", "GET"], [":path", "/allow-list"], ["host", "lists"]], body: "", timeoutMs: 2000 };

describe.each([{ native: false }, { native: true }])("allowlist_refresh under loadFilter (native: $native)", ({ native }) => {
  const load = (taskCallouts: NonNullable<Parameters<typeof loadFilter>[1]>["taskCallouts"]) =>
    loadFilter(path.join(examplesDir, "allowlist_refresh.ts"), { config: { cluster: "lists", path: "/allow-list", refreshMs: 300, initial: ["admin"] }, native, taskCallouts }).then((filter) => (loaded.push(filter), filter));

  it("answers the task's callouts as its runs make them; streams see what the last run published", async () => {
    const filter = await load([{ status: 200, body: "ann\nbob\n" }, { status: 200, body: "cy" }]);
    // The first run's callout was made and answered at load.
    expect((await filter.request({ headers: { "x-user": "ann" } })).forwarded).toBe(true);
    expect((await filter.request({ headers: { "x-user": "admin" } })).localReply?.status).toBe(403);
    // The next run comes 300 ms after the first settled (a later one would wait: no answer is left).
    const activity = await filter.advance(400);
    expect(activity.callouts.slice(0, 2)).toEqual([listRequest, listRequest]);
    expect(activity.counters["allowlist_refresh.failures"]).toBeUndefined();
    const cy = await filter.request({ headers: { "x-user": "cy" } });
    expect(cy.requestHeaders.get("x-allow-list-size")).toBe("1");
    expect((await filter.request({ headers: { "x-user": "ann" } })).localReply?.status).toBe(403);
  });

  it("reports failed runs at the line that threw, counts them, and keeps the last good list", async () => {
    const filter = await load([{ status: 500 }, "reset"]);
    expect((await filter.request({ headers: { "x-user": "admin" } })).forwarded).toBe(true);
    const activity = await filter.advance(400);
    expect(activity.counters["allowlist_refresh.failures"]).toBe(2);
    expect(activity.logs.map((l) => `${l.file}:${l.line} ${l.message}`)).toEqual([
      "allowlist_refresh.ts:31 tsc2envoy: filter 'allowlist_refresh': background task run failed: uncaught Error: the list service answered 500",
      "allowlist_refresh.ts:30 tsc2envoy: filter 'allowlist_refresh': background task run failed: uncaught HttpCalloutError: httpCallout to 'lists': reset (connection failure or timeout)",
    ]);
    expect((await filter.request({ headers: { "x-user": "admin" } })).forwarded).toBe(true);
  });
});
