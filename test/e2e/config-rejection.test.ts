/**
 * filter_config is validated against the config type declared in TypeScript. In the real Envoy a
 * bad config is rejected with the path of the offending value, and Envoy keeps serving with the
 * config it had (listeners come from a watched LDS file, so the update can be refused).
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, runEnvoyExpectingFailure, startEnvoy } from "../helpers/envoy.js";
import { ldsBootstrap, ldsResources, listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

const goodConfig = { request_headers: [["x-a", "1"]], remove_request_headers: [], response_headers: [["x-version", "1"]], remove_response_headers: [] };

describe("filter_config validation in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let modulesDir: string;
  let ldsDir: string;
  let port: number;

  function writeListeners(config: unknown): void {
    const yaml = ldsResources([listenerYaml("main", port, [{ module: "header_mutation", filterName: "header_mutation", config: typeof config === "string" ? config : JSON.stringify(config) }])]);
    const temporary = path.join(ldsDir, `.lds-${Date.now()}.yaml`);
    fs.writeFileSync(temporary, yaml);
    fs.renameSync(temporary, path.join(ldsDir, "lds.yaml"));
  }

  async function rejectedUpdates(): Promise<number> {
    return (await envoy.stats()).get("listener_manager.lds.update_rejected") ?? 0;
  }

  async function waitFor(condition: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`condition not met; Envoy log:\n${envoy.logs().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    modulesDir = (await buildFilter(path.join(examplesDir, "header_mutation.ts"))).dir;
    upstream = await startEchoUpstream();
    port = await freePort();
    ldsDir = scratchDir("lds");
    writeListeners(goodConfig);
    envoy = await startEnvoy({ modulesDir, config: (adminPort) => ldsBootstrap(adminPort, upstream.port, ldsDir) });
    await waitFor(async () => (await request(port, "/").catch(() => undefined))?.status === 200);
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
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
      const before = await rejectedUpdates();
      writeListeners(config);
      await waitFor(async () => (await rejectedUpdates()) > before);
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
    await waitFor(async () => (await request(port, "/v2")).headers["x-version"] === "2");
  });

  it("refuses to start with a bad static config, naming the path", async () => {
    const bad = JSON.stringify({ ...goodConfig, remove_request_headers: ["ok", true] });
    const result = await runEnvoyExpectingFailure({
      modulesDir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("bad", port + 0, [{ module: "header_mutation", filterName: "header_mutation", config: bad }])]),
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.logs).toMatch(/remove_request_headers\[1\]: expected string, got boolean/);
  });

  it("rejects a filter name the module does not have, listing the ones it has", async () => {
    const result = await runEnvoyExpectingFailure({
      modulesDir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("bad", port, [{ module: "header_mutation", filterName: "nope", config: "{}" }])]),
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.logs).toMatch(/module header_mutation has no HTTP filter named 'nope'; it has: 'header_mutation'/);
  });
});
