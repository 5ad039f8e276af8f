/**
 * Tracers and stats sinks (issue 11) in the Node reference SDK and compiled in the native host:
 * test/filters/tracer_sink_surface.ts given the same spans (trace context, tags, logs, sampling,
 * injection, a throwing hook, a throwing factory) and the same flushes (counters, gauges, histograms with buckets,
 * text readouts, an index past the end), with byte-identical transcripts. The probe tracer's JSON
 * lines go to a file per host, compared too.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

import { runNativeHost } from "../../abi/ts/host/native.js";
import { ReferenceHost } from "../../abi/ts/host/reference.js";
import { filtersDir, scratchDir } from "../helpers/paths.js";
import { buildBoth, BuiltFilter } from "../hosts/differential.js";
import { nativeHost } from "../hosts/native/run.js";

const hex = (text: string) => (text === "" ? "-" : Buffer.from(text, "utf8").toString("hex"));

/** Protocol lines (abi/ts/host/protocol.ts) for spans of the probe tracer writing to `file`, and flushes of two sinks. */
function lines(file: string): string {
  const span = (path: string, extra: string[]) => [
    `h ${hex(":method")} ${hex("GET")}`,
    `h ${hex(":path")} ${hex(path)}`,
    `h ${hex(":authority")} ${hex("example.com")}`,
    `h ${hex("x-incoming")} ${hex("é ok")}`,
    `b 1 ${hex("ingress")}`,
    `o ${hex("renamed")}`,
    `t ${hex("http.status_code")} ${hex("200")}`,
    `t ${hex("upstream_cluster")} ${hex("backend")}`,
    ...extra,
    "i",
    "e",
    "z",
  ];
  return [
    "L 2",
    `Z ${hex("nope")} ${hex(file)}`,
    `Z ${hex("probe")} ${hex(file)}`,
    ...span("/one", [`g 1733500000123000000 ${hex("event one")}`, "x 0"]),
    ...span("/throw", []),
    ...span("", []),
    "X",
    `Z ${hex("picky")} ${hex("throw")}`,
    `b 1 ${hex("one")}`,
    "e",
    "z",
    `b 0 ${hex("two")}`,
    "z",
    "X",
    `Z ${hex("picky")} ${hex("calm")}`,
    `b 0 ${hex("three")}`,
    "z",
    "X",
    `V ${hex("logging")} ${hex("m: ")}`,
    `u c ${hex("http.ingress.rq_total")} 12 3`,
    `u c ${hex("cluster.backend.upstream_rq_200")} 9007199254740991 0`,
    `u g ${hex("server.live")} 1`,
    `u h ${hex("http.ingress.rq_time")} 4 10.5 0.5:0,1:1,5:3,10:4`,
    `u h ${hex("cluster.empty")} 0 0`,
    `u t ${hex("server.version")} ${hex('1.40 "x"')}`,
    "l",
    "l",
    `u g ${hex(`a.${"n".repeat(300)}`)} 7`,
    "l",
    "X",
    `V ${hex("throwing")} -`,
    `u c ${hex("a")} 1 1`,
    "l",
    "X",
  ].join("\n") + "\n";
}

describe("tracers and stats sinks in Node and native", () => {
  let built: BuiltFilter;
  beforeAll(async () => {
    built = await buildBoth(path.join(filtersDir, "tracer_sink_surface.ts"));
  });

  it("print the same transcript and write the same span lines", async () => {
    const root = scratchDir("tracer-sink-differential");
    const nativeFile = path.join(root, "native.jsonl");
    const referenceFile = path.join(root, "reference.jsonl");
    const native = await runNativeHost(await nativeHost(), built.soPath, lines(nativeFile));
    const { host, transcript } = await ReferenceHost.load(built.sdkUrl, pathToFileURL(built.jsEntry).href, built.moduleName);
    const reference = transcript + (await host.run(lines(referenceFile)));
    expect(reference).toBe(native);
    // What the transcript must show, so the equality means something.
    expect(native).toContain('tracer_config "nope" -> rejected');
    expect(native).toContain('set_trace_context "x-probe" "GET /one"');
    expect(native).toContain('remove_trace_context "x-remove-me"');
    expect(native).toMatch(/tsc2envoy: tracer 'probe' failed in onSetTag: uncaught Error: probe refuses the tag http\.status_code; dropped the span/);
    expect(native).toMatch(/tsc2envoy: tracer 'picky' failed in the filter factory: uncaught RangeError: picky refuses the mode throw; dropped the span/);
    expect(native).toContain('"picky span three traced=false"');
    expect(native).not.toContain("picky span one");
    expect(native).toContain('"m: histogram http.ingress.rq_time 4 10.5 [0.5:0 1:1 5:3 10:4]"');
    expect(native).toContain('"m: counter cluster.backend.upstream_rq_200 9007199254740991 +0"');
    expect(native).toContain(`"m: gauge a.${"n".repeat(300)} 7"`);
    expect(native).toMatch(/stats sink 'throwing' failed in onFlush: uncaught RangeError: counter index 1 is out of range/);
    // The reference's log writer writes in the background: a loaded machine gets 60 s (the native file is whole once the host exits).
    const deadline = Date.now() + 60_000;
    const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
    while (read(referenceFile).split("\n").length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(read(referenceFile)).toBe(read(nativeFile));
    const spans = read(nativeFile).split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(spans.map((s) => s.path)).toEqual(["/one", ""]);
    expect(spans[0]).toMatchObject({ host: "example.com", incoming: "é ok", operations: ["ingress", "renamed"], tags: 2 });
  });
});
