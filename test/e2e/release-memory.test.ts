/**
 * Early release in the real Envoy 1.40 (docs/runtime.md, "What is released when"): 100 MB streamed
 * through a body-scanning filter (test/differential/corpus/memory/body_scan.ts: Envoy's views of
 * each chunk decoded 4 KiB at a time, split into words, each word tested against a regex) whose
 * streams may use 64 KiB. Each window's text and words are released at the end of its iteration,
 * the views when the hook call returns; kept, the decoded text alone would take 100 MB.
 */
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { counter, requestWithBody } from "../helpers/body.js";
import { buildFilter } from "../helpers/build.js";
import { corpusProgram } from "../helpers/corpus.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort } from "../helpers/net.js";

describe("early release in Envoy: a 100 MB body through a 64 KiB stream", () => {
  let envoy: EnvoyInstance;
  let upstream: http.Server;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    const { dir } = await buildFilter(corpusProgram("memory/body_scan"), { streamMemoryLimit: 64 * 1024 });
    // Counts what arrives and answers with the count (echoing 100 MB would cost more than the test).
    upstream = http.createServer((req, res) => {
      let length = 0;
      req.on("data", (chunk: Buffer) => (length += chunk.length));
      req.on("end", () => ((received = length), res.end(String(length))));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    port = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) => staticBootstrap(adminPort, (upstream.address() as net.AddressInfo).port, [listenerYaml("l", port, [{ module: "body_scan", filterName: "scan" }])]),
    });
  }, 120_000);

  afterAll(async () => {
    await envoy?.stop();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it("scans every chunk and passes the body on, without failing the stream", async () => {
    const line = "GET /admin curl the quick brown fox jumps over the lazy dog wget\n"; // 2 hits, except where a window cuts a word
    const body = Buffer.from(line.repeat(Math.ceil(100_000_000 / line.length)));
    const response = await requestWithBody(port, "/", body, { chunks: 100 });
    expect(response.status, response.body).toBe(200);
    expect(response.body).toBe(String(body.length));
    expect(received).toBe(body.length);
    // Every byte was decoded (ASCII: one character each). Words split on spaces only ("wget\nGET" is
    // one word), and windows cut some: about 2 hits per line.
    const scan = String(response.headers["x-scan"]);
    expect(scan).toMatch(new RegExp(`^scanned words=\\d+ hits=\\d+ bytes=${body.length}$`));
    const lines = body.length / line.length;
    expect(Number(/hits=(\d+)/.exec(scan)![1])).toBeGreaterThan(1.9 * lines);
    expect(counter(await envoy.stats(), "failures")).toBe(0);
  }, 300_000);
});
