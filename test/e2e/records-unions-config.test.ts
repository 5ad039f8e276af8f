/**
 * Records (`Record<string, T>`), unions decoded by JSON kind (`aud?: string | string[]`), a
 * discriminated union and null in a filter_config, through the real Envoy 1.40: keys in
 * JavaScript's order, own-key reads, the member picked by its discriminant, and configs whose union
 * member is of no listed kind or whose discriminant is unknown refused with their path.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, runEnvoyExpectingFailure, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { repoRoot } from "../helpers/paths.js";

const entry = path.join(repoRoot, "test", "fixtures", "records", "records_unions.ts");

describe("records and unions in a config, in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;
  let modulesDir: string;

  const bootstrap = (filterConfig: unknown) => (adminPort: number) =>
    staticBootstrap(adminPort, upstream.port, [listenerYaml("records", port, [{ module: "records_unions", filterName: "records_unions", config: JSON.stringify(filterConfig) }])]);

  beforeAll(async () => {
    modulesDir = (await buildFilter(entry)).dir;
    upstream = await startEchoUpstream();
    port = await freePort();
    envoy = await startEnvoy({ modulesDir, config: bootstrap({ routes: { "/api": "api", "/": "root" }, aud: ["a", "b"], limits: { rps: 5, "10": "ten", burst: "x" }, match: { kind: "prefix", prefix: "/ap" }, owner: null }) });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("reads the config's records and unions", async () => {
    const seen = JSON.parse((await request(port, "/api")).body) as { headers: Record<string, string> };
    expect(seen.headers["x-route"]).toBe("api");
    expect(seen.headers["x-aud"]).toBe("list:a,b");
    expect(seen.headers["x-limits"]).toBe('{"10":"ten","rps":5,"burst":"x"}');
    expect(seen.headers["x-counts"]).toBe("/1a1p1i1");
    expect(seen.headers["x-own"]).toBe("true true");
    expect(seen.headers["x-match"]).toBe("prefix:true");
    expect(seen.headers["x-owner"]).toBe("null");
    const other = JSON.parse((await request(port, "/elsewhere")).body) as { headers: Record<string, string> };
    expect(other.headers["x-route"]).toBe("none");
  });

  it("refuses a config whose union value is of no member's kind, a record value of the wrong type, an unknown discriminant", async () => {
    const badUnion = await runEnvoyExpectingFailure({ modulesDir, config: bootstrap({ routes: {}, aud: 3, limits: {} }) });
    expect(badUnion.exitCode).not.toBe(0);
    expect(badUnion.logs).toMatch(/filter 'records_unions' rejected its filter_config: aud: expected undefined \| string \| string\[\], got number/);
    const badRecord = await runEnvoyExpectingFailure({ modulesDir, config: bootstrap({ routes: { "/": 1 }, limits: {} }) });
    expect(badRecord.logs).toMatch(/rejected its filter_config: routes\.\/: expected string, got number/);
    const badKind = await runEnvoyExpectingFailure({ modulesDir, config: bootstrap({ routes: {}, limits: {}, match: { kind: "glob", path: "/" } }) });
    expect(badKind.logs).toMatch(/rejected its filter_config: match\.kind: expected "prefix" \| "exact", got "glob"/);
  });
});
