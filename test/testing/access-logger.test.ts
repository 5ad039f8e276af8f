/**
 * tsc2envoy/testing's access logger driver (loadAccessLogger, abi/ts/testing-network.ts) on
 * examples/json_access_logger.ts: finished streams in, the same JSON lines out in Node and in the
 * native host.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { loadAccessLogger, TestLogEntry } from "../../abi/ts/testing.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

const jsonAccessLogger = path.join(examplesDir, "json_access_logger.ts");
const streams: TestLogEntry[] = [
  { code: 200, startNs: "1700000000123456789", lastTxNs: "2500000", bytes: [3, 57], protocol: "HTTP/1.1", route: "app", remote: ["10.0.0.9", 40000], requestHeaders: [[":method", "GET"], [":path", "/app/items"], ["user-agent", "t/1"]] },
  { code: 404, flags: 256, requestHeaders: [[":path", "/nowhere"]] },
  { type: 4 },
];

/** The file's lines once the log writer has written `count` of them (its thread writes after the hook returns). */
async function linesOf(file: string, count: number): Promise<string[]> {
  const read = () => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "") : []);
  // 60 s: a loaded machine may schedule the writer thread late.
  for (const deadline = Date.now() + 60_000; read().length < count && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
  return read();
}

describe("loadAccessLogger", () => {
  it("writes the same JSON line for each finished stream in Node and native", async () => {
    const root = scratchDir("testing-access-logger");
    const written: string[][] = [];
    for (const native of [false, true]) {
      const file = path.join(root, `${native}.jsonl`);
      const logger = await loadAccessLogger(jsonAccessLogger, { config: { path: file, only_errors: false }, native });
      expect(logger.mode).toBe(native ? "native" : "node");
      for (const stream of streams) expect((await logger.log(stream)).logs).toEqual([]);
      await logger.close();
      written.push(await linesOf(file, streams.length));
    }
    expect(written[0]).toHaveLength(3);
    expect(written[1]).toEqual(written[0]);
    expect(JSON.parse(written[0]![0]!)).toMatchObject({ method: "GET", path: "/app/items", status: 200, route: "app", bytes_received: 3, bytes_sent: 57, user_agent: "t/1" });
    expect(JSON.parse(written[0]![1]!)).toMatchObject({ path: "/nowhere", status: 404, response_flags: 256 });
  });

  it("logs only errors when only_errors is set", async () => {
    const file = path.join(scratchDir("testing-access-logger-errors"), "errors.jsonl");
    const logger = await loadAccessLogger(jsonAccessLogger, { config: { path: file, only_errors: true } });
    for (const stream of streams.slice(0, 2)) await logger.log(stream);
    await logger.close();
    const lines = await linesOf(file, 1);
    expect(lines.map((l) => (JSON.parse(l) as { status: number }).status)).toEqual([404]);
  });

  it("throws the logger's log line for a config its type refuses", async () => {
    await expect(loadAccessLogger(jsonAccessLogger, { config: { path: 3 } })).rejects.toThrow(/json_access_logger.*rejected its filter_config/);
  });
});
