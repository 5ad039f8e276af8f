/**
 * filter_config is validated against the config type declared in TypeScript. In the real Envoy a
 * bad config is rejected with the path of the offending value, and Envoy keeps serving with the
 * config it had (listeners come from a watched LDS file, so the update can be refused).
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, runEnvoyExpectingFailure, startEnvoy, untilEveryWorker } from "../helpers/envoy.js";
import { ldsBootstrap, ldsResources, listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

const goodConfig = { request_headers: [["x-a", "1"]], remove_request_headers: [], response_headers: [["x-version", "1"]], remove_response_headers: [] };

/** An Envoy whose one listener runs `module`'s filter with a config from a watched LDS file. */
function ldsHarness(module: string) {
  const state = {} as { envoy: EnvoyInstance; upstream: Awaited<ReturnType<typeof startEchoUpstream>>; modulesDir: string; ldsDir: string; port: number };

  function writeListeners(config: unknown): void {
    const yaml = ldsResources([listenerYaml("main", state.port, [{ module, filterName: module, config: typeof config === "string" ? config : JSON.stringify(config) }])]);
    const temporary = path.join(state.ldsDir, `.lds-${Date.now()}.yaml`);
    fs.writeFileSync(temporary, yaml);
    fs.renameSync(temporary, path.join(state.ldsDir, "lds.yaml"));
  }

  async function rejectedUpdates(): Promise<number> {
    return (await state.envoy.stats()).get("listener_manager.lds.update_rejected") ?? 0;
  }

  async function waitFor(condition: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`condition not met; Envoy log:\n${state.envoy.logs().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Writes `config` and waits until Envoy has refused it. */
  async function refuse(config: unknown): Promise<void> {
    const before = await rejectedUpdates();
    writeListeners(config);
    await waitFor(async () => (await rejectedUpdates()) > before);
  }

  /** A bootstrap with `config` inline (static): Envoy refuses to start. */
  function runStatic(config: string) {
    return runEnvoyExpectingFailure({
      modulesDir: state.modulesDir,
      config: (adminPort) => staticBootstrap(adminPort, state.upstream.port, [listenerYaml("bad", state.port, [{ module, filterName: module, config }])]),
    });
  }

  beforeAll(async () => {
    state.modulesDir = (await buildFilter(path.join(examplesDir, `${module}.ts`))).dir;
    state.upstream = await startEchoUpstream();
    state.port = await freePort();
    state.ldsDir = scratchDir("lds");
  });

  afterAll(async () => {
    await state.envoy?.stop();
    await state.upstream?.close();
  });

  /** Starts Envoy with `config` and waits until the listener serves. */
  async function start(config: unknown): Promise<void> {
    writeListeners(config);
    state.envoy = await startEnvoy({ modulesDir: state.modulesDir, config: (adminPort) => ldsBootstrap(adminPort, state.upstream.port, state.ldsDir) });
    await waitFor(async () => (await request(state.port, "/").catch(() => undefined))?.status === 200);
  }

  return { state, writeListeners, refuse, runStatic, start };
}

describe("filter_config validation in Envoy", () => {
  const harness = ldsHarness("header_mutation");
  const { state, writeListeners, refuse, runStatic } = harness;
  let envoy: EnvoyInstance;
  let port: number;

  beforeAll(async () => {
    await harness.start(goodConfig);
    envoy = state.envoy;
    port = state.port;
  });

  const cases: [string, unknown, RegExp][] = [
    ["a number where a header value belongs", { ...goodConfig, request_headers: [["x-a", "1"], ["x-b", 2]] }, /request_headers\[1\]\[1\]: expected string, got number/],
    ["a number where a header name belongs", { ...goodConfig, request_headers: [["x-a", "1"], [7, "v"]] }, /request_headers\[1\]\[0\]: expected string, got number/],
    ["a missing field", { request_headers: [], response_headers: [], remove_response_headers: [] }, /remove_request_headers: missing, expected string\[\]/],
    ["a pair of the wrong length", { ...goodConfig, response_headers: [["x-a"]] }, /response_headers\[0\]: expected \[string, string\], got an array of 1 elements/],
    ["an object where an array belongs", { ...goodConfig, remove_response_headers: {} }, /remove_response_headers: expected string\[\], got object/],
    ["invalid JSON", '{"request_headers": [', /filter_config: invalid JSON at line 1 column 22: unexpected end of input/],
  ];

  for (const [what, config, message] of cases) {
    it(`rejects ${what} with a path-precise message and keeps serving`, async () => {
      await refuse(config);
      expect(envoy.logs()).toMatch(message);
      expect(envoy.logs()).toMatch(/filter 'header_mutation' rejected its filter_config/);
      expect(envoy.alive()).toBe(true);
      const response = await request(port, "/still-up");
      expect(response.status).toBe(200);
      expect(response.headers["x-version"]).toBe("1");
    });
  }

  it("applies a valid update", async () => {
    writeListeners({ ...goodConfig, response_headers: [["x-version", "2"]] });
    await untilEveryWorker(envoy, "version 2 serving", async () => (await request(port, "/v2")).headers["x-version"] === "2");
  });

  it("refuses to start with a bad static config, naming the path", async () => {
    const result = await runStatic(JSON.stringify({ ...goodConfig, remove_request_headers: ["ok", true] }));
    expect(result.exitCode).not.toBe(0);
    expect(result.logs).toMatch(/remove_request_headers\[1\]: expected string, got boolean/);
  });

  it("rejects a filter name the module does not have, listing the ones it has", async () => {
    const result = await runEnvoyExpectingFailure({
      modulesDir: state.modulesDir,
      config: (adminPort) => staticBootstrap(adminPort, state.upstream.port, [listenerYaml("bad", port, [{ module: "header_mutation", filterName: "nope", config: "{}" }])]),
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.logs).toMatch(/module header_mutation has no HTTP filter named 'nope'; it has: 'header_mutation'/);
  });
});

describe("literal types in filter_config (route_rules) in Envoy", () => {
  const harness = ldsHarness("route_rules");
  const rules = [
    { name: "admin", kind: "prefix", value: "/admin", deny: 403 },
    { name: "canary", kind: "header", value: "x-canary" },
  ];

  beforeAll(async () => {
    await harness.start({ rules, default_route: "web" });
  });

  async function routeOf(urlPath: string, headers: Record<string, string> = {}): Promise<string | undefined> {
    const response = await request(harness.state.port, urlPath, headers);
    expect(response.status).toBe(200);
    return (JSON.parse(response.body) as { headers: Record<string, string> }).headers["x-route"];
  }

  it("rejects a kind outside the declared literal union, naming the path and the value, and keeps serving the old rules", async () => {
    await harness.refuse({ rules: [rules[0], { name: "odd", kind: "regex", value: "^/x" }], default_route: "changed" });
    const { envoy } = harness.state;
    expect(envoy.logs()).toMatch(/filter 'route_rules' rejected its filter_config: rules\[1\]\.kind: expected "prefix" \| "api" \| "header", got "regex"/);
    expect(envoy.alive()).toBe(true);
    expect(await routeOf("/", { "x-canary": "1" })).toBe("canary");
    expect(await routeOf("/other")).toBe("web");
  });

  it("rejects a number beyond double range (1e400 would deny with status Infinity on every request), keeping the old rules", async () => {
    // JSON.stringify cannot write 1e400: the config text is written as is.
    await harness.refuse('{"rules": [{"name": "admin", "kind": "prefix", "value": "/admin", "deny": 1e400}], "default_route": "changed"}');
    expect(harness.state.envoy.logs()).toMatch(/filter 'route_rules' rejected its filter_config: rules\[0\]\.deny: expected number, got Infinity \(out of range for a double\)/);
    expect(await routeOf("/other")).toBe("web");
  });

  it("applies a valid update of the same shape", async () => {
    harness.writeListeners({ rules: [{ name: "api", kind: "api", value: "1" }], default_route: "changed" });
    await untilEveryWorker(harness.state.envoy, "the new rules serving", async () => (await routeOf("/other")) === "changed");
    expect(await routeOf("/api/v3/")).toBe("api");
  });

  it("refuses to start with a static config whose kind is not one of the literals", async () => {
    const result = await harness.runStatic(JSON.stringify({ rules: [{ name: "x", kind: "Prefix", value: "/" }], default_route: "web" }));
    expect(result.exitCode).not.toBe(0);
    expect(result.logs).toMatch(/rules\[0\]\.kind: expected "prefix" \| "api" \| "header", got "Prefix"/);
  });
});
