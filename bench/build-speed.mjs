#!/usr/bin/env node
/**
 * Build speed: how long `tsc2envoy build` takes for an example, cold (an empty build cache: the
 * runtime is compiled), first after `tsc2envoy warm` (what npm install leaves; warm itself is timed
 * too) and warm (the runtime objects and the code cache in place), and how long `build --watch`
 * takes to rebuild after an edit. Prints figures (wall time, and CPU time of the build and the C compiler it
 * runs, which a busy machine does not inflate as it does wall time); it checks nothing (docs/benchmarks.md#build-speed).
 *
 *   node bench/build-speed.mjs [--example header_mutation] [--runs 5] [--edits 10] [--compare DIR]
 *
 * Needs `npx tsc -p tsconfig.json` first. Each edit appends a comment line to a copy of the
 * example (the program is type-checked, lowered and compiled again; the C is the same).
 *
 * `--compare DIR`: another checkout of tsc2envoy, built (a `git worktree` of the commit before a
 * change, say). Then only warm builds and watch rebuilds are timed, the two compilers' runs
 * interleaved in a random order each round (so the machine's load drifts fall on both alike), and
 * the median of the per-round differences is printed. The build cache is TSC2ENVOY_CACHE_DIR if set
 * (one already warm saves compiling the runtime), else a new one; both compilers share it.
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
const compare = option("--compare", undefined);

/** CPU ms from /proc/<pid>/stat (ticks of 10 ms): with `own`, the process's own and its waited-for children's; else the children's. */
function cpuMs(pid = "self", own = false) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((own ? Number(fields[11]) + Number(fields[12]) : 0) + Number(fields[13]) + Number(fields[14])) * 10;
}
const childrenCpuMs = () => cpuMs();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const shuffled = (items) => [...items].sort(() => Math.random() - 0.5);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-build-speed-"));

/** A compiler (its cli.js) building its own copy of the example into its own output directory. */
function compiler(label, cliPath) {
  const dir = fs.mkdtempSync(path.join(scratch, "compiler-"));
  const entry = path.join(dir, `${example}.ts`);
  fs.copyFileSync(path.join(root, "examples", `${example}.ts`), entry);
  const out = path.join(dir, "out");
  const timedCli = (cacheDir, cliArgs) => {
    const cpu = childrenCpuMs();
    const start = performance.now();
    const result = spawnSync("node", [cliPath, ...cliArgs], { env: { ...process.env, TSC2ENVOY_CACHE_DIR: cacheDir }, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${label}: tsc2envoy ${cliArgs[0]} failed:\n${result.stderr}`);
    return { wall: performance.now() - start, cpu: childrenCpuMs() - cpu };
  };
  return {
    label,
    timedCli,
    timedBuild: (cacheDir) => timedCli(cacheDir, ["build", entry, "-o", out]),
    /** build --watch: rebuild(i) times an edit to the line saying the module was written. */
    async watch(cacheDir) {
      const child = spawn("node", [cliPath, "build", entry, "-o", out, "--watch"], { env: { ...process.env, TSC2ENVOY_CACHE_DIR: cacheDir }, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const waitFor = async (pattern, from) => {
        for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 5))) {
          const match = pattern.exec(output.slice(from));
          if (match) return match;
        }
        throw new Error(`${label}: build --watch never printed ${pattern}:\n${output}`);
      };
      try {
        await waitFor(/watching/, 0);
      } catch (error) {
        child.kill("SIGINT");
        throw error;
      }
      return {
        async rebuild(i) {
          const from = output.length;
          const cpu = cpuMs(child.pid, true);
          const start = performance.now();
          fs.appendFileSync(entry, `// edit ${i}\n`);
          const reported = Number((await waitFor(/ in (\d+) ms\n/, from))[1]);
          const result = { wall: performance.now() - start, reported, cpu: cpuMs(child.pid, true) - cpu };
          await new Promise((resolve) => setTimeout(resolve, 200));
          return result;
        },
        stop: () => child.kill("SIGINT"),
      };
    },
  };
}

const summary = (results) => `wall ${median(results.map((r) => r.wall)).toFixed(0)}, cpu ${median(results.map((r) => r.cpu)).toFixed(0)}`;

/** This compiler alone: cold, after warm, warm, watch. */
async function alone() {
  const self = compiler("this", cli);
  const cold = [];
  const warmed = [];
  const firstAfterWarm = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    cold.push(self.timedBuild(fs.mkdtempSync(path.join(scratch, "cold-cache-"))));
    // What npm install leaves (its postinstall runs `tsc2envoy warm`), then the first build.
    const installed = fs.mkdtempSync(path.join(scratch, "installed-cache-"));
    warmed.push(self.timedCli(installed, ["warm"]));
    firstAfterWarm.push(self.timedBuild(installed));
  }
  const warmCache = fs.mkdtempSync(path.join(scratch, "warm-cache-"));
  self.timedBuild(warmCache);
  const warm = Array.from({ length: runs }, () => self.timedBuild(warmCache));
  const watch = await self.watch(warmCache);
  const rebuilds = [];
  try {
    for (let i = 0; i < edits; i++) rebuilds.push(await watch.rebuild(i));
  } finally {
    watch.stop();
  }
  console.log(`examples/${example}.ts on ${os.cpus().length} CPUs, load average ${loadAverage()}; medians in ms`);
  console.log(`build, cold cache (runtime compiled), ${cold.length} runs: ${summary(cold)}`);
  console.log(`tsc2envoy warm (npm install's postinstall), ${warmed.length} runs: ${summary(warmed)}`);
  console.log(`build, first after warm, ${firstAfterWarm.length} runs: ${summary(firstAfterWarm)}`);
  console.log(`build, warm cache, ${warm.length} runs: ${summary(warm)}`);
  console.log(`build --watch rebuild after an edit, ${rebuilds.length} edits: edit to written ${median(rebuilds.map((r) => r.wall)).toFixed(0)} (reported by the CLI: change seen to written ${median(rebuilds.map((r) => r.reported)).toFixed(0)}), cpu ${median(rebuilds.map((r) => r.cpu)).toFixed(0)}`);
}

/** Another checkout against this one, interleaved: warm builds, then watch rebuilds. */
async function against(otherDir) {
  const pair = [compiler(`compare (${otherDir})`, path.join(path.resolve(otherDir), "dist", "compiler", "cli.js")), compiler("this", cli)];
  const cacheDir = process.env.TSC2ENVOY_CACHE_DIR ?? fs.mkdtempSync(path.join(scratch, "warm-cache-"));
  const loads = [loadAverage()];
  // Each fills what it alone writes (its regex entries, say) before the timed rounds.
  for (const c of pair) c.timedBuild(cacheDir);
  const builds = pair.map(() => []);
  for (let round = 0; round < runs; round++) {
    for (const i of shuffled([0, 1])) builds[i].push(pair[i].timedBuild(cacheDir));
  }
  loads.push(loadAverage());
  const watches = [];
  const rebuilds = pair.map(() => []);
  try {
    for (const c of pair) watches.push(await c.watch(cacheDir));
    for (let edit = 0; edit < edits; edit++) {
      for (const i of shuffled([0, 1])) rebuilds[i].push(await watches[i].rebuild(edit));
    }
  } finally {
    for (const w of watches) w.stop();
  }
  loads.push(loadAverage());
  const differences = (sets, field) => median(sets[1].map((r, i) => r[field] - sets[0][i][field])).toFixed(0);
  console.log(`examples/${example}.ts on ${os.cpus().length} CPUs, load average ${loads.join(" -> ")}; medians in ms, interleaved`);
  for (const [i, c] of pair.entries()) {
    console.log(`${c.label}: build, warm cache, ${builds[i].length} runs: ${summary(builds[i])}; build --watch rebuild, ${rebuilds[i].length} edits: ${summary(rebuilds[i])}`);
  }
  console.log(`this - compare, per round: build wall ${differences(builds, "wall")}, cpu ${differences(builds, "cpu")}; rebuild wall ${differences(rebuilds, "wall")}, cpu ${differences(rebuilds, "cpu")}`);
}

try {
  await (compare ? against(compare) : alone());
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
