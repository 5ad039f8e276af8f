/**
 * examples/route_rules.ts in the real Envoy 1.40: rules of three classes behind one interface,
 * module-level RegExp constants compiled at build time, a local reply, a typed config.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { routeRulesConfig } from "../helpers/example-configs.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { examplesDir } from "../helpers/paths.js";

describe("route_rules in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(examplesDir, "route_rules.ts"));
    upstream = await startEchoUpstream();
    port = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("rules", port, [{ module: "route_rules", filterName: "route_rules", config: routeRulesConfig }])]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  async function routed(urlPath: string, headers: Record<string, string> = {}): Promise<Record<string, string>> {
    const response = await request(port, urlPath, headers);
    expect(response.status).toBe(200);
    return JSON.parse(response.body).headers as Record<string, string>;
  }

  it("denies with a local reply from a prefix rule", async () => {
    const response = await request(port, "/admin/users");
    expect(response.status).toBe(403);
    expect(response.headers["x-route"]).toBe("admin");
    expect(response.body).toBe("denied by rule admin\n");
  });

  it("routes versioned API paths through the compiled RegExp, with the version it captured", async () => {
    const seen = await routed("/api/v12/items", { authorization: "Bearer abc_1.def-2" });
    expect(seen["x-route"]).toBe("api-v2");
    expect(seen["x-route-detail"]).toBe("api version 12");
    expect(seen["x-token-subject"]).toBe("abc_1");
  });

  it("falls through to later rules and to the default", async () => {
    const canary = await routed("/api/v1/items", { "x-canary": "yes" });
    expect(canary["x-route"]).toBe("canary");
    expect(canary["x-route-detail"]).toBe("header x-canary");
    const web = await routed("/index.html", { authorization: "Basic zz" });
    expect(web["x-route"]).toBe("web");
    expect(web).not.toHaveProperty("x-route-detail");
    expect(web).not.toHaveProperty("x-token-subject");
  });
});
