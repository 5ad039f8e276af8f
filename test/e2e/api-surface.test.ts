/**
 * Every EnvoyHttpFilter method and per-stream state, through a compiled filter in the real Envoy:
 * for every release of the matrix, the module built for it (--envoy-version) running in it.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { ENVOY_MATRIX, EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, headerText, request, startEchoUpstream, utf8Header } from "../helpers/net.js";
import { filtersDir } from "../helpers/paths.js";

describe.each(ENVOY_MATRIX)("EnvoyHttpFilter API in Envoy $release", ({ version }) => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(filtersDir, "api_surface.ts"), { envoyVersion: version });
    upstream = await startEchoUpstream();
    port = await freePort();
    envoy = await startEnvoy({
      envoyVersion: version,
      modulesDir: dir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [
          listenerYaml("api", port, [{ module: "api_surface", filterName: "api_surface", config: JSON.stringify({ greeting: "héllo", repeat: 3, shout: true }) }]),
        ]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("reads, adds and sets request headers; typed config reaches the filter", async () => {
    const response = await request(port, "/api?q=1", { "x-multi": "a", "x-unicode-in": utf8Header("ünïcödé ✓") });
    const seen = JSON.parse(response.body).headers as Record<string, string>;
    expect(seen["x-added"]).toBe("one, two");
    expect(headerText(seen["x-greeting"])).toBe("héllo héllo héllo!");
    expect(headerText(seen["x-unicode"])).toBe("ünïcödé ✓");
  });

  it("carries per-stream state to the response hook and edits response headers", async () => {
    const response = await request(port, "/api?q=1", { "x-multi": "a" });
    expect(response.headers["x-seen"]).toBe("multi=a;missing=none;eos=true;path=/api?q=1");
    expect(Number(response.headers["x-request-header-count"])).toBeGreaterThanOrEqual(5);
    expect(response.headers["x-method"]).toBe("GET");
    expect(response.headers["x-status-seen"]).toBe("200");
    expect(response.headers["x-response-values"]).toBe("yes,added-by-filter");
    expect(response.headers).not.toHaveProperty("access-control-allow-credentials");
    expect(response.headers["x-completed-before"]).toBe("false");
  });

  it("runs onStreamComplete once the exchange is over", async () => {
    await request(port, "/done");
    await envoy.waitForLog(/\[api_surface\.ts:\d+\] api_surface stream complete for GET/);
  });

  it("keeps streams apart: state of one request never leaks into another", async () => {
    const [first, second] = await Promise.all([request(port, "/1", { "x-multi": "first" }), request(port, "/2", { "x-multi": "second" })]);
    expect(first.headers["x-seen"]).toContain("multi=first;");
    expect(second.headers["x-seen"]).toContain("multi=second;");
    expect(first.headers["x-seen"]).not.toContain("second");
  });
});
