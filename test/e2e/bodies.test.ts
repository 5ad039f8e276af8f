/**
 * The body API in the real Envoy 1.40 (test/filters/body_surface.ts): every method on the request
 * and response bodies, calls outside the body hooks answering as the ABI does, RangeError from a
 * bad drain, and failures in onRequestBody (500) and onResponseBody (reset).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { counter, requestWithBody, startBodyFilterEnvoy } from "../helpers/body.js";
import type { EnvoyInstance } from "../helpers/envoy.js";
import { filtersDir } from "../helpers/paths.js";

interface Echo {
  body: string;
  length: number;
  headers: Record<string, string>;
}

describe("body methods in Envoy", () => {
  let envoy: EnvoyInstance;
  let port: number;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ envoy, port, stop } = await startBodyFilterEnvoy(path.join(filtersDir, "body_surface.ts"), "body_surface"));
  });

  afterAll(async () => {
    await stop?.();
  });

  const send = async (op: string, body: string | Buffer, chunks = 1) => requestWithBody(port, "/", body, { headers: { "x-op": op }, chunks });

  it("answers empty and false for the received body outside onRequestBody", async () => {
    const seen = JSON.parse((await send("", "hello")).body) as Echo;
    expect(seen.headers["x-headers-phase"]).toBe("true,0,false,false,false,false");
    expect(seen.body).toBe("hello");
  });

  it("drains, replaces, prepends and appends (multi-byte text over several chunks)", async () => {
    const text = "añb€c😀d".repeat(2000);
    const seen = JSON.parse((await send("wrap", text, 5)).body) as Echo;
    const [wrapped, facts] = seen.body.split("|");
    expect(wrapped).toBe(`«${text}»`);
    const [drained, replaced, bufferedAfter, receivedAfter] = facts!.split(",");
    expect([drained, replaced, bufferedAfter]).toEqual(["true", "true", "0"]);
    expect(Number(receivedAfter)).toBe(Buffer.byteLength(`«${text}»`));
  });

  it("drains the first bytes of the buffered body", async () => {
    expect((JSON.parse((await send("drain", "0123456789")).body) as Echo).body).toBe("3456789");
  });

  it("decodes invalid UTF-8 as U+FFFD, as TextDecoder does", async () => {
    const seen = JSON.parse((await send("wrap", Buffer.from([0x61, 0xff, 0xc3, 0x62, 0xe2, 0x82]))).body) as Echo;
    expect(seen.body.split("|")[0]).toBe("«a\uFFFD\uFFFDb\uFFFD»");
  });

  it("throws RangeError for a byte count that is not a non-negative integer", async () => {
    const seen = JSON.parse((await send("bad-drain", "abc")).body) as Echo;
    expect(seen.body).toBe("abc|RangeError: Invalid byte count: -1 (a non-negative integer)");
  });

  it("rewrites the response body; the request's received body is gone by then", async () => {
    const response = await send("upper-response", "quiet");
    expect(response.status).toBe(200);
    const [json, facts] = response.body.split("|");
    expect(JSON.parse(json!)).toMatchObject({ BODY: "QUIET", LENGTH: 5 });
    expect(facts).toBe("true,false");
  });

  it("fails closed: 500 from onRequestBody, a reset from onResponseBody", async () => {
    const before = counter(await envoy.stats(), "body_surface.failures");
    const failed = await send("throw", "x");
    expect(failed.status).toBe(500);
    expect(failed.body).toBe("internal error in an Envoy filter\n");
    await expect(send("throw-response", "x")).rejects.toThrow();
    expect(counter(await envoy.stats(), "body_surface.failures")).toBe(before + 2);
    expect(envoy.logs()).toMatch(/body_surface\.ts:\d+.*failed in onRequestBody: uncaught Error: request body boom; sent a 500 local reply/);
    expect(envoy.logs()).toMatch(/failed in onResponseBody: uncaught Error: response body boom; reset the stream/);
    expect(envoy.alive()).toBe(true);
  });
});
