/**
 * tsc2envoy/testing (abi/ts/testing.ts) as a user's test uses it: every case runs in Node on the
 * reference implementation and against the compiled .so in the native host, and the two must give
 * the same results.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";

import { Exchange, FilterUnderTest, loadFilter, TestRequest } from "../../abi/ts/testing.js";
import { routeRulesConfig } from "../helpers/example-configs.js";
import { examplesDir, filtersDir, repoRoot, scratchDir } from "../helpers/paths.js";

const routeRules = path.join(examplesDir, "route_rules.ts");
const headerMutation = path.join(examplesDir, "header_mutation.ts");
const failClosed = path.join(filtersDir, "fail_closed.ts");
const bodyRewrite = path.join(filtersDir, "body_rewrite.ts");

const loaded: FilterUnderTest[] = [];
afterAll(async () => {
  for (const filter of loaded) await filter.close();
});

async function load(...args: Parameters<typeof loadFilter>): Promise<FilterUnderTest> {
  const filter = await loadFilter(...args);
  loaded.push(filter);
  return filter;
}

/** What a test can look at, without the transcript (compared on its own). */
const results = (exchange: Exchange) => ({
  ...exchange,
  requestHeaders: exchange.requestHeaders.entries(),
  responseHeaders: exchange.responseHeaders?.entries(),
  requestTrailers: exchange.requestTrailers?.entries(),
  responseTrailers: exchange.responseTrailers?.entries(),
  transcript: undefined,
});

describe.each([{ native: false }, { native: true }])("loadFilter (native: $native)", ({ native }) => {
  it("runs Date in UTC whatever the process's zone", async () => {
    process.env.TZ = "Asia/Tokyo";
    const filter = await load(path.join(filtersDir, "dates.ts"), { native });
    const exchange = await filter.request({ headers: { "if-modified-since": "Sunday, 06-Nov-94 08:49:37 GMT" } });
    expect(exchange.requestHeaders.get("x-date")).toBe("Sun Nov 06 1994 08:49:37 GMT+0000 (Coordinated Universal Time)");
    expect(exchange.requestHeaders.get("x-since")).toBe("1994-11-06T08:49:37.000Z");
  });

  it("routes and denies by the config's rules: headers set, local reply, log lines", async () => {
    const filter = await load(routeRules, { config: JSON.parse(routeRulesConfig), native });
    expect(filter.mode).toBe(native ? "native" : "node");
    expect(filter.name).toBe("route_rules");

    const api = await filter.request({ path: "/api/v2/users", headers: { authorization: "Bearer abc.def" } });
    expect(api.forwarded).toBe(true);
    expect(api.requestHeadersStatus).toBe(0);
    expect(api.requestHeaders.get("x-route")).toBe("api-v2");
    expect(api.requestHeaders.get("X-Route-Detail")).toBe("api version 2");
    expect(api.requestHeaders.get("x-token-subject")).toBe("abc");
    expect(api.requestHeaders.entries().slice(0, 4)).toEqual([[":authority", "localhost"], [":path", "/api/v2/users"], [":method", "GET"], [":scheme", "http"]]);
    expect(api.localReply).toBeUndefined();
    expect(api.responseHeaders?.get(":status")).toBe("200");
    const logLine = fs.readFileSync(routeRules, "utf8").split("\n").findIndex((line) => line.includes("log.debug(")) + 1;
    expect(api.logs).toEqual([{ level: "debug", message: "/api/v2/users -> api-v2", file: "route_rules.ts", line: logLine }]);

    const denied = await filter.request({ path: "/admin/x" });
    expect(denied.forwarded).toBe(false);
    expect(denied.requestHeadersStatus).toBe(1);
    expect(denied.localReply).toEqual({ status: 403, headers: [["x-route", "admin"]], body: "denied by rule admin\n", details: "route_rules_denied" });
    expect(denied.responseHeaders).toBeUndefined();
    expect(denied.requestHeaders.has("x-route")).toBe(false);
  });

  it("hands the response headers to the filter with the attributes Envoy derives", async () => {
    const config = { request_headers: [["x-a", "1"]], remove_request_headers: ["apple"], response_headers: [["foo", "bar"]], remove_response_headers: ["x-gone"] };
    const filter = await load(pathToFileURL(headerMutation), { config, native });
    const result = await filter.request({
      method: "POST",
      headers: [["apple", "red"], ["x-a", "0"], ["x-a", "2"]],
      attributes: { SourceAddress: "10.1.2.3:5555" },
      response: { status: 201, headers: { "x-gone": "soon", "x-multi": ["1", "2"] } },
    });
    expect(result.requestHeaders.getAll("x-a")).toEqual(["1"]);
    expect(result.requestHeaders.has("apple")).toBe(false);
    expect(result.responseHeadersStatus).toBe(0);
    expect(result.responseHeaders?.entries()).toEqual([
      [":status", "201"],
      ["x-multi", "1"],
      ["x-multi", "2"],
      ["x-downstream-address", "10.1.2.3:5555"],
      ["x-response-code", "201"],
      ["foo", "bar"],
    ]);
  });

  it("shows failures as Envoy gets them: a 500 or a reset, an error line, the failure counter", async () => {
    const filter = await load(failClosed, { filter: "fail_closed", native });
    const request = await filter.request({ headers: { "x-fail": "request" } });
    expect(request.localReply?.status).toBe(500);
    expect(request.counters).toEqual({ "fail_closed.failures": 1 });
    expect(request.logs[0]?.level).toBe("error");
    expect(request.logs[0]?.message).toContain("failed in onRequestHeaders: uncaught Error: asked to fail on the request path; sent a 500 local reply");
    expect(request.logs[0]?.file).toBe("fail_closed.ts");

    const response = await filter.request({ headers: { "x-fail": "response" } });
    expect(response.forwarded).toBe(true);
    expect(response.reset).toBe("tsc2envoy_filter_failed");
    expect(response.counters).toEqual({ "fail_closed.failures": 1 });

    const fine = await filter.request();
    expect(fine.counters).toEqual({});
    expect(fine.responseHeaders?.get("x-mode")).toBe("");
  });

  it("rejects a config that does not match the filter's type, as Envoy's log says", async () => {
    await expect(loadFilter(routeRules, { config: { rules: [{ name: "a", kind: "nope", value: "" }], default_route: "web" }, native })).rejects.toThrow(
      "tsc2envoy: filter 'route_rules' rejected its filter_config: rules[0].kind: expected \"prefix\" | \"api\" | \"header\", got \"nope\"",
    );
  });

  it("hands the request's route a per-route config, and refuses one that does not match its type", async () => {
    const filter = await load(path.join(filtersDir, "per_route.ts"), { native, config: { fallback: "fb" } });
    const own = await filter.request({ routeConfig: { mode: "strict", label: "r", limits: [3] } });
    expect(own.localReply?.headers).toContainEqual(["x-policy", "strict;r;3"]);
    const none = await filter.request({});
    expect(none.localReply?.body).toBe("none;fb");
    await expect(filter.request({ routeConfig: { mode: "loose", label: "r" } })).rejects.toThrow(`tsc2envoy: filter 'route_policy' rejected its per-route filter_config: mode: expected "strict" | "lax", got "loose"`);
  });

  it("drives request and response bodies (text and bytes, in chunks) and trailers, and shows what the filter let through", async () => {
    const filter = await load(bodyRewrite, { native });
    const post = await filter.request({
      method: "POST",
      body: ["hello ", new Uint8Array([0x77, 0xc3, 0xa9]), "rld"],
      trailers: { "x-checksum": "1" },
      response: { body: ["abc", "def"], trailers: [["x-upstream", "u"]] },
    });
    expect(post.requestHeadersStatus).toBe(1);
    expect(post.requestBodyStatuses).toEqual([1, 1, 1]);
    expect(post.requestBody).toBe("HELLO Wé" + "RLD");
    expect(post.requestHeaders.get("content-length")).toBe("12");
    expect(post.requestTrailers?.entries()).toEqual([["x-checksum", "1"], ["x-body-size", "12"]]);
    expect(post.forwarded).toBe(true);
    expect(post.responseBodyStatuses).toEqual([0, 0]);
    expect(post.responseBody).toBe("<<abcdef");
    expect(post.responseTrailers?.entries()).toEqual([["x-upstream", "u"], ["x-chunks", "2"]]);
    expect(post.logs.map((l) => l.message)).toEqual(["request body: 12 bytes"]);

    const refused = await filter.request({ method: "POST", body: [new Uint8Array([0x61, 0]), "b"], response: { body: "never" } });
    expect(refused.requestBodyStatuses).toEqual([1, 3]);
    expect(refused.localReply).toEqual({ status: 400, headers: [], body: "no NUL bytes\n", details: "" });
    expect(refused.forwarded).toBe(false);
    expect(refused.requestBody).toBeUndefined();
    expect(refused.responseBody).toBeUndefined();

    const streamed = await filter.request({ path: "/stream" });
    expect(streamed.localReply).toEqual({ status: 200, headers: [["content-type", "text/plain"]], body: "part 1;part 2", details: "", trailers: [["x-done", "yes"]] });
    expect(streamed.forwarded).toBe(false);

    const plain = await filter.request();
    expect(plain.requestBodyStatuses).toEqual([]);
    expect(plain.requestBody).toBeUndefined();
    expect(plain.requestTrailers).toBeUndefined();
  });

  it("drops log lines below the log level", async () => {
    const filter = await load(routeRules, { config: JSON.parse(routeRulesConfig), native, logLevel: "info" });
    expect((await filter.request({ path: "/api/v2/" })).logs).toEqual([]);
  });
});

describe("loadFilter", () => {
  it("gives the same results and transcript in Node and in the native host", async () => {
    const requests: TestRequest[] = [
      { path: "/admin" },
      { path: "/api/v3/x?y=1", headers: { "x-canary": "1", authorization: "bearer a_b.c-d" } },
      { path: "/", response: { status: 404, headers: [["x-upstream", "1"]] } },
    ];
    const [node, native] = await Promise.all([false, true].map((n) => load(routeRules, { config: routeRulesConfig, native: n })));
    for (const request of requests) {
      const [fromNode, fromNative] = [await node!.request(request), await native!.request(request)];
      expect(results(fromNative)).toEqual(results(fromNode));
      expect(fromNative.transcript).toBe(fromNode.transcript);
    }
  });

  it("gives the same results for bodies, trailers and a reply in parts in Node and in the native host", async () => {
    const requests: TestRequest[] = [
      { method: "POST", body: ["a", "b"], trailers: { "x-t": "1" }, response: { body: "x", trailers: { "x-u": "2" } } },
      { method: "POST", body: "nul\u0000", response: { body: "never" } },
      { path: "/stream" },
    ];
    const [node, native] = await Promise.all([false, true].map((n) => load(bodyRewrite, { native: n })));
    for (const request of requests) {
      const [fromNode, fromNative] = [await node!.request(request), await native!.request(request)];
      expect(results(fromNative)).toEqual(results(fromNode));
      expect(fromNative.transcript).toBe(fromNode.transcript);
    }
  });

  it("runs natively when TSC2ENVOY_TEST_NATIVE=1", async () => {
    process.env.TSC2ENVOY_TEST_NATIVE = "1";
    try {
      expect((await load(routeRules, { config: routeRulesConfig })).mode).toBe("native");
    } finally {
      delete process.env.TSC2ENVOY_TEST_NATIVE;
    }
  });

  it("throws the compiler's located diagnostics for a filter that does not compile", async () => {
    await expect(loadFilter(path.join(repoRoot, "test", "fixtures", "uses_any.ts"))).rejects.toThrow(/uses_any\.ts:4:10 - error TSE1001: type `any` turns off checking/);
  });

  it("leaves no files behind, even in a process killed without its exit handlers (as test runners end workers)", async () => {
    const tmp = scratchDir("harness-tmp");
    const script = `
      import { loadFilter } from ${JSON.stringify(pathToFileURL(path.join(repoRoot, "dist", "abi", "ts", "testing.js")).href)};
      for (const native of [false, true]) {
        const filter = await loadFilter(${JSON.stringify(routeRules)}, { config: ${JSON.stringify(routeRulesConfig)}, native });
        if ((await filter.request({ path: "/admin" })).localReply?.status !== 403) throw new Error("no 403");
      }
      console.log("loaded");
      setInterval(() => {}, 1000);`;
    const child = execa("node", ["--input-type=module", "-e", script], { env: { TMPDIR: tmp, TSC2ENVOY_CACHE_DIR: scratchDir("harness-cache") }, reject: false });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("loaded") && resolve());
      void child.then((result) => reject(new Error(`exited early: ${result.stderr}`)));
    });
    child.kill("SIGKILL");
    await child;
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it("asks which filter when the file registers several", async () => {
    await expect(loadFilter(failClosed)).rejects.toThrow("fail_closed.ts registers 'fail_closed', 'config_writer': pass the filter option to choose one");
    await expect(loadFilter(failClosed, { filter: "nope" })).rejects.toThrow("it has no filter named 'nope'");
  });
});

describe("the reference SDK without a host", () => {
  it("says to load the filter with tsc2envoy/testing", async () => {
    const { log } = await import("../../abi/ts/sdk.js");
    expect(() => log.info("hello")).toThrow('no host is driving this filter (to unit-test a filter, load it with loadFilter from "tsc2envoy/testing"');
  });
});
