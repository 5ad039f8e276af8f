/**
 * Library pieces filter authors use every day, in the real Envoy 1.40: test/filters/query_params.ts
 * parses the query string with matchAll and named groups, decodes it with decodeURIComponent
 * (URIError for a malformed escape), converts with map(Number) / filter(Boolean) and writes a
 * summary with a JSON.stringify replacer array; a write to an object it froze fails closed.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { startEnvoy, EnvoyInstance } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { filtersDir } from "../helpers/paths.js";

describe("query parameters in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    ({ dir } = await buildFilter(path.join(filtersDir, "query_params.ts")));
    upstream = await startEchoUpstream();
    port = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("query", port, [{ module: "query_params", filterName: "query_params" }])]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("decodes the query and passes a summary of the listed keys upstream", async () => {
    const user = "josé 😀&co";
    const response = await request(port, `/search?user=${encodeURIComponent(user)}&ids=3,0,x,12&tag=a+b&secret=s3&tag=%E2%9C%93`);
    expect(response.status).toBe(200);
    const seen = JSON.parse(response.body).headers as Record<string, string>;
    // Header values are bytes; Node's HTTP parser reads them as latin1: the filter wrote UTF-8.
    const summary = JSON.parse(Buffer.from(seen["x-summary"]!, "latin1").toString("utf8")) as Record<string, unknown>;
    expect(summary).toEqual({ user, ids: [3, 12], tags: ["a b", "✓"] });
    expect(Object.keys(summary)).toEqual(["user", "ids", "tags"]);
    expect(seen["x-user-encoded"]).toBe(encodeURIComponent(user));
  });

  it("answers a malformed escape with the URIError V8 throws", async () => {
    const response = await request(port, "/search?user=%E0%A4");
    expect(response.status).toBe(400);
    expect(response.headers["x-error"]).toBe("URIError: URI malformed");
  });

  it("fails the stream closed when it writes to an object it froze", async () => {
    const response = await request(port, "/search?user=a&tag=freeze");
    expect(response.status).toBe(500);
    await envoy.waitForLog(/\[query_params\.ts:\d+\] .*failed in onRequestHeaders: uncaught TypeError: Cannot assign to read only property 'user' of object '#<Object>'; sent a 500 local reply/);
    const ok = await request(port, "/search?user=b");
    expect(ok.status).toBe(200);
  });
});
