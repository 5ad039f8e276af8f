/**
 * One module, several kinds (issue 11): test/filters/multi_kind.ts registers an HTTP filter, an
 * access logger and a UDP listener filter; Envoy 1.40 loads the one lib<name>.so for all three: the
 * HTTP filter tags a request, the access logger (in the same connection manager) sees the tag, and
 * a UDP listener answers a Node dgram client.
 */
import dgram from "node:dgram";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { dynamicAccessLogYaml, httpListenerYaml, staticBootstrap, udpListenerFilterYaml, udpListenerYaml } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { filtersDir, scratchDir } from "../helpers/paths.js";

describe("a module registering an HTTP filter, an access logger and a UDP listener filter", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let logFile: string;
  let httpPort: number;
  let udpPort: number;

  beforeAll(async () => {
    const modulesDir = (await buildFilter(path.join(filtersDir, "multi_kind.ts"))).dir;
    logFile = path.join(scratchDir("multi-kind"), "lines.log");
    upstream = await startEchoUpstream();
    httpPort = await freePort();
    udpPort = await freePort();
    const hcm = [
      "route_config: { virtual_hosts: [{ name: all, domains: ['*'], routes: [{ match: { prefix: / }, route: { cluster: upstream } }] }] }",
      ...dynamicAccessLogYaml("multi_kind", "lines", logFile),
    ];
    const udp = udpListenerYaml("udp", udpPort, [udpListenerFilterYaml("multi_kind", "echo")]);
    envoy = await startEnvoy({
      modulesDir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [httpListenerYaml("http", httpPort, hcm, [{ module: "multi_kind", filterName: "tag" }]), udp]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("the HTTP filter tags the request and the access logger of the same module logs the tag", async () => {
    const result = await request(httpPort, "/hello");
    expect(result.status).toBe(200);
    expect((JSON.parse(result.body) as { headers: Record<string, string> }).headers["x-tagged"]).toBe("multi");
    const deadline = Date.now() + 60_000; // a writer thread on a loaded machine
    while (Date.now() < deadline && !(fs.existsSync(logFile) && fs.readFileSync(logFile, "utf8").includes("\n"))) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fs.readFileSync(logFile, "utf8")).toBe("/hello multi 200\n");
  });

  it("the UDP listener filter of the same module answers a datagram", async () => {
    const client = dgram.createSocket("udp4");
    try {
      const answer = new Promise<string>((resolve) => client.on("message", (message) => resolve(message.toString())));
      const timer = setInterval(() => client.send("hi", udpPort, "127.0.0.1"), 200);
      client.send("hi", udpPort, "127.0.0.1");
      expect(await answer).toBe("echo hi");
      clearInterval(timer);
    } finally {
      client.close();
    }
  });
});
