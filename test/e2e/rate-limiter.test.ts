/**
 * examples/rate_limiter.ts (port of upstream's network_rate_limiter) in the real Envoy 1.40 with two
 * workers, through real TCP clients: the open connections are one shared counter
 * (defineSharedCounter / addSharedCounter), so N connections pass to the upstream, the N+1st gets
 * the reject message and is closed, and a closed connection frees its place. Each listener's config
 * has its own counter.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, statEventually, startEnvoy } from "../helpers/envoy.js";
import { staticBootstrap, tcpListenerYaml } from "../helpers/envoy-config.js";
import { freePort } from "../helpers/net.js";
import { examplesDir } from "../helpers/paths.js";
import { connectTcp, startTcpUpstream, type TcpSession } from "../helpers/tcp.js";

describe("rate_limiter in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startTcpUpstream>>;
  let limitedPort: number;
  let onePort: number;

  beforeAll(async () => {
    const built = await buildFilter(path.join(examplesDir, "rate_limiter.ts"));
    upstream = await startTcpUpstream();
    [limitedPort, onePort] = [await freePort(), await freePort()];
    envoy = await startEnvoy({
      modulesDir: built.dir,
      config: (adminPort) =>
        staticBootstrap(adminPort, upstream.port, [
          tcpListenerYaml("limited", limitedPort, [{ module: "rate_limiter", filterName: "rate_limiter", config: JSON.stringify({ max_connections: 3, reject_message: "Too many connections\n" }) }]),
          tcpListenerYaml("one", onePort, [{ module: "rate_limiter", filterName: "rate_limiter", config: JSON.stringify({ max_connections: 1 }) }]),
        ]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  /** A connection the limiter let through: its bytes reach the upstream and come back. */
  const passing = async (port: number, word: string): Promise<TcpSession> => {
    const client = await connectTcp(port);
    client.send(word);
    await client.waitFor(new RegExp(`^upstream:${word}$`));
    return client;
  };

  it("lets max_connections through, closes the next with the reject message, and frees a place on close", async () => {
    const open = [await passing(limitedPort, "a"), await passing(limitedPort, "b"), await passing(limitedPort, "c")];
    await statEventually(envoy, "dynamicmodulescustom.rate_limiter_connections_accepted_total", 3);

    const over = await connectTcp(limitedPort);
    await over.waitFor(/^Too many connections\n$/);
    expect((await over.closed).reset).toBe(false);
    await statEventually(envoy, "dynamicmodulescustom.rate_limiter_connections_rejected_total", 1);
    await envoy.waitForLog(/\[rate_limiter\.ts:\d+\] Connection from 127\.0\.0\.1:\d+ rejected\. Current connections: 3, limit: 3/);
    // The rejected connection gave its count back at once: still 3 open, still full.
    const stillOver = await connectTcp(limitedPort);
    await stillOver.waitFor(/^Too many connections\n$/);
    await stillOver.closed;

    open[0]!.end();
    await open[0]!.closed;
    await envoy.waitForLog(/\[rate_limiter\.ts:\d+\] Connection closed\. Active connections: 2/);
    const again = await passing(limitedPort, "d");
    await statEventually(envoy, "dynamicmodulescustom.rate_limiter_connections_accepted_total", 4);
    // Full again.
    const overAgain = await connectTcp(limitedPort);
    await overAgain.waitFor(/^Too many connections\n$/);
    await overAgain.closed;
    for (const client of [...open.slice(1), again]) client.destroy();
    expect(envoy.alive()).toBe(true);
  });

  it("each config counts its own connections, and reject_message has upstream's default", async () => {
    // The first test's connections are all closed (only its listener had any).
    await envoy.waitForLog(/\[rate_limiter\.ts:\d+\] Connection closed\. Active connections: 0/);
    const held = await passing(limitedPort, "y");
    // One open on the other listener: a count shared across configs would refuse this one.
    const first = await passing(onePort, "x");
    const second = await connectTcp(onePort);
    await second.waitFor(/^Connection limit exceeded$/);
    await second.closed;
    first.destroy();
    held.destroy();
  });
});
