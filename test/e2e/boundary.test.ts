/**
 * Header values a filter computes cannot smuggle headers into the real Envoy's HTTP/1 output: a
 * CR LF decoded from a request header (JSON escapes) and copied into a header is refused in the
 * filter (TypeError), so the bytes on the wire never carry the injected line. Local replies keep to
 * statuses a final response can carry; configs with numbers beyond double range are refused.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, rawExchange, startEchoUpstream } from "../helpers/net.js";
import { filtersDir } from "../helpers/paths.js";

const INJECTED = "en\r\nset-cookie: session=attacker";
/** The injected header as a line of its own on the wire (a JSON body echoing it escaped does not count). */
const INJECTED_LINE = /\r\nset-cookie:/i;

/** One HTTP/1.1 request with extra header lines, written raw; the bytes Envoy answers with. */
function exchange(port: number, headers: Record<string, string>) {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("");
  return rawExchange(port, `GET /page HTTP/1.1\r\nhost: example.com\r\n${lines}connection: close\r\n\r\n`);
}

describe("the Envoy boundary in Envoy (raw HTTP/1)", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;
  const prefs = JSON.stringify({ lang: INJECTED });

  beforeAll(async () => {
    const { dir } = await buildFilter(path.join(filtersDir, "boundary.ts"));
    upstream = await startEchoUpstream();
    port = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("boundary", port, [{ module: "boundary", filterName: "boundary" }])]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  async function failures(): Promise<number> {
    return (await envoy.stats()).get("boundary.failures") ?? [...(await envoy.stats())].find(([name]) => name.endsWith("boundary.failures"))?.[1] ?? 0;
  }

  it("copies a clean value through (the filter works)", async () => {
    const { bytes } = await exchange(port, { "x-prefs": '{"lang": "de"}', "x-target": "client" });
    expect(bytes).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(bytes).toContain("\r\ncontent-language: de\r\n");
  });

  it("refuses a CR LF bound for the client: the response is reset, no injected header on the wire", async () => {
    const before = await failures();
    const { bytes } = await exchange(port, { "x-prefs": prefs, "x-target": "client" });
    expect(bytes).not.toMatch(INJECTED_LINE);
    expect(bytes).not.toMatch(/^HTTP\/1\.1 200/);
    await envoy.waitForLog(/failed in onResponseHeaders: uncaught TypeError: Invalid character in header content \["content-language"\]; reset the stream/);
    expect(await failures()).toBe(before + 1);
  });

  it("lets the filter catch the TypeError and answer without the value", async () => {
    const { bytes } = await exchange(port, { "x-prefs": prefs, "x-target": "client-caught" });
    expect(bytes).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(bytes).toContain('\r\nx-refused: Invalid character in header content ["content-language"]\r\n');
    expect(bytes).not.toMatch(INJECTED_LINE);
    expect(bytes).not.toMatch(/\r\ncontent-language:/);
  });

  it("refuses a CR LF bound for the upstream: 500, the upstream never sees it", async () => {
    const { bytes } = await exchange(port, { "x-prefs": prefs, "x-target": "upstream" });
    // Before the check, Envoy wrote the line to the upstream, whose echo showed a set-cookie request header.
    expect(bytes).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
    expect(bytes).not.toContain('"set-cookie"');
    expect(bytes).not.toMatch(INJECTED_LINE);
  });

  it("refuses a CR LF in a local reply's header: 500 instead of the reply", async () => {
    const { bytes } = await exchange(port, { "x-prefs": prefs, "x-reply-status": "403", "x-reply-body": "no" });
    expect(bytes).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
    expect(bytes).not.toMatch(INJECTED_LINE);
  });

  it("keeps the request and status lines well formed: no space in :path, no :status a response with a body cannot have", async () => {
    const rewritten = await exchange(port, { "x-path-to": "/rewritten?x=1" });
    expect(JSON.parse(rewritten.bytes.slice(rewritten.bytes.indexOf("\r\n\r\n") + 4)).url).toBe("/rewritten?x=1");
    // A space would split the upstream's request line ("GET /a HTTP/1.1 HTTP/1.1").
    const split = await exchange(port, { "x-path-to": "/a HTTP/1.1" });
    expect(split.bytes).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
    const notFound = await exchange(port, { "x-status-to": "404" });
    expect(notFound.bytes).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    // Envoy would send "204 No Content" followed by the upstream's content-length and body.
    const noContent = await exchange(port, { "x-status-to": "204" });
    expect(noContent.bytes).not.toMatch(/HTTP\/1\.1 204/);
    await envoy.waitForLog(/uncaught RangeError: Invalid status code: 204 \(a :status set by a filter is from 200 to 599, not 204 or 304\); reset the stream/);
  });

  it("sends local replies of statuses a final response can carry, and no others", async () => {
    const ok = await exchange(port, { "x-reply-status": "403", "x-reply-body": "denied" });
    expect(ok.bytes).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n[^]*\r\n\r\ndenied$/);
    const noContent = await exchange(port, { "x-reply-status": "204" });
    expect(noContent.bytes).toMatch(/^HTTP\/1\.1 204 No Content\r\n/);
    expect(noContent.bytes).not.toContain("content-length");
    // Envoy would send a 1xx as the final response, and a 204 body framed by content-length.
    for (const refused of [{ "x-reply-status": "101" }, { "x-reply-status": "100" }, { "x-reply-status": "204", "x-reply-body": "hi" }, { "x-reply-status": "304", "x-reply-body": "hi" }]) {
      const { bytes } = await exchange(port, refused);
      expect(bytes, JSON.stringify(refused)).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
      expect(bytes).not.toMatch(/HTTP\/1\.1 (1\d\d|204|304)/);
    }
    await envoy.waitForLog(/uncaught RangeError: Invalid status code: 101 \(a local reply's status is an integer from 200 to 599\)/);
    await envoy.waitForLog(/uncaught RangeError: Invalid status code: 204 \(a 204 or 304 local reply cannot carry a body\)/);
    expect(envoy.alive()).toBe(true);
  }, 30_000); // each fail-closed 500 on a connection: close exchange ends after Envoy's 1 s delayed close
});
