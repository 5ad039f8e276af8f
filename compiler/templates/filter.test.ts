/**
 * Unit tests for filter.ts: `npm test` runs them in Node on tsc2envoy's reference implementation,
 * `npm run test:native` runs the same cases against the compiled libfilter.so.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loadFilter } from "tsc2envoy/testing";

const entry = new URL("./filter.ts", import.meta.url);
const config = JSON.parse(fs.readFileSync(new URL("./filter.config.json", import.meta.url), "utf8"));
const filter = await loadFilter(entry, { config });

describe("filter", () => {
  it("sets the configured header on requests that go upstream", async () => {
    const exchange = await filter.request({ path: "/hello" });
    expect(exchange.forwarded).toBe(true);
    expect(exchange.requestHeaders.get("x-hello")).toBe("world");
  });

  it("answers 403 under the denied prefix, without going upstream", async () => {
    const exchange = await filter.request({ path: "/admin/users" });
    expect(exchange.forwarded).toBe(false);
    expect(exchange.localReply?.status).toBe(403);
    expect(exchange.logs.map((line) => line.message)).toEqual(["denied /admin/users"]);
  });

  it("rejects a config that does not match its type", async () => {
    await expect(loadFilter(entry, { config: { header: "x-hello", deny_prefix: "/admin" } })).rejects.toThrow(
      "rejected its filter_config: header: expected [string, string], got string",
    );
  });
});
