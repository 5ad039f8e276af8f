/**
 * examples/header_mutation.ts compiled to a .so and run by the real Envoy 1.40, with the config
 * of the upstream Rust example, in front of an upstream that echoes the request headers it got.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { startEnvoy, EnvoyInstance } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { headerMutationConfig } from "../helpers/example-configs.js";
import { freePort, rawExchange, request, startEchoUpstream } from "../helpers/net.js";
import { examplesDir } from "../helpers/paths.js";

const upstreamExampleConfig = headerMutationConfig;

describe("header_mutation in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;
  let passthroughPort: number;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(examplesDir, "header_mutation.ts"));
    // The passthrough module is built with plain cc, so Envoy loads output of both toolchains.
    await buildFilter(path.join(examplesDir, "passthrough.ts"), { outDir: dir, cc: "cc" });
    upstream = await startEchoUpstream();
    port = await freePort();
    passthroughPort = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [
          listenerYaml("mutation", port, [{ module: "header_mutation", filterName: "header_mutation", config: upstreamExampleConfig }]),
          listenerYaml("passthrough", passthroughPort, [{ module: "passthrough", filterName: "passthrough" }]),
        ]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("adds and replaces the configured request headers and removes the listed ones", async () => {
    const response = await request(port, "/anything", { apple: "red", "x-envoy-header": "old", keep: "me" });
    expect(response.status).toBe(200);
    const seen = JSON.parse(response.body).headers as Record<string, string>;
    expect(seen["x-envoy-header"]).toBe("envoy-header");
    expect(seen["x-envoy-header2"]).toBe("envoy-header2");
    expect(seen).not.toHaveProperty("apple");
    expect(seen.keep).toBe("me");
  });

  it("sets the configured response headers, removes the listed one, and reports addresses and code", async () => {
    const response = await request(port, "/anything");
    expect(response.headers.foo).toBe("bar");
    expect(response.headers.foo2).toBe("bar2");
    expect(response.headers).not.toHaveProperty("access-control-allow-credentials");
    expect(response.headers["x-upstream-only"]).toBe("yes");
    expect(response.headers["x-downstream-address"]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(response.headers["x-upstream-address"]).toBe(`127.0.0.1:${upstream.port}`);
    expect(response.headers["x-response-code"]).toBe("200");
  });

  it("lets Envoy's own replies through (431 for oversized headers, 400 for a malformed request), with the headers it can report", async () => {
    const before = await envoy.stats();
    const oversized = await rawExchange(port, `GET /big HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(70_000)}\r\n\r\n`);
    expect(oversized.bytes).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(oversized.bytes).toMatch(/\r\nx-response-code: 431\r\n/);
    expect(oversized.bytes).toMatch(/\r\nfoo: bar\r\n/);
    expect(oversized.bytes).not.toMatch(/\r\nx-upstream-address:/);
    const malformed = await rawExchange(port, "GET /x HTTP/1.1\r\nhost: x\r\nno colon here\r\n\r\n");
    expect(malformed.bytes).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(malformed.bytes).toMatch(/\r\nx-downstream-address: 127\.0\.0\.1:\d+\r\n/);
    const after = await envoy.stats();
    const failures = (stats: Map<string, number>) => [...stats].filter(([name]) => name.endsWith("header_mutation.failures")).reduce((sum, [, v]) => sum + v, 0);
    expect(failures(after)).toBe(failures(before));
  });

  it("passthrough (built with cc) changes nothing", async () => {
    const response = await request(passthroughPort, "/x", { apple: "red" });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).headers.apple).toBe("red");
    expect(response.headers["access-control-allow-credentials"]).toBe("true");
    expect(response.headers).not.toHaveProperty("foo");
  });

  it("keeps working across many requests (per-stream state freed)", async () => {
    for (let i = 0; i < 50; i++) {
      const response = await request(port, `/n/${i}`, { apple: String(i) });
      expect(response.status).toBe(200);
    }
    expect(envoy.alive()).toBe(true);
  });
});
