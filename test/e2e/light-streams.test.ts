/**
 * Light streams in the real Envoy (runtime-c/http_filter.c's hook_arena, runtime.md): each hook call
 * of test/filters/light_reply.ts allocates in an arena of its own, freed when it returns; what a
 * call allocated stays intact through the Envoy calls it makes (a local reply), the response hook
 * outgrows its first chunk, and a failure still fails the stream closed.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { filtersDir } from "../helpers/paths.js";

// What light_reply.ts's response hook builds: `${status}:${i};` for i below 300.
const FILLER_LENGTH = 10 * 6 + 90 * 7 + 200 * 8;

describe("light streams in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(filtersDir, "light_reply.ts"));
    upstream = await startEchoUpstream();
    port = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("light", port, [{ module: "light_reply", filterName: "light_reply", config: '{"tag": "t"}' }])]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("runs both hooks of a proxied request, each with what it allocated", async () => {
    const response = await request(port, "/x/y");
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body).headers as Record<string, string>)["x-words"]).toBe("x-t,y-t");
    expect(response.headers["x-response-seen"]).toBe(`200/${FILLER_LENGTH}/t`);
  });

  it("keeps the request hook's strings through its local reply", async () => {
    const response = await request(port, "/reply/a/b");
    expect(response.status).toBe(418);
    expect(response.headers["x-words"]).toBe("reply-t,a-t,b-t");
    expect(response.body).toBe("reply-t,a-t,b-t\n");
    // Envoy 1.40 does not run the replying filter's own response hook for its reply.
    expect(response.headers).not.toHaveProperty("x-response-seen");
    await envoy.waitForLog(/\[light_reply\.ts:\d+\] after the reply: reply-t,a-t,b-t \(3 words\)/);
  });

  it("fails closed with a 500 the response hook leaves alone, and goes on serving", async () => {
    const failed = await request(port, "/throw/z");
    expect(failed.status).toBe(500);
    expect(failed.headers).not.toHaveProperty("x-response-seen");
    await envoy.waitForLog(/failed in onRequestHeaders: uncaught Error: thrown after throw-t,z-t; sent a 500 local reply/);
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => request(port, i % 2 ? `/reply/${i}` : `/p/${i}`)));
    responses.forEach((response, i) => {
      if (i % 2) expect(response.headers["x-words"]).toBe(`reply-t,${i}-t`);
      else expect(response.headers["x-response-seen"]).toBe(`200/${FILLER_LENGTH}/t`);
    });
  });
});
