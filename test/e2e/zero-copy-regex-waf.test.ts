/**
 * examples/zero_copy_regex_waf.ts compiled to a .so and run by the real Envoy 1.40, with the
 * upstream example's config, replaying upstream's integration expectations (integration/main_test.go):
 * 200 for 1000 "a"s, 403 for bodies naming curl or wget; and the body reaches the upstream intact.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { counter, requestWithBody, startBodyFilterEnvoy } from "../helpers/body.js";
import type { EnvoyInstance } from "../helpers/envoy.js";
import { examplesDir } from "../helpers/paths.js";

describe("zero_copy_regex_waf in Envoy", () => {
  let envoy: EnvoyInstance;
  let port: number;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ envoy, port, stop } = await startBodyFilterEnvoy(path.join(examplesDir, "zero_copy_regex_waf.ts"), "zero_copy_regex_waf", "^.*(curl|wget).*"));
  });

  afterAll(async () => {
    await stop?.();
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

  it("finds the pattern across chunks (buffered and received text together)", async () => {
    const body = `${"x".repeat(20_000)}curl${"y".repeat(20_000)}`;
    expect((await requestWithBody(port, "/", body, { chunks: 7 })).status).toBe(403);
    expect((await requestWithBody(port, "/", body.replace("curl", "cur l"), { chunks: 7 })).status).toBe(200);
  });

  it("passes a body of 1 MB (under Envoy's 1 MiB buffer limit), in many chunks", async () => {
    const body = "b".repeat(1_000_000);
    const response = await requestWithBody(port, "/", body, { chunks: 50 });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).length).toBe(1_000_000);
  });

  it("reads non-ASCII text and invalid UTF-8 without failing", async () => {
    expect((await requestWithBody(port, "/", "héllo wörld — curl ✓")).status).toBe(403);
    const response = await requestWithBody(port, "/", Buffer.from([0x61, 0xff, 0xfe, 0x62]));
    expect(response.status).toBe(200);
    expect(counter(await envoy.stats(), "zero_copy_regex_waf.failures")).toBe(0);
  });
});
