/**
 * Per-route configs in the real Envoy 1.38, 1.39 and 1.40 (test/filters/per_route.ts): typed_per_filter_config on
 * a route wins over the virtual host's, a route without one gets the virtual host's, a virtual host
 * without one gives undefined; the values are frozen; a per-route config that does not match its
 * declared type (registerHttpFilter's RouteConfig) stops Envoy at load with the path of the error.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, runEnvoyExpectingFailure, startEnvoy } from "../helpers/envoy.js";
import { httpListenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request } from "../helpers/net.js";
import { filtersDir, scratchDir } from "../helpers/paths.js";
import { ENVOY_VERSIONS } from "../../compiler/cc.js";

const indent = (text: string, spaces: number) => text.split("\n").map((line) => (line ? " ".repeat(spaces) + line : line)).join("\n");

/** typed_per_filter_config for route_policy with `config` as its filter_config. */
function perRoute(config: string): string {
  return [
    "typed_per_filter_config:",
    "  dynamic_modules/route_policy:",
    '    "@type": type.googleapis.com/envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilterPerRoute',
    "    dynamic_module_config: { name: per_route }",
    "    filter_name: route_policy",
    "    filter_config:",
    '      "@type": type.googleapis.com/google.protobuf.StringValue',
    `      value: ${JSON.stringify(config)}`,
  ].join("\n");
}

function bootstrap(adminPort: number, port: number, routeConfig: string): string {
  const hcm = [
    "route_config:",
    "  virtual_hosts:",
    "  - name: configured",
    '    domains: ["configured"]',
    indent(perRoute(JSON.stringify({ mode: "lax", label: "vhost" })), 4),
    "    routes:",
    '    - match: { prefix: "/own" }',
    "      route: { cluster: upstream }",
    indent(perRoute(routeConfig), 6),
    '    - match: { prefix: "/" }',
    "      route: { cluster: upstream }",
    "  - name: bare",
    '    domains: ["*"]',
    "    routes:",
    '    - match: { prefix: "/" }',
    "      route: { cluster: upstream }",
  ];
  const listener = httpListenerYaml("main", port, hcm, [{ module: "per_route", filterName: "route_policy", config: JSON.stringify({ fallback: "default" }) }]);
  return staticBootstrap(adminPort, 1, [listener]);
}

// Each release of the matrix, with a module built for it: the callbacks are the same in 1.38 to 1.40.
describe.each(ENVOY_VERSIONS)("per-route configs in Envoy %s", (envoyVersion) => {
  let envoy: EnvoyInstance;
  let modulesDir = "";
  let port = 0;

  beforeAll(async () => {
    modulesDir = (await buildFilter(path.join(filtersDir, "per_route.ts"), { envoyVersion, outDir: scratchDir(`per-route-${envoyVersion}`) })).dir;
    port = await freePort();
    envoy = await startEnvoy({ envoyVersion, modulesDir, config: (adminPort) => bootstrap(adminPort, port, JSON.stringify({ mode: "strict", label: "route", limits: [1, 2] })) });
  });

  afterAll(async () => {
    await envoy?.stop();
  });

  it("the most specific wins: the route's over the virtual host's; the virtual host's for a route without one; undefined without either", async () => {
    const own = await request(port, "/own/x", { host: "configured" });
    expect([own.status, own.headers["x-policy"]]).toEqual([200, "strict;route;1,2"]);
    const inherited = await request(port, "/other", { host: "configured" });
    expect(inherited.headers["x-policy"]).toBe("lax;vhost;");
    const bare = await request(port, "/own/x", { host: "elsewhere" });
    expect(bare.headers["x-policy"]).toBe("none;default");
  });

  it("hands the filter a frozen value", async () => {
    const own = await request(port, "/own/x", { host: "configured" });
    expect(own.headers["x-frozen"]).toBe("TypeError");
    const again = await request(port, "/own/y", { host: "configured" });
    expect(again.headers["x-policy"]).toBe("strict;route;1,2");
  });

  it("stops Envoy at load on a per-route config that does not match its type, with the path of the error", async () => {
    const { exitCode, logs } = await runEnvoyExpectingFailure({ envoyVersion, modulesDir, config: (adminPort) => bootstrap(adminPort, port, JSON.stringify({ mode: "loose", label: "route" })) });
    expect(exitCode).not.toBe(0);
    expect(logs).toContain(`tsc2envoy: filter 'route_policy' rejected its per-route filter_config: mode: expected "strict" | "lax", got "loose"`);
    const missing = await runEnvoyExpectingFailure({ envoyVersion, modulesDir, config: (adminPort) => bootstrap(adminPort, port, JSON.stringify({ mode: "lax", limits: [1, "2"] })) });
    expect(missing.exitCode).not.toBe(0);
    expect(missing.logs).toContain("tsc2envoy: filter 'route_policy' rejected its per-route filter_config: label: missing, expected string");
  });
});
