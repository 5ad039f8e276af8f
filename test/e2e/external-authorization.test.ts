/**
 * examples/external_authorization.ts in the real Envoy 1.40: an async hook awaiting
 * envoy.httpCallout to a local auth service (a cluster of the bootstrap). 200 passes the request
 * upstream with the service's x-auth-user, 403 is answered 403, a service slower than the callout's
 * timeout and a cluster Envoy does not have fail closed (503), and clients that disconnect while
 * their callout is pending leave Envoy serving.
 */
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { indent, listenerYaml, staticBootstrap, upstreamClusterYaml } from "../helpers/envoy-config.js";
import { abandonRequests, statSum, statSumEventually } from "../helpers/held-requests.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

/** The callout's timeout: long enough that a disconnect comes while the callout is pending on a loaded machine. */
const TIMEOUT_MS = 1500;

/** The auth service: "Bearer ok" is allowed (as user ann), "Bearer slow" answers after 10 s, anything else is 403. */
async function startAuthService(): Promise<{ port: number; seen: { url: string; method: string }[]; close: () => Promise<void> }> {
  const seen: { url: string; method: string }[] = [];
  const server = http.createServer((req, res) => {
    const authorization = req.headers.authorization ?? "";
    if (authorization === "Bearer slow") {
      const timer = setTimeout(() => res.end("late"), 10_000);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    seen.push({ url: req.url ?? "", method: String(req.headers["x-original-method"]) });
    if (authorization === "Bearer ok") {
      res.setHeader("x-auth-user", "ann");
      res.end("ok");
      return;
    }
    res.statusCode = 403;
    res.end("no");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, seen, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

/** Envoy (of `version`, the module built for it) with the filter on two listeners: one asking the auth cluster, one naming a cluster Envoy lacks. */
async function startAuthorizedEnvoy(version?: "1.38" | "1.39") {
  const { dir } = await buildFilter(path.join(examplesDir, "external_authorization.ts"), version ? { envoyVersion: version, outDir: scratchDir(`external-authorization-${version}`) } : {});
  const upstream = await startEchoUpstream();
  const auth = await startAuthService();
  const port = await freePort();
  const noClusterPort = await freePort();
  const filter = (cluster: string) => [{ module: "external_authorization", filterName: "external_authorization", config: JSON.stringify({ cluster, timeoutMs: TIMEOUT_MS }) }];
  const envoy = await startEnvoy({
    ...(version ? { envoyVersion: version } : {}),
    modulesDir: dir,
    config: (adminPort) =>
      `${staticBootstrap(adminPort, upstream.port, [listenerYaml("authz", port, filter("auth")), listenerYaml("nocluster", noClusterPort, filter("nowhere"))])}\n${indent(upstreamClusterYaml(auth.port, "auth"), 2)}`,
  });
  const close = async () => {
    await envoy.stop();
    await upstream.close();
    await auth.close();
  };
  return { envoy, auth, port, noClusterPort, close };
}

describe("external_authorization in Envoy", () => {
  let envoy: EnvoyInstance;
  let auth: Awaited<ReturnType<typeof startAuthService>>;
  let port: number;
  let noClusterPort: number;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ envoy, auth, port, noClusterPort, close } = await startAuthorizedEnvoy());
  });

  afterAll(async () => {
    await close?.();
  });

  it("passes a request the auth service allows, with the user it names", async () => {
    const response = await request(port, "/orders/7", { authorization: "Bearer ok" });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).headers["x-auth-user"]).toBe("ann");
    expect(auth.seen).toContainEqual({ url: "/check/orders/7", method: "GET" });
  });

  it("answers 403 when the auth service says 403, and the request never goes upstream", async () => {
    const response = await request(port, "/orders/8", { authorization: "Bearer nobody" });
    expect(response.status).toBe(403);
    expect(response.body).toBe("denied by the auth service (403)\n");
  });

  it("fails closed with a 503 when the auth service is slower than the callout's timeout", async () => {
    const started = performance.now();
    const response = await request(port, "/slow", { authorization: "Bearer slow" });
    const took = performance.now() - started;
    expect(response.status).toBe(503);
    expect(response.body).toBe("auth service unavailable\n");
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    // The service answers after 10 s: well under that, with a loaded machine's slack.
    expect(took).toBeLessThan(8000);
    // Envoy's async client answers a timed-out callout itself: a 504 response, not a reset.
    await envoy.waitForLog(/auth service unavailable: Error: the auth service answered 504/);
  });

  it("fails closed with a 503 for a cluster Envoy does not have: the callout does not start", async () => {
    const response = await request(noClusterPort, "/", { authorization: "Bearer ok" });
    expect(response.status).toBe(503);
    await envoy.waitForLog(/auth service unavailable: HttpCalloutError: httpCallout to 'nowhere': no such cluster/);
  });

  it("keeps serving when clients disconnect while their callouts are pending", async () => {
    const before = await envoy.stats();
    await abandonRequests(envoy, port, "GET /gone HTTP/1.1\r\nhost: x\r\nauthorization: Bearer slow\r\n\r\n", 3);
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS + 300)); // past the callouts' timeouts
    expect(envoy.alive()).toBe(true);
    // Envoy counts each destroyed stream once it has seen its client go, which a loaded machine delays.
    await statSumEventually(envoy, "downstream_cx_destroy_remote_active_rq", statSum(before, "downstream_cx_destroy_remote_active_rq") + 3);
    expect(statSum(await envoy.stats(), "external_authorization.failures")).toBe(0);
    const response = await request(port, "/after", { authorization: "Bearer ok" });
    expect(response.status).toBe(200);
  });
});

/** The callout and scheduler callbacks have the same shape in the older releases of the matrix: the module built for each serves there. */
describe.each(["1.38", "1.39"] as const)("external_authorization built for and run in Envoy %s", (version) => {
  let envoy: EnvoyInstance;
  let port: number;
  let noClusterPort: number;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ envoy, port, noClusterPort, close } = await startAuthorizedEnvoy(version));
  });

  afterAll(async () => {
    await close?.();
  });

  it("allows, denies, fails closed on a missing cluster, and survives a disconnect mid-callout", async () => {
    const allowed = await request(port, "/v", { authorization: "Bearer ok" });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.body).headers["x-auth-user"]).toBe("ann");
    expect((await request(port, "/v", { authorization: "Bearer no" })).status).toBe(403);
    expect((await request(noClusterPort, "/v")).status).toBe(503);
    await abandonRequests(envoy, port, "GET /gone HTTP/1.1\r\nhost: x\r\nauthorization: Bearer slow\r\n\r\n", 1);
    expect((await request(port, "/v", { authorization: "Bearer ok" })).status).toBe(200);
    expect(envoy.alive()).toBe(true);
  });
});
