/**
 * examples/json_transformer.ts compiled to a .so and run by the real Envoy 1.40: the upstream gets
 * the rewritten JSON with a content-length that fits it; bad JSON gets a 400 from the filter.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { counter, requestWithBody, startBodyFilterEnvoy } from "../helpers/body.js";
import type { EnvoyInstance } from "../helpers/envoy.js";
import { examplesDir } from "../helpers/paths.js";

const json = { "content-type": "application/json" };

describe("json_transformer in Envoy", () => {
  let envoy: EnvoyInstance;
  let port: number;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ envoy, port, stop } = await startBodyFilterEnvoy(path.join(examplesDir, "json_transformer.ts"), "json_transformer", "edge-1"));
  });

  afterAll(async () => {
    await stop?.();
  });

  it("renames user to customer, adds source, and fixes content-length (multi-byte text, several chunks)", async () => {
    const response = await requestWithBody(port, "/orders", JSON.stringify({ item: "café crème ☕", quantity: 2, user: "zoë", extra: true }), { headers: json, chunks: 3 });
    expect(response.status).toBe(200);
    const seen = JSON.parse(response.body) as { body: string; length: number; headers: Record<string, string> };
    expect(JSON.parse(seen.body)).toEqual({ item: "café crème ☕", quantity: 2, customer: "zoë", source: "edge-1" });
    expect(seen.headers["content-length"]).toBe(String(Buffer.byteLength(seen.body)));
    expect(seen.length).toBe(Buffer.byteLength(seen.body));
  });

  it("keeps customer when present", async () => {
    const response = await requestWithBody(port, "/orders", '{"item":"tea","quantity":1,"customer":"al"}', { headers: json });
    expect(JSON.parse(JSON.parse(response.body).body)).toEqual({ item: "tea", quantity: 1, customer: "al", source: "edge-1" });
  });

  it("answers 400 for a body that is not an order, without a failure", async () => {
    const response = await requestWithBody(port, "/orders", '{"item":"tea"}', { headers: json });
    expect(response.status).toBe(400);
    expect(response.body).toMatch(/^not an order: /);
    expect((await requestWithBody(port, "/orders", "{", { headers: json })).status).toBe(400);
    expect(counter(await envoy.stats(), "json_transformer.failures")).toBe(0);
  });

  it("leaves other bodies alone", async () => {
    const response = await requestWithBody(port, "/", "plain text", { headers: { "content-type": "text/plain" } });
    expect(JSON.parse(response.body)).toMatchObject({ body: "plain text", length: 10 });
  });
});
