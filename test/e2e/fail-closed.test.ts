/**
 * Runtime failures in a compiled filter fail closed inside the real Envoy: a 500 local reply on the
 * request path, a stream reset on the response path, a log line and a counter; Envoy stays up.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, eventually, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { filtersDir } from "../helpers/paths.js";

describe("fail-closed filters in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;
  let writerPort: number;
  let burstPort: number;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(filtersDir, "fail_closed.ts"));
    upstream = await startEchoUpstream();
    port = await freePort();
    writerPort = await freePort();
    burstPort = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [
          listenerYaml("fail", port, [{ module: "fail_closed", filterName: "fail_closed" }]),
          listenerYaml("writer", writerPort, [{ module: "fail_closed", filterName: "config_writer", config: '{"tags": ["a", "b"]}' }]),
          // A filter config of its own: failure lines are rate-limited per config.
          listenerYaml("burst", burstPort, [{ module: "fail_closed", filterName: "fail_closed" }]),
        ]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  /** The line of fail_closed.ts holding `code`. */
  function sourceLine(code: string): number {
    return fs.readFileSync(path.join(filtersDir, "fail_closed.ts"), "utf8").split("\n").findIndex((line) => line.includes(code)) + 1;
  }

  async function failureCount(): Promise<number> {
    const stats = await envoy.stats();
    return [...stats].filter(([name]) => name.endsWith("fail_closed.failures")).reduce((sum, [, value]) => sum + value, 0);
  }

  it("passes requests through when nothing fails, logging from TypeScript with its file and line", async () => {
    const response = await request(port, "/ok", { "x-fail": "no" });
    expect(response.status).toBe(200);
    expect(response.headers["x-mode"]).toBe("no");
    await envoy.waitForLog(/\[fail_closed\.ts:\d+\] request passed with mode 'no'/);
  });

  it("answers 500 when the request hook throws, and logs the error", async () => {
    const before = await failureCount();
    const response = await request(port, "/boom", { "x-fail": "request" });
    expect(response.status).toBe(500);
    expect(response.body).toContain("internal error");
    // Envoy shows the TypeScript line of the throw.
    await envoy.waitForLog(new RegExp(`\\[fail_closed\\.ts:${sourceLine('throw new Error("asked to fail on the request path")')}\\] tsc2envoy: filter 'fail_closed' failed in onRequestHeaders: uncaught Error: asked to fail on the request path; sent a 500 local reply`));
    expect(await failureCount()).toBe(before + 1);
  });

  it("resets the stream when the response hook throws", async () => {
    const before = await failureCount();
    await expect(request(port, "/boom", { "x-fail": "response" })).rejects.toThrow(/socket hang up|ECONNRESET/);
    await envoy.waitForLog(/failed in onResponseHeaders: uncaught TypeError: asked to fail on the response path; reset the stream/);
    expect(await failureCount()).toBe(before + 1);
  });

  it("fails closed when a stream exceeds its memory limit", async () => {
    const response = await request(port, "/big", { "x-fail": "memory" });
    expect(response.status).toBe(500);
    await envoy.waitForLog(/memory limit exceeded: a stream may use at most 4194304 bytes/);
  });

  it("fails closed when a hook returns a status Envoy does not define", async () => {
    const response = await request(port, "/status", { "x-fail": "status" });
    expect(response.status).toBe(500);
    await envoy.waitForLog(/hook returned 42, which is not a status Envoy defines/);
  });

  it("fails closed on unbounded recursion through a sort comparator (RangeError), without crashing Envoy", async () => {
    const before = await failureCount();
    const response = await request(port, "/recursion", { "x-fail": "recursion" });
    expect(response.status).toBe(500);
    await envoy.waitForLog(new RegExp(`\\[fail_closed\\.ts:${sourceLine("let deepest = depth;")}\\] .*failed in onRequestHeaders: uncaught RangeError: Maximum call stack size exceeded; sent a 500 local reply`));
    expect(await failureCount()).toBe(before + 1);
    expect((await request(port, "/next", { "x-fail": "no" })).status).toBe(200);
  });

  it("fails an endless loop closed when it runs out of CPU budget, even one swallowing every error, and keeps serving", async () => {
    const before = await failureCount();
    for (const mode of ["loop", "swallow"]) {
      const response = await request(port, `/${mode}`, { "x-fail": mode });
      expect(response.status).toBe(500);
      expect((await request(port, "/next", { "x-fail": "no" })).status).toBe(200);
    }
    await envoy.waitForLog(/failed in onRequestHeaders: CPU budget exhausted: more than 10000000 steps \(loop iterations and function calls\) in one hook call; sent a 500 local reply/);
    expect(await failureCount()).toBe(before + 2);
  });

  it("sends a local reply with status, headers, body and details", async () => {
    const response = await request(port, "/denied", { "x-fail": "reply" });
    expect(response.status).toBe(403);
    expect(response.headers["x-reason"]).toBe("denied");
    expect(response.body).toBe("no entry\n");
  });

  it("fails closed when a filter writes to its config, which every stream shares, and the config stays as it was", async () => {
    const first = await request(writerPort, "/tags", {});
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).headers["x-tags"]).toBe("a,b");
    for (let i = 0; i < 3; i++) {
      const response = await request(writerPort, "/write", { "x-add-tag": `stream-value-${i}` });
      expect(response.status).toBe(500);
    }
    await envoy.waitForLog(/filter 'config_writer' failed in onRequestHeaders: uncaught TypeError: Cannot add property 2, object is not extensible; sent a 500 local reply/);
    const after = await request(writerPort, "/tags", {});
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body).headers["x-tags"]).toBe("a,b");
  });

  it("logs at most 10 failure lines a second per filter config under a burst, then how many it left out; the counter counts all", async () => {
    // The window is Envoy's real second: a burst that a loaded machine spreads over more than 0.9 s may
    // straddle two windows, so such a try is made again once its window has closed (at most 10 tries).
    for (let attempt = 1; ; attempt++) {
      const from = envoy.logs().length;
      const linesSince = (at: number, pattern: RegExp) => envoy.logs().slice(at).match(pattern)?.length ?? 0;
      const failureLines = () => linesSince(from, /failed in onRequestHeaders: uncaught Error: one of a burst of failures/g);
      const before = await failureCount();
      const started = performance.now();
      const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => request(burstPort, `/burst/${i}`, { "x-fail": "burst" })));
      const took = performance.now() - started;
      expect(burst.every((response) => response.status === 500)).toBe(true);
      expect(await failureCount()).toBe(before + 30);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      if (took > 900 && attempt < 10) continue;
      await eventually("10 burst failure lines", () => failureLines() >= 10);
      expect(failureLines()).toBe(10);
      const lateFrom = envoy.logs().length;
      expect((await request(burstPort, "/burst/late", { "x-fail": "burst" })).status).toBe(500);
      const leftOut = /filter 'fail_closed': 20 more failures were not logged \(at most 10 failure lines a second\); the counter fail_closed.failures counts every failure/g;
      await eventually("the line saying 20 failures were left out", () => linesSince(lateFrom, leftOut) === 1);
      await eventually("the late failure's line", () => failureLines() >= 11);
      expect(failureLines()).toBe(11);
      expect(await failureCount()).toBe(before + 31);
      return;
    }
  });

  it("is still up and serving after all of that", async () => {
    expect(envoy.alive()).toBe(true);
    const response = await request(port, "/after", { "x-fail": "no" });
    expect(response.status).toBe(200);
  });
});
