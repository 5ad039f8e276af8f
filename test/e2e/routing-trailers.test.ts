/**
 * Issue 9's routing, trailers and attributes in the real Envoy 1.40: the path normaliser example
 * re-routes "//private/x" to the protected "/private" route only because it clears the route
 * cache; a canary header set by a filter reaches a header-matching route the same way; request
 * trailers read and rewritten (HTTP/1.1 chunked, trailers enabled both ways), response trailers
 * set; a bool and a time attribute.
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { adminYaml, httpFilterYaml, trailersClusterYaml } from "../helpers/envoy-config.js";
import { freePort, request } from "../helpers/net.js";
import { filtersDir, repoRoot } from "../helpers/paths.js";

const indent = (text: string, spaces: number) => text.split("\n").map((line) => (line ? " ".repeat(spaces) + line : line)).join("\n");

/** Routes: x-canary: 1 answers "canary", /private answers 403, the rest goes upstream. */
function listener(name: string, port: number, filters: { module: string; filterName: string; config?: string }[]): string {
  return [
    `- name: ${name}`,
    `  address: { socket_address: { address: 127.0.0.1, port_value: ${port} } }`,
    "  filter_chains:",
    "  - filters:",
    "    - name: envoy.filters.network.http_connection_manager",
    "      typed_config:",
    '        "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    `        stat_prefix: ${name}`,
    "        http_protocol_options: { enable_trailers: true }",
    "        route_config:",
    "          virtual_hosts:",
    "          - name: all",
    '            domains: ["*"]',
    "            routes:",
    '            - match: { prefix: "/", headers: [{ name: x-canary, string_match: { exact: "1" } }] }',
    '              direct_response: { status: 200, body: { inline_string: "canary" } }',
    '            - match: { prefix: "/private" }',
    '              direct_response: { status: 403, body: { inline_string: "protected" } }',
    '            - match: { prefix: "/" }',
    "              route: { cluster: upstream }",
    "        http_filters:",
    indent(filters.map(httpFilterYaml).join("\n"), 8),
    "        - name: envoy.filters.http.router",
    "          typed_config:",
    '            "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
  ].join("\n");
}

/** An upstream that echoes the request's path and trailers, and answers with a trailer of its own. */
async function startTrailerUpstream(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", trailer: "x-upstream" });
      res.write(JSON.stringify({ url: req.url, headers: req.headers, trailers: req.trailers }));
      res.addTrailers({ "x-upstream": "u1" });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A chunked HTTP/1.1 request with trailers; resolves with the response, its body and trailers. */
function requestWithTrailers(port: number, urlPath: string, trailers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; trailers: NodeJS.Dict<string> }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: urlPath, method: "POST", agent: false, headers: { "transfer-encoding": "chunked", trailer: Object.keys(trailers).join(", ") } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, trailers: res.trailers }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.write("payload");
    req.addTrailers(trailers);
    req.end();
  });
}

describe("routing, trailers and attributes in Envoy 1.40", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startTrailerUpstream>>;
  const ports = { normalizer: 0, canary: 0, noClear: 0, none: 0 };

  beforeAll(async () => {
    const normalizer = await buildFilter(path.join(repoRoot, "examples", "path_normalizer.ts"));
    const routing = await buildFilter(path.join(filtersDir, "routing_trailers.ts"), { outDir: normalizer.dir });
    upstream = await startTrailerUpstream();
    for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
    const canary = (clear: boolean) => ({ module: "routing_trailers", filterName: "routing_trailers", config: JSON.stringify({ canary_prefix: "/beta", clear }) });
    const cluster = trailersClusterYaml(upstream.port);
    envoy = await startEnvoy({
      modulesDir: routing.dir,
      config: (adminPort) =>
        [
          adminYaml(adminPort),
          "static_resources:",
          "  listeners:",
          indent(listener("normalizer", ports.normalizer, [{ module: "path_normalizer", filterName: "path_normalizer" }]), 2),
          indent(listener("canary", ports.canary, [canary(true)]), 2),
          indent(listener("no_clear", ports.noClear, [canary(false)]), 2),
          indent(listener("none", ports.none, []), 2),
          "  clusters:",
          indent(cluster, 2),
        ].join("\n"),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("routes a non-normal path to the protected route only through clearRouteCache", async () => {
    // Without the filter, "//private/x" matches "/" as written and reaches the upstream.
    const unfiltered = await request(ports.none, "//private/x");
    expect(unfiltered.status).toBe(200);
    expect(JSON.parse(unfiltered.body).url).toBe("//private/x");
    for (const target of ["//private/x", "/public/../private/x", "/./private//x?q=1"]) {
      const response = await request(ports.normalizer, target);
      expect([target, response.status, response.body]).toEqual([target, 403, "protected"]);
    }
    const passed = await request(ports.normalizer, "/a//b/./c/../d?q=1");
    expect(passed.status).toBe(200);
    const seen = JSON.parse(passed.body) as { url: string; headers: Record<string, string> };
    expect(seen.url).toBe("/a/b/d?q=1");
    expect(seen.headers["x-original-path"]).toBe("/a//b/./c/../d");
  });

  it("sends a canary to the header-matching route only when the filter clears the route cache", async () => {
    const cleared = await request(ports.canary, "/beta/x");
    expect([cleared.status, cleared.body]).toEqual([200, "canary"]);
    const kept = await request(ports.noClear, "/beta/x");
    expect(kept.status).toBe(200);
    const seen = JSON.parse(kept.body) as { headers: Record<string, string> };
    expect(seen.headers["x-canary"]).toBe("1"); // the header went upstream, the route did not change
    const plain = await request(ports.canary, "/stable");
    expect(JSON.parse(plain.body).url).toBe("/stable");
  });

  it("reads and rewrites request trailers and sets response trailers", async () => {
    const response = await requestWithTrailers(ports.canary, "/upload", { "x-checksum": "abc123", "x-drop-me": "1" });
    expect(response.status).toBe(200);
    const seen = JSON.parse(response.body) as { headers: Record<string, string>; trailers: Record<string, string> };
    // In onRequestHeaders the request has no trailer map yet: Envoy refuses the write (false).
    expect(seen.headers["x-early-trailer"]).toBe("false");
    expect(seen.trailers).not.toHaveProperty("x-early");
    expect(seen.trailers["x-checksum"]).toBe("abc123");
    expect(seen.trailers["x-filter-saw"]).toBe("abc123;2");
    expect(seen.trailers).not.toHaveProperty("x-drop-me");
    expect(response.trailers["x-upstream"]).toBe("u1");
    expect(response.trailers["x-request-checksum"]).toBe("abc123");
    expect(response.trailers["x-upstream-trailers"]).toBe("u1");
  });

  it("fails closed in onRequestTrailers: a 500, the TypeScript line in the log, the failures counter", async () => {
    const response = await requestWithTrailers(ports.canary, "/upload", { "x-fail": "1" });
    expect(response.status).toBe(500);
    expect(response.body).toBe("internal error in an Envoy filter\n");
    const line = fs.readFileSync(path.join(filtersDir, "routing_trailers.ts"), "utf8").split("\n").findIndex((text) => text.includes('throw new Error("asked to fail in the request trailers")')) + 1;
    await envoy.waitForLog(new RegExp(`\\[routing_trailers\\.ts:${line}\\] tsc2envoy: filter 'routing_trailers' failed in onRequestTrailers: uncaught Error: asked to fail in the request trailers; sent a 500 local reply`));
    const failures = [...(await envoy.stats())].filter(([name]) => name.endsWith("routing_trailers.failures")).reduce((sum, [, value]) => sum + value, 0);
    expect(failures).toBe(1);
  });

  it("reads a bool attribute and time attributes", async () => {
    const before = Date.now();
    const response = await request(ports.canary, "/attrs");
    const after = Date.now();
    expect(response.headers["x-health-check"]).toBe("false");
    // Envoy has no ConnectionMtls without TLS on the connection: undefined, not false.
    expect(response.headers["x-mtls"]).toBe("undefined");
    const started = Number(response.headers["x-request-time"]);
    expect(Number.isInteger(started)).toBe(true);
    expect(started).toBeGreaterThanOrEqual(before - 5);
    expect(started).toBeLessThanOrEqual(after);
    await envoy.waitForLog(/\[routing_trailers\.ts:\d+\] timing duration=ok latency=ok/);
  });
});
