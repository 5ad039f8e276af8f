/**
 * Listener filters (registerListenerFilter, issue 11) in the real Envoy 1.40, through real TCP
 * clients: examples/ip_allowlist.ts (port of upstream's listener_ip_allowlist: allowlist and
 * blocklist modes, CIDR ranges, its counters, a refused config), and
 * test/filters/listener_surface.ts (peeked bytes choosing the filter chain through the requested
 * server name and application protocols, consumed bytes, a closed socket, a throw), and
 * examples/tls_detector.ts (a Node TLS ClientHello's SNI and ALPN choosing the filter chain).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, statEventually, runEnvoyExpectingFailure, startEnvoy } from "../helpers/envoy.js";
import { listenerFilterYaml, staticBootstrap, tcpListenerYaml } from "../helpers/envoy-config.js";
import { freePort } from "../helpers/net.js";
import { examplesDir, filtersDir } from "../helpers/paths.js";
import { connectTcp, connectTlsHello, startTcpUpstream } from "../helpers/tcp.js";

/** Envoy scopes a listener filter's metrics to its listener (unlike network and HTTP filters'). */
const listenerStat = (port: number, name: string) => `listener.127.0.0.1_${port}.dynamicmodulescustom.${name}`;

const allowlist = (config: object) => ({ module: "ip_allowlist", filterName: "ip_allowlist", config: JSON.stringify(config) });

/** The router's listener: a chain per server name and ALPN (direct responses), else the upstream. */
function routerListenerYaml(port: number): string {
  const direct = (text: string) =>
    [
      "  - name: envoy.filters.network.direct_response",
      "    typed_config:",
      '      "@type": type.googleapis.com/envoy.extensions.filters.network.direct_response.v3.Config',
      `      response: { inline_string: ${JSON.stringify(text)} }`,
    ].join("\n");
  const defaultChain = tcpListenerYaml("router", port, []).split("filter_chains:\n")[1]!;
  return [
    "name: router",
    `address: { socket_address: { address: 127.0.0.1, port_value: ${port} } }`,
    "listener_filters:",
    listenerFilterYaml({ module: "listener_surface", filterName: "router" }),
    "filter_chains:",
    "- filter_chain_match: { server_names: [one.example] }",
    "  filters:",
    direct("chain one\n"),
    "- filter_chain_match: { application_protocols: [h-test] }",
    "  filters:",
    direct("chain alpn\n"),
    defaultChain,
  ].join("\n");
}

/** tls_detector's listener: a tcp_proxy chain per server name, ALPN and transport protocol (their stats tell which matched). */
function tlsListenerYaml(port: number): string {
  const chain = (match: string, prefix: string) =>
    [
      `- filter_chain_match: ${match}`,
      "  filters:",
      "  - name: envoy.filters.network.tcp_proxy",
      `    typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: ${prefix}, cluster: upstream }`,
    ].join("\n");
  return [
    "name: tls",
    `address: { socket_address: { address: 127.0.0.1, port_value: ${port} } }`,
    "listener_filters:",
    listenerFilterYaml({ module: "tls_detector", filterName: "tls_detector", config: "{}" }),
    "filter_chains:",
    chain("{ server_names: [api.example] }", "api_chain"),
    chain("{ transport_protocol: tls, application_protocols: [h2] }", "h2_chain"),
    // Envoy does not backtrack: TLS without h2 needs a TLS chain of its own, not the catch-all.
    chain("{ transport_protocol: tls }", "tls_chain"),
    chain("{ transport_protocol: raw_buffer }", "raw_chain"),
  ].join("\n");
}

describe("listener filters in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startTcpUpstream>>;
  let modulesDir: string;
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    modulesDir = (await buildFilter(path.join(examplesDir, "ip_allowlist.ts"))).dir;
    await buildFilter(path.join(filtersDir, "listener_surface.ts"), { outDir: modulesDir });
    await buildFilter(path.join(examplesDir, "tls_detector.ts"), { outDir: modulesDir });
    upstream = await startTcpUpstream();
    for (const name of ["allowed", "blocked", "cidr", "router", "tls"]) ports[name] = await freePort();
    envoy = await startEnvoy({
      modulesDir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [
          tcpListenerYaml("allowed", ports.allowed!, [], { listenerFilters: [allowlist({ mode: "allowlist", addresses: ["10.0.0.0/8", "127.0.0.1"] })] }),
          tcpListenerYaml("blocked", ports.blocked!, [], { listenerFilters: [allowlist({ mode: "blocklist", addresses: ["127.0.0.0/8"] })] }),
          tcpListenerYaml("cidr", ports.cidr!, [], { listenerFilters: [allowlist({ mode: "allowlist", addresses: ["192.168.0.0/16", "::1", "127.0.0.2/32"], log_blocked: false })] }),
          routerListenerYaml(ports.router!),
          tlsListenerYaml(ports.tls!),
        ]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("ip_allowlist: a listed client reaches the upstream", async () => {
    const client = await connectTcp(ports.allowed!);
    client.send("hello");
    await client.waitFor(/^upstream:hello$/);
    client.destroy();
    await statEventually(envoy, listenerStat(ports.allowed!, "ip_filter_allowed_connections_total"), 1);
  });

  it("ip_allowlist: a client in the blocklist is closed before any filter chain, logged", async () => {
    const before = upstream.connections();
    const client = await connectTcp(ports.blocked!);
    client.send("hello");
    await client.closed;
    expect(client.received().length).toBe(0);
    await statEventually(envoy, listenerStat(ports.blocked!, "ip_filter_blocked_connections_total"), 1);
    await envoy.waitForLog(/\[ip_allowlist\.ts:\d+\] Connection from 127\.0\.0\.1:\d+ blocked \(in blocklist\)/);
    expect(upstream.connections()).toBe(before);
  });

  it("ip_allowlist: a client outside every range of the allowlist is closed, not logged (log_blocked false)", async () => {
    const client = await connectTcp(ports.cidr!);
    await client.closed;
    await statEventually(envoy, listenerStat(ports.cidr!, "ip_filter_blocked_connections_total"), 1);
    expect(envoy.logs()).not.toContain("not in allowlist");
  });

  it("router: peeked bytes choose the filter chain by server name and ALPN, or go upstream", async () => {
    const sni = await connectTcp(ports.router!);
    sni.send("sni1 and more");
    await sni.waitFor(/^chain one\n$/);
    sni.destroy();
    const alpn = await connectTcp(ports.router!);
    alpn.send("al");
    await new Promise((resolve) => setTimeout(resolve, 200));
    alpn.send("pn!");
    await alpn.waitFor(/^chain alpn\n$/);
    alpn.destroy();
    const plain = await connectTcp(ports.router!);
    plain.send("plain bytes");
    await plain.waitFor(/^upstream:plain bytes$/);
    plain.destroy();
    const drop = await connectTcp(ports.router!);
    drop.send("drop the rest");
    await drop.waitFor(/^upstream: the rest$/);
    drop.destroy();
    await envoy.waitForLog(/\[listener_surface\.ts:\d+\] peeked "al" of 2|\[listener_surface\.ts:\d+\] peeked "alpn" of \d/);
    expect(envoy.logs()).toMatch(/\[listener_surface\.ts:\d+\] accepted 127\.0\.0\.1 -> 127\.0\.0\.1:\d+ \(0 bytes yet\)/);
  });

  it("router: closeSocket and a throw both close the socket; the throw logs its TS line and counts", async () => {
    const shut = await connectTcp(ports.router!);
    shut.send("shut");
    await shut.closed;
    expect(shut.received().length).toBe(0);
    const boom = await connectTcp(ports.router!);
    boom.send("boom");
    await boom.closed;
    await envoy.waitForLog(/\[listener_surface\.ts:30\] tsc2envoy: listener filter 'router' failed in onData: uncaught Error: boom in onData \(no sni\); closed the socket/);
    await statEventually(envoy, listenerStat(ports.router!, "router.failures"), 1);
    expect(envoy.alive()).toBe(true);
  });

  it("tls_detector: a Node TLS ClientHello's SNI and ALPN choose the filter chain; plain text is raw_buffer", async () => {
    const sni = await connectTlsHello(ports.tls!, "api.example");
    await statEventually(envoy, "tcp.api_chain.downstream_cx_total", 1);
    sni.destroy();
    const alpn = await connectTlsHello(ports.tls!, "other.example", ["h2"]);
    await statEventually(envoy, "tcp.h2_chain.downstream_cx_total", 1);
    alpn.destroy();
    const tlsOnly = await connectTlsHello(ports.tls!, "other.example", ["http/1.1"]);
    await statEventually(envoy, "tcp.tls_chain.downstream_cx_total", 1);
    tlsOnly.destroy();
    const plain = await connectTcp(ports.tls!);
    plain.send("GET / HTTP/1.1\r\n\r\n");
    await plain.waitFor(/^upstream:GET/);
    plain.destroy();
    await statEventually(envoy, "tcp.raw_chain.downstream_cx_total", 1);
    await statEventually(envoy, listenerStat(ports.tls!, "tls_detector_tls_connections_total"), 3);
    await statEventually(envoy, listenerStat(ports.tls!, "tls_detector_non_tls_connections_total"), 1);
    expect(envoy.logs()).toMatch(/\[tls_detector\.ts:\d+\] TLS connection: sni=api\.example alpn=\[\]/);
    expect(envoy.logs()).toMatch(/\[tls_detector\.ts:\d+\] TLS connection: sni=other\.example alpn=\[h2\]/);
  });

  it("ip_allowlist: an invalid address rejects the config, with the TS line", async () => {
    const port = await freePort();
    const { exitCode, logs } = await runEnvoyExpectingFailure({
      modulesDir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [tcpListenerYaml("bad", port, [], { listenerFilters: [allowlist({ mode: "allowlist", addresses: ["10.0.0.0/33"] })] })]),
    });
    expect(exitCode).not.toBe(0);
    expect(logs).toMatch(/\[ip_allowlist\.ts:\d+\] tsc2envoy: listener filter 'ip_allowlist' rejected its filter_config: uncaught Error: Invalid IP address or CIDR: 10\.0\.0\.0\/33/);
  });
});
