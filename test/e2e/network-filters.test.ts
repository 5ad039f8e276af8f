/**
 * Network filters (registerNetworkFilter, issue 11) in the real Envoy 1.40, through real TCP
 * clients: examples/echo.ts (port of upstream's network_echo: the prefix from a raw string config,
 * bytes echoed without going upstream, its counter and gauge), and test/filters/network_surface.ts
 * (the EnvoyNetworkFilter surface: buffers as text and bytes, writes, addresses, close, and a throw
 * closing the connection with the TS file:line in the log and the failures counter).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, statEventually, startEnvoy } from "../helpers/envoy.js";
import { staticBootstrap, tcpListenerYaml } from "../helpers/envoy-config.js";
import { freePort } from "../helpers/net.js";
import { examplesDir, filtersDir } from "../helpers/paths.js";
import { connectTcp, startTcpUpstream } from "../helpers/tcp.js";

describe("network filters in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startTcpUpstream>>;
  let echoPort: number;
  let plainEchoPort: number;
  let surfacePort: number;

  beforeAll(async () => {
    const echo = await buildFilter(path.join(examplesDir, "echo.ts"));
    await buildFilter(path.join(filtersDir, "network_surface.ts"), { outDir: echo.dir });
    upstream = await startTcpUpstream();
    [echoPort, plainEchoPort, surfacePort] = [await freePort(), await freePort(), await freePort()];
    envoy = await startEnvoy({
      modulesDir: echo.dir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [
          tcpListenerYaml("echo", echoPort, [{ module: "echo", filterName: "echo", config: "ECHO: " }]),
          tcpListenerYaml("plain_echo", plainEchoPort, [{ module: "echo", filterName: "echo", config: "" }]),
          tcpListenerYaml("surface", surfacePort, [{ module: "network_surface", filterName: "surface", config: JSON.stringify({ greeting: "hello from TS" }) }]),
        ]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("echo: writes each chunk back after the prefix, nothing goes upstream", async () => {
    const client = await connectTcp(echoPort);
    client.send("hello");
    await client.waitFor(/^ECHO: hello$/);
    client.send(" world");
    await client.waitFor(/^ECHO: helloECHO:  world$/);
    await statEventually(envoy, "dynamicmodulescustom.echo_active_connections", 1);
    client.end();
    await client.closed;
    await statEventually(envoy, "dynamicmodulescustom.echo_active_connections", 0);
    expect(envoy.logs()).toMatch(/\[echo\.ts:\d+\] New echo connection from 127\.0\.0\.1:\d+/);
    await envoy.waitForLog(/\[echo\.ts:\d+\] Echo connection closed\. Total bytes echoed: 23/);
    // The upstream's answers never reached the client: the echo filter stops every read.
    expect(client.received().toString()).not.toContain("upstream:");
  });

  it("echo: every byte value round-trips (the read buffer as bytes), and the counter counts them", async () => {
    const before = (await envoy.stats()).get("dynamicmodulescustom.echo_bytes_total") ?? 0;
    const client = await connectTcp(plainEchoPort);
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    client.send(bytes);
    const received = await client.waitFor((data) => data.length >= 256);
    expect([...received]).toEqual([...bytes]);
    client.destroy();
    await statEventually(envoy, "dynamicmodulescustom.echo_bytes_total", before + 256);
  });

  it("surface: text and byte buffers, writes, addresses, drained views detach", async () => {
    const client = await connectTcp(surfacePort);
    await client.waitFor(/^hello from TS ssl=false\n$/);
    client.send("upper héllo wörld\naddr\n");
    await client.waitFor(/id=\w+\n$/);
    const lines = client.received().toString("utf8").split("\n");
    expect(lines[1]).toBe("HÉLLO WÖRLD");
    expect(lines[2]).toBe(`127.0.0.1 127.0.0.1:${surfacePort} id=true`);
    client.send("bytes\n");
    await client.waitFor(/6 0 detached\n$/);
    client.send("close\n");
    await client.waitFor(/bye after 4\n$/);
    expect((await client.closed).reset).toBe(false);
    expect(envoy.logs()).toMatch(/\[network_surface\.ts:\d+\] read \d+ bytes/);
  });

  it("surface: a throw in onRead closes the connection, logs the TS line and counts the failure", async () => {
    const client = await connectTcp(surfacePort);
    await client.waitFor(/ssl=false\n$/);
    client.send("boom\n");
    await client.closed;
    await envoy.waitForLog(/\[network_surface\.ts:38\] tsc2envoy: network filter 'surface' failed in onRead: uncaught Error: boom after 1 lines; closed the connection/);
    await statEventually(envoy, "dynamicmodulescustom.surface.failures", 1);
    expect(envoy.alive()).toBe(true);
    // Envoy keeps serving: a new connection works.
    const again = await connectTcp(surfacePort);
    await again.waitFor(/ssl=false\n$/);
    again.destroy();
  });
});
