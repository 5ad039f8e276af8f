/**
 * UDP listener filters (registerUdpListenerFilter, issue 11) in the real Envoy 1.40, through a Node
 * `dgram` client: examples/dns_gateway.ts (port of upstream's dns_gateway, its Struct config as
 * upstream's envoy.yaml writes it) answers A queries for its domains with virtual IPs (the same
 * one again for a domain), NODATA for other types; a query for another domain goes on (Continue)
 * to Envoy's own dns_filter behind it, which answers from its inline table.
 */
import dgram from "node:dgram";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy, statEventually } from "../helpers/envoy.js";
import { staticBootstrap, udpListenerFilterYaml, udpListenerYaml } from "../helpers/envoy-config.js";
import { freePort } from "../helpers/net.js";
import { examplesDir } from "../helpers/paths.js";

function dnsQuery(id: number, name: string, type: number): Buffer {
  const labels = name.split(".").flatMap((label) => [Buffer.from([label.length]), Buffer.from(label)]);
  return Buffer.concat([Buffer.from([id >> 8, id & 255, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]), ...labels, Buffer.from([0, 0, type, 0, 1])]);
}

interface DnsAnswer {
  id: number;
  flags: number;
  rcode: number;
  questions: number;
  addresses: string[];
}

/** The header, and the A records' addresses (names compressed or not), of a DNS response. */
function parseResponse(data: Buffer): DnsAnswer {
  const skipName = (at: number): number => {
    for (;;) {
      const length = data[at]!;
      if (length === 0) return at + 1;
      if ((length & 0xc0) === 0xc0) return at + 2;
      at += length + 1;
    }
  };
  const questions = data.readUInt16BE(4);
  let at = 12;
  for (let i = 0; i < questions; i++) at = skipName(at) + 4;
  const addresses: string[] = [];
  for (let i = 0; i < data.readUInt16BE(6); i++) {
    at = skipName(at);
    const type = data.readUInt16BE(at);
    const length = data.readUInt16BE(at + 8);
    if (type === 1) addresses.push([...data.subarray(at + 10, at + 14)].join("."));
    at += 10 + length;
  }
  return { id: data.readUInt16BE(0), flags: data.readUInt16BE(2), rcode: data[3]! & 0x0f, questions, addresses };
}

function dnsListenerYaml(port: number): string {
  const config = {
    "@type": "type.googleapis.com/google.protobuf.Struct",
    value: {
      base_ip: "10.10.0.0",
      prefix_len: 24,
      domains: [
        { domain: "*.aws.com", metadata: { cluster: "cluster_1", auth_token: "abc123" } },
        { domain: "example.com", metadata: { cluster: "cluster_2", auth_token: "def456" } },
      ],
    },
  };
  const fallback = [
    "- name: envoy.filters.udp_listener.dns_filter",
    "  typed_config:",
    '    "@type": type.googleapis.com/envoy.extensions.filters.udp.dns_filter.v3.DnsFilterConfig',
    "    stat_prefix: dns_fallback",
    "    server_config:",
    "      inline_dns_table:",
    "        virtual_domains:",
    "        - { name: fallback.test, endpoint: { address_list: { address: [192.0.2.7] } } }",
  ].join("\n");
  return udpListenerYaml("dns_listener", port, [udpListenerFilterYaml("dns_gateway", "dns_gateway", JSON.stringify(config)), fallback]);
}

describe("UDP listener filters in Envoy", () => {
  let envoy: EnvoyInstance;
  let client: dgram.Socket;
  let port: number;
  const answers = new Map<number, Buffer>();

  /** Sends the query (again, as a DNS client does, until the listener is up) and waits for the answer with its id. */
  async function ask(id: number, name: string, type = 1): Promise<DnsAnswer> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      client.send(dnsQuery(id, name, type), port, "127.0.0.1");
      for (let i = 0; i < 10 && !answers.has(id); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      const answer = answers.get(id);
      if (answer) return parseResponse(answer);
    }
    throw new Error(`no answer for ${name} (id ${id})`);
  }

  beforeAll(async () => {
    const modulesDir = (await buildFilter(path.join(examplesDir, "dns_gateway.ts"))).dir;
    port = await freePort();
    envoy = await startEnvoy({ modulesDir, config: (adminPort) => staticBootstrap(adminPort, 1, [dnsListenerYaml(port)]) });
    // One client socket: Envoy hands one peer's datagrams to one worker, whose filter keeps its map.
    client = dgram.createSocket("udp4");
    client.on("message", (message) => answers.set(message.readUInt16BE(0), message));
    await new Promise<void>((resolve) => client.bind(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    client?.close();
    await envoy?.stop();
  });

  it("answers A queries for its domains with virtual IPs in order, the same one again for a domain", async () => {
    const one = await ask(0x1001, "one.s3.aws.com");
    expect(one).toMatchObject({ id: 0x1001, rcode: 0, questions: 1 });
    expect(one.flags & 0x8000).toBe(0x8000); // a response
    expect(one.flags & 0x0400).toBe(0x0400); // authoritative
    expect(one.addresses).toEqual(["10.10.0.0"]);
    expect((await ask(0x1002, "two.s3.aws.com")).addresses).toEqual(["10.10.0.1"]);
    expect((await ask(0x1003, "example.com")).addresses).toEqual(["10.10.0.2"]);
    expect((await ask(0x1004, "one.s3.aws.com")).addresses).toEqual(["10.10.0.0"]);
    await envoy.waitForLog(/\[dns_gateway\.ts:\d+\] Allocated virtual IP 10\.10\.0\.2 for domain example\.com/);
  });

  it("answers other query types for its domains with NODATA", async () => {
    const aaaa = await ask(0x2001, "example.com", 28);
    expect(aaaa).toMatchObject({ id: 0x2001, rcode: 0, addresses: [] });
    expect(aaaa.flags & 0x8000).toBe(0x8000);
  });

  it("passes a query for another domain on to the next UDP listener filter (Envoy's dns_filter)", async () => {
    expect((await ask(0x3001, "fallback.test")).addresses).toEqual(["192.0.2.7"]);
    await envoy.waitForLog(/\[dns_gateway\.ts:\d+\] No matcher for domain: fallback\.test/);
    await statEventually(envoy, "dns_filter.dns_fallback.known_domain_queries", 1);
    expect((await envoy.stats()).get("dns_gateway.failures") ?? 0).toBe(0);
  });
});
