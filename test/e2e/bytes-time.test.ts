/**
 * The bytes and time pieces of the language in the real Envoy 1.40: test/filters/token_claims.ts
 * decodes a JWT-shaped token's payload (atob, Uint8Array, TextDecoder with fatal) and checks its
 * expiry against Date.now().
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { startEnvoy, EnvoyInstance } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { filtersDir } from "../helpers/paths.js";

const base64url = (bytes: Buffer) => bytes.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const token = (payload: Buffer) => `${base64url(Buffer.from('{"alg":"none"}'))}.${base64url(payload)}.`;
const claims = (sub: string, exp: number) => token(Buffer.from(JSON.stringify({ sub, exp }), "utf8"));

describe("bytes and time in Envoy", () => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    ({ dir } = await buildFilter(path.join(filtersDir, "token_claims.ts")));
    upstream = await startEchoUpstream();
    port = await freePort();
    envoy = await startEnvoy({
      modulesDir: dir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("claims", port, [{ module: "token_claims", filterName: "token_claims" }])]),
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("decodes a UTF-8 payload from base64url and passes what it found upstream", async () => {
    const sub = "josé 😀";
    const payload = Buffer.from(JSON.stringify({ sub, exp: Math.floor(Date.now() / 1000) + 600 }), "utf8");
    const response = await request(port, "/", { "x-token": token(payload) });
    expect(response.status).toBe(200);
    const seen = JSON.parse(response.body).headers as Record<string, string>;
    expect(seen["x-sub-hex"]).toBe(Buffer.from(sub, "utf8").toString("hex"));
    expect(seen["x-sub-b64"]).toBe(Buffer.from(sub, "utf8").toString("base64"));
    expect(seen["x-payload-bytes"]).toBe(String(payload.length));
    expect(seen["x-elapsed-ok"]).toBe("true");
  });

  it("rejects an expired token by Date.now()", async () => {
    const response = await request(port, "/", { "x-token": claims("a", Math.floor(Date.now() / 1000) - 5) });
    expect(response.status).toBe(401);
  });

  it("reports atob's and the fatal TextDecoder's errors as Node names them", async () => {
    const badBase64 = await request(port, "/", { "x-token": "a.b$c." });
    expect(badBase64.status).toBe(400);
    expect(badBase64.headers["x-error"]).toBe("InvalidCharacterError: Invalid character");
    const badUtf8 = await request(port, "/", { "x-token": token(Buffer.from([0x7b, 0xff, 0x7d])) });
    expect(badUtf8.status).toBe(400);
    expect(badUtf8.headers["x-error"]).toBe("TypeError: The encoded data was not valid for encoding utf-8");
  });
});
