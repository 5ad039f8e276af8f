/**
 * examples/delay.ts (the upstream Go `delay` example, an async hook awaiting sleep(2000)) in the real
 * Envoy 1.40 in front of an echo upstream, with upstream's checks: the held request reaches the
 * upstream with `delay-filter-on-scheduled: yes` and its response carries `x-delay-filter-lapsed`
 * of about 2 s. Held requests wait side by side (the worker is not blocked), and a client that
 * disconnects while its request is held leaves Envoy serving (the timer is cancelled with the stream).
 * A POST body that arrives while the hook waits is held with the headers (the module has no body
 * hook: http_filter.c's idle body hook buffers, else Envoy would send the request on at once).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { requestWithBody, startBodyEchoUpstream } from "../helpers/body.js";
import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { abandonRequests, statSum, statSumEventually } from "../helpers/held-requests.js";
import { freePort, request } from "../helpers/net.js";
import { examplesDir } from "../helpers/paths.js";

/** x-delay-filter-lapsed in seconds: the module's own measure of the hold, at least 2 s and within the client's `tookMs`. */
function expectLapsed(value: unknown, tookMs: number): void {
  expect(value).toMatch(/^\d+\.\d{3}s$/);
  const seconds = parseFloat(String(value));
  expect(seconds).toBeGreaterThanOrEqual(2);
  // A loaded machine may fire the timer late, so no fixed upper bound: the hold lies within the exchange.
  expect(seconds).toBeLessThanOrEqual(tookMs / 1000 + 0.001);
}

describe("delay in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startBodyEchoUpstream>>;
  let port: number;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(examplesDir, "delay.ts"));
    // It answers once the whole body is in, with the headers it got: a request sent on early lacks the scheduled header.
    upstream = await startBodyEchoUpstream();
    port = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("delay", port, [{ module: "delay", filterName: "delay" }])]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("holds a request with do-delay for two seconds, then sends it on with the scheduled header", async () => {
    const started = performance.now();
    const response = await request(port, "/headers", { "do-delay": "true" });
    const took = performance.now() - started;
    expect(response.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(JSON.parse(response.body).headers["delay-filter-on-scheduled"]).toBe("yes");
    expectLapsed(response.headers["x-delay-filter-lapsed"], took);
  });

  it("holds a POST body that arrives while the hook waits, and sends it on after the hook", async () => {
    const body = Array.from({ length: 30 }, (_, i) => `part ${i}\n`).join("");
    const started = performance.now();
    // Four pieces 100 ms apart: all of them arrive while onRequestHeaders sleeps.
    const response = await requestWithBody(port, "/upload", body, { chunks: 4, pauseMs: 100, headers: { "do-delay": "true" } });
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(response.status).toBe(200);
    const echoed = JSON.parse(response.body) as { method: string; headers: Record<string, string>; body: string };
    expect(echoed.headers["delay-filter-on-scheduled"]).toBe("yes");
    expect(echoed.method).toBe("POST");
    expect(echoed.body).toBe(body);
    expectLapsed(response.headers["x-delay-filter-lapsed"], took);
  });

  it("passes a request without do-delay at once, untouched", async () => {
    // Held, each would take the filter's 2 s at least: one of three under that (a loaded machine may stall one).
    let fastest = Infinity;
    let response: Awaited<ReturnType<typeof request>> | undefined;
    for (let attempt = 0; attempt < 3 && fastest >= 2000; attempt++) {
      const started = performance.now();
      response = await request(port, "/headers");
      fastest = Math.min(fastest, performance.now() - started);
    }
    expect(fastest).toBeLessThan(2000);
    response = response!;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).headers).not.toHaveProperty("delay-filter-on-scheduled");
    expect(response.headers).not.toHaveProperty("x-delay-filter-lapsed");
  });

  it("holds several requests at once without serializing them on the workers", async () => {
    const started = performance.now();
    // Ten: held one after another on Envoy's two workers they would take 5 x 2 s at least.
    const responses = await Promise.all(Array.from({ length: 10 }, () => request(port, "/headers", { "do-delay": "true" })));
    const took = performance.now() - started;
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body).headers["delay-filter-on-scheduled"]).toBe("yes");
    }
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(took).toBeLessThan(10_000);
  });

  it("keeps serving when clients disconnect while their requests are held", async () => {
    const before = await envoy.stats();
    await abandonRequests(envoy, port, "GET /headers HTTP/1.1\r\nhost: x\r\ndo-delay: true\r\n\r\n", 3);
    // Past the held requests' two seconds: their timers were cancelled with their streams.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(envoy.alive()).toBe(true);
    // Envoy counts each destroyed stream once it has seen its client go, which a loaded machine delays.
    await statSumEventually(envoy, "downstream_cx_destroy_remote_active_rq", statSum(before, "downstream_cx_destroy_remote_active_rq") + 3);
    expect(statSum(await envoy.stats(), "delay.failures")).toBe(0);
    const response = await request(port, "/headers", { "do-delay": "true" });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).headers["delay-filter-on-scheduled"]).toBe("yes");
  });
});
