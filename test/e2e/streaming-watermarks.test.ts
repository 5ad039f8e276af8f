/**
 * Streaming local replies and the watermark hooks in the real Envoy 1.40
 * (test/filters/streaming_watermarks.ts): an HTTP/2 client sees the filter's reply as headers, two
 * data chunks and trailers (an HTTP/1.1 client the body); a client that stops reading a large
 * response fills its connection's write buffer past per_connection_buffer_limit_bytes, and the
 * filter logs the high watermark, then the low one once the client reads again.
 */
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { ENVOY_VERSIONS } from "../../compiler/cc.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request } from "../helpers/net.js";
import { filtersDir, scratchDir } from "../helpers/paths.js";

const BIG = 32 * 1024 * 1024;

/** An upstream answering every request with BIG bytes. */
async function startBigUpstream(): Promise<{ port: number; close: () => Promise<void> }> {
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(BIG) });
    let left = BIG / chunk.length;
    const more = () => {
      while (left > 0) {
        left--;
        if (!res.write(chunk)) return void res.once("drain", more);
      }
      res.end();
    };
    more();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/** The filter's reply in parts as an HTTP/2 client gets it. */
async function http2Reply(port: number): Promise<{ headers: http2.IncomingHttpHeaders; body: string; trailers: http2.IncomingHttpHeaders }> {
  const client = http2.connect(`http://127.0.0.1:${port}`);
  try {
    return await new Promise((resolve, reject) => {
      const stream = client.request({ ":path": "/stream", ":method": "GET" });
      let headers: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders = {};
      let body = "";
      stream.setEncoding("utf8");
      stream.on("response", (h) => (headers = h));
      stream.on("trailers", (t) => (trailers = t));
      stream.on("data", (chunk: string) => (body += chunk));
      stream.on("end", () => resolve({ headers, body, trailers }));
      stream.on("error", reject);
      stream.end();
    });
  } finally {
    client.close();
  }
}

describe("streaming local replies and watermark hooks in Envoy 1.40", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startBigUpstream>>;
  let port: number;

  beforeAll(async () => {
    const built = await buildFilter(path.join(filtersDir, "streaming_watermarks.ts"));
    upstream = await startBigUpstream();
    port = await freePort();
    const listener = `${listenerYaml("streaming", port, [{ module: "streaming_watermarks", filterName: "streaming_watermarks" }])}\nper_connection_buffer_limit_bytes: 16384`;
    envoy = await startEnvoy({ modulesDir: built.dir, config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listener]) });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("sends headers, two data chunks and trailers to an HTTP/2 client", async () => {
    const result = await http2Reply(port);
    expect(result.headers[":status"]).toBe(200);
    expect(result.headers["x-streamed"]).toBe("yes");
    expect(result.body).toBe("one\ntwo\n");
    expect(result.trailers["x-trailer"]).toBe("done");
  });

  it("sends the body to an HTTP/1.1 client (trailers are HTTP/2's)", async () => {
    const response = await request(port, "/stream");
    expect(response.status).toBe(200);
    expect(response.body).toBe("one\ntwo\n");
  });

  it("calls the watermark hooks when a client stops reading a large response, and again when it reads", async () => {
    const socket = net.connect(port, "127.0.0.1");
    let received = 0;
    const done = new Promise<void>((resolve, reject) => {
      socket.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received >= BIG) resolve();
      });
      socket.on("error", reject);
    });
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.pause();
    socket.write("GET /big HTTP/1.1\r\nhost: test\r\n\r\n");
    await envoy.waitForLog(/watermark above #1 path=\/big/, 20_000);
    // The hooks alternate while the kernel's socket buffers still take bytes; once they are full,
    // the write buffer stays above its high watermark: one "above" more than "below", and no change.
    const last = (kind: string) => Math.max(0, ...[...envoy.logs().matchAll(new RegExp(`watermark ${kind} #(\\d+) path=/big`, "g"))].map((m) => Number(m[1])));
    let stuck = 0;
    for (let seen = ""; stuck < 5; await new Promise((resolve) => setTimeout(resolve, 200))) {
      const now = `${last("above")}/${last("below")}`;
      stuck = now === seen && last("above") === last("below") + 1 ? stuck + 1 : 0;
      seen = now;
    }
    const above = last("above");
    expect(received).toBeLessThan(BIG);
    socket.resume();
    await done;
    await envoy.waitForLog(new RegExp(`watermark below #${above} path=/big`), 20_000);
    socket.destroy();
    expect(received).toBeGreaterThanOrEqual(BIG);
  });
});

describe("streaming local replies in every release", () => {
  it.each(ENVOY_VERSIONS)("Envoy %s", async (version) => {
    const { dir } = await buildFilter(path.join(filtersDir, "streaming_watermarks.ts"), { envoyVersion: version, outDir: scratchDir(`streaming-${version}`) });
    const port = await freePort();
    const envoy = await startEnvoy({
      envoyVersion: version,
      modulesDir: dir,
      config: (adminPort) => staticBootstrap(adminPort, 9, [listenerYaml("streaming", port, [{ module: "streaming_watermarks", filterName: "streaming_watermarks" }])]),
    });
    try {
      const result = await http2Reply(port);
      expect([result.headers[":status"], result.body, result.trailers["x-trailer"]]).toEqual([200, "one\ntwo\n", "done"]);
    } finally {
      await envoy.stop();
    }
  });
});
