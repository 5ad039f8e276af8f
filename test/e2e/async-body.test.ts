/**
 * Async body hooks in the real Envoy 1.40 (test/fixtures/async_body.ts): the first chunk's
 * call sleeps while the client sends the rest (those chunks are held, buffered by Envoy, and the
 * hook runs once more for them), then the whole body goes to a scan service by callout. The
 * upstream gets the body intact; a rejected body is answered 403 and never reaches it; clients
 * that disconnect while the hook waits leave Envoy serving. On the response path, onResponseBody
 * waits at the body's end and the client then gets it whole.
 */
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { requestWithBody, startBodyEchoUpstream } from "../helpers/body.js";
import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { indent, listenerYaml, staticBootstrap, upstreamClusterYaml } from "../helpers/envoy-config.js";
import { abandonRequests, statSum, statSumEventually } from "../helpers/held-requests.js";
import { freePort } from "../helpers/net.js";
import { repoRoot } from "../helpers/paths.js";

/** The scan service: 403 for a body with "virus" in it, else 200; it keeps the bodies it saw. */
async function startScanService(): Promise<{ port: number; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      bodies.push(body);
      res.statusCode = body.includes("virus") ? 403 : 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, bodies, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

describe("async onRequestBody in Envoy", () => {
  let envoy: EnvoyInstance;
  let scan: Awaited<ReturnType<typeof startScanService>>;
  let port: number;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(repoRoot, "test", "fixtures", "async_body.ts"));
    const upstream = await startBodyEchoUpstream();
    scan = await startScanService();
    port = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) =>
        `${staticBootstrap(adminPort, upstream.port, [listenerYaml("body", port, [{ module: "async_body", filterName: "async_body" }])])}\n${indent(upstreamClusterYaml(scan.port, "scan"), 2)}`,
    });
    close = async () => {
      await envoy.stop();
      await upstream.close();
      await scan.close();
    };
  });

  afterAll(async () => {
    await close?.();
  });

  it("sends the whole body upstream intact after the waits, chunks that arrived meanwhile included", async () => {
    const body = Array.from({ length: 40 }, (_, i) => `line ${i} ✓\n`).join("");
    const started = performance.now();
    const response = await requestWithBody(port, "/upload", body, { chunks: 4, pauseMs: 60, headers: { "x-pause-ms": "400" } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
    expect(response.status).toBe(200);
    const echoed = JSON.parse(response.body) as { length: number; body: string };
    expect(echoed.body).toBe(body);
    expect(echoed.length).toBe(Buffer.byteLength(body));
    expect(scan.bodies.at(-1)).toBe(body);
    // Two calls: the first chunk's, and one for the chunks held while it slept (end of stream among them).
    await envoy.waitForLog(new RegExp(`async_body: 2 calls, ${body.length} bytes, scan 200`));
  });

  it("holds the response body in an async onResponseBody, then sends it on whole", async () => {
    const started = performance.now();
    const response = await requestWithBody(port, "/upload", "small", { headers: { "x-response-pause-ms": "300" } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body) as { body: string }).body).toBe("small");
    await envoy.waitForLog(new RegExp(`async_body: response body of ${Buffer.byteLength(response.body)} bytes`));
  });

  it("answers a rejected body 403 without sending it upstream", async () => {
    const response = await requestWithBody(port, "/upload", "harmless text, then a virus", { chunks: 3, pauseMs: 30, headers: { "x-pause-ms": "100" } });
    expect(response.status).toBe(403);
    expect(response.body).toBe("rejected\n");
  });

  it("keeps serving when clients disconnect while the body hook waits", async () => {
    const before = await envoy.stats();
    // Half the body, then the client is gone while the first chunk's call sleeps.
    await abandonRequests(envoy, port, "POST /upload HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\nx-pause-ms: 1500\r\n\r\nhalf of it", 3);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(envoy.alive()).toBe(true);
    // Envoy counts each destroyed stream once it has seen its client go, which a loaded machine delays.
    await statSumEventually(envoy, "downstream_cx_destroy_remote_active_rq", statSum(before, "downstream_cx_destroy_remote_active_rq") + 3);
    expect(statSum(await envoy.stats(), "async_body.failures")).toBe(0);
    const response = await requestWithBody(port, "/upload", "after the disconnects", { headers: { "x-pause-ms": "10" } });
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body) as { body: string }).body).toBe("after the disconnects");
  });
});
