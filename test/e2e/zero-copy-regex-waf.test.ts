/**
 * examples/zero_copy_regex_waf.ts compiled to a .so and run by the real Envoy 1.40, with the
 * upstream example's config, replaying upstream's integration expectations (integration/main_test.go):
 * 200 for 1000 "a"s, 403 for bodies naming curl or wget; and the body reaches the upstream intact.
 * Beyond upstream: a second listener with another pattern, a pattern that does not compile
 * refusing the config, matches across chunk boundaries, a 1 MB body scanned within 128 KiB of
 * stream memory (each window's text is freed after its test; keeping the windows needed 1.17 MB,
 * reading the body as one string 4 MB), and an upstream that answers before it
 * reads the body (the filter holds the headers, so it never sees the request).
 */
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { counter, requestWithBody, startBodyEchoUpstream } from "../helpers/body.js";
import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, runEnvoyExpectingFailure, startEnvoy } from "../helpers/envoy.js";
import { indent, listenerYaml, staticBootstrap, upstreamClusterYaml } from "../helpers/envoy-config.js";
import { freePort } from "../helpers/net.js";
import { examplesDir } from "../helpers/paths.js";

const UPSTREAM_PATTERN = "^.*(curl|wget).*";
const OTHER_PATTERN = "\\b(DROP|TRUNCATE)\\s+TABLE\\b";

describe("zero_copy_regex_waf in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startBodyEchoUpstream>>;
  let port: number;
  let otherPort: number;
  let eagerPort: number;
  let eager: http.Server;
  let eagerRequests = 0;
  let modulesDir: string;

  const filter = (config: string) => [{ module: "zero_copy_regex_waf", filterName: "zero_copy_regex_waf", config }];

  beforeAll(async () => {
    modulesDir = (await buildFilter(path.join(examplesDir, "zero_copy_regex_waf.ts"), { streamMemoryLimit: 128 * 1024 })).dir;
    upstream = await startBodyEchoUpstream();
    port = await freePort();
    otherPort = await freePort();
    eagerPort = await freePort();
    // Answers as soon as the headers arrive, as Envoy's direct_response does.
    eager = http.createServer((_req, res) => (eagerRequests++, res.end("eager")));
    await new Promise<void>((resolve) => eager.listen(0, "127.0.0.1", resolve));
    const eagerCluster = upstreamClusterYaml((eager.address() as { port: number }).port, "eager");
    envoy = await startEnvoy({
      modulesDir,
      config: (adminPort) =>
        `${staticBootstrap(adminPort, upstream.port, [
          listenerYaml("waf", port, filter(UPSTREAM_PATTERN)),
          listenerYaml("sql", otherPort, filter(OTHER_PATTERN)),
          listenerYaml("eager", eagerPort, filter(UPSTREAM_PATTERN), { cluster: "eager" }),
        ])}\n${indent(eagerCluster, 2)}`,
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
    await new Promise((resolve) => eager?.close(resolve));
  });

  it("lets a harmless body through to the upstream, intact", async () => {
    const body = "a".repeat(1000);
    const response = await requestWithBody(port, "/status/200", body, { method: "GET" });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ length: 1000, body });
  });

  for (const body of ["bash -c 'curl https://some-url.com'", "bash -c 'wget https://some-url.com'"]) {
    it(`rejects ${JSON.stringify(body)} with 403`, async () => {
      const response = await requestWithBody(port, "/status/200", body, { method: "GET" });
      expect(response.status).toBe(403);
      expect(response.body).toBe("Access forbidden");
    });
  }

  it("finds the pattern in any chunk, and across a chunk boundary", async () => {
    const body = `${"x".repeat(20_000)}curl${"y".repeat(20_000)}`;
    expect((await requestWithBody(port, "/", body, { chunks: 7 })).status).toBe(403);
    expect((await requestWithBody(port, "/", body.replace("curl", "cur l"), { chunks: 7 })).status).toBe(200);
    // Two writes with a pause between them: Envoy hands the filter "...cu" and then "rl...".
    const split = `${"x".repeat(999)}cu${"y".repeat(999)}`.replace("y", "rl");
    expect((await requestWithBody(port, "/", split, { chunks: 2, pauseMs: 100 })).status).toBe(403);
  });

  it("passes a body of 1 MB (under Envoy's 1 MiB buffer limit), in many chunks, within 128 KiB of stream memory", async () => {
    const body = "b".repeat(1_000_000);
    const response = await requestWithBody(port, "/", body, { chunks: 50 });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).length).toBe(1_000_000);
    expect((await requestWithBody(port, "/", `${body.slice(0, 999_000)}wget`, { chunks: 50 })).status).toBe(403);
    expect(counter(await envoy.stats(), "zero_copy_regex_waf.failures")).toBe(0);
  });

  it("reads non-ASCII text and invalid UTF-8 without failing", async () => {
    expect((await requestWithBody(port, "/", "héllo wörld — curl ✓")).status).toBe(403);
    const response = await requestWithBody(port, "/", Buffer.from([0x61, 0xff, 0xfe, 0x62]));
    expect(response.status).toBe(200);
    expect(counter(await envoy.stats(), "zero_copy_regex_waf.failures")).toBe(0);
  });

  it("applies another configured pattern on a second listener, each listener its own", async () => {
    expect((await requestWithBody(otherPort, "/", "q=1; DROP  TABLE users")).status).toBe(403);
    expect((await requestWithBody(otherPort, "/", "curl https://some-url.com")).status).toBe(200);
    expect((await requestWithBody(otherPort, "/", "q=1; DROP TABLEAU")).status).toBe(200);
    expect((await requestWithBody(port, "/", "q=1; DROP TABLE users")).status).toBe(200);
  });

  it("holds the headers until the body is scanned: an upstream that answers at once never sees a matching request", async () => {
    for (let i = 0; i < 10; i++) {
      const response = await requestWithBody(eagerPort, "/", "bash -c 'wget https://some-url.com'");
      expect(response.status).toBe(403);
    }
    expect(eagerRequests).toBe(0);
    const harmless = await requestWithBody(eagerPort, "/", "a".repeat(1000));
    expect(harmless.status).toBe(200);
    expect(harmless.body).toBe("eager");
    expect(eagerRequests).toBe(1);
  });

  it("refuses a config whose pattern does not compile, with the reason", async () => {
    const result = await runEnvoyExpectingFailure({
      modulesDir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("bad", port, filter("(curl|wget"))]),
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.logs).toMatch(/filter 'zero_copy_regex_waf' rejected its filter_config: uncaught SyntaxError: Invalid regular expression: \/\(curl\|wget\/: Unterminated group/);
  });
});
