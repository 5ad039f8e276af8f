#!/usr/bin/env node
/**
 * Module benchmark: each example compiled from TypeScript against its hand-written C counterpart,
 * one module at a time in the module driver (bench/driver/driver.c, fake host callbacks), the same
 * fixed exchange for every module.
 *
 * - Instructions per stream, from `valgrind --tool=callgrind` with --toggle-collect on the stream
 *   hooks (filter_new, request_headers, response_headers, response_body, stream_complete, destroy):
 *   only what runs inside them counts, the fake callbacks they call included (the same cheap fake for
 *   both modules). Two runs, of SHORT and SHORT + STREAMS streams, and the difference divided by
 *   STREAMS: what one more stream costs, without one-time costs (a first allocation, lazy setup).
 *   Callgrind counts are deterministic, so a CI check can compare them.
 * - The WAF (BODY_EXAMPLES) runs its own exchange: a POST with a 1 MiB body in 16 chunks of 64 KiB
 *   (the driver's --body), 1 and 1 + 4 streams under callgrind (a stream costs millions of
 *   instructions; the count is as deterministic), 20 timed.
 * - Estimated cycles per stream with cold L1 caches (coldPerStream): what a module pays inside
 *   Envoy, where every line of code and data a hook touches is a cache miss; --check bounds TS - C.
 * - Nanoseconds per stream, timed natively (not with --check): a figure, noisy on a shared machine.
 * - Host callbacks per stream, by name (the driver's --calls): in Envoy each one crosses the ABI into
 *   C++ and costs far more than the driver's fake, so a TS module that calls Envoy more often than
 *   the C module for the same work pays for it there even when its instruction count here is close.
 *
 *   node bench/module-bench.mjs [--check] [--streams N] [--json FILE]
 *
 * --check fails (exit 1) when a TS/C instruction ratio or the TS - C cold-cache cycles exceed their
 * limits in bench/thresholds.json, a compiled module's size exceeds its limit there, or a compiled
 * module makes more host callbacks per stream than its limit there. Needs `npx tsc -p
 * tsconfig.json`, clang (or CC), valgrind and jsmn.h (libjsmn-dev).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { benchDir, BODY_EXAMPLES, buildCModule, buildTsModule, EXAMPLES, compilerCommand, readCallgrindTotals, writeConfig } from "./lib/modules.mjs";

const args = process.argv.slice(2);
const check = args.includes("--check");
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const STREAMS = Number(option("--streams", 1000));
const SHORT = 100;
const TIMED_STREAMS = 200_000;
const jsonOut = option("--json", undefined);
const thresholds = JSON.parse(fs.readFileSync(path.join(benchDir, "thresholds.json"), "utf8"));
const cacheModel = JSON.parse(fs.readFileSync(path.join(benchDir, "cache-model.json"), "utf8"));

/** The driver's options, streams under callgrind and timed streams per example: the body examples' streams each scan 1 MiB. */
const RUNS = Object.fromEntries([
  ...EXAMPLES.map((example) => [example, { options: [], short: SHORT, streams: STREAMS, timed: TIMED_STREAMS }]),
  ...BODY_EXAMPLES.map((example) => [example, { options: ["--body", "65536x16"], short: 1, streams: 4, timed: 20 }]),
]);

const STREAM_HOOKS = ["new", "request_headers", "request_body", "response_headers", "response_body", "stream_complete", "destroy"].map((hook) => `envoy_dynamic_module_on_http_filter_${hook}`);

/**
 * Callgrind's totals, by event, of the stream hooks over `streams` streams (--toggle-collect: only
 * what runs inside them counts). `cold`: with the driver's --cold and callgrind's cache and branch
 * simulation (coldPerStream), else instructions only.
 */
function callgrindTotals(driver, soPath, filter, config, streams, scratch, cold) {
  const out = path.join(scratch, `callgrind.${cold ? "cold." : ""}${path.basename(soPath)}.${streams}.out`);
  const simulation = cold ? ["--cache-sim=yes", "--branch-sim=yes", ...cacheModel.caches] : [];
  execFileSync("valgrind", ["--tool=callgrind", ...simulation, `--callgrind-out-file=${out}`, ...STREAM_HOOKS.map((hook) => `--toggle-collect=${hook}`), driver, soPath, filter, config ?? "-", String(streams), ...(cold ? ["--cold"] : []), ...RUNS[filter].options], { stdio: ["ignore", "ignore", "pipe"] });
  return readCallgrindTotals(out);
}

/** What one more stream costs, by event: the runs of `short` and `short + streams` streams, the difference over `streams`. */
function perStream(driver, soPath, filter, config, scratch, { short, streams }, cold = false) {
  const fewer = callgrindTotals(driver, soPath, filter, config, short, scratch, cold);
  const more = callgrindTotals(driver, soPath, filter, config, short + streams, scratch, cold);
  return (event) => ((more[event] ?? 0) - (fewer[event] ?? 0)) / streams;
}

const instructionsPerStream = (driver, soPath, filter, config, scratch) => perStream(driver, soPath, filter, config, scratch, RUNS[filter])("Ir");

/**
 * Estimated cycles per stream with cold L1 caches (the driver's --cold evicts them before each hook,
 * as Envoy's own work between hooks does): callgrind's simulated caches and branch predictor, and
 * KCachegrind's weights, the model of bench/cache-model.json that the Envoy instructions benchmark
 * uses too. Inside Envoy a module pays for every line of code and data it touches, which
 * instructions alone do not show. Deterministic, as the instructions are. Header examples only.
 */
const COLD = { short: 10, streams: 50 };

function coldPerStream(driver, soPath, filter, config, scratch) {
  const event = perStream(driver, soPath, filter, config, scratch, COLD, true);
  const cycles = Object.entries(cacheModel.cycleWeights).reduce((sum, [name, weight]) => sum + weight * event(name), 0);
  return { cycles, l1Misses: event("I1mr") + event("D1mr") + event("D1mw"), mispredicts: event("Bcm") + event("Bim") };
}

/** Columns padded to their widest cell, the first left-aligned. */
function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
}

/** What one stream leaves (header maps, local replies, log lines): the TS and C modules must leave the same. */
function shown(driver, soPath, filter, config) {
  return execFileSync(driver, [soPath, filter, config ?? "-", "1", "--show", ...RUNS[filter].options], { encoding: "utf8" });
}

/**
 * Where callbacks are counted: the driver's exchange with Envoy logging at info (its default) and at
 * debug, and wrk's `GET /` as it reaches the filter in the Envoy benchmark (header examples only).
 * Each has its limits in bench/thresholds.json, maxCallbacksPerStream<key>, and its counts in the
 * results, calls<key>.
 */
const CALL_COUNTS = [
  { key: "", label: "info", options: [], examples: [...EXAMPLES, ...BODY_EXAMPLES] },
  { key: "DebugLogs", label: "debug", options: ["--debug-logs"], examples: [...EXAMPLES, ...BODY_EXAMPLES] },
  { key: "WrkRequest", label: "wrk GET /", options: ["--wrk-request"], examples: EXAMPLES },
];

/** Host callbacks per stream by name, after one stream of one-time work: { get_header: 2, ... }. */
function callbacksPerStream(driver, soPath, filter, config, options) {
  const output = execFileSync(driver, [soPath, filter, config ?? "-", String(RUNS[filter].short), "--calls", ...options, ...RUNS[filter].options], { encoding: "utf8" });
  return Object.fromEntries([...output.matchAll(/^calls (\w+) ([\d.e+-]+)$/gm)].map((m) => [m[1], Number(m[2])]));
}

const total = (calls) => Object.values(calls).reduce((sum, n) => sum + n, 0);
/** "9 (set_header x9, get_attribute_string x2)": a variant's callbacks, most frequent first. */
const describeCalls = (calls) => `${total(calls)}${total(calls) ? ` (${Object.entries(calls).sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} x${n}`).join(", ")})` : ""}`;

function nsPerStream(driver, soPath, filter, config) {
  const output = execFileSync(driver, [soPath, filter, config ?? "-", String(RUNS[filter].timed), "--time", ...RUNS[filter].options], { encoding: "utf8" });
  return Number(/([\d.]+) ns per stream/.exec(output)[1]);
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-module-bench-"));
try {
  const driver = path.join(scratch, "driver");
  execFileSync(compilerCommand(), ["-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-rdynamic", "-I", path.join(benchDir, "..", "abi", "c"), path.join(benchDir, "driver", "driver.c"), "-o", driver, "-ldl"], { stdio: "inherit" });
  const results = [];
  for (const example of [...EXAMPLES, ...BODY_EXAMPLES]) {
    const dir = fs.mkdtempSync(path.join(scratch, `${example}-`));
    const config = writeConfig(example, dir);
    const variants = { ts: await buildTsModule(example, path.join(dir, "ts")), c: buildCModule(example, dir) };
    const row = { example };
    if (shown(driver, variants.ts, example, config) !== shown(driver, variants.c, example, config)) {
      throw new Error(`${example}: the TS and C modules did different things in the driver (compare their --show output)`);
    }
    for (const [variant, soPath] of Object.entries(variants)) {
      row[variant] = { instructions: instructionsPerStream(driver, soPath, example, config, scratch), bytes: fs.statSync(soPath).size };
      if (EXAMPLES.includes(example)) row[variant].cold = coldPerStream(driver, soPath, example, config, scratch);
      for (const count of CALL_COUNTS.filter((count) => count.examples.includes(example))) {
        row[variant][`calls${count.key}`] = callbacksPerStream(driver, soPath, example, config, count.options);
      }
      row[variant].callbacks = total(row[variant].calls);
      if (!check) row[variant].ns = nsPerStream(driver, soPath, example, config);
    }
    row.ratio = row.ts.instructions / row.c.instructions;
    if (row.ts.cold) row.coldExcess = row.ts.cold.cycles - row.c.cold.cycles;
    results.push(row);
  }

  const header = ["example", "TS instr/stream", "C instr/stream", "TS/C", "limit", ...(check ? [] : ["TS ns/stream", "C ns/stream", "TS/C"]), "TS .so bytes"];
  const rows = results.map((r) => [
    r.example,
    r.ts.instructions.toFixed(0),
    r.c.instructions.toFixed(0),
    r.ratio.toFixed(2),
    String(thresholds.instructionRatio[r.example]),
    ...(check ? [] : [r.ts.ns.toFixed(0), r.c.ns.toFixed(0), (r.ts.ns / r.c.ns).toFixed(2)]),
    String(r.ts.bytes),
  ]);
  printTable(header, rows);
  console.log(`\nhost callbacks per stream (${CALL_COUNTS.map((count) => `${count.label}: limits maxCallbacksPerStream${count.key}`).join(", ")} in bench/thresholds.json):`);
  for (const r of results) {
    for (const count of CALL_COUNTS.filter((count) => count.examples.includes(r.example))) {
      const key = `calls${count.key}`;
      console.log(`  ${r.example} (${count.label}): TS ${describeCalls(r.ts[key])} vs C ${describeCalls(r.c[key])}; limit ${thresholds[`maxCallbacksPerStream${count.key}`][r.example]}`);
    }
  }
  console.log(`\nestimated cycles per stream with cold L1 caches (the driver's --cold; model: bench/cache-model.json; limits: maxColdCycleExcess in bench/thresholds.json):`);
  const coldHeader = ["example", "TS cycles", "C cycles", "TS - C", "limit", "TS L1 misses", "C L1 misses", "TS mispredicts", "C mispredicts"];
  const coldRows = results.filter((r) => r.ts.cold).map((r) => [
    r.example,
    r.ts.cold.cycles.toFixed(0),
    r.c.cold.cycles.toFixed(0),
    (r.coldExcess >= 0 ? "+" : "") + r.coldExcess.toFixed(0),
    String(thresholds.maxColdCycleExcess[r.example]),
    r.ts.cold.l1Misses.toFixed(0),
    r.c.cold.l1Misses.toFixed(0),
    r.ts.cold.mispredicts.toFixed(0),
    r.c.cold.mispredicts.toFixed(0),
  ]);
  printTable(coldHeader, coldRows);
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ streams: STREAMS, thresholds, cacheModel, results }, null, 2) + "\n");

  if (check) {
    const failures = [];
    for (const r of results) {
      const limit = thresholds.instructionRatio[r.example];
      if (!(r.ratio <= limit)) failures.push(`${r.example}: TS/C instructions per stream ${r.ratio.toFixed(2)} exceeds ${limit}`);
      const maxColdExcess = thresholds.maxColdCycleExcess[r.example];
      if (r.coldExcess !== undefined && !(r.coldExcess <= maxColdExcess)) failures.push(`${r.example}: TS - C estimated cycles per stream with cold caches +${r.coldExcess.toFixed(0)} exceeds +${maxColdExcess}`);
      const maxBytes = thresholds.maxSharedObjectBytes[r.example];
      if (!(r.ts.bytes <= maxBytes)) failures.push(`${r.example}: lib${r.example}.so is ${r.ts.bytes} bytes, over ${maxBytes}`);
      for (const count of CALL_COUNTS.filter((count) => count.examples.includes(r.example))) {
        const [made, maxCalls] = [r.ts[`calls${count.key}`], thresholds[`maxCallbacksPerStream${count.key}`][r.example]];
        if (!(total(made) <= maxCalls)) failures.push(`${r.example} (${count.label}): ${total(made)} host callbacks per stream, over ${maxCalls}: ${describeCalls(made)} (C: ${describeCalls(r.c[`calls${count.key}`])})`);
      }
    }
    if (failures.length) {
      console.error(`module benchmark check failed (limits in bench/thresholds.json):\n  ${failures.join("\n  ")}`);
      process.exitCode = 1;
    } else {
      console.log("module benchmark check passed (limits in bench/thresholds.json)");
    }
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
