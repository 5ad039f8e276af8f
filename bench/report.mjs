#!/usr/bin/env node
/**
 * Turns benchmark results into the tables and chart of docs/benchmarks.md: replaces what lies between
 * `<!-- bench:<section>:begin -->` and `<!-- bench:<section>:end -->` there, and writes the chart of
 * Envoy CPU per request per variant as docs/benchmarks-<section>.svg (drawn here: a few rectangles
 * and labels need no plotting library).
 *
 *   node bench/report.mjs --section local|device --envoy FILE [--module FILE] [--memory FILE] [--title TEXT]
 *
 * --envoy: what bench/envoy/bench.py wrote; --module: what `bench/module-bench.mjs --json FILE` wrote;
 * --memory: a later bench.py run of the memory part alone (`--rounds 0 --warmup 0`), whose figures
 * replace --envoy's.
 */
import fs from "node:fs";
import path from "node:path";

import { EXAMPLES, repoRoot } from "./lib/modules.mjs";

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const section = option("--section");
const envoyFile = option("--envoy");
if (!section || !envoyFile) {
  console.error("usage: node bench/report.mjs --section local|device --envoy FILE [--module FILE] [--memory FILE] [--title TEXT]");
  process.exit(2);
}
const envoy = JSON.parse(fs.readFileSync(envoyFile, "utf8"));
const moduleFile = option("--module");
const moduleResults = moduleFile ? JSON.parse(fs.readFileSync(moduleFile, "utf8")) : undefined;
const memoryFile = option("--memory");
const memoryRun = memoryFile ? JSON.parse(fs.readFileSync(memoryFile, "utf8")) : undefined;
if (memoryRun) envoy.memory = memoryRun.memory;
const docPath = path.join(repoRoot, "docs", "benchmarks.md");
const chartName = `benchmarks-${section}.svg`;

/** The issue's targets (docs/benchmarks.md). */
const TARGETS = { instructionRatio: { passthrough: 1.5, header_mutation: 1.5, route_rules: 3 }, extraCpuUs: 1, memoryOverNoneBytes: 2048, soBytes: 80 * 1024 };
const VARIANT_ORDER = ["c", "ts", "lua", "wasm", "builtin"];
const VARIANT_NAMES = { none: "no filter", c: "hand-written C", ts: "compiled TS", lua: "Lua", wasm: "Wasm (AssemblyScript, V8)", builtin: "Envoy C++ header_mutation" };

const fixed = (value, digits = 1) => (value === undefined || value === null || Number.isNaN(value) ? "–" : value.toFixed(digits));
const signed = (value, digits = 1) => (value >= 0 ? "+" : "") + value.toFixed(digits);
const grouped = (value) => Math.round(value).toLocaleString("en-US");
const withCi = (d, digits = 2) => (d ? `${signed(d.mean, digits)} ± ${d.ci95 === null ? "?" : d.ci95.toFixed(digits)}` : "–");

function table(header, rows) {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function instancesOf(example) {
  return ["none", ...VARIANT_ORDER.map((v) => `${example}/${v}`)].filter((name) => envoy.summary[name]);
}

function machineLine() {
  const m = envoy.machine;
  const s = envoy.settings;
  const busy = envoy.rounds.flatMap((r) => Object.values(r.results).map((x) => x.machine_busy));
  const busyMedian = busy.sort((a, b) => a - b)[Math.floor(busy.length / 2)];
  const memorySettings = (run) => `${run.settings.memory_streams} held streams, ${run.settings.memory_repeats} run(s) per variant (median)`;
  const memoryLine = memoryRun
    ? [`Memory measured apart, ${memoryRun.date} (\`bench.py --rounds 0 --warmup 0\`, load average ${memoryRun.machine.loadavg_start.join(" ")} at the start, ${memoryRun.machine.loadavg_end.join(" ")} at the end): ${memorySettings(memoryRun)}.`]
    : [];
  return [
    `Measured ${envoy.date} on ${m.nproc} CPUs (${m.cpu}, Linux ${m.kernel}, ${Math.round(m.mem_total_kib / 1048576)} GiB), Envoy ${m.envoy_version.split("/")[1] ?? m.envoy_version}, ${m.wrk_version?.split(" [")[0] ?? "wrk"}.`,
    `Load average ${m.loadavg_start.join(" ")} at the start, ${m.loadavg_end.join(" ")} at the end; the machine's CPUs were ${(busyMedian * 100).toFixed(0)}% busy during the median run (Envoy, wrk, the upstream and anything else).`,
    `Settings: Envoy \`--concurrency ${s.concurrency}\` per variant (upstream ${s.upstream_concurrency}), \`wrk -t${s.wrk_threads} -c${s.wrk_connections}\`, ${s.rounds} interleaved rounds of ${s.duration_s} s per variant after ${s.warmup_s} s of warm-up, \`GET ${s.request.path}\` with \`authorization\` and \`apple\` headers${memoryRun ? "" : `; memory: ${memorySettings(envoy)}`}. Order seed ${s.seed}; ${Math.round(envoy.elapsed_s)} s in all.`,
    ...memoryLine,
  ].join("\n");
}

/**
 * A table row per example and variant: `cells(summary, difference)` gives the variant's cells, where
 * difference(key, digits) is its paired difference under envoy[key] (vs hand-written C; C's over no filter).
 */
function perVariantRows(cells) {
  const rows = [];
  for (const example of EXAMPLES) {
    for (const name of instancesOf(example)) {
      const variant = name === "none" ? "none" : name.split("/")[1];
      const diffKey = variant === "c" ? `${example}/c-none` : `${example}/${variant}-c`;
      const difference = (key, digits) => (variant === "none" ? "" : `${withCi(envoy[key][diffKey], digits)}${variant === "c" ? " (over no filter)" : ""}`);
      rows.push([example, VARIANT_NAMES[variant], ...cells(envoy.summary[name], difference)]);
    }
  }
  return rows;
}

function cpuTable() {
  const rows = perVariantRows((s, difference) => [fixed(s.cpu_us_per_request.median, 2), difference("paired_differences_us"), grouped(s.rps), fixed(s.p50_ms, 3), fixed(s.p99_ms, 3), String(s.non_2xx + s.socket_errors)]);
  return table(["example", "variant", "Envoy CPU µs/request (median)", "paired difference vs hand-written C, µs (mean ± 95% CI)", "req/s (median)", "p50 ms", "p99 ms", "errors"], rows);
}

/**
 * The Envoy's user-space clock: cycles per µs of user CPU time, the median over every variant and
 * round (bench.py counts cycles in user space only). It turns a difference in cycles into µs.
 */
function cyclesPerUs() {
  const ratios = envoy.rounds.flatMap((r) => Object.values(r.results)).filter((x) => x.cycles_per_request && x.user_cpu_us_per_request).map((x) => x.cycles_per_request / x.user_cpu_us_per_request);
  return ratios.length ? ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)] : undefined;
}

/** Cycles and instructions per request in the Envoy's user space, where bench.py could count them (bench/envoy/counters.py). */
function countersTable() {
  if (!envoy.paired_differences_cycles) return undefined;
  const rows = perVariantRows((s, difference) => [grouped(s.cycles_per_request.median), difference("paired_differences_cycles", 0), grouped(s.instructions_per_request.median), difference("paired_differences_instructions", 0)]);
  return table(["example", "variant", "cycles/request (median)", "paired difference vs hand-written C, cycles (mean ± 95% CI)", "instructions/request (median)", "paired difference vs hand-written C, instructions"], rows);
}

function memoryTable() {
  if (!envoy.memory || Object.keys(envoy.memory).length === 0) return "No memory measurement in this run.";
  const rows = [];
  for (const example of EXAMPLES) {
    for (const name of instancesOf(example)) {
      const m = envoy.memory[name];
      if (!m) continue;
      const variant = name === "none" ? "none" : name.split("/")[1];
      rows.push([example, VARIANT_NAMES[variant], grouped(m.bytes_per_stream), variant === "none" ? "" : (m.over_none >= 0 ? "+" : "") + grouped(m.over_none)]);
    }
  }
  return table(["example", "variant", "Envoy RSS per held stream, bytes", "over no filter, bytes"], rows);
}

function moduleTable() {
  if (!moduleResults) return undefined;
  const rows = moduleResults.results.map((r) => [
    r.example,
    grouped(r.ts.instructions),
    grouped(r.c.instructions),
    grouped(r.ts.instructions - r.c.instructions),
    r.ratio.toFixed(2),
    String(moduleResults.thresholds.instructionRatio[r.example]),
    r.ts.ns === undefined ? "–" : grouped(r.ts.ns),
    r.c.ns === undefined ? "–" : grouped(r.c.ns),
    // Results from before the driver counted host callbacks have none.
    r.ts.callbacks === undefined ? "–" : `${r.ts.callbacks} / ${r.c.callbacks}`,
    grouped(r.ts.bytes),
  ]);
  return table(["example", "compiled TS instr/stream", "hand-written C instr/stream", "extra", "TS/C", "CI limit", "TS ns/stream", "C ns/stream", "host callbacks/stream TS / C", "TS .so bytes"], rows);
}

function targetsTable() {
  const rows = [];
  const verdict = (ok) => (ok ? "met" : "**not met**");
  if (moduleResults) {
    // The targets are the header examples' (the WAF has none of its own).
    const targeted = moduleResults.results.filter((r) => TARGETS.instructionRatio[r.example] !== undefined);
    for (const r of targeted) {
      const target = TARGETS.instructionRatio[r.example];
      rows.push([`instructions per stream ≤ ${target}× C (${r.example})`, `${r.ratio.toFixed(2)}×`, verdict(r.ratio <= target)]);
    }
    for (const r of targeted) rows.push([`lib${r.example}.so ≤ 80 KB`, `${(r.ts.bytes / 1024).toFixed(0)} KB`, verdict(r.ts.bytes <= TARGETS.soBytes)]);
  }
  // A paired difference decides a target only when its 95% interval lies on one side of the bound.
  const decided = (d, bound) => (d.ci95 !== null && d.mean + d.ci95 <= bound ? "met" : d.ci95 !== null && d.mean - d.ci95 > bound ? "**not met**" : "undecided (within the noise)");
  for (const example of EXAMPLES) {
    const ts = envoy.paired_differences_us[`${example}/ts-c`];
    const tsMinusLua = pairedRounds(`${example}/ts`, `${example}/lua`);
    if (ts) rows.push([`extra Envoy CPU over C ≤ 1 µs/request (${example})`, `${withCi(ts)} µs`, decided(ts, TARGETS.extraCpuUs)]);
    const tsCycles = envoy.paired_differences_cycles?.[`${example}/ts-c`];
    const clock = cyclesPerUs();
    if (tsCycles && clock) {
      const inUs = { mean: tsCycles.mean / clock, ci95: tsCycles.ci95 === null ? null : tsCycles.ci95 / clock };
      rows.push([`extra Envoy user-space cycles over C ≤ 1 µs/request at ${(clock / 1000).toFixed(2)} GHz (${example})`, `${withCi(tsCycles, 0)} cycles = ${withCi(inUs)} µs`, decided(inUs, TARGETS.extraCpuUs)]);
    }
    if (tsMinusLua) rows.push([`extra CPU below Lua's (${example}): TS − Lua < 0`, `${withCi(tsMinusLua)} µs`, decided(tsMinusLua, 0)]);
    const memory = envoy.memory?.[`${example}/ts`];
    if (memory) rows.push([`memory ≤ 2 KB per stream over no filter (${example})`, `${memory.over_none >= 0 ? "+" : ""}${grouped(memory.over_none)} bytes`, verdict(memory.over_none <= TARGETS.memoryOverNoneBytes)]);
  }
  return table(["target", "measured", ""], rows);
}

// Two-sided 95% quantiles of Student's t for n - 1 = 1..29 degrees of freedom (as bench/envoy/bench.py).
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045];

/** Per round, a's CPU per request minus b's: mean and 95% interval. */
function pairedRounds(a, b) {
  const values = envoy.rounds.filter((r) => r.results[a] && r.results[b]).map((r) => r.results[a].cpu_us_per_request - r.results[b].cpu_us_per_request);
  if (values.length === 0) return undefined;
  const mean = values.reduce((x, y) => x + y, 0) / values.length;
  if (values.length < 2) return { mean, ci95: null };
  const sd = Math.sqrt(values.reduce((x, y) => x + (y - mean) ** 2, 0) / (values.length - 1));
  return { mean, ci95: (T95[values.length - 2] ?? 1.96) * sd / Math.sqrt(values.length) };
}

function escapeXml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Horizontal bars: Envoy CPU µs per request (median of the rounds) for each variant, grouped by example. */
function chart() {
  const bars = [];
  for (const example of EXAMPLES) {
    bars.push({ heading: example });
    for (const name of instancesOf(example)) {
      const variant = name === "none" ? "none" : name.split("/")[1];
      bars.push({ label: VARIANT_NAMES[variant], variant, value: envoy.summary[name].cpu_us_per_request.median });
    }
  }
  const max = Math.max(...bars.filter((b) => b.value !== undefined).map((b) => b.value));
  // A round step (1, 2, 2.5 or 5 times a power of ten) giving about four grid lines.
  const magnitude = max > 0 ? 10 ** Math.floor(Math.log10(max / 4)) : 1;
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate * 4 >= max) ?? max / 4;
  const tickCount = Math.max(1, Math.ceil(max / step));
  const axisMax = step * tickCount;
  const left = 190, width = 460, rowHeight = 20, top = 40;
  const colors = { none: "#9e9e9e", c: "#1f77b4", ts: "#d62728", lua: "#2ca02c", wasm: "#ff7f0e", builtin: "#9467bd" };
  let y = top;
  const parts = [];
  for (const bar of bars) {
    if (bar.heading) {
      y += 6;
      parts.push(`<text x="10" y="${y + 14}" font-weight="bold">${escapeXml(bar.heading)}</text>`);
      y += rowHeight;
      continue;
    }
    const w = (bar.value / axisMax) * width;
    parts.push(`<text x="${left - 8}" y="${y + 14}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${colors[bar.variant]}"/>`);
    parts.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + 14}">${bar.value.toFixed(2)}</text>`);
    y += rowHeight;
  }
  const ticks = [];
  for (let i = 0; i <= tickCount; i++) {
    const x = left + (width * i) / tickCount;
    ticks.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${y}" stroke="#ddd"/>`, `<text x="${x}" y="${y + 16}" text-anchor="middle">${String(+(step * i).toFixed(2))}</text>`);
  }
  const height = y + 30;
  const s = envoy.settings;
  const title = `Envoy CPU per request, µs (median of ${s.rounds} rounds; ${envoy.machine.nproc} CPUs, --concurrency ${s.concurrency}, wrk -t${s.wrk_threads} -c${s.wrk_connections})`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 80}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
    ...ticks,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

const body = [
  "",
  machineLine(),
  "",
  `![Envoy CPU per request per variant](${chartName})`,
  "",
  "Envoy CPU time per request and throughput (one Envoy per variant):",
  "",
  cpuTable(),
  "",
  "Per-stream memory (a fresh Envoy per variant, streams held open by a delaying upstream):",
  "",
  memoryTable(),
  "",
  ...(countersTable() ? ["Cycles and instructions the Envoy executed in user space per request (perf counters of its threads, counted in the same rounds):", "", countersTable(), ""] : []),
  ...(moduleTable() ? [`Module driver (\`bench/module-bench.mjs\`, ${moduleResults.streams} streams, the WAF's 1 MiB body 4, callgrind; ns timed natively):`, "", moduleTable(), ""] : []),
  "Against the targets:",
  "",
  targetsTable(),
  "",
].join("\n");

const begin = `<!-- bench:${section}:begin -->`;
const end = `<!-- bench:${section}:end -->`;
const doc = fs.readFileSync(docPath, "utf8");
const from = doc.indexOf(begin);
const to = doc.indexOf(end);
if (from < 0 || to < from) {
  console.error(`docs/benchmarks.md has no ${begin} ... ${end} section`);
  process.exit(1);
}
fs.writeFileSync(docPath, doc.slice(0, from + begin.length) + "\n" + body + doc.slice(to));
fs.writeFileSync(path.join(repoRoot, "docs", chartName), chart());
console.log(`updated docs/benchmarks.md (${section}) and docs/${chartName}`);
