/** Requests with bodies, and an upstream that answers with the body it got (body filters' e2e tests). */
import http from "node:http";
import net from "node:net";

import path from "node:path";

import { buildFilter } from "./build.js";
import { EnvoyInstance, startEnvoy } from "./envoy.js";
import { listenerYaml, staticBootstrap } from "./envoy-config.js";
import { freePort, type HttpResult } from "./net.js";

/** A loopback upstream answering every request with JSON: method, headers and the body as text. */
export async function startBodyEchoUpstream(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ method: req.method, headers: req.headers, length: body.length, body: body.toString("utf8") }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** One HTTP/1.1 request with a body (content-length framing), written in `chunks` pieces (`pauseMs` apart). */
export function requestWithBody(port: number, urlPath: string, body: string | Buffer, options: { method?: string; headers?: Record<string, string>; chunks?: number; pauseMs?: number } = {}): Promise<HttpResult> {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return new Promise((resolve, reject) => {
    const headers = { "content-length": String(bytes.length), ...options.headers };
    const req = http.request({ host: "127.0.0.1", port, path: urlPath, method: options.method ?? "POST", headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    const pieces = Math.max(1, options.chunks ?? 1);
    const step = Math.ceil(bytes.length / pieces);
    // With pauseMs, each piece waits for the last to be read: Envoy then reads them one by one.
    const write = (at: number): void => {
      if (at >= bytes.length) return void req.end();
      req.write(bytes.subarray(at, at + step));
      if (options.pauseMs) setTimeout(() => write(at + step), options.pauseMs);
      else write(at + step);
    };
    write(0);
  });
}

/** A filter's counter (Envoy prefixes module stats), 0 when not defined yet. */
export function counter(stats: Map<string, number>, suffix: string): number {
  return [...stats].filter(([name]) => name.endsWith(suffix)).reduce((sum, [, value]) => sum + value, 0);
}

/** One Envoy 1.40 listener with one filter (built from `entry`) in front of the body-echo upstream. */
export async function startBodyFilterEnvoy(entry: string, filterName: string, config?: string): Promise<{ envoy: EnvoyInstance; port: number; stop: () => Promise<void> }> {
  const { dir } = await buildFilter(entry);
  const module = path.basename(entry, ".ts");
  const upstream = await startBodyEchoUpstream();
  const port = await freePort();
  const envoy = await startEnvoy({
    modulesDir: dir,
    config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("l", port, [{ module, filterName, ...(config === undefined ? {} : { config }) }])]),
  });
  return { envoy, port, stop: async () => (await envoy.stop(), await upstream.close()) };
}
