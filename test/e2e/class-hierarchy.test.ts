/**
 * Classes in the real Envoy: a filter class inheriting its hook from an abstract base, rules
 * dispatched through their base type, getters and statics, an Error subclass caught and turned
 * into a local reply, and Error subclasses left uncaught failing closed with the TypeScript line.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { filtersDir } from "../helpers/paths.js";

describe("class hierarchies in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(filtersDir, "class_hierarchy.ts"));
    upstream = await startEchoUpstream();
    port = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("classes", port, [{ module: "class_hierarchy", filterName: "class_hierarchy" }])]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  function sourceLine(code: string): number {
    return fs.readFileSync(path.join(filtersDir, "class_hierarchy.ts"), "utf8").split("\n").findIndex((line) => line.includes(code)) + 1;
  }

  it("runs the inherited hook and dispatches to each rule's override", async () => {
    const exact = await request(port, "/abc");
    expect(exact.status).toBe(200);
    expect(exact.headers["x-rule"]).toBe("x-rule-exact");
    expect(exact.headers["x-seen"]).toBe("1");
    const prefix = await request(port, "/abcd");
    expect(prefix.headers["x-rule"]).toBe("x-rule-prefix");
    expect((await request(port, "/zzz")).headers["x-rule"]).toBe("none");
  });

  it("catches an Error subclass with instanceof and replies with its status", async () => {
    const response = await request(port, "/secret", { "x-mode": "deny" });
    expect(response.status).toBe(403);
    expect(response.headers["x-error"]).toBe("Forbidden: no access to /secret");
    expect(response.body).toBe("no access to /secret\n");
  });

  it("fails closed with a 500 and the TypeScript line when an error is rethrown", async () => {
    const response = await request(port, "/x", { "x-mode": "uncaught" });
    expect(response.status).toBe(500);
    await envoy.waitForLog(new RegExp(`\\[class_hierarchy\\.ts:${sourceLine('throw new Error("plain error, rethrown")')}\\] tsc2envoy: filter 'class_hierarchy' failed in onRequestHeaders: uncaught Error: plain error, rethrown; sent a 500 local reply`));
  });

  it("resets the stream when an Error subclass escapes the response hook, at the line of its new", async () => {
    await expect(request(port, "/boom")).rejects.toThrow(/socket hang up|ECONNRESET/);
    await envoy.waitForLog(new RegExp(`\\[class_hierarchy\\.ts:${sourceLine('throw new Forbidden("/boom on the response path")')}\\] tsc2envoy: filter 'class_hierarchy' failed in onResponseHeaders: uncaught Forbidden: no access to /boom on the response path; reset the stream`));
    // Envoy is still up.
    expect((await request(port, "/abc")).status).toBe(200);
  });
});
