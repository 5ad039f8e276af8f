/**
 * The ported upstream examples together, in the real Envoy 1.40, with the listeners and filter
 * order of upstream's integration/envoy.yaml (envoyproxy/dynamic-modules-examples), replaying
 * the expectations of its integration/main_test.go:
 * - listener "chain" (upstream's 1062): javascript, passthrough, metrics, access_logger, header_mutation;
 * - listener "auth" (1063): header_auth (config the raw string go-module-auth-header), random_auth;
 * - the upstream cluster runs passthrough as an upstream HTTP filter, then upstream_codec, as
 *   upstream's cluster does; header_mutation follows it there so the test can see the upstream
 *   filter chain ran (the header it adds reaches the upstream).
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { adminYaml, httpFilterYaml, indent, listenerYaml, upstreamClusterYaml, FilterSpec } from "../helpers/envoy-config.js";
import { headerMutationConfig } from "../helpers/example-configs.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

const AUTH_HEADER = "go-module-auth-header";

/** A listener as upstream's: its one route is named catch_all and goes to the cluster httpbin. */
const listener = (name: string, port: number, filters: FilterSpec[]) => indent(`- ${indent(listenerYaml(name, port, filters, { routeName: "catch_all", cluster: "httpbin" }), 2).trimStart()}`, 2);

/** The cluster of upstream's envoy.yaml: HTTP filters of its own, ending in upstream_codec. */
function httpbinCluster(upstreamPort: number, filters: FilterSpec[]): string {
  const [name, ...rest] = upstreamClusterYaml(upstreamPort, "httpbin").split("\n");
  const protocolOptions = [
    "  typed_extension_protocol_options:",
    "    envoy.extensions.upstreams.http.v3.HttpProtocolOptions:",
    '      "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
    "      explicit_http_config: { http_protocol_options: {} }",
    "      http_filters:",
    indent(filters.map(httpFilterYaml).join("\n"), 6),
    "      - name: envoy.filters.http.upstream_codec",
    "        typed_config:",
    '          "@type": type.googleapis.com/envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec',
  ];
  return [name!, ...protocolOptions, ...rest].join("\n");
}

/** header_mutation as an upstream filter: a header only the cluster's filter chain adds. */
const upstreamMutationConfig = JSON.stringify({ request_headers: [["x-upstream-filter", "ran"]], remove_request_headers: [], response_headers: [], remove_response_headers: [] });

describe("upstream's integration test, replayed", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let chainPort: number;
  let authPort: number;
  let accessLogs: string;

  beforeAll(async () => {
    const modulesDir = scratchDir("upstream-examples");
    for (const example of ["javascript", "passthrough", "metrics", "access_logger", "header_mutation", "header_auth", "random_auth"]) {
      await buildFilter(path.join(examplesDir, `${example}.ts`), { outDir: modulesDir });
    }
    upstream = await startEchoUpstream();
    chainPort = await freePort();
    authPort = await freePort();
    accessLogs = scratchDir("access-logs");
    const module = (name: string, config?: string): FilterSpec => ({ module: name, filterName: name, ...(config !== undefined ? { config } : {}) });
    envoy = await startEnvoy({
      modulesDir,
      config: (adminPort) =>
        [
          adminYaml(adminPort),
          "static_resources:",
          "  listeners:",
          listener("chain", chainPort, [
            module("javascript", "function OnRequestHeaders(ctx) {}"),
            module("passthrough"),
            module("metrics", JSON.stringify({ version: "v1.0.0" })),
            module("access_logger", JSON.stringify({ num_workers: 2, dirname: accessLogs })),
            module("header_mutation", headerMutationConfig),
          ]),
          listener("auth", authPort, [module("header_auth", AUTH_HEADER), module("random_auth")]),
          "  clusters:",
          indent(httpbinCluster(upstream.port, [module("passthrough"), module("header_mutation", upstreamMutationConfig)]), 2),
        ].join("\n"),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("javascript: x-foo upstream from foo, x-dog and x-status on the response", async () => {
    const response = await request(chainPort, "/headers", { dog: "cat", foo: "bar" });
    expect(response.status).toBe(200);
    const seen = JSON.parse(response.body).headers as Record<string, string>;
    expect(seen["x-foo"]).toBe("bar");
    expect(seen.foo).toBe("bar");
    expect(seen.dog).toBe("cat");
    expect(response.headers["x-dog"]).toBe("cat");
    expect(response.headers["x-status"]).toBe("200");
  });

  it("header_mutation in the chain, and passthrough plus header_mutation as upstream (cluster) filters", async () => {
    const response = await request(chainPort, "/headers", { apple: "red" });
    expect(response.status).toBe(200);
    const seen = JSON.parse(response.body).headers as Record<string, string>;
    expect(seen["x-envoy-header"]).toBe("envoy-header");
    expect(seen["x-envoy-header2"]).toBe("envoy-header2");
    expect(seen).not.toHaveProperty("apple");
    // Only the cluster's filter chain adds this one: the request went through it, passthrough first.
    expect(seen["x-upstream-filter"]).toBe("ran");
    expect(response.headers.foo).toBe("bar");
    expect(response.headers.foo2).toBe("bar2");
    expect(response.headers["x-response-code"]).toBe("200");
    expect(response.headers["access-control-allow-credentials"]).toBeUndefined();
  });

  it("header_auth: 401 at request headers without the header", async () => {
    const response = await request(authPort, "/uuid");
    expect(response.status).toBe(401);
    expect(response.body).toBe("Unauthorized by Go Module at on_request_headers\n");
    expect(response.headers["content-type"]).toBe("text/plain");
  });

  it("header_auth: 401 at response headers when the header says on_response_headers", async () => {
    // random_auth runs after header_auth: retry until it lets the request through to the upstream.
    let response;
    for (let i = 0; i < 50; i++) {
      response = await request(authPort, "/uuid", { [AUTH_HEADER]: "on_response_headers" });
      if (response.status !== 403) break;
    }
    expect(response!.status).toBe(401);
    expect(response!.body).toBe("Unauthorized by Go Module at on_response_headers\n");
    expect(response!.headers["x-upstream-only"]).toBeUndefined(); // the upstream's response was replaced
  });

  it("random_auth: with the header, both 200 and 403 (Access forbidden) come back", async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 64; i++) {
      const response = await request(authPort, "/uuid", { [AUTH_HEADER]: "anything" });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 403) expect(response.body).toBe("Access forbidden");
      if (response.status === 200) expect(JSON.parse(response.body).url).toBe("/uuid");
    }
    expect([...statuses.keys()].sort()).toEqual([200, 403]);
    // About half each: 64 fair coin flips give fewer than 12 of one side with probability < 1e-6.
    expect(Math.min(statuses.get(200)!, statuses.get(403)!)).toBeGreaterThanOrEqual(12);
  });

  it("access_logger: JSON lines with the request and response headers in access_log_<i>.log", async () => {
    expect(fs.readdirSync(accessLogs).sort()).toEqual(["access_log_0.log", "access_log_1.log"]); // opened at config load
    const sent = 5;
    for (let i = 0; i < sent; i++) expect((await request(chainPort, `/logged/${i}`, { "x-log-me": String(i) })).status).toBe(200);
    type LogLine = { request_headers: string[]; response_headers: string[] };
    let logged: LogLine[] = [];
    const deadline = Date.now() + 60_000; // a writer thread on a loaded machine
    while (Date.now() < deadline) {
      const text = fs.readdirSync(accessLogs).map((f) => fs.readFileSync(path.join(accessLogs, f), "utf8")).join("");
      logged = text
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as LogLine)
        .filter((l) => l.request_headers.some((h) => h.startsWith("x-log-me: ")));
      if (logged.length >= sent) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(logged).toHaveLength(sent);
    for (let i = 0; i < sent; i++) {
      const line = logged.find((l) => l.request_headers.includes(`x-log-me: ${i}`))!;
      expect(line.request_headers).toContain(`:path: /logged/${i}`);
      expect(line.request_headers).toContain(":method: GET");
      // The response as header_mutation (after access_logger on requests, before it on responses) left it.
      expect(line.response_headers).toContain(":status: 200");
      expect(line.response_headers).toContain("foo: bar");
      expect(line.response_headers).toContain("x-upstream-only: yes");
    }
  });

  it("no filter failed", async () => {
    const stats = await envoy.stats();
    const failures = [...stats].filter(([name]) => name.endsWith(".failures")).reduce((sum, [, v]) => sum + v, 0);
    expect(failures).toBe(0);
    expect(envoy.alive()).toBe(true);
  });
});
