/**
 * examples/streaming_enrichment.ts in the real Envoy 1.40: a streamed callout to a local side
 * service. The request body reaches the side service in the chunks the client sends; the service
 * streams its answer in three pieces, 150 ms apart, and the async onResponseHeaders reads them as
 * they come (one await each) before setting x-enrichment; one that ends its answer with an x-verdict
 * trailer (HTTP/1.1 chunked, the cluster with enable_trailers) has it read into x-enrichment-verdict.
 * A service that resets mid-answer, one
 * slower than the stream's timeout (Envoy answers 504) and a cluster Envoy lacks leave the response
 * unenriched; a client that disconnects while the hook awaits gets its side stream reset by Envoy
 * and Envoy serves on. The module built for Envoy 1.38 and 1.39 serves in those releases too.
 */
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, eventually, startEnvoy } from "../helpers/envoy.js";
import { indent, listenerYaml, staticBootstrap, trailersClusterYaml, upstreamClusterYaml } from "../helpers/envoy-config.js";
import { abandonRequests, statSum, statSumEventually } from "../helpers/held-requests.js";
import { exchange, freePort, type HttpResult } from "../helpers/net.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

/** The side stream's timeout: long enough that a disconnect comes while the hook awaits it on a loaded machine. */
const TIMEOUT_MS = 1500;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Seen {
  url: string;
  body: string;
  chunks: number;
  closedEarly: boolean;
}

/** The side service: answers `len=<n>;chunks=<k>;` and `done` in pieces; /enrich/verdict ends with an x-verdict trailer, /enrich/reset resets mid-answer, /enrich/slow and /enrich/hold never answer in time. */
async function startSideService(): Promise<{ port: number; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const entry: Seen = { url: req.url ?? "", body: "", chunks: 0, closedEarly: false };
    seen.push(entry);
    res.on("close", () => (entry.closedEarly = !res.writableFinished));
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => ((entry.body += chunk), entry.chunks++));
    req.on("end", async () => {
      if (entry.url.startsWith("/enrich/slow") || entry.url.startsWith("/enrich/hold")) return;
      res.writeHead(200, { "content-type": "text/plain" });
      res.write(`len=${Buffer.byteLength(entry.body)};`);
      await pause(150);
      if (entry.url.startsWith("/enrich/reset")) {
        req.socket.destroy();
        return;
      }
      res.write(`chunks=${entry.chunks};`);
      await pause(150);
      if (entry.url.startsWith("/enrich/verdict")) res.addTrailers({ "x-verdict": "clean" });
      res.end("done");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, seen, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

/** The upstream: answers once it has the whole request body (its size in x-upstream-body-length). */
async function startBodyUpstream(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let length = 0;
    req.on("data", (chunk: Buffer) => (length += chunk.length));
    req.on("end", () => res.writeHead(200, { "x-upstream-body-length": `${length}` }).end("upstream\n"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

/** A POST whose body goes out in `parts`, 60 ms apart (chunked). */
function post(port: number, urlPath: string, parts: string[]): Promise<HttpResult> {
  return exchange({ port, path: urlPath, method: "POST", headers: { "content-type": "text/plain" } }, (req) => {
    void (async () => {
      for (const [i, part] of parts.entries()) {
        if (i > 0) await pause(60);
        req.write(part);
      }
      req.end();
    })();
  });
}

describe("streaming_enrichment in Envoy", () => {
  let envoy: EnvoyInstance;
  let side: Awaited<ReturnType<typeof startSideService>>;
  let port: number;
  let noClusterPort: number;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(examplesDir, "streaming_enrichment.ts"));
    const upstream = await startBodyUpstream();
    side = await startSideService();
    port = await freePort();
    noClusterPort = await freePort();
    const filter = (cluster: string) => [{ module: "streaming_enrichment", filterName: "streaming_enrichment", config: JSON.stringify({ cluster, timeoutMs: TIMEOUT_MS }) }];
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) =>
        `${staticBootstrap(adminPort, upstream.port, [listenerYaml("enrich", port, filter("enricher")), listenerYaml("nocluster", noClusterPort, filter("nowhere"))])}\n${indent(trailersClusterYaml(side.port, "enricher"), 2)}`,
    });
    close = async () => {
      await envoy.stop();
      await upstream.close();
      await side.close();
    };
  });

  afterAll(async () => {
    await close?.();
  });

  it("sends the body in chunks and reads the streamed answer piece by piece", async () => {
    const response = await post(port, "/orders", ["hello ", "streamed ", "world"]);
    expect(response.status).toBe(200);
    expect(response.headers["x-upstream-body-length"]).toBe("20");
    const entry = side.seen.find((s) => s.url === "/enrich/orders")!;
    expect(entry.body).toBe("hello streamed world");
    expect(entry.chunks).toBeGreaterThanOrEqual(2);
    expect(response.headers["x-enrichment"]).toBe(`len=20;chunks=${entry.chunks};done`);
    // Three pieces 150 ms apart: each read resumed the hook on its own event.
    expect(Number(response.headers["x-enrichment-reads"])).toBe(3);
    expect(response.headers["x-enrichment-verdict"]).toBeUndefined();
  });

  it("reads the trailer the side service ends its answer with", async () => {
    const response = await post(port, "/verdict", ["ab", "c"]);
    expect(response.status).toBe(200);
    expect(response.headers["x-enrichment"]).toBe(`len=3;chunks=${side.seen.at(-1)!.chunks};done`);
    expect(response.headers["x-enrichment-verdict"]).toBe("clean");
  });

  it("leaves the response unenriched when the side service resets mid-answer", async () => {
    const response = await post(port, "/reset", ["x"]);
    expect(response.status).toBe(200);
    expect(response.headers["x-enrichment"]).toBe("unavailable");
    await envoy.waitForLog(/enricher unavailable: HttpCalloutError: httpStream to 'enricher': reset \(/);
  });

  it("leaves it unenriched when the side service is slower than the timeout (Envoy answers 504)", async () => {
    const started = performance.now();
    const response = await post(port, "/slow", ["x"]);
    const took = performance.now() - started;
    expect(response.status).toBe(200);
    expect(response.headers["x-enrichment"]).toBe("unavailable");
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    // The side service never answers: the timeout ended it, with a loaded machine's slack.
    expect(took).toBeLessThan(10_000);
    await envoy.waitForLog(/enricher unavailable: Error: the enricher answered 504/);
  });

  it("passes the request with no enrichment for a cluster Envoy does not have", async () => {
    const response = await post(noClusterPort, "/n", ["x"]);
    expect(response.status).toBe(200);
    expect(response.headers["x-enrichment"]).toBe("unavailable");
    await envoy.waitForLog(/enricher unavailable: httpStream to 'nowhere': no such cluster/);
  });

  it("resets the side stream when the client disconnects while the hook awaits it", async () => {
    const before = await envoy.stats();
    const count = side.seen.length;
    await abandonRequests(envoy, port, "POST /hold HTTP/1.1\r\nhost: x\r\ncontent-length: 1\r\n\r\nx", 3);
    await pause(500);
    expect(envoy.alive()).toBe(true);
    // Envoy resets the side streams and counts the destroyed ones once it has seen the clients go, which a loaded machine delays.
    const held = () => side.seen.slice(count).filter((s) => s.url === "/enrich/hold");
    await eventually("the three held side streams closing early", () => held().length >= 3 && held().every((s) => s.closedEarly)).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(held())}`);
    });
    expect(held().length).toBe(3);
    await statSumEventually(envoy, "downstream_cx_destroy_remote_active_rq", statSum(before, "downstream_cx_destroy_remote_active_rq") + 3);
    expect(statSum(await envoy.stats(), "streaming_enrichment.failures")).toBe(0);
    const response = await post(port, "/after", ["a", "b"]);
    expect(response.headers["x-enrichment"]).toBe("len=2;chunks=" + side.seen.at(-1)!.chunks + ";done");
  });
});

/** start_http_stream and its event hooks have the same shape in the older releases of the matrix: the module built for each serves there. */
describe.each(["1.38", "1.39"] as const)("streaming_enrichment built for and run in Envoy %s", (version) => {
  it("streams the body out and the answer back, and fails open on a reset", async () => {
    const { dir } = await buildFilter(path.join(examplesDir, "streaming_enrichment.ts"), { envoyVersion: version, outDir: scratchDir(`streaming-enrichment-${version}`) });
    const upstream = await startBodyUpstream();
    const side = await startSideService();
    const port = await freePort();
    const envoy = await startEnvoy({
      envoyVersion: version,
      modulesDir: dir,
      config: (adminPort) =>
        `${staticBootstrap(adminPort, upstream.port, [listenerYaml("enrich", port, [{ module: "streaming_enrichment", filterName: "streaming_enrichment", config: JSON.stringify({ cluster: "enricher", timeoutMs: 500 }) }])])}\n${indent(upstreamClusterYaml(side.port, "enricher"), 2)}`,
    });
    try {
      const response = await post(port, "/v", ["ab", "cd"]);
      expect(response.headers["x-enrichment"]).toBe(`len=4;chunks=${side.seen.at(-1)!.chunks};done`);
      expect((await post(port, "/reset", ["x"])).headers["x-enrichment"]).toBe("unavailable");
      expect(envoy.alive()).toBe(true);
    } finally {
      await envoy.stop();
      await upstream.close();
      await side.close();
    }
  });
});
