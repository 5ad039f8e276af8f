/**
 * examples/redis.ts (port of upstream's network_redis) in the real Envoy 1.40 behind a tcp_proxy,
 * between a Node client speaking RESP and a tiny RESP-speaking Node upstream (there is no Redis
 * server here): allowed commands reach the upstream and its replies come back; a blocked command,
 * matched upper-cased, is answered by the filter with `-ERR` and never reaches the upstream; a read
 * over max_command_length gets `-ERR command too long`; the counters and the gauge follow.
 */
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, statEventually, startEnvoy } from "../helpers/envoy.js";
import { staticBootstrap, tcpListenerYaml } from "../helpers/envoy-config.js";
import { freePort } from "../helpers/net.js";
import { examplesDir } from "../helpers/paths.js";
import { connectTcp } from "../helpers/tcp.js";

/** A command as a RESP array of bulk strings, as redis-cli sends it. */
const resp = (...args: string[]): string => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;

/**
 * A RESP server with PING, SET, GET and FLUSHALL over one key space; it records every command it
 * receives. Commands arrive whole here (the client waits for each reply), so a chunk is parsed alone.
 */
async function startRespUpstream(): Promise<{ port: number; received: string[][]; close: () => Promise<void> }> {
  const store = new Map<string, string>();
  const received: string[][] = [];
  const sockets = new Set<net.Socket>();
  const reply = (args: string[]): string => {
    const [name = "", key = "", value = ""] = args;
    switch (name.toUpperCase()) {
      case "PING":
        return "+PONG\r\n";
      case "SET":
        store.set(key, value);
        return "+OK\r\n";
      case "GET":
        return store.has(key) ? `$${Buffer.byteLength(store.get(key)!)}\r\n${store.get(key)!}\r\n` : "$-1\r\n";
      case "FLUSHALL":
        store.clear();
        return "+OK\r\n";
      default:
        return `-ERR unknown command '${name}'\r\n`;
    }
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("data", (chunk: Buffer) => {
      const lines = chunk.toString("utf8").split("\r\n");
      let out = "";
      for (let i = 0; i < lines.length && lines[i]!.startsWith("*"); ) {
        const count = Number(lines[i]!.slice(1));
        const args = Array.from({ length: count }, (_, k) => lines[i + 2 + 2 * k]!);
        received.push(args);
        out += reply(args);
        i += 1 + 2 * count;
      }
      socket.write(out);
    });
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("redis in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startRespUpstream>>;
  let port: number;

  beforeAll(async () => {
    const built = await buildFilter(path.join(examplesDir, "redis.ts"));
    upstream = await startRespUpstream();
    port = await freePort();
    const config = { blocked_commands: ["FLUSHALL", "DEBUG"], log_commands: true, max_command_length: 64 };
    envoy = await startEnvoy({
      modulesDir: built.dir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [tcpListenerYaml("redis", port, [{ module: "redis", filterName: "redis", config: JSON.stringify(config) }])]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("passes allowed commands, answers blocked ones itself, refuses long reads, and counts them", async () => {
    const client = await connectTcp(port);
    let expected = "";
    const exchange = async (command: string, answer: string): Promise<void> => {
      client.send(command);
      expected += answer;
      await client.waitFor((got) => got.toString("latin1") === expected);
    };
    await exchange(resp("PING"), "+PONG\r\n");
    await exchange(resp("SET", "k", "v"), "+OK\r\n");
    await exchange(resp("FLUSHALL"), "-ERR command 'FLUSHALL' is not allowed\r\n");
    // The name is matched upper-cased.
    await exchange(resp("debug", "sleep", "0"), "-ERR command 'DEBUG' is not allowed\r\n");
    await exchange(resp("SET", "big", "x".repeat(64)), "-ERR command too long\r\n");
    // The connection is still usable, and the blocked FLUSHALL never reached the data.
    await exchange(resp("get", "k"), "$1\r\nv\r\n");
    expect(upstream.received).toEqual([["PING"], ["SET", "k", "v"], ["get", "k"]]);

    await envoy.waitForLog(/\[redis\.ts:\d+\] Blocked Redis command: FLUSHALL/);
    await envoy.waitForLog(/\[redis\.ts:\d+\] Blocked Redis command: DEBUG/);
    await envoy.waitForLog(/\[redis\.ts:\d+\] Redis command exceeds max length: 93 > 64/);
    await statEventually(envoy, "dynamicmodulescustom.redis_commands_total", 5);
    await statEventually(envoy, "dynamicmodulescustom.redis_commands_blocked", 2);
    await statEventually(envoy, "dynamicmodulescustom.redis_parse_errors", 1);
    await statEventually(envoy, "dynamicmodulescustom.redis_active_connections", 1);
    const sent = [resp("PING"), resp("SET", "k", "v"), resp("FLUSHALL"), resp("debug", "sleep", "0"), resp("SET", "big", "x".repeat(64)), resp("get", "k")];
    await statEventually(envoy, "dynamicmodulescustom.redis_bytes_received", sent.join("").length);
    // Envoy runs the filter's own -ERR writes through the write hooks too, so they count as sent.
    await statEventually(envoy, "dynamicmodulescustom.redis_bytes_sent", expected.length);

    client.end();
    await client.closed;
    await statEventually(envoy, "dynamicmodulescustom.redis_active_connections", 0);
    expect(envoy.alive()).toBe(true);
  });
});
