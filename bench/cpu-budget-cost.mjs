#!/usr/bin/env node
/**
 * What the CPU budget costs (not part of the test suite): builds examples/route_rules.ts and
 * bench/loop_heavy.ts with the default --cpu-budget and with it off, runs each in the native
 * host under `valgrind --tool=callgrind`, and prints instructions per stream spent in the module's
 * hooks (the host's callbacks included). Needs `npx tsc -p tsconfig.json` first, cc and valgrind.
 *
 *   node bench/cpu-budget-cost.mjs [streams, default 200]
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { build, DEFAULT_CPU_BUDGET } = await import(path.join(root, "dist", "compiler", "driver.js"));
const { default: ts } = await import("typescript");
const streams = Number(process.argv[2] ?? 200);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-cpu-budget-"));
try {
  // The vector helpers are TypeScript under test/ (not in dist): transpile them for this run.
  const vectorsSource = fs.readFileSync(path.join(root, "test", "hosts", "vectors.ts"), "utf8");
  // Its imports of the shipped protocol point at dist/.
  const vectorsJs = ts.transpileModule(vectorsSource, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  fs.writeFileSync(path.join(scratch, "vectors.mjs"), vectorsJs.replaceAll("../../abi/ts/", pathToFileURL(path.join(root, "dist", "abi", "ts")).href + "/"));
  const { toHostLines, vectorsFor } = await import(path.join(scratch, "vectors.mjs"));
  const host = path.join(scratch, "host");
  // The host as the tests build it (its source list is native.ts's), with cc.
  const { nativeHost } = await import(path.join(root, "dist", "abi", "ts", "host", "native.js"));
  fs.writeFileSync(host, await nativeHost({ toolchain: { command: "cc", version: "" } }), { mode: 0o700 });

  const routeVector = vectorsFor(path.join(root, "test", "differential", "examples", "route_rules.vectors"))[0];
  const cookie = Array.from({ length: 30 }, (_, i) => `name${i}=value${i}`).join("; ");
  const cases = [
    { entry: path.join(root, "examples", "route_rules.ts"), vector: routeVector },
    {
      entry: path.join(root, "bench", "loop_heavy.ts"),
      vector: { filter: "loop_heavy", streams: [{ events: [{ hook: "request_headers", headers: [[":path", "/"], ["cookie", cookie]], endOfStream: true }, { hook: "stream_complete" }] }] },
    },
  ];

  console.log(`instructions per stream in the module's hooks (${streams} streams, callgrind)`);
  console.log("program".padEnd(16), "budget off".padStart(12), `budget ${DEFAULT_CPU_BUDGET}`.padStart(18), "cost".padStart(8));
  for (const { entry, vector } of cases) {
    const repeated = { ...vector, streams: Array.from({ length: streams }, (_, i) => vector.streams[i % vector.streams.length]) };
    const input = toHostLines(repeated);
    const perStream = {};
    for (const [label, cpuBudget] of [["off", 0], ["on", DEFAULT_CPU_BUDGET]]) {
      const outDir = path.join(scratch, `${path.basename(entry, ".ts")}-${label}`);
      const { soPath } = await build(entry, { outDir, cpuBudget });
      const out = path.join(scratch, `callgrind-${label}.out`);
      execFileSync("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, "--toggle-collect=envoy_dynamic_module_on_http_filter_*", host, soPath], { input, stdio: ["pipe", "ignore", "ignore"] });
      const totals = /^(?:summary|totals): (\d+)/m.exec(fs.readFileSync(out, "utf8"));
      perStream[label] = Number(totals[1]) / streams;
    }
    const cost = ((perStream.on / perStream.off - 1) * 100).toFixed(1);
    console.log(path.basename(entry).padEnd(16), perStream.off.toFixed(0).padStart(12), perStream.on.toFixed(0).padStart(18), `${cost}%`.padStart(8));
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
