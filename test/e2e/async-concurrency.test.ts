/**
 * await Promise.all in the real Envoy 1.40 (test/fixtures/parallel_checks.ts): three callouts are
 * in flight at once (the check service sees all three before it answers any, and the request takes
 * one service delay, not three), their results come in the array's order, a denial among them is
 * answered 403, an own async method awaits a fourth callout after them, three 1 s sleeps
 * awaited together take 1 s, and clients disconnecting mid-group leave Envoy serving.
 */
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { indent, listenerYaml, staticBootstrap, upstreamClusterYaml } from "../helpers/envoy-config.js";
import { abandonRequests, statSum, statSumEventually } from "../helpers/held-requests.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { repoRoot } from "../helpers/paths.js";

const DELAY_MS = 1000;
/** How long the service waits for the rest of a group of three before answering anyway (a module asking one at a time then fails on maxInFlight). */
const GROUP_WAIT_MS = 10_000;

/**
 * Answers each path with its name (/own at once); /b with anything after it answers 403. Counts
 * requests in flight. The others are answered DELAY_MS after three are in flight at once, so
 * callouts sent together overlap however late a loaded machine delivers the third.
 */
async function startCheckService() {
  let inFlight = 0;
  let maxInFlight = 0;
  const waiting: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const name = (req.url ?? "").slice(1);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const answer = () => {
      inFlight--;
      res.statusCode = name.startsWith("b") && name !== "b" ? 403 : 200;
      res.end(name.toUpperCase());
    };
    if (name === "own") return answer();
    const group = new Promise<void>((resolve) => {
      const fallback = setTimeout(resolve, GROUP_WAIT_MS);
      waiting.push(() => (clearTimeout(fallback), resolve()));
    });
    if (inFlight >= 3) for (const release of waiting.splice(0)) release();
    void group.then(() => setTimeout(answer, DELAY_MS));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    maxInFlight: () => maxInFlight,
    reset: () => (maxInFlight = 0),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe("await Promise.all in Envoy", () => {
  let envoy: EnvoyInstance;
  let service: Awaited<ReturnType<typeof startCheckService>>;
  let port: number;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(repoRoot, "test", "fixtures", "parallel_checks.ts"));
    const upstream = await startEchoUpstream();
    service = await startCheckService();
    port = await freePort();
    const filter = [{ module: "parallel_checks", filterName: "parallel_checks", config: JSON.stringify({ cluster: "checks" }) }];
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) => `${staticBootstrap(adminPort, upstream.port, [listenerYaml("parallel", port, filter)])}\n${indent(upstreamClusterYaml(service.port, "checks"), 2)}`,
    });
    close = async () => {
      await envoy.stop();
      await upstream.close();
      await service.close();
    };
  });

  afterAll(async () => {
    await close?.();
  });

  it("has all three callouts in flight at once, and gets their results in order", async () => {
    service.reset();
    const started = performance.now();
    const response = await request(port, "/go");
    const took = performance.now() - started;
    expect(response.status).toBe(200);
    const echoed = JSON.parse(response.body).headers;
    expect(echoed["x-results"]).toBe("A,B,C,OWN");
    expect(service.maxInFlight()).toBe(3);
    // One service delay, not three in sequence (which takes 3 x DELAY_MS at least: the bound leaves a
    // loaded machine two delays of slack and still fails a sequential wait).
    expect(took).toBeGreaterThanOrEqual(DELAY_MS - 50);
    expect(took).toBeLessThan(3 * DELAY_MS);
    expect(Number(echoed["x-waited-ms"])).toBeLessThan(3 * DELAY_MS);
  });

  it("answers 403 when one of the concurrent checks denies", async () => {
    const response = await request(port, "/go", { "x-deny": "1" });
    expect(response.status).toBe(403);
    expect(response.body).toBe("denied 200 403 200\n");
  });

  it("waits for three 1 s sleeps together in about 1 s", async () => {
    const response = await request(port, "/sleepy", { "x-sleep-ms": "1000" });
    expect(response.status).toBe(200);
    const waited = Number(JSON.parse(response.body).headers["x-waited-ms"]);
    expect(waited).toBeGreaterThanOrEqual(1000);
    // Three in sequence take 3 s at least: a loaded machine gets 2 s of slack.
    expect(waited).toBeLessThan(3000);
    expect(statSum(await envoy.stats(), "parallel_checks.failures")).toBe(0);
  });

  it("keeps serving when clients disconnect while their three callouts or sleeps are pending", async () => {
    const before = await envoy.stats();
    await abandonRequests(envoy, port, "GET /gone HTTP/1.1\r\nhost: x\r\n\r\n", 2);
    await abandonRequests(envoy, port, `GET /gone HTTP/1.1\r\nhost: x\r\nx-sleep-ms: ${DELAY_MS}\r\n\r\n`, 2);
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS + 300));
    expect(envoy.alive()).toBe(true);
    // Envoy counts each destroyed stream once it has seen its client go, which a loaded machine delays.
    await statSumEventually(envoy, "downstream_cx_destroy_remote_active_rq", statSum(before, "downstream_cx_destroy_remote_active_rq") + 4);
    expect(statSum(await envoy.stats(), "parallel_checks.failures")).toBe(0);
    const response = await request(port, "/after");
    expect(response.status).toBe(200);
  });
});
