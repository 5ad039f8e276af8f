/**
 * examples/protocol_logger.ts (port of upstream's network_protocol_logger) in the real Envoy 1.40
 * behind a tcp_proxy, through real TCP clients: the log lines for a connection (addresses, the
 * protocol its first bytes look like, the first bytes each way in hex and ASCII, cut at
 * max_log_bytes, the totals on close) and its counter, while the bytes pass through unchanged.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, statEventually, startEnvoy } from "../helpers/envoy.js";
import { staticBootstrap, tcpListenerYaml } from "../helpers/envoy-config.js";
import { freePort } from "../helpers/net.js";
import { examplesDir } from "../helpers/paths.js";
import { connectTcp, startTcpUpstream } from "../helpers/tcp.js";

describe("protocol_logger in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startTcpUpstream>>;
  let shortPort: number;
  let defaultPort: number;

  beforeAll(async () => {
    const built = await buildFilter(path.join(examplesDir, "protocol_logger.ts"));
    upstream = await startTcpUpstream();
    [shortPort, defaultPort] = [await freePort(), await freePort()];
    envoy = await startEnvoy({
      modulesDir: built.dir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [
          tcpListenerYaml("short", shortPort, [{ module: "protocol_logger", filterName: "protocol_logger", config: JSON.stringify({ max_log_bytes: 8 }) }]),
          tcpListenerYaml("defaults", defaultPort, [{ module: "protocol_logger", filterName: "protocol_logger", config: "{}" }]),
        ]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("logs an HTTP connection's first bytes each way, cut at max_log_bytes, and its totals on close", async () => {
    const client = await connectTcp(shortPort);
    client.send("GET / HTTP/1.1\r\n\r\n");
    await client.waitFor(/^upstream:GET \/ HTTP\/1\.1\r\n\r\n$/);
    const opened = await envoy.waitForLog(new RegExp(`\\[protocol_logger\\.ts:\\d+\\] \\[conn=(\\d+)\\] New connection: remote=127\\.0\\.0\\.1:\\d+ local=127\\.0\\.0\\.1:${shortPort} ssl=false`));
    const conn = /\[conn=(\d+)\]/.exec(opened)?.[1];
    expect(conn).toBeDefined();
    await envoy.waitForLog(new RegExp(`\\[conn=${conn}\\] Detected protocol: http`));
    await envoy.waitForLog(new RegExp(`\\[conn=${conn}\\] REQUEST: \\[18 bytes, showing first 8\\] HEX: 47 45 54 20 2f 20 48 54 ASCII: GET / HT end_stream=false`));
    await envoy.waitForLog(new RegExp(`\\[conn=${conn}\\] RESPONSE: \\[27 bytes, showing first 8\\] HEX: 75 70 73 74 72 65 61 6d ASCII: upstream end_stream=false`));
    client.end();
    await client.closed;
    await envoy.waitForLog(new RegExp(`\\[conn=${conn}\\] Connection closed (by remote|locally)\\. protocol=http request_bytes=18 response_bytes=27`));
    await statEventually(envoy, "dynamicmodulescustom.protocol_logger_connections_total", 1);
  });

  it("logs every byte value as hex, and non-printing bytes as dots, under the default config", async () => {
    const client = await connectTcp(defaultPort);
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    client.send(bytes);
    const received = await client.waitFor((data) => data.length >= 256 + "upstream:".length);
    expect([...received.subarray("upstream:".length)]).toEqual([...bytes]);
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = [...bytes].map((b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : ".")).join("");
    await envoy.waitForLog(/Detected protocol: unknown/);
    expect(envoy.logs()).toContain(`REQUEST: [256 bytes] HEX: ${hex} ASCII: ${ascii} end_stream=false`);
    client.destroy();
    await statEventually(envoy, "dynamicmodulescustom.protocol_logger_connections_total", 2);
  });
});
