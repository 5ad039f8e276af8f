/**
 * Log writers (EnvoyFilterConfig.openLogWriter, EnvoyHttpFilter.writeLogLine) with examples/access_logger.ts,
 * in the Node reference SDK and compiled in the native host: the same transcript, and the same lines
 * in the files, each host writing its own directory (the transcripts cannot show file contents).
 * The native module's writer threads have written everything once the host destroyed the config;
 * Node's write streams finish after the run, so their files are awaited.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

import { ReferenceHost } from "../../abi/ts/host/reference.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";
import { buildBoth, BuiltFilter } from "../hosts/differential.js";
import { runNative } from "../hosts/native/run.js";
import { AccessLogVector, toHostLines, Vector, vectorLines } from "../hosts/vectors.js";

const done = { hook: "stream_complete" } as const;

function vector(dirname: string, workers: number): Vector {
  const streams: Vector["streams"] = [];
  for (let i = 0; i < 7; i++) {
    streams.push({
      events: [
        { hook: "request_headers", headers: [[":path", `/n/${i}`], ["x-quote", 'say "hi"\\'], ["x-utf8", "é"]], endOfStream: true },
        ...(i % 3 === 2 ? [] : [{ hook: "response_headers" as const, headers: [[":status", "200"], ["x-n", String(i)]] as [string, string][], endOfStream: true }]),
        done,
      ],
    });
  }
  return { filter: "access_logger", config: JSON.stringify({ num_workers: workers, dirname }), streams };
}

function logLines(dir: string): { files: string[]; lines: string[] } {
  const files = fs.readdirSync(dir).sort();
  const lines = files.flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n").filter((l) => l !== ""));
  return { files, lines: lines.sort() };
}

async function reference(built: BuiltFilter, v: Vector): Promise<string> {
  const { host, transcript } = await ReferenceHost.load(built.sdkUrl, pathToFileURL(built.jsEntry).href, built.moduleName);
  return transcript + (await host.run(toHostLines(v)));
}

describe("log writers: access_logger in Node and native", () => {
  let built: BuiltFilter;
  beforeAll(async () => {
    built = await buildBoth(path.join(examplesDir, "access_logger.ts"));
  });

  it("write the same JSON lines to access_log_<i>.log files", async () => {
    const root = scratchDir("log-writer");
    const nativeDir = path.join(root, "native");
    const referenceDir = path.join(root, "reference");
    fs.mkdirSync(nativeDir);
    fs.mkdirSync(referenceDir);
    const native = await runNative(built.soPath, vector(nativeDir, 3));
    const referenceTranscript = await reference(built, vector(referenceDir, 3));
    expect(native).toContain("config destroyed");
    expect(native).toBe(referenceTranscript);

    const written = logLines(nativeDir);
    expect(written.files).toEqual(["access_log_0.log", "access_log_1.log", "access_log_2.log"]);
    expect(written.lines).toHaveLength(7);
    let expected = logLines(referenceDir);
    // The reference's log writer writes in the background: a loaded machine gets 60 s.
    for (const deadline = Date.now() + 60_000; expected.lines.length < 7 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
      expected = logLines(referenceDir);
    }
    expect(written).toEqual(expected);
    const parsed = written.lines.map((l) => JSON.parse(l) as { request_headers: string[]; response_headers: string[] });
    const first = parsed.find((p) => p.request_headers.includes(":path: /n/0"))!;
    expect(first).toEqual({ request_headers: [":path: /n/0", 'x-quote: say "hi"\\', "x-utf8: é"], response_headers: [":status: 200", "x-n: 0"] });
    // A stream that ended without a response logs its request headers only.
    expect(parsed.find((p) => p.request_headers.includes(":path: /n/2"))!.response_headers).toEqual([]);
  });

  it("append to files that exist", async () => {
    const dir = scratchDir("log-writer-append");
    fs.writeFileSync(path.join(dir, "access_log_0.log"), "kept\n");
    await runNative(built.soPath, vector(dir, 1));
    const lines = fs.readFileSync(path.join(dir, "access_log_0.log"), "utf8").split("\n");
    expect(lines[0]).toBe("kept");
    expect(lines.filter((l) => l.startsWith("{"))).toHaveLength(7);
  });

  it("reject the config, in both, when a file cannot be opened", async () => {
    const missing = path.join(scratchDir("log-writer-missing"), "no", "such");
    const v = vector(missing, 2);
    const native = await runNative(built.soPath, v);
    expect(native).toContain(`rejected its filter_config: uncaught TypeError: openLogWriter: cannot open '${missing}/access_log_0.log' (ENOENT)`);
    expect(native).toBe(await reference(built, v));
  });
});

// Access loggers (issue 11): examples/json_access_logger.ts writes through the same log writers.
describe("log writers: json_access_logger in Node and native", () => {
  const entry = (i: number): AccessLogVector["entries"][number] => ({
    type: 6,
    code: i % 3 === 2 ? undefined : 200 + i,
    flags: i % 2 ? 256 : 0,
    startNs: `${1700000000000 + i}000000`,
    lastTxNs: i % 3 === 2 ? undefined : `${i * 1500000}`,
    bytes: [i, i * 10],
    protocol: "HTTP/1.1",
    route: i % 2 ? undefined : "r",
    remote: ["10.0.0.9", 1000 + i],
    requestHeaders: [[":method", "GET"], [":path", `/n/${i}`], ["user-agent", 'say "hi"\\é']],
    responseHeaders: [["content-type", "text/plain"]],
  });
  const logVector = (file: string): AccessLogVector => ({ kind: "access_logger", filter: "json_access_logger", config: JSON.stringify({ path: file }), entries: [0, 1, 2, 3, 4].map(entry) });

  it("write the same JSON lines, in order", async () => {
    const built = await buildBoth(path.join(examplesDir, "json_access_logger.ts"));
    const root = scratchDir("access-log-writer");
    const nativeFile = path.join(root, "native.jsonl");
    const referenceFile = path.join(root, "reference.jsonl");
    const native = await runNative(built.soPath, logVector(nativeFile));
    const { host, transcript } = await ReferenceHost.load(built.sdkUrl, pathToFileURL(built.jsEntry).href, built.moduleName);
    expect(native).toBe(transcript + (await host.run(vectorLines(logVector(referenceFile)))));
    const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
    for (const deadline = Date.now() + 60_000; read(referenceFile).split("\n").length < 6 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    expect(read(nativeFile).split("\n")).toHaveLength(6);
    expect(read(nativeFile)).toBe(read(referenceFile));
    expect(JSON.parse(read(nativeFile).split("\n")[0]!)).toMatchObject({ path: "/n/0", status: 200, duration_ms: 0, bytes_sent: 0, route: "r", user_agent: 'say "hi"\\é' });
  });
});
