/**
 * Issue 9's stream data in the real Envoy 1.38, 1.39 and 1.40 (test/filters/metadata_state.ts): dynamic metadata
 * and filter state set by one filter are read by a later filter of the chain, by Envoy's header
 * formatters (response_headers_to_add) and by its access log; the buffer limit is read, changed
 * and read back, and a body past the new limit gets Envoy's 413; a socket option is set and read back.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { EnvoyInstance, startEnvoy } from "../helpers/envoy.js";
import { adminYaml, httpListenerYaml, upstreamClusterYaml } from "../helpers/envoy-config.js";
import { freePort, request, startEchoUpstream } from "../helpers/net.js";
import { filtersDir, scratchDir } from "../helpers/paths.js";
import { ENVOY_VERSIONS } from "../../compiler/cc.js";

const indent = (text: string, spaces: number) => text.split("\n").map((line) => (line ? " ".repeat(spaces) + line : line)).join("\n");

function listener(port: number, accessLog: string): string {
  const formatted = (name: string, value: string) => `      - header: { key: ${name}, value: "${value}" }`;
  const hcm = [
    "access_log:",
    "- name: envoy.access_loggers.file",
    "  typed_config:",
    '    "@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog',
    `    path: ${accessLog}`,
    "    log_format:",
    '      text_format_source: { inline_string: "user=%DYNAMIC_METADATA(tse:user)% score=%DYNAMIC_METADATA(tse:score)% admin=%DYNAMIC_METADATA(tse:admin)% state=%FILTER_STATE(tse.user:PLAIN)%\\n" }',
    "route_config:",
    "  virtual_hosts:",
    "  - name: all",
    '    domains: ["*"]',
    "    routes:",
    '    - match: { prefix: "/" }',
    "      route: { cluster: upstream }",
    "      response_headers_to_add:",
    formatted("x-envoy-user", "%DYNAMIC_METADATA(tse:user)%"),
    formatted("x-envoy-score", "%DYNAMIC_METADATA(tse:score)%"),
    formatted("x-envoy-admin", "%DYNAMIC_METADATA(tse:admin)%"),
    formatted("x-envoy-state", "%FILTER_STATE(tse.user:PLAIN)%"),
    formatted("x-envoy-quota", "%DYNAMIC_METADATA(tse.struct:quota)%"),
  ];
  const filters = ["metadata_writer", "metadata_reader"].map((filterName) => ({ module: "metadata_state", filterName }));
  return `- ${indent(httpListenerYaml("metadata", port, hcm, filters), 2).trimStart()}`;
}

function post(port: number, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/upload", method: "POST", agent: false, headers: { ...headers, "content-length": String(body.length) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

// Each release of the matrix, with a module built for it (the struct callback is 1.40's).
describe.each(ENVOY_VERSIONS)("dynamic metadata, filter state, the buffer limit and socket options in Envoy %s", (envoyVersion) => {
  let envoy: EnvoyInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let port = 0;
  let accessLog = "";
  /** The filter state the writer set twice ("user", then "user!"), as this release keeps it. */
  const replaced = (user: string) => (envoyVersion === "1.38" ? user : `${user}!`);

  beforeAll(async () => {
    const built = await buildFilter(path.join(filtersDir, "metadata_state.ts"), { envoyVersion, outDir: scratchDir(`metadata-${envoyVersion}`) });
    upstream = await startEchoUpstream();
    port = await freePort();
    envoy = await startEnvoy({
      envoyVersion,
      modulesDir: built.dir,
      config: (adminPort, workDir) => {
        accessLog = path.join(workDir, "access.log");
        return [adminYaml(adminPort), "static_resources:", "  listeners:", indent(listener(port, accessLog), 2), "  clusters:", indent(upstreamClusterYaml(upstream.port), 2)].join("\n");
      },
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("a later filter reads the metadata and filter state an earlier one set; missing keys and other types are undefined", async () => {
    const response = await request(port, "/a", { "x-user": "ann" });
    expect(response.status).toBe(200);
    expect(response.headers["x-reader-saw"]).toBe(`ann;3.5;false;undefined;undefined;undefined;${replaced("ann")};true;false`);
    const root = await request(port, "/a", { "x-user": "root" });
    expect(root.headers["x-reader-saw"]).toBe(`root;4.5;true;undefined;undefined;undefined;${replaced("root")};true;false`);
    const seen = JSON.parse(response.body) as { headers: Record<string, string> };
    // Both sets of the same key succeed; 1.39 and 1.40 replace the value, 1.38 keeps the first.
    expect(seen.headers["x-state-set"]).toBe("true,true");
  });

  it("Envoy's formatters read the same values: response headers and the access log", async () => {
    const response = await request(port, "/b", { "x-user": "bob" });
    expect(response.headers["x-envoy-user"]).toBe("bob");
    expect(response.headers["x-envoy-score"]).toBe("3.5");
    expect(response.headers["x-envoy-admin"]).toBe("false");
    expect(response.headers["x-envoy-state"]).toBe(replaced("bob"));
    const deadline = Date.now() + 60_000; // the file logger flushes every 10 s by default
    let lines: string[] = [];
    while (Date.now() < deadline) {
      lines = fs.existsSync(accessLog) ? fs.readFileSync(accessLog, "utf8").split("\n") : [];
      if (lines.some((line) => line.startsWith("user=bob "))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lines).toContain(`user=bob score=3.5 admin=false state=${replaced("bob")}`);
  });

  it("sets a struct: a later filter reads its scalars, Envoy prints its nested values as JSON (1.40; TypeError before)", async () => {
    const response = await request(port, "/s", { "x-user": "root" });
    if (envoyVersion !== "1.40") {
      expect((JSON.parse(response.body) as { headers: Record<string, string> }).headers["x-struct-error"]).toBe("setDynamicMetadataStruct: Envoy's struct metadata callback is new in 1.40");
      expect(response.headers["x-reader-plan"]).toBe("undefined;undefined");
      return;
    }
    expect(response.headers["x-reader-plan"]).toBe("gold;true");
    expect(JSON.parse(String(response.headers["x-envoy-quota"]))).toEqual({ rps: 40, tags: ["a", "root"] });
  });

  it("sets an integer socket option on the client's connection and reads it back", async () => {
    const response = await request(port, "/k");
    const seen = JSON.parse(response.body) as { headers: Record<string, string> };
    // Envoy reads back what a filter set on the stream, not getsockopt: SO_RCVBUF, never set, is undefined.
    expect(seen.headers["x-socket"]).toBe("undefined;true;1;undefined");
  });

  it("reads the buffer limit, changes it for the stream, and Envoy enforces the new one", async () => {
    const plain = await request(port, "/c");
    const seen = JSON.parse(plain.body) as { headers: Record<string, string> };
    const before = Number(seen.headers["x-buffer-limit-before"]);
    expect(before).toBeGreaterThan(0);
    expect(seen.headers["x-buffer-limit-after"]).toBe(String(before));
    const small = await post(port, "x".repeat(4096), { "x-buffer-limit": "1024" });
    expect(small.status).toBe(413);
    const large = await post(port, "x".repeat(4096), { "x-buffer-limit": "65536" });
    expect(large.status).toBe(200);
    const echoed = JSON.parse(large.body) as { headers: Record<string, string> };
    expect(echoed.headers["x-buffer-limit-after"]).toBe("65536");
    // One limit per stream: the later filter reads the writer's.
    expect(echoed.headers["x-reader-limit"]).toBe("65536");
  });
});
