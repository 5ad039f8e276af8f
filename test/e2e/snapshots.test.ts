/**
 * Snapshots (issue 10) in the real Envoy 1.40 with two workers (test/filters/snapshot_gate.ts):
 * each config defines its own snapshot from its filter_config, and concurrent streams on both
 * workers read it; a host outside the list is refused by the filter, not the upstream.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { filtersDir } from "../helpers/paths.js";

describe("snapshots from HTTP filters in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let firstPort: number;
  let secondPort: number;

  beforeAll(async () => {
    const built = await buildFilter(path.join(filtersDir, "snapshot_gate.ts"));
    upstream = await startEchoUpstream();
    [firstPort, secondPort] = [await freePort(), await freePort()];
    envoy = await startEnvoy({
      modulesDir: built.dir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [
          listenerYaml("first", firstPort, [{ module: "snapshot_gate", filterName: "gate", config: JSON.stringify({ hosts: ["a.example", "b.example"] }) }]),
          listenerYaml("second", secondPort, [{ module: "snapshot_gate", filterName: "gate", config: JSON.stringify({ hosts: ["c.example"] }) }]),
        ]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("gives every stream of a config its snapshot, on every worker", async () => {
    const allowed = await Promise.all(Array.from({ length: 12 }, (_, i) => request(firstPort, "/", { "x-host": i % 2 ? "a.example" : "b.example" })));
    for (const r of allowed) {
      expect(r.status).toBe(200);
      expect((JSON.parse(r.body) as { headers: Record<string, string> }).headers["x-allow-list"]).toBe("a.example,b.example");
    }
    const refused = await request(firstPort, "/", { "x-host": "c.example" });
    expect(refused.status).toBe(403);
    expect(refused.headers["x-upstream-only"]).toBeUndefined();
    const other = await request(secondPort, "/", { "x-host": "c.example" });
    expect((JSON.parse(other.body) as { headers: Record<string, string> }).headers["x-allow-list"]).toBe("c.example");
    expect((await request(secondPort, "/", { "x-host": "a.example" })).status).toBe(403);
  });
});
