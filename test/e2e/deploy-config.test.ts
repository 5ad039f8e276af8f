/**
 * For fleets: `build --manifest` and `deploy-config`. The Envoy filter entry deploy-config prints
 * is loaded by the real Envoy 1.40, which fetches the module over HTTP and checks it against the
 * manifest's sha256; Envoy Gateway's resources are checked against the Gateway's CRD schemas
 * (test/fixtures/envoy-gateway, with the CEL rules that concern modules checked here).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { Ajv } from "ajv";
import { parse, parseAllDocuments, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Manifest } from "../../compiler/manifest/manifest.js";
import { routeRulesConfig } from "../helpers/example-configs.js";
import { runCli } from "../helpers/cli.js";
import { EnvoyInstance, startEnvoy, untilEveryWorker } from "../helpers/envoy.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { repoRoot, scratchDir } from "../helpers/paths.js";

const out = scratchDir("deploy-config");
const manifestPath = path.join(out, "libroute_rules.manifest.json");
const configPath = path.join(out, "route_rules.json");

/** Serves `dir`'s files, as a fleet's artifact store does. */
async function startFileServer(dir: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.basename(req.url ?? "/"));
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/octet-stream" }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function cluster(name: string, port: number) {
  return { name, connect_timeout: "5s", type: "STATIC", load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: "127.0.0.1", port_value: port } } } }] }] } };
}

/** A bootstrap whose listener runs the http_filters entries deploy-config printed. */
function bootstrap(adminPort: number, listenerPort: number, filters: unknown[], upstreamPort: number, moduleServerPort: number): string {
  const hcm = {
    "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
    stat_prefix: "deploy",
    route_config: { virtual_hosts: [{ name: "all", domains: ["*"], routes: [{ match: { prefix: "/" }, route: { cluster: "upstream" } }] }] },
    http_filters: [...filters, { name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } }],
  };
  return stringify({
    admin: { address: { socket_address: { address: "127.0.0.1", port_value: adminPort } } },
    static_resources: {
      listeners: [{ name: "deploy", address: { socket_address: { address: "127.0.0.1", port_value: listenerPort } }, filter_chains: [{ filters: [{ name: "hcm", typed_config: hcm }] }] }],
      clusters: [cluster("upstream", upstreamPort), cluster("module_server", moduleServerPort)],
    },
  });
}

describe("build --manifest and deploy-config", () => {
  let manifest: Manifest;
  let fileServer: Awaited<ReturnType<typeof startFileServer>>;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  const envoys: EnvoyInstance[] = [];

  beforeAll(async () => {
    const result = await runCli(["build", "examples/route_rules.ts", "-o", out, "--manifest"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(manifestPath);
    manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Manifest;
    fs.writeFileSync(configPath, routeRulesConfig);
    fileServer = await startFileServer(out);
    upstream = await startEchoUpstream();
  });

  afterAll(async () => {
    await Promise.all(envoys.map((e) => e.stop()));
    await fileServer?.close();
    await upstream?.close();
  });

  it("the manifest names the module's sha256, filters and Envoy releases", () => {
    const bytes = fs.readFileSync(path.join(out, "libroute_rules.so"));
    expect(manifest.module.sha256).toBe(crypto.createHash("sha256").update(bytes).digest("hex"));
    expect(manifest).toMatchObject({ name: "route_rules", minEnvoyVersion: "1.40.0", maxEnvoyVersion: "1.40.0", filterType: ["http"] });
    expect(manifest.filters.map((f) => f.name)).toEqual(["route_rules"]);
    expect(manifest.filters[0]!.configSchema).toMatchObject({ type: "object", required: ["rules", "default_route"] });
  });

  it("a module built for an older release names the releases it loads in", async () => {
    const older = scratchDir("deploy-config-1.39");
    const result = await runCli(["build", "examples/passthrough.ts", "-o", older, "--manifest", "--envoy-version", "1.39"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const olderManifest = JSON.parse(fs.readFileSync(path.join(older, "libpassthrough.manifest.json"), "utf8")) as Manifest;
    expect(olderManifest).toMatchObject({ minEnvoyVersion: "1.39.0", maxEnvoyVersion: "1.40.0", module: { envoyAbi: "1.39" } });
  });

  async function serveWith(entryYaml: string): Promise<{ envoy: EnvoyInstance; port: number }> {
    const port = await freePort();
    // An empty search path: the module can only come from the URL.
    const envoy = await startEnvoy({ modulesDir: scratchDir("no-modules"), config: (adminPort) => bootstrap(adminPort, port, parse(entryYaml) as unknown[], upstream.port, fileServer.port) });
    envoys.push(envoy);
    return { envoy, port };
  }

  it("Envoy fetches the module from the URL, checks its sha256 and runs the filter", async () => {
    const url = `http://127.0.0.1:${fileServer.port}/libroute_rules.so`;
    const printed = await runCli(["deploy-config", manifestPath, "--config", configPath, "--url", url]);
    expect(printed.exitCode, printed.stderr).toBe(0);
    expect(printed.stdout).toContain(`sha256: ${manifest.module.sha256}`);
    const { envoy, port } = await serveWith(printed.stdout);
    await envoy.waitForLog(/all dependencies initialized|starting main dispatch loop/);
    // Until the fetched module is loaded Envoy leaves the filter out; a loaded machine fetches and
    // loads slowly, and each worker must see it (20 s for 8 fresh connections in a row).
    await untilEveryWorker(envoy, "the fetched module denying /admin/users", async () => (await request(port, "/admin/users")).status === 403);
    const passed = await request(port, "/home");
    expect(passed.status).toBe(200);
    expect(JSON.parse(passed.body).headers["x-route"]).toBe("web");
  });

  it("Envoy refuses a module whose sha256 is not the manifest's", async () => {
    const tampered = { ...manifest, module: { ...manifest.module, sha256: manifest.module.sha256.replace(/^./, (c) => (c === "0" ? "1" : "0")) } };
    const tamperedPath = path.join(out, "tampered.manifest.json");
    fs.writeFileSync(tamperedPath, JSON.stringify(tampered));
    const printed = await runCli(["deploy-config", tamperedPath, "--config", configPath, "--url", `http://127.0.0.1:${fileServer.port}/libroute_rules.so`]);
    expect(printed.exitCode, printed.stderr).toBe(0);
    const { envoy, port } = await serveWith(printed.stdout);
    await envoy.waitForLog(/module will not be loaded/, 30_000);
    // Envoy leaves the filter out (docs/deploying.md): no module, no 403.
    expect((await request(port, "/admin/users")).status).not.toBe(403);
  });

  it("a config that does not match the filter's type is refused before anything is deployed", async () => {
    const bad = path.join(out, "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ rules: [{ name: "x", kind: "prefx", value: "/" }] }));
    const result = await runCli(["deploy-config", manifestPath, "--config", bad, "--url", "https://modules.example.com/libroute_rules.so"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("must have required property 'default_route'");
    expect(result.stderr).toContain("/rules/0/kind: must be equal to one of the allowed values");
    expect(result.stdout).toBe("");
  });

  it("usage errors: a file that is no manifest, a relative --path, an unknown filter", async () => {
    const notManifest = await runCli(["deploy-config", path.join(repoRoot, "package.json")]);
    expect(notManifest.exitCode).toBe(2);
    expect(notManifest.stderr).toContain("is not a manifest written by tsc2envoy build --manifest");
    const relative = await runCli(["deploy-config", manifestPath, "--gateway", "--path", "lib/x.so"]);
    expect(relative.exitCode).toBe(2);
    expect(relative.stderr).toContain("--path must be absolute");
    const unknown = await runCli(["deploy-config", manifestPath, "--filter", "nope"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("has no filter 'nope'; it has: route_rules");
  });

  it("Envoy Gateway resources match the Gateway's CRD schemas", async () => {
    const url = "https://modules.example.com/libroute_rules.so";
    const printed = await runCli(["deploy-config", manifestPath, "--config", configPath, "--url", url, "--gateway", "edge-gw", "-n", "edge"]);
    expect(printed.exitCode, printed.stderr).toBe(0);
    const docs = parseAllDocuments(printed.stdout).map((d) => d.toJS() as { kind: string; spec: Record<string, any> });
    expect(docs.map((d) => d.kind)).toEqual(["EnvoyProxy", "EnvoyExtensionPolicy"]);
    const ajv = new Ajv({ strict: false, allErrors: true });
    for (const [doc, schemaFile] of [[docs[0]!, "envoyproxy"], [docs[1]!, "envoyextensionpolicy"]] as const) {
      const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "test/fixtures/envoy-gateway", `${schemaFile}.schema.json`), "utf8"));
      const validate = ajv.compile(schema);
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    }
    // The CEL rules JSON Schema skips: a Remote source has `remote` and no `local`; targets are Gateway API kinds.
    const [entry] = docs[0]!.spec.dynamicModules;
    expect(entry.source).toEqual({ type: "Remote", remote: { url, sha256: manifest.module.sha256 } });
    expect(docs[1]!.spec.targetRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "edge-gw" }]);
    // The policy refers to the allowed module by name, and carries the config as JSON.
    expect(docs[1]!.spec.dynamicModule).toEqual([{ name: entry.name, filterName: "route_rules", config: JSON.parse(routeRulesConfig) }]);

    const local = await runCli(["deploy-config", manifestPath, "--gateway", "--path", "/opt/modules/libroute_rules.so"]);
    expect(local.exitCode, local.stderr).toBe(0);
    const localProxy = parseAllDocuments(local.stdout)[0]!.toJS() as { spec: { dynamicModules: { source: unknown }[] } };
    expect(localProxy.spec.dynamicModules[0]!.source).toEqual({ type: "Local", local: { path: "/opt/modules/libroute_rules.so" } });
  });
});
