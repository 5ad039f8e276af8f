/**
 * examples/config_regex.ts in the real Envoy 1.40: patterns from filter_config compiled by
 * `new RegExp` in the config stage (the vendored engine, runtime-c/regex_dynamic.c) and shared by
 * every stream; a catastrophic pattern fails its stream closed at the step bound instead of
 * stalling the worker; a bad pattern makes Envoy refuse the config, naming the rule.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, runEnvoyExpectingFailure, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { examplesDir } from "../helpers/paths.js";

const config = {
  rules: [
    { name: "bots", header: "user-agent", pattern: "bot|crawler", flags: "i", deny: 403 },
    { name: "redos", header: "x-probe", pattern: "^(a+)+$", deny: 400 },
    { name: "users", pattern: "^/u/(?<id>\\d+)(/.*)?$", rewrite: "/api/users/$<id>$2" },
  ],
};

describe("config_regex in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;
  let modulesDir: string;

  const bootstrap = (filterConfig: unknown) => (adminPort: number) =>
    staticBootstrap(adminPort, upstream.port, [listenerYaml("rx", port, [{ module: "config_regex", filterName: "config_regex", config: JSON.stringify(filterConfig) }])]);

  beforeAll(async () => {
    modulesDir = (await buildFilter(path.join(examplesDir, "config_regex.ts"))).dir;
    upstream = await startEchoUpstream();
    port = await freePort();
    envoy = await startEnvoy({ modulesDir, config: bootstrap(config) });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("rewrites the path with the named and numbered groups of a pattern from the config", async () => {
    const response = await request(port, "/u/42/profile");
    expect(response.status).toBe(200);
    const seen = JSON.parse(response.body) as { url: string; headers: Record<string, string> };
    expect(seen.url).toBe("/api/users/42/profile");
    expect(seen.headers["x-regex-rule"]).toBe("users");
    expect(seen.headers["x-original-path"]).toBe("/u/42/profile");
    const untouched = JSON.parse((await request(port, "/u/abc")).body) as { url: string };
    expect(untouched.url).toBe("/u/abc");
  });

  it("denies by a case-insensitive header pattern", async () => {
    const response = await request(port, "/", { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1)" });
    expect(response.status).toBe(403);
    expect(response.body).toBe("denied by rule bots\n");
    expect((await request(port, "/", { "user-agent": "curl/8" })).status).toBe(200);
  });

  it("fails a catastrophically backtracking match closed at the step bound, and keeps serving", async () => {
    expect((await request(port, "/", { "x-probe": "aaaa" })).status).toBe(400);
    const started = Date.now();
    const response = await request(port, "/", { "x-probe": `${"a".repeat(40)}!` });
    const elapsed = Date.now() - started;
    expect(response.status).toBe(500);
    // Unbounded, 2^40 steps would take hours: 30 s is far from that and leaves a loaded machine slack.
    expect(elapsed).toBeLessThan(30_000);
    await envoy.waitForLog(/filter 'config_regex' failed in onRequestHeaders: uncaught RangeError: Maximum regular expression backtracking exceeded: more than 10000000 steps; sent a 500 local reply/);
    expect(envoy.alive()).toBe(true);
    expect((await request(port, "/u/1")).status).toBe(200);
  });

  it("refuses a config whose pattern does not compile, naming the rule and V8's reason", async () => {
    const bad = { rules: [config.rules[0], { name: "broken", pattern: "(" }] };
    const result = await runEnvoyExpectingFailure({ modulesDir, config: bootstrap(bad) });
    expect(result.exitCode).not.toBe(0);
    expect(result.logs).toMatch(/filter 'config_regex' rejected its filter_config: uncaught Error: config\.rules\[1\]\.pattern: Invalid regular expression: \/\(\/: Unterminated group/);
  });

  it("refuses an unknown flag", async () => {
    const result = await runEnvoyExpectingFailure({ modulesDir, config: bootstrap({ rules: [{ name: "x", pattern: "a", flags: "q" }] }) });
    expect(result.exitCode).not.toBe(0);
    expect(result.logs).toMatch(/config\.rules\[0\]\.pattern: Invalid flags supplied to RegExp constructor 'q'/);
  });
});
