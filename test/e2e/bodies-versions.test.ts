/**
 * The body hooks and methods in every supported Envoy release (their body callbacks are the same
 * in 1.38, 1.39 and 1.40): test/filters/body_surface.ts built for each release, run in it.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";

import { ENVOY_VERSIONS } from "../../compiler/cc.js";
import { requestWithBody, startBodyEchoUpstream } from "../helpers/body.js";
import { buildFilter } from "../helpers/build.js";
import { startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort } from "../helpers/net.js";
import { filtersDir, scratchDir } from "../helpers/paths.js";

describe("body methods across Envoy releases", () => {
  it.each(ENVOY_VERSIONS)("Envoy %s", async (version) => {
    const { dir } = await buildFilter(path.join(filtersDir, "body_surface.ts"), { envoyVersion: version, outDir: scratchDir(`bodies-${version}`) });
    const upstream = await startBodyEchoUpstream();
    const port = await freePort();
    const envoy = await startEnvoy({
      envoyVersion: version,
      modulesDir: dir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("l", port, [{ module: "body_surface", filterName: "body_surface" }])]),
    });
    try {
      const send = (op: string, body: string, chunks = 1) => requestWithBody(port, "/", body, { headers: { "x-op": op }, chunks });
      const wrapped = JSON.parse((await send("wrap", "añb€".repeat(500), 3)).body) as { body: string; headers: Record<string, string> };
      expect(wrapped.body.split("|")[0]).toBe(`«${"añb€".repeat(500)}»`);
      expect(wrapped.headers["x-headers-phase"]).toBe("true,0,false,false,false,false");
      expect((JSON.parse((await send("drain", "0123456789")).body) as { body: string }).body).toBe("3456789");
      expect((await send("upper-response", "quiet")).body).toMatch(/"BODY":"QUIET"/);
      expect((await send("throw", "x")).status).toBe(500);
    } finally {
      await envoy.stop();
      await upstream.close();
    }
  });
});
