/**
 * Adding trailers at the end of a message that has none, in the real Envoy 1.40: the dynamic
 * module ABI has no callback that creates a trailer map (Envoy's addDecodedTrailers and
 * addEncodedTrailers are not exposed), so in the last body event set/add/remove on the absent
 * trailers return false and nothing reaches the upstream or the client, with trailers enabled
 * both ways. The corpus program test/differential/corpus/routing/trailers_at_end.ts is the filter,
 * and its vector shows the Node SDK and the native module agree.
 */
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { adminYaml, indent, listenerYaml, trailersClusterYaml } from "../helpers/envoy-config.js";
import { freePort } from "../helpers/net.js";
import { repoRoot } from "../helpers/paths.js";

/** An upstream that answers, chunked, with what it received: the body and the request's trailers. */
async function startUpstream(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
      res.write(JSON.stringify({ body, trailers: req.trailers }));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A chunked request without trailers; resolves with the response, its headers, body and trailers. */
function post(port: number, body: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; trailers: NodeJS.Dict<string> }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/", method: "POST", agent: false, headers: { "transfer-encoding": "chunked" } }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, trailers: res.trailers }));
    });
    req.on("error", reject);
    req.write(body.slice(0, 2));
    req.end(body.slice(2));
  });
}

describe("trailers at the end of a message without trailers, in Envoy 1.40", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let port: number;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(repoRoot, "test", "differential", "corpus", "routing", "trailers_at_end.ts"));
    upstream = await startUpstream();
    port = await freePort();
    const listener = listenerYaml("l", port, [{ module: "trailers_at_end", filterName: "trailers_at_end" }]).replace(
      /(\n\s*)stat_prefix: (.*)/,
      "$1stat_prefix: $2$1http_protocol_options: { enable_trailers: true }",
    );
    const cluster = trailersClusterYaml(upstream.port);
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) => [adminYaml(adminPort), "static_resources:", "  listeners:", indent(`- ${indent(listener, 2).trimStart()}`, 2), "  clusters:", indent(cluster, 2)].join("\n"),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("set/add/remove return false in the last body event, and no trailer is sent either way", async () => {
    const response = await post(port, "abcd");
    expect(response.status).toBe(200);
    expect(response.headers["x-request-trailers"]).toBe("set=false add=false remove=false n=0");
    expect(response.headers["x-response-trailers"]).toBe("set=false add=false remove=false n=0");
    const seen = JSON.parse(response.body) as { body: string; trailers: Record<string, string> };
    expect(seen.body).toBe("abcd");
    expect(seen.trailers).toEqual({});
    expect(response.trailers).toEqual({});
    await envoy.waitForLog(/request end: set=false add=false remove=false n=0/);
    expect(envoy.alive()).toBe(true);
  });
});
