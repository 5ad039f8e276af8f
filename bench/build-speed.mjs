#!/usr/bin/env node
/**
 * Build speed: how long `tsc2envoy build` takes for an example, cold (an empty build cache: the
 * runtime is compiled), first after `tsc2envoy warm` (what npm install leaves; warm itself is timed
 * too) and warm (the runtime objects and the code cache in place), and how long `build --watch`
 * takes to rebuild after an edit. Prints figures (wall time, and CPU time of the build and the C compiler it
 * runs, which a busy machine does not inflate as it does wall time); it checks nothing (docs/benchmarks.md#build-speed).
 *
 *   node bench/build-speed.mjs [--example header_mutation] [--runs 5] [--edits 10]
 *
 * Needs `npx tsc -p tsconfig.json` first. Each edit appends a comment line to a copy of the
 * example (the program is type-checked, lowered and compiled again; the C is the same).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const root = path.join(path.dirname(new URL(import.meta.url).pathname), "..");
const cli = path.join(root, "dist", "compiler", "cli.js");
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const example = option("--example", "header_mutation");
const runs = Number(option("--runs", 5));
const edits = Number(option("--edits", 10));

/** CPU ms from /proc/<pid>/stat (ticks of 10 ms): with `own`, the process's own and its waited-for children's; else the children's. */
function cpuMs(pid = "self", own = false) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((own ? Number(fields[11]) + Number(fields[12]) : 0) + Number(fields[13]) + Number(fields[14])) * 10;
}
const childrenCpuMs = () => cpuMs();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-build-speed-"));
try {
  const entry = path.join(scratch, `${example}.ts`);
  fs.copyFileSync(path.join(root, "examples", `${example}.ts`), entry);
  const out = path.join(scratch, "out");

  const timedCli = (cacheDir, args) => {
    const cpu = childrenCpuMs();
    const start = performance.now();
    const result = spawnSync("node", [cli, ...args], { env: { ...process.env, TSC2ENVOY_CACHE_DIR: cacheDir }, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`tsc2envoy ${args[0]} failed:\n${result.stderr}`);
    return { wall: performance.now() - start, cpu: childrenCpuMs() - cpu };
  };
  const timedBuild = (cacheDir) => timedCli(cacheDir, ["build", entry, "-o", out]);
  const cold = [];
  const warmed = [];
  const firstAfterWarm = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    cold.push(timedBuild(fs.mkdtempSync(path.join(scratch, "cold-cache-"))));
    // What npm install leaves (its postinstall runs `tsc2envoy warm`), then the first build.
    const installed = fs.mkdtempSync(path.join(scratch, "installed-cache-"));
    warmed.push(timedCli(installed, ["warm"]));
    firstAfterWarm.push(timedBuild(installed));
  }
  const warmCache = fs.mkdtempSync(path.join(scratch, "warm-cache-"));
  timedBuild(warmCache);
  const warm = Array.from({ length: runs }, () => timedBuild(warmCache));

  // build --watch: the time from an edit to the line saying the module was written.
  const watch = spawn("node", [cli, "build", entry, "-o", out, "--watch"], { env: { ...process.env, TSC2ENVOY_CACHE_DIR: warmCache }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  watch.stdout.on("data", (chunk) => (output += chunk));
  watch.stderr.on("data", (chunk) => (output += chunk));
  const waitFor = async (pattern, from) => {
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 5))) {
      const match = pattern.exec(output.slice(from));
      if (match) return match;
    }
    throw new Error(`build --watch never printed ${pattern}:\n${output}`);
  };
  const rebuilds = [];
  try {
    await waitFor(/watching/, 0);
    for (let i = 0; i < edits; i++) {
      const from = output.length;
      const cpu = cpuMs(watch.pid, true);
      const start = performance.now();
      fs.appendFileSync(entry, `// edit ${i}\n`);
      const reported = Number((await waitFor(/ in (\d+) ms\n/, from))[1]);
      rebuilds.push({ wall: performance.now() - start, reported, cpu: cpuMs(watch.pid, true) - cpu });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    watch.kill("SIGINT");
  }

  const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  console.log(`examples/${example}.ts on ${os.cpus().length} CPUs, load average ${load}; medians in ms`);
  console.log(`build, cold cache (runtime compiled), ${cold.length} runs: wall ${median(cold.map((r) => r.wall)).toFixed(0)}, cpu ${median(cold.map((r) => r.cpu)).toFixed(0)}`);
  console.log(`tsc2envoy warm (npm install's postinstall), ${warmed.length} runs: wall ${median(warmed.map((r) => r.wall)).toFixed(0)}, cpu ${median(warmed.map((r) => r.cpu)).toFixed(0)}`);
  console.log(`build, first after warm, ${firstAfterWarm.length} runs: wall ${median(firstAfterWarm.map((r) => r.wall)).toFixed(0)}, cpu ${median(firstAfterWarm.map((r) => r.cpu)).toFixed(0)}`);
  console.log(`build, warm cache, ${warm.length} runs: wall ${median(warm.map((r) => r.wall)).toFixed(0)}, cpu ${median(warm.map((r) => r.cpu)).toFixed(0)}`);
  console.log(`build --watch rebuild after an edit, ${rebuilds.length} edits: edit to written ${median(rebuilds.map((r) => r.wall)).toFixed(0)} (reported by the CLI: change seen to written ${median(rebuilds.map((r) => r.reported)).toFixed(0)}), cpu ${median(rebuilds.map((r) => r.cpu)).toFixed(0)}`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
