/**
 * Module-level const tables in the real Envoy 1.40 (two workers): built once by program init,
 * read by every stream on both workers, and deep-frozen: a write throws V8's TypeError, an
 * uncaught one fails the request closed with its file:line, and no stream ever sees a change.
 * The filters are the corpus programs test/differential/corpus/tables/writes.ts and
 * collections.ts (their vectors show the Node reference agrees).
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { repoRoot } from "../helpers/paths.js";

const UNCHANGED = "a,b,c;x=1;1,2,3;n";
const program = path.join(repoRoot, "test", "differential", "corpus", "tables", "writes.ts");
/** The 1-based line of the uncaught write in the program. */
const failLine = fs.readFileSync(program, "utf8").split("\n").findIndex((line) => line.includes("NAMES.push(value); // uncaught")) + 1;

describe("module-level const tables in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;
  let collectionsPort: number;

  beforeAll(async () => {
    const { dir } = await buildFilter(program);
    await buildFilter(path.join(path.dirname(program), "collections.ts"), { outDir: dir });
    upstream = await startEchoUpstream();
    port = await freePort();
    collectionsPort = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [
          listenerYaml("tables", port, [{ module: "writes", filterName: "test" }]),
          listenerYaml("collections", collectionsPort, [{ module: "collections", filterName: "test" }]),
        ]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("every stream, on either worker, reads the tables as built: caught writes changed nothing", async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => request(port, "/", { x: `v${i}` })));
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect((JSON.parse(response.body) as { headers: Record<string, string> }).headers["x-tables"]).toBe(UNCHANGED);
    }
    await envoy.waitForLog(/attempt\.ts:\d+\] push: TypeError: Cannot add property 3, object is not extensible/);
    await envoy.waitForLog(/attempt\.ts:\d+\] field via helper: TypeError: Cannot assign to read only property 'count' of object '#<Object>'/);
  });

  it("an uncaught write fails the request closed with the TS line, and the table stays as it was", async () => {
    const failed = await request(port, "/", { x: "bad", fail: "1" });
    expect(failed.status).toBe(500);
    expect(failLine).toBeGreaterThan(0);
    await envoy.waitForLog(new RegExp(`\\[writes\\.ts:${failLine}\\] tsc2envoy: filter 'test' failed in onRequestHeaders: uncaught TypeError: Cannot add property 3, object is not extensible; sent a 500 local reply`));
    const after = await request(port, "/", { x: "after" });
    expect(after.status).toBe(200);
    expect((JSON.parse(after.body) as { headers: Record<string, string> }).headers["x-tables"]).toBe(UNCHANGED);
  });

  it("a Set and a Map table are read on every stream, and their writes throw and fail closed", async () => {
    const responses = await Promise.all(Array.from({ length: 4 }, () => request(collectionsPort, "/", { host: "api.example.com" })));
    for (const response of responses) expect(response.status).toBe(200);
    await envoy.waitForLog(/\[collections\.ts:\d+\] GET safe=true size=3 backend=api\/250 empty=0/);
    await envoy.waitForLog(/attempt\.ts:\d+\] map set: TypeError: Cannot set: the Map is a read-only module-level table/);
    await envoy.waitForLog(/attempt\.ts:\d+\] value field: TypeError: Cannot assign to read only property 'timeoutMs' of object '#<Object>'/);
    const failed = await request(collectionsPort, "/", { host: "other", fail: "1" });
    expect(failed.status).toBe(500);
    await envoy.waitForLog(/uncaught TypeError: Cannot add: the Set is a read-only module-level table; sent a 500 local reply/);
  });
});
