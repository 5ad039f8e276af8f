/**
 * Shared counters from HTTP streams in the real Envoy 1.40 with two workers
 * (test/filters/shared_counter.ts): concurrent requests on several connections each get a distinct
 * number, 1 to N, from one counter per config; another listener's config counts apart.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { filtersDir } from "../helpers/paths.js";

describe("shared counters from HTTP filters in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let firstPort: number;
  let secondPort: number;

  beforeAll(async () => {
    const built = await buildFilter(path.join(filtersDir, "shared_counter.ts"));
    upstream = await startEchoUpstream();
    [firstPort, secondPort] = [await freePort(), await freePort()];
    envoy = await startEnvoy({
      modulesDir: built.dir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [
          listenerYaml("first", firstPort, [{ module: "shared_counter", filterName: "numbered", config: "" }]),
          listenerYaml("second", secondPort, [{ module: "shared_counter", filterName: "numbered", config: "" }]),
        ]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("numbers concurrent requests 1 to N without a gap or a repeat, per config", async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, () => request(firstPort, "/")));
    const counts = responses.map((r) => Number(r.headers["x-count"])).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const r of responses) expect(["0", "1"]).toContain(r.headers["x-worker"]);
    const other = await request(secondPort, "/");
    expect(other.headers["x-count"]).toBe("1");
    expect((await request(firstPort, "/")).headers["x-count"]).toBe("13");
  });
});
