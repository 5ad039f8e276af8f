/**
 * The module driver's --cold (bench/driver/driver.c): before each hook it evicts the L1 caches, as
 * Envoy's own work between hooks does, so bench/module-bench.mjs's estimated cycles count every line
 * a module's hooks touch. Under callgrind's cache simulation (bench/cache-model.json), the hand-written
 * passthrough (six hooks, each a few instructions on its own code line) must miss the instruction
 * cache at each hook of a cold stream, and hardly ever on a warm one. Were the eviction to stop
 * evicting, the CI limit on cold cycles (bench/thresholds.json maxColdCycleExcess) would measure
 * warm caches and pass anything.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { benchDir, buildCModule, compilerCommand, readCallgrindTotals } from "../../bench/lib/modules.mjs";
import { repoRoot, scratchDir } from "../helpers/paths.js";

const work = scratchDir("module-driver-cold");
const cacheModel = JSON.parse(fs.readFileSync(path.join(benchDir, "cache-model.json"), "utf8")) as { caches: string[] };
const HOOKS = ["new", "request_headers", "response_headers", "response_body", "stream_complete", "destroy"];

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function hasValgrind(): boolean {
  try {
    execFileSync("valgrind", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Instruction-cache misses inside the hooks over `streams` streams. */
function hookI1Misses(driver: string, module: string, streams: number, cold: boolean): number {
  const out = path.join(work, `callgrind.${cold ? "cold" : "warm"}.${streams}.out`);
  execFileSync(
    "valgrind",
    ["--tool=callgrind", "--cache-sim=yes", ...cacheModel.caches, `--callgrind-out-file=${out}`, ...HOOKS.map((hook) => `--toggle-collect=envoy_dynamic_module_on_http_filter_${hook}`), driver, module, "passthrough", "-", String(streams), ...(cold ? ["--cold"] : [])],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return readCallgrindTotals(out).I1mr ?? 0;
}

describe.skipIf(!hasValgrind())("the module driver's --cold", () => {
  it("makes every hook of a stream miss the instruction cache, where warm streams hit it", () => {
    const driver = path.join(work, "driver");
    execFileSync(compilerCommand(), ["-std=c11", "-O2", "-rdynamic", "-I", path.join(repoRoot, "abi", "c"), path.join(benchDir, "driver", "driver.c"), "-o", driver, "-ldl"]);
    const module = buildCModule("passthrough", work);
    const perStream = (cold: boolean) => (hookI1Misses(driver, module, 12, cold) - hookI1Misses(driver, module, 2, cold)) / 10;
    expect(perStream(true)).toBeGreaterThanOrEqual(HOOKS.length);
    expect(perStream(false)).toBeLessThan(0.5);
  }, 120_000);
});
