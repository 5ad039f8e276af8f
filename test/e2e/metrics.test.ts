/**
 * examples/metrics.ts (port of the upstream Rust metrics example) in the real Envoy 1.40, with
 * upstream's config and route name: after a request, /stats has the histogram route_latency_ms
 * with the tags version and route_name, as upstream's integration test checks (there through
 * /stats/prometheus), and the latencies recorded are real (the upstream answers after 25 ms). Also: a throw in a config stage rejects the config, naming the TS line.
 */
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, runEnvoyExpectingFailure, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

/** An upstream that answers after `delayMs`, so each request's latency is at least that. */
async function startSlowUpstream(delayMs: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => setTimeout(() => res.end("slow\n"), delayMs));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const UPSTREAM_DELAY_MS = 25;

describe("metrics example in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startSlowUpstream>>;
  let port: number;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(examplesDir, "metrics.ts"));
    upstream = await startSlowUpstream(UPSTREAM_DELAY_MS);
    port = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) =>
        // Upstream's envoy.yaml names the route catch_all.
        staticBootstrap(adminPort, upstream.port, [listenerYaml("metrics", port, [{ module: "metrics", filterName: "metrics", config: JSON.stringify({ version: "v1.0.0" }) }], { routeName: "catch_all" })]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("records route_latency_ms with the version and route_name tags", async () => {
    for (let i = 0; i < 3; i++) expect((await request(port, "/uuid")).status).toBe(200);
    let prometheus = "";
    const deadline = Date.now() + 60_000;
    // Histograms reach the admin endpoint at Envoy's stats flush (every 5 s), which may fall between
    // the three requests: wait for all three, not for the first flush that shows any.
    while (Date.now() < deadline) {
      prometheus = await (await fetch(`http://127.0.0.1:${envoy.adminPort}/stats/prometheus`)).text();
      if (Number(/route_latency_ms_count\{[^}]*\} (\d+)/.exec(prometheus)?.[1] ?? 0) >= 3) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const count = /^(\S*route_latency_ms)_count\{([^}]*)\} (\d+)$/m.exec(prometheus);
    expect(count, prometheus.split("\n").filter((l) => l.includes("route_latency")).join("\n") || prometheus.slice(0, 2000)).not.toBeNull();
    const labels = Object.fromEntries([...count![2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(labels).toEqual({ version: "v1.0.0", route_name: "catch_all" });
    expect(Number(count![3])).toBeGreaterThanOrEqual(3);
    const plain = await (await fetch(`http://127.0.0.1:${envoy.adminPort}/stats?filter=route_latency_ms`)).text();
    // Envoy's namespace for dynamic module metrics: dynamicmodulescustom (envoy_ prefix in Prometheus).
    expect(count![1]).toBe("envoy_dynamicmodulescustom_route_latency_ms");
    expect(plain).toContain("dynamicmodulescustom.route_latency_ms.version.v1.0.0.route_name.catch_all: ");
    // Real latencies: each request waited UPSTREAM_DELAY_MS for the upstream.
    const sum = /^\S*route_latency_ms_sum\{[^}]*\} (\S+)$/m.exec(prometheus);
    expect(sum, prometheus.split("\n").filter((l) => l.includes("route_latency")).join("\n")).not.toBeNull();
    expect(Number(sum![1])).toBeGreaterThanOrEqual(Number(count![3]) * UPSTREAM_DELAY_MS * 0.9);
  });
});

describe("config stage in Envoy", () => {
  it("counts with tags and gauges from streams, and reports the worker index", async () => {
    const dir = scratchDir("stage-metrics");
    const entry = path.join(dir, "stage_metrics.ts");
    fs.writeFileSync(
      entry,
      [
        'import { registerHttpFilter, RequestHeadersStatus, type Counter, type EnvoyFilterConfig, type EnvoyHttpFilter, type Gauge, type HttpFilter } from "tsc2envoy";',
        "class F implements HttpFilter {",
        "  constructor(private readonly hits: Counter, private readonly last: Gauge) {}",
        "  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {",
        "    const worker = envoy.getWorkerIndex();",
        "    envoy.incrementCounter(this.hits, 2, [`w${worker}`]);",
        '    envoy.setGauge(this.last, Number(envoy.getRequestHeaderValue("x-n") ?? "0"));',
        '    envoy.sendResponse(200, [["x-worker", String(worker)]], "ok\\n");',
        "    return RequestHeadersStatus.StopIteration;",
        "  }",
        "}",
        'registerHttpFilter("stage_metrics", (_config: string, envoy: EnvoyFilterConfig) => {',
        '  const hits = envoy.defineCounter("hits", ["worker"]);',
        '  const last = envoy.defineGauge("last_n");',
        "  return () => new F(hits, last);",
        "});",
        "",
      ].join("\n"),
    );
    const { dir: modulesDir } = await buildFilter(entry);
    const upstream = await startEchoUpstream();
    const listenerPort = await freePort();
    const envoy = await startEnvoy({
      modulesDir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("main", listenerPort, [{ module: "stage_metrics", filterName: "stage_metrics", config: "" }])]),
    });
    try {
      const workers = new Set<string>();
      for (let i = 1; i <= 4; i++) {
        const response = await request(listenerPort, "/", { "x-n": String(i * 10) });
        expect(response.status).toBe(200);
        workers.add(response.headers["x-worker"] as string);
      }
      for (const worker of workers) expect(["0", "1"]).toContain(worker); // --concurrency 2
      const stats = await envoy.stats();
      const hits = [...workers].reduce((sum, w) => sum + (stats.get(`dynamicmodulescustom.hits.worker.w${w}`) ?? 0), 0);
      expect(hits).toBe(8);
      expect(stats.get("dynamicmodulescustom.last_n")).toBe(40);
    } finally {
      await envoy.stop();
      await upstream.close();
    }
  });

  it("rejects the config when the config stage throws, naming the TypeScript line", async () => {
    const dir = scratchDir("stage-throw");
    const entry = path.join(dir, "stage_throw.ts");
    fs.writeFileSync(
      entry,
      [
        'import { registerHttpFilter, type EnvoyFilterConfig, type HttpFilter } from "tsc2envoy";',
        "class F implements HttpFilter {",
        "  onStreamComplete(): void {}",
        "}",
        'registerHttpFilter("stage_throw", (config: { limit: number }, envoy: EnvoyFilterConfig) => {',
        '  const hits = envoy.defineCounter("hits");',
        '  if (config.limit < 0) throw new RangeError(`limit must not be negative, got ${config.limit}`);',
        "  return () => new F();",
        "});",
        "",
      ].join("\n"),
    );
    const { dir: modulesDir } = await buildFilter(entry);
    const upstreamPort = await freePort();
    const listenerPort = await freePort();
    const result = await runEnvoyExpectingFailure({
      modulesDir,
      config: (adminPort) => staticBootstrap(adminPort, upstreamPort, [listenerYaml("main", listenerPort, [{ module: "stage_throw", filterName: "stage_throw", config: JSON.stringify({ limit: -1 }) }])]),
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.logs).toMatch(/stage_throw\.ts:7\].*tsc2envoy: filter 'stage_throw' rejected its filter_config: uncaught RangeError: limit must not be negative, got -1/);
  });
});
