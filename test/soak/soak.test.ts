/**
 * Load and soak (on demand: TSE_SOAK=1): the real Envoy at --concurrency 2 with three compiled
 * filters (header_mutation, route_rules, and fail_closed, which fails some requests on purpose),
 * under sustained load from a Node keep-alive HTTP client on loopback. Every response must be the
 * one expected (zero unexpected errors), the failure counter must equal the number of requests
 * made to fail, and Envoy's resident memory must stay flat across the measured runs.
 *
 * TSE_SOAK_SECONDS (per run, default 10) and TSE_SOAK_CONCURRENCY (default 32) size it. One
 * warm-up run fills Envoy's pools and allocator caches; then three runs are measured.
 */
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { routeRulesConfig } from "../helpers/example-configs.js";
import { freePort, startEchoUpstream } from "../helpers/net.js";
import { examplesDir, filtersDir, scratchDir } from "../helpers/paths.js";

const SECONDS = Number(process.env.TSE_SOAK_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.TSE_SOAK_CONCURRENCY ?? 32);
/**
 * How much Envoy's RSS may grow from the first measured run to the last. A stream costs the module
 * at least 8 KiB (its state and first arena chunk), so a leaked stream, or a leak of 1 KiB per
 * request, grows RSS by tens of MiB over the two runs between the measurements (tens of thousands
 * of requests on loopback); once warm, Envoy's own allocator caches and stats move by well under
 * 1 MiB (docs/testing.md has the figures).
 */
const RSS_TOLERANCE_KIB = 8 * 1024;

const mutationConfig = JSON.stringify({
  request_headers: [["x-soak", "mutated"]],
  remove_request_headers: ["x-drop"],
  response_headers: [["x-soak-response", "yes"]],
  remove_response_headers: ["access-control-allow-credentials"],
});

type Outcome = { status: number; headers: http.IncomingHttpHeaders; body: string } | { error: string };

interface Planned {
  port: "mutation" | "rules" | "fail";
  path: string;
  headers: Record<string, string>;
  /** Whether the filter is meant to fail on it (counted by fail_closed.failures). */
  fails: boolean;
  check(outcome: Outcome): string | undefined;
}

const expectStatus = (outcome: Outcome, status: number) =>
  "error" in outcome ? `error ${outcome.error}` : outcome.status !== status ? `status ${outcome.status}, wanted ${status}` : undefined;

/** The i-th request of a run and what must come back. */
function plan(i: number): Planned {
  const upstreamSaw = (outcome: Outcome) => ("error" in outcome ? {} : (JSON.parse(outcome.body) as { headers: Record<string, string> }).headers);
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
      return {
        port: "mutation", path: `/m/${i}`, headers: { "x-drop": "x" }, fails: false,
        check: (o) => expectStatus(o, 200) ?? ("error" in o || o.headers["x-soak-response"] !== "yes" || !o.headers["x-upstream-address"] || upstreamSaw(o)["x-soak"] !== "mutated" || "x-drop" in upstreamSaw(o) ? "not mutated" : undefined),
      };
    case 3:
      return { port: "rules", path: `/admin/${i}`, headers: {}, fails: false, check: (o) => expectStatus(o, 403) ?? ("error" in o || o.headers["x-route"] !== "admin" ? "no x-route" : undefined) };
    case 4:
      return { port: "rules", path: `/api/v3/${i}`, headers: {}, fails: false, check: (o) => expectStatus(o, 200) ?? (upstreamSaw(o)["x-route"] !== "api-v2" ? "wrong route" : undefined) };
    case 5:
      return { port: "rules", path: `/page/${i}`, headers: { "x-canary": "1" }, fails: false, check: (o) => expectStatus(o, 200) ?? (upstreamSaw(o)["x-route"] !== "canary" ? "wrong route" : undefined) };
    case 6:
      return { port: "fail", path: `/ok/${i}`, headers: { "x-fail": "no" }, fails: false, check: (o) => expectStatus(o, 200) ?? ("error" in o || o.headers["x-mode"] !== "no" ? "no x-mode" : undefined) };
    case 7:
    case 8:
      return { port: "fail", path: `/fail/${i}`, headers: { "x-fail": "request" }, fails: true, check: (o) => expectStatus(o, 500) };
    default:
      // A response-path failure resets the stream: the client sees the connection go.
      return { port: "fail", path: `/reset/${i}`, headers: { "x-fail": "response" }, fails: true, check: (o) => ("error" in o && /socket hang up|ECONNRESET/.test(o.error) ? undefined : `wanted a reset, got ${"error" in o ? o.error : o.status}`) };
  }
}

function send(agent: http.Agent, port: number, planned: Planned): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, path: planned.path, headers: planned.headers, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", (error) => resolve({ error: error.message }));
    });
    req.on("error", (error) => resolve({ error: error.message }));
    req.end();
  });
}

/** Envoy's resident set in KiB. */
function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]);
}

describe.skipIf(!process.env.TSE_SOAK)("load and soak in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  const ports = { mutation: 0, rules: 0, fail: 0 };

  beforeAll(async () => {
    const dir = scratchDir("soak");
    await buildFilter(path.join(examplesDir, "header_mutation.ts"), { outDir: dir });
    await buildFilter(path.join(examplesDir, "route_rules.ts"), { outDir: dir });
    await buildFilter(path.join(filtersDir, "fail_closed.ts"), { outDir: dir });
    upstream = await startEchoUpstream();
    for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [
          listenerYaml("mutation", ports.mutation, [{ module: "header_mutation", filterName: "header_mutation", config: mutationConfig }]),
          listenerYaml("rules", ports.rules, [{ module: "route_rules", filterName: "route_rules", config: routeRulesConfig }]),
          // A reset closes the client's connection; Envoy would wait a second (delayed_close_timeout) first.
          listenerYaml("fail", ports.fail, [{ module: "fail_closed", filterName: "fail_closed" }]).replace("stat_prefix: fail", "stat_prefix: fail\n      delayed_close_timeout: 0s"),
        ]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  async function counter(suffix: string): Promise<number> {
    return [...(await envoy.stats())].filter(([name]) => name.endsWith(suffix)).reduce((sum, [, value]) => sum + value, 0);
  }

  /** One run: SECONDS of requests, CONCURRENCY at a time on keep-alive connections. */
  async function run(): Promise<{ unexpected: string[]; requests: number; failing: number; seconds: number }> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const unexpected: string[] = [];
    let failing = 0;
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (Date.now() - started < SECONDS * 1000) {
        const planned = plan(next++);
        if (planned.fails) failing++;
        const problem = planned.check(await send(agent, ports[planned.port], planned));
        if (problem) unexpected.push(`${planned.port} ${planned.path}: ${problem}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();
    return { unexpected, requests: next, failing, seconds: (Date.now() - started) / 1000 };
  }

  it("serves every request as expected, counts every planned failure, and keeps Envoy's memory flat", { timeout: 600_000 }, async () => {
    const failuresBefore = await counter("fail_closed.failures");
    let failing = 0;
    const rss: number[] = [];
    for (let round = 0; round < 4; round++) {
      const result = await run();
      expect(result.unexpected.slice(0, 20), `${result.unexpected.length} unexpected responses`).toEqual([]);
      failing += result.failing;
      // The counter is incremented on the worker thread before the reply: all are in by now.
      expect(await counter("fail_closed.failures")).toBe(failuresBefore + failing);
      if (round > 0) rss.push(rssKiB(envoy.pid));
      console.log(`run ${round}${round === 0 ? " (warm-up)" : ""}: ${result.requests} requests in ${result.seconds.toFixed(1)} s (${Math.round(result.requests / result.seconds)}/s), ${result.failing} failing on purpose, Envoy RSS ${rssKiB(envoy.pid)} KiB`);
    }
    expect(await counter("header_mutation.failures")).toBe(0);
    expect(await counter("route_rules.failures")).toBe(0);
    expect(envoy.alive()).toBe(true);
    expect(rss[2]! - rss[0]!, `RSS after each measured run: ${rss.join(", ")} KiB`).toBeLessThanOrEqual(RSS_TOLERANCE_KIB);
  });
});
