/**
 * Bodies as bytes in the real Envoy 1.40 (test/filters/body_rewrite.ts): a request body arriving
 * in several chunks is buffered, read as bytes, upper-cased and sent on with its new length; a
 * body with a NUL byte is refused with a 400; a view kept from one onRequestBody call reads as
 * detached (length 0) in the next, while the chunk it viewed is gone; an 8 MB body scanned chunk
 * by chunk (getReceivedRequestBodyChunks) within the 4 MiB stream memory limit, so never copied.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { requestWithBody, startBodyFilterEnvoy } from "../helpers/body.js";
import type { EnvoyInstance } from "../helpers/envoy.js";
import { filtersDir } from "../helpers/paths.js";

interface Echo {
  body: string;
  length: number;
  headers: Record<string, string>;
}

/** A POST in `chunks` pieces, 100 ms apart, so Envoy reads each on its own. */
const slowPost = (port: number, body: Buffer, chunks: number, headers: Record<string, string> = {}) => requestWithBody(port, "/", body, { chunks, pauseMs: 100, headers });

describe("bodies as bytes in Envoy 1.40", () => {
  let envoy: EnvoyInstance;
  let port: number;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ envoy, port, stop } = await startBodyFilterEnvoy(path.join(filtersDir, "body_rewrite.ts"), "body_rewrite"));
  });

  afterAll(async () => {
    await stop?.();
  });

  it("reads the buffered and received body as bytes and replaces it, over chunks Envoy read one by one", async () => {
    const response = await slowPost(port, Buffer.concat([Buffer.from("hello "), Buffer.from([0x77, 0xc3, 0xa9]), Buffer.from("rld")]), 3);
    expect(response.status).toBe(200);
    expect(response.body.startsWith("<<")).toBe(true);
    const seen = JSON.parse(response.body.slice(2)) as Echo;
    expect(seen.body).toBe("HELLO Wé" + "RLD");
    expect(seen.length).toBe(12);
    expect(seen.headers["content-length"]).toBe("12");
    // Each call saw the previous call's view detached (0) and a chunk of its own.
    const kept = seen.headers["x-kept"]!.split(",");
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.every((entry) => entry.startsWith("0/"))).toBe(true);
    expect(kept.map((entry) => Number(entry.split("/")[1])).reduce((a, b) => a + b, 0)).toBe(12);
    await envoy.waitForLog(/\[body_rewrite\.ts:\d+\] request body: 12 bytes/);
  });

  it("refuses a body with a NUL byte (a 400 local reply from the body hook)", async () => {
    const response = await slowPost(port, Buffer.from([0x61, 0x62, 0x63, 0x00, 0x64]), 2);
    expect(response.status).toBe(400);
    expect(response.body).toBe("no NUL bytes\n");
  });

  it("scans an 8 MB body chunk by chunk over Envoy's memory: no copy (a copy would pass the 4 MiB stream memory limit)", async () => {
    const body = Buffer.alloc(8 * 1024 * 1024, 0x62);
    for (let i = 0; i < body.length; i += 1000) body[i] = 0x61;
    const response = await slowPost(port, body, 4, { "x-op": "scan" });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.slice(2)).length).toBe(body.length);
    const line = await envoy.waitForLog(/scanned \d+ bytes, \d+ a, at most \d+ chunks in one call/);
    const [, size, found, most] = /scanned (\d+) bytes, (\d+) a, at most (\d+) chunks/.exec(line)!;
    expect(Number(size)).toBe(body.length);
    expect(Number(found)).toBe(Math.ceil(body.length / 1000));
    // Envoy hands a read as several slices (up to 64 seen): one contiguous view would have needed a copy.
    expect(Number(most)).toBeGreaterThan(1);
    expect(envoy.logs()).not.toMatch(/failed in onRequestBody/);
  });
});
