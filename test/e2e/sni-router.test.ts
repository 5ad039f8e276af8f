/**
 * examples/sni_router.ts (port of upstream's listener_sni_router, issue 11) in the real Envoy 1.40:
 * Node TLS ClientHellos with different SNIs reach different clusters per `domain_mappings` (an
 * exact name, a `*.` wildcard), the default name for a hello without SNI, the catch-all chain for
 * an unmapped name, a hello split across two TCP segments, and `reject_unknown` closing the socket
 * of an unknown one.
 */
import net from "node:net";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy, statEventually } from "../helpers/envoy.js";
import { listenerFilterYaml, staticBootstrap, upstreamClusterYaml } from "../helpers/envoy-config.js";
import { freePort } from "../helpers/net.js";
import { examplesDir } from "../helpers/paths.js";
import { connectTcp, connectTlsHello, startTcpUpstream } from "../helpers/tcp.js";

const listenerStat = (port: number, name: string) => `listener.127.0.0.1_${port}.dynamicmodulescustom.${name}`;

const mappings = { "api.example": "api-cluster", "*.example.com": "wildcard-cluster" };

/** A tcp_proxy chain per mapped cluster (matched by the name the router sets), the default name's, a catch-all. */
function sniListenerYaml(name: string, port: number, config: object): string {
  const chain = (match: string | undefined, prefix: string, cluster: string) =>
    [
      match ? `- filter_chain_match: ${match}` : "- filter_chain_match: {}",
      "  filters:",
      "  - name: envoy.filters.network.tcp_proxy",
      `    typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: ${prefix}, cluster: ${cluster} }`,
    ].join("\n");
  return [
    `name: ${name}`,
    `address: { socket_address: { address: 127.0.0.1, port_value: ${port} } }`,
    "listener_filters:",
    listenerFilterYaml({ module: "sni_router", filterName: "sni_router", config: JSON.stringify(config) }),
    "filter_chains:",
    chain("{ server_names: [api-cluster] }", `${name}_api`, "api-cluster"),
    chain("{ server_names: [wildcard-cluster] }", `${name}_wildcard`, "wildcard-cluster"),
    chain("{ server_names: [default.example] }", `${name}_default`, "upstream"),
    chain(undefined, `${name}_other`, "upstream"),
  ].join("\n");
}

/** The ClientHello Node's tls.connect sends for `servername`, caught by a plain TCP server. */
async function clientHello(servername: string): Promise<Buffer> {
  let hello: Buffer | undefined;
  const server = net.createServer((socket) => socket.once("data", (chunk: Buffer) => ((hello = chunk), socket.destroy())));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => tls.connect({ port, host: "127.0.0.1", servername, rejectUnauthorized: false }).on("error", () => resolve()).on("close", () => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return hello!;
}

describe("sni_router in Envoy", () => {
  let envoy: EnvoyInstance;
  const upstreams: Record<string, Awaited<ReturnType<typeof startTcpUpstream>>> = {};
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    const modulesDir = (await buildFilter(path.join(examplesDir, "sni_router.ts"))).dir;
    for (const name of ["api", "wildcard", "other"]) upstreams[name] = await startTcpUpstream();
    for (const name of ["route", "strict"]) ports[name] = await freePort();
    envoy = await startEnvoy({
      modulesDir,
      config: (adminPort) =>
        [
          staticBootstrap(adminPort, upstreams.other!.port, [
            sniListenerYaml("route", ports.route!, { default_server_name: "default.example", domain_mappings: mappings }),
            sniListenerYaml("strict", ports.strict!, { domain_mappings: mappings, reject_unknown: true }),
          ]),
          upstreamClusterYaml(upstreams.api!.port, "api-cluster").replace(/^/gm, "  "),
          upstreamClusterYaml(upstreams.wildcard!.port, "wildcard-cluster").replace(/^/gm, "  "),
        ].join("\n"),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    for (const upstream of Object.values(upstreams)) await upstream.close();
  });

  it("routes each SNI to the cluster its mapping names: exact, wildcard, default name, catch-all", async () => {
    const api = await connectTlsHello(ports.route!, "api.example");
    await statEventually(envoy, "cluster.api-cluster.upstream_cx_total", 1);
    api.destroy();
    const web = await connectTlsHello(ports.route!, "web.example.com");
    await statEventually(envoy, "cluster.wildcard-cluster.upstream_cx_total", 1);
    web.destroy();
    // A wildcard needs a subdomain: example.com is unmapped and keeps its own name (catch-all chain).
    const bare = await connectTlsHello(ports.route!, "example.com");
    await statEventually(envoy, "tcp.route_other.downstream_cx_total", 1);
    bare.destroy();
    // Node sends no SNI to an IP address; an empty servername leaves it out too.
    const none = await connectTlsHello(ports.route!, "");
    await statEventually(envoy, "tcp.route_default.downstream_cx_total", 1);
    none.destroy();
    const plain = await connectTcp(ports.route!);
    plain.send("GET / HTTP/1.1\r\n\r\n");
    await plain.waitFor(/^upstream:GET/);
    plain.destroy();
    await statEventually(envoy, "tcp.route_other.downstream_cx_total", 2);
    await statEventually(envoy, listenerStat(ports.route!, "sni_router_matches_total"), 2);
    await statEventually(envoy, listenerStat(ports.route!, "sni_router_misses_total"), 2);
    expect(upstreams.api!.connections()).toBe(1);
    expect(upstreams.wildcard!.connections()).toBe(1);
    expect(envoy.logs()).toMatch(/\[sni_router\.ts:\d+\] routed api\.example to api-cluster/);
    expect(envoy.logs()).toMatch(/\[sni_router\.ts:\d+\] routed web\.example\.com to wildcard-cluster/);
    expect(envoy.logs()).toMatch(/\[sni_router\.ts:\d+\] no mapping for example\.com/);
    expect(envoy.logs()).toMatch(/\[sni_router\.ts:\d+\] no SNI: default default\.example/);
  });

  it("waits for the rest of a ClientHello split across two segments, then routes it", async () => {
    const hello = await clientHello("split.example.com");
    const client = await connectTcp(ports.route!);
    client.send(hello.subarray(0, 60));
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.send(hello.subarray(60));
    await statEventually(envoy, "cluster.wildcard-cluster.upstream_cx_total", 2);
    client.destroy();
    expect(envoy.logs()).toMatch(/\[sni_router\.ts:\d+\] routed split\.example\.com to wildcard-cluster/);
  });

  it("reject_unknown closes the socket of an unmapped SNI or a hello without one; mapped ones still route", async () => {
    const unknown = await connectTlsHello(ports.strict!, "example.com");
    await unknown.closed;
    const none = await connectTlsHello(ports.strict!, "");
    await none.closed;
    const api = await connectTlsHello(ports.strict!, "api.example");
    await statEventually(envoy, "tcp.strict_api.downstream_cx_total", 1);
    api.destroy();
    await statEventually(envoy, listenerStat(ports.strict!, "sni_router_misses_total"), 2);
    await statEventually(envoy, listenerStat(ports.strict!, "sni_router_matches_total"), 1);
    expect(envoy.logs()).toMatch(/\[sni_router\.ts:\d+\] rejected: Unknown SNI: example\.com/);
    expect(envoy.logs()).toMatch(/\[sni_router\.ts:\d+\] rejected: Missing SNI/);
    expect((await envoy.stats()).get("tcp.strict_other.downstream_cx_total") ?? 0).toBe(0);
    expect(envoy.alive()).toBe(true);
  });
});
