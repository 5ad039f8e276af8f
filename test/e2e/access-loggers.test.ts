/**
 * Access loggers (registerAccessLogger, issue 11) in the real Envoy 1.40: examples/json_access_logger.ts
 * as an HTTP connection manager's access log (`envoy.access_loggers.dynamic_modules`), its JSON
 * lines read back from the file after real requests (a proxied one with its route, cluster, status,
 * headers, bytes and timing; a direct 404 with no route and its NoRouteFound response flag), and
 * `only_errors` on a second listener keeping only the error.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { dynamicAccessLogYaml, httpListenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

/** A listener whose only route is /app (route "app_route") to the upstream, its access log the module's logger. */
function loggedListenerYaml(name: string, port: number, config: object): string {
  const hcm = [
    "route_config:",
    "  virtual_hosts:",
    "  - name: all",
    '    domains: ["*"]',
    "    routes:",
    "    - name: app_route",
    '      match: { prefix: "/app" }',
    "      route: { cluster: upstream }",
    ...dynamicAccessLogYaml("json_access_logger", "json_access_logger", JSON.stringify(config)),
  ];
  return httpListenerYaml(name, port, hcm, []);
}

/** The file's JSON lines once it has `count` of them (the module's writer thread writes them). */
async function linesEventually(file: string, count: number): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 60_000; // a writer thread on a loaded machine
  let lines: string[] = [];
  while (Date.now() < deadline) {
    lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
    if (lines.length >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(lines.length).toBe(count);
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("access loggers in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let allLog: string;
  let errorLog: string;
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    const modulesDir = (await buildFilter(path.join(examplesDir, "json_access_logger.ts"))).dir;
    const dir = scratchDir("access-log");
    allLog = path.join(dir, "all.jsonl");
    errorLog = path.join(dir, "errors.jsonl");
    upstream = await startEchoUpstream();
    ports.all = await freePort();
    ports.errors = await freePort();
    envoy = await startEnvoy({
      modulesDir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [loggedListenerYaml("all", ports.all!, { path: allLog }), loggedListenerYaml("errors", ports.errors!, { path: errorLog, only_errors: true })]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("writes a JSON line per finished stream, with what the stream left", async () => {
    const before = Date.now();
    const ok = await request(ports.all!, "/app/items?x=1", { "user-agent": "access-test/1.0", "x-request-id": "req-42" });
    expect(ok.status).toBe(200);
    const missing = await request(ports.all!, "/nowhere");
    expect(missing.status).toBe(404);
    // Two workers may log the two streams in either order.
    const [first, second] = (await linesEventually(allLog, 2)).sort((a, b) => (a.path === "/nowhere" ? 1 : 0) - (b.path === "/nowhere" ? 1 : 0));
    expect(first).toMatchObject({
      type: "downstream_end",
      method: "GET",
      path: "/app/items?x=1",
      authority: `127.0.0.1:${ports.all}`,
      status: 200,
      response_flags: 0,
      bytes_received: 0,
      bytes_sent: ok.body.length,
      protocol: "HTTP/1.1",
      route: "app_route",
      upstream_cluster: "upstream",
      request_id: "req-42",
      user_agent: "access-test/1.0",
      content_type: "application/json",
    });
    expect(first!.downstream_remote).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(first!.start_time_ms as number).toBeGreaterThanOrEqual(before - 1000);
    expect(first!.start_time_ms as number).toBeLessThanOrEqual(Date.now());
    expect(typeof first!.duration_ms).toBe("number");
    expect(second).toMatchObject({ path: "/nowhere", status: 404, response_flags: 1 << 8 }); // NoRouteFound
    expect(second!.route).toBeUndefined();
    expect(second!.upstream_cluster).toBeUndefined();
    expect((await envoy.stats()).get("json_access_logger.failures") ?? 0).toBe(0);
  });

  it("only_errors keeps streams answered with 400 or more", async () => {
    expect((await request(ports.errors!, "/app/fine")).status).toBe(200);
    expect((await request(ports.errors!, "/missing")).status).toBe(404);
    expect((await request(ports.errors!, "/app/fine-again")).status).toBe(200);
    expect((await request(ports.errors!, "/missing-too")).status).toBe(404);
    const lines = await linesEventually(errorLog, 2);
    expect(lines.map((line) => line.path)).toEqual(["/missing", "/missing-too"]);
  });
});
