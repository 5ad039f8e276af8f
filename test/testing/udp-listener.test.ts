/**
 * tsc2envoy/testing's UDP listener driver (loadUdpListenerFilter, abi/ts/testing-network.ts) on
 * examples/dns_gateway.ts: the same results and transcript in Node and in the native host.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { DatagramResult, loadUdpListenerFilter, UdpListenerFilterUnderTest } from "../../abi/ts/testing.js";
import { examplesDir } from "../helpers/paths.js";

const dnsGateway = path.join(examplesDir, "dns_gateway.ts");
const config = { base_ip: "10.10.0.0", prefix_len: 24, domains: [{ domain: "*.aws.com", metadata: { cluster: "cluster_1" } }, { domain: "example.com" }] };
/** A query for one.s3.aws.com (A, IN), id 0x1234; one for example.com, AAAA; bytes that are no query. */
const aQuery = Buffer.from("123401000001000000000000036f6e650273330361777303636f6d0000010001", "hex");
const aaaaQuery = Buffer.from("000701000001000000000000076578616d706c6503636f6d00001c0001", "hex");
const notDns = Buffer.from("hello");

const loaded: UdpListenerFilterUnderTest[] = [];
afterAll(async () => {
  for (const filter of loaded) await filter.close();
});

describe.each([{ native: false }, { native: true }])("loadUdpListenerFilter (native: $native)", ({ native }) => {
  it("answers a query for a configured domain with a virtual IP, to its sender, and passes on what it cannot parse", async () => {
    const filter = await loadUdpListenerFilter(dnsGateway, { config, native });
    loaded.push(filter);
    expect(filter.mode).toBe(native ? "native" : "node");
    const answered = await filter.receive({ data: aQuery, peer: ["10.0.0.9", 5353] });
    expect(answered.status).toBe(1);
    expect(answered.forwarded).toBeUndefined();
    expect(answered.sent).toHaveLength(1);
    expect(answered.sent[0]).toMatchObject({ address: "10.0.0.9", port: 5353 });
    expect(answered.sent[0]!.data).toContain("\u0003one\u0002s3\u0003aws\u0003com");
    expect(answered.sent[0]!.data.endsWith("\u0000\u0004\n\n\u0000\u0000")).toBe(true); // A record, 4 bytes: 10.10.0.0
    expect(answered.logs.map((l) => l.message)).toContain("Allocated virtual IP 10.10.0.0 for domain one.s3.aws.com");

    const passed = await filter.receive({ data: notDns });
    expect(passed.status).toBe(0);
    expect(passed.forwarded).toBe("hello");
    expect(passed.sent).toEqual([]);
  });

  it("throws the filter's log line for a config its type refuses", async () => {
    await expect(loadUdpListenerFilter(dnsGateway, { config: { base_ip: 1 }, native })).rejects.toThrow(/dns_gateway.*rejected its filter_config/);
  });
});

describe("both modes", () => {
  it("give the same results and transcript for dns_gateway", async () => {
    const runs: DatagramResult[][] = [];
    for (const native of [false, true]) {
      const filter = await loadUdpListenerFilter(dnsGateway, { config, native });
      loaded.push(filter);
      const results: DatagramResult[] = [];
      for (const data of [aQuery, aaaaQuery, notDns, aQuery]) results.push(await filter.receive({ data, peer: ["192.0.2.1", 40000] }));
      runs.push(results);
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]!.map((r) => r.status)).toEqual([1, 1, 0, 1]);
  });
});
