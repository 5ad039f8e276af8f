/**
 * What Envoy promises across releases, checked with the real binaries of the matrix: a module built
 * for 1.N loads and serves in 1.(N+1). Backwards, a module built for a newer release loads in an
 * older Envoy only when it imports nothing the older binary lacks; otherwise Envoy refuses it when
 * it loads (RTLD_NOW), naming the callback, so it never runs half-linked. docs/envoy-versions.md
 * has the table.
 */
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

import { ENVOY_VERSIONS } from "../../compiler/cc.js";
import { dynamicSymbols } from "../abi/hooks.js";
import { buildFilter } from "../helpers/build.js";
import { envoyBinary, envoyRelease, startEnvoy, validateEnvoyConfig } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

const config = JSON.stringify({
  request_headers: [["X-Added", "by-the-filter"]],
  remove_request_headers: [],
  response_headers: [["X-Response", "yes"]],
  remove_response_headers: [],
});
const entry = path.join(examplesDir, "header_mutation.ts");

const upgrades = ENVOY_VERSIONS.slice(0, -1).map((built, i) => ({ built, runs: ENVOY_VERSIONS[i + 1]! }));

describe("modules across Envoy releases", () => {
  it.each(upgrades)("a module built for $built serves in Envoy $runs", async ({ built, runs }) => {
    const { dir } = await buildFilter(entry, { envoyVersion: built, outDir: scratchDir(`built-for-${built}`) });
    const upstream = await startEchoUpstream();
    const port = await freePort();
    const envoy = await startEnvoy({
      envoyVersion: runs,
      modulesDir: dir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("l", port, [{ module: "header_mutation", filterName: "header_mutation", config }])]),
    });
    try {
      const response = await request(port, "/");
      expect(response.status).toBe(200);
      expect(response.headers["x-response"]).toBe("yes");
      expect(JSON.parse(response.body).headers["x-added"]).toBe("by-the-filter");
      expect((await execa(envoyBinary(runs), ["--version"])).stdout).toContain(`/${envoyRelease(runs)}/`);
    } finally {
      await envoy.stop();
      await upstream.close();
    }
  });

  it.each(upgrades)("Envoy $built loads a module built for $runs only when it exports every callback the module imports", async ({ built, runs }) => {
    const { dir, soPath } = await buildFilter(entry, { envoyVersion: runs, outDir: scratchDir(`built-for-${runs}`) });
    const older = envoyBinary(built);
    const exported = new Set(await dynamicSymbols(older, "--defined-only"));
    const missing = (await dynamicSymbols(soPath, "--undefined-only")).filter((name) => name.startsWith("envoy_dynamic_module_callback_") && !exported.has(name));
    const result = await validateEnvoyConfig(older, staticBootstrap(1, 1, [listenerYaml("l", 1, [{ module: "header_mutation", filterName: "header_mutation", config }])]), dir);
    if (missing.length === 0) {
      expect(result.ok, result.log.slice(-2000)).toBe(true);
    } else {
      expect(result.ok).toBe(false);
      expect(result.log).toContain(`undefined symbol: ${missing[0]}`);
    }
  });

  it("Envoy 1.39 lacks what a module built for 1.40 logs with (log_v2), so the 1.40 build is refused there", async () => {
    const exported = new Set(await dynamicSymbols(envoyBinary("1.39"), "--defined-only"));
    expect(exported.has("envoy_dynamic_module_callback_log_v2")).toBe(false);
    expect(exported.has("envoy_dynamic_module_callback_log")).toBe(true);
  });
});
