/**
 * tsc2envoy/testing's network and listener drivers (abi/ts/testing-network.ts) as a user's test
 * uses them: each case runs in Node on the reference implementation and against the compiled .so
 * in the native host, and the two must give the same results and the same transcript.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { ConnectionResult, ListenerFilterUnderTest, loadListenerFilter, loadNetworkFilter, NetworkFilterUnderTest, SocketResult, TestConnection, TestSocket } from "../../abi/ts/testing.js";
import { examplesDir } from "../helpers/paths.js";

const echo = path.join(examplesDir, "echo.ts");
const rateLimiter = path.join(examplesDir, "rate_limiter.ts");
const tlsDetector = path.join(examplesDir, "tls_detector.ts");
/** A real ClientHello (Node's tls.connect: SNI api.example, ALPN h2 and http/1.1), from examples/tls_detector's vectors. */
const clientHello = Buffer.from(
  JSON.parse(/"hex":"(16030101[0-9a-f]+)"/.exec(fs.readFileSync(path.join(examplesDir, "../test/differential/examples/tls_detector.vectors"), "utf8"))![0].replace(/^"hex":/, "")) as string,
  "hex",
);

const loaded: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const filter of loaded) await filter.close();
});
const keep = <T extends { close(): Promise<void> }>(filter: T) => (loaded.push(filter), filter);
const lineOf = (file: string, text: string) => fs.readFileSync(file, "utf8").split("\n").findIndex((line) => line.includes(text)) + 1;

describe.each([{ native: false }, { native: true }])("loadNetworkFilter / loadListenerFilter (native: $native)", ({ native }) => {
  it("echoes what a client sends, after the prefix, and passes writes on", async () => {
    const filter = keep(await loadNetworkFilter(echo, { config: "ECHO: ", native }));
    expect(filter.mode).toBe(native ? "native" : "node");
    expect(filter.name).toBe("echo");
    const result = await filter.connect({ remote: ["10.1.2.3", 5555], steps: [{ read: "hello" }, { read: " wörld" }, { write: "from upstream" }, { event: 0 }] });
    expect(result.newConnectionStatus).toBe(0);
    expect(result.statuses).toEqual([1, 1, 0]);
    expect(result.writes).toEqual([
      { data: "ECHO: hello", endOfStream: false },
      { data: "ECHO:  wörld", endOfStream: false },
    ]);
    expect(result.forwarded).toEqual({ read: "", write: "from upstream" });
    expect(result.buffered).toEqual({ read: "", write: "" });
    expect(result.closed).toBeUndefined();
    expect(result.counters).toEqual({ echo_bytes_total: 24 });
    expect(result.gauges).toEqual({ echo_active_connections: 0 });
    expect(result.logs).toEqual([
      { level: "info", file: "echo.ts", line: lineOf(echo, "New echo connection"), message: "New echo connection from 10.1.2.3:5555" },
      { level: "info", file: "echo.ts", line: lineOf(echo, "Echo connection closed"), message: "Echo connection closed. Total bytes echoed: 24" },
    ]);
    // A new connection is a new filter: its total starts again.
    const next = await filter.connect({ steps: [{ read: "x" }, { event: 1 }] });
    expect(next.logs.at(-1)?.message).toBe("Echo connection closed. Total bytes echoed: 7");
  });

  it("limits open connections across connections of one config, closing the one over the limit", async () => {
    const filter = keep(await loadNetworkFilter(rateLimiter, { config: { max_connections: 1, reject_message: "busy\n" }, native }));
    const first = await filter.connect({ steps: [{ read: "a" }] });
    expect(first.newConnectionStatus).toBe(0);
    expect(first.forwarded.read).toBe("a");
    expect(first.closed).toBeUndefined();
    // The first never closed: the shared count stays at one, so the second is over the limit.
    const second = await filter.connect({ remote: ["10.0.0.2", 2002], steps: [{ read: "b" }] });
    expect(second.newConnectionStatus).toBe(1);
    expect(second.writes).toEqual([{ data: "busy\n", endOfStream: true }]);
    expect(second.closed).toBe(0);
    expect(second.counters).toEqual({ rate_limiter_connections_rejected_total: 1 });
    expect(second.logs.map((l) => `${l.level} ${l.message}`)).toEqual(["warn Connection from 10.0.0.2:2002 rejected. Current connections: 1, limit: 1"]);
  });

  it("throws the filter's log line for a config its type refuses, and asks for the right kind", async () => {
    await expect(loadNetworkFilter(rateLimiter, { config: { max_connections: "many" }, native })).rejects.toThrow(/rate_limiter.*rejected its filter_config: max_connections: expected number/);
    await expect(loadNetworkFilter(tlsDetector, { native })).rejects.toThrow("tls_detector.ts registers no filters with registerNetworkFilter: pass the filter option to choose one");
  });

  it("detects TLS in a ClientHello and sets SNI, transport and ALPN", async () => {
    const filter = keep(await loadListenerFilter(tlsDetector, { config: {}, native }));
    const tls = await filter.accept({ data: [clientHello.subarray(0, 3), clientHello.subarray(3)] });
    expect(tls.acceptStatus).toBe(1);
    expect(tls.maxReadBytes).toBe(1024);
    expect(tls.dataStatuses).toEqual([1, 0]);
    expect(tls.transportProtocol).toBe("tls");
    expect(tls.serverName).toBe("api.example");
    expect(tls.applicationProtocols).toEqual(["h2", "http/1.1"]);
    expect(tls.counters).toEqual({ tls_detector_tls_connections_total: 1 });

    const plain = await filter.accept({ data: ["GET / HTTP/1.1\r\n"] });
    expect(plain.transportProtocol).toBe("raw_buffer");
    expect(plain.serverName).toBeUndefined();
    expect(plain.counters).toEqual({ tls_detector_non_tls_connections_total: 1 });

    const closed = await filter.accept({ data: ["GE"], clientCloses: true });
    expect(closed.dataStatuses).toEqual([1]);
    expect(closed.transportProtocol).toBeUndefined();
  });
});

describe("both modes", () => {
  const withoutTranscript = <T extends { transcript: string }>(result: T) => ({ ...result, transcript: undefined });
  const connections: TestConnection[] = [
    { remote: ["10.0.0.1", 1001], steps: [{ read: "a" }] },
    { steps: [{ read: new Uint8Array([0, 0xff, 0x80]) }, { event: 1 }] },
    { steps: [{ read: "c", endOfStream: true }, { write: "back" }, { event: 0 }] },
  ];
  const sockets: TestSocket[] = [{ data: [clientHello] }, { data: [clientHello.subarray(0, 40)], clientCloses: true }, { data: ["SSH-2.0"] }];

  it.each([
    [echo, "ECHO: "],
    [rateLimiter, { max_connections: 1 }],
  ])("give the same results and transcript for %s", async (entry, config) => {
    const runs: ConnectionResult[][] = [];
    for (const native of [false, true]) {
      const filter: NetworkFilterUnderTest = keep(await loadNetworkFilter(entry, { config, native }));
      const results: ConnectionResult[] = [];
      for (const connection of connections) results.push(await filter.connect(connection));
      runs.push(results);
    }
    expect(runs[1]!.map(withoutTranscript)).toEqual(runs[0]!.map(withoutTranscript));
    expect(runs[1]!.map((r) => r.transcript)).toEqual(runs[0]!.map((r) => r.transcript));
    expect(runs[0]!.some((r) => r.logs.length > 0)).toBe(true);
  });

  it("give the same results and transcript for tls_detector", async () => {
    const runs: SocketResult[][] = [];
    for (const native of [false, true]) {
      const filter: ListenerFilterUnderTest = keep(await loadListenerFilter(tlsDetector, { config: { extract_alpn: false }, native }));
      const results: SocketResult[] = [];
      for (const socket of sockets) results.push(await filter.accept(socket));
      runs.push(results);
    }
    expect(runs[1]!.map(withoutTranscript)).toEqual(runs[0]!.map(withoutTranscript));
    expect(runs[1]!.map((r) => r.transcript)).toEqual(runs[0]!.map((r) => r.transcript));
    expect(runs[0]![0]!.serverName).toBe("api.example");
    expect(runs[0]![0]!.applicationProtocols).toBeUndefined();
  });
});
