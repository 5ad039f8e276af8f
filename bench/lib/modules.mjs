/**
 * Builds the modules the benchmarks compare: each example compiled from TypeScript (through the
 * built compiler in dist/, so run `npx tsc -p tsconfig.json` first), its hand-written C counterpart
 * (bench/modules/c, needs jsmn.h: apt-get install libjsmn-dev) and its Wasm counterpart
 * (bench/modules/wasm, AssemblyScript, installed there from its own lockfile on first use). Also
 * writes each example's filter_config (bench/modules/configs.json) as a file.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const benchDir = path.join(repoRoot, "bench");
export const EXAMPLES = ["passthrough", "header_mutation", "route_rules"];
/** Examples with request bodies: no Wasm counterpart; behind Envoy (bench/envoy/bench.py) and in the module driver with its --body exchange. */
export const BODY_EXAMPLES = ["zero_copy_regex_waf"];
/** Examples with async hooks: compiled TS against Lua behind Envoy only (no hand-written C, no module driver). */
export const ASYNC_EXAMPLES = ["external_authorization"];
export const CONFIGS = JSON.parse(fs.readFileSync(path.join(benchDir, "modules", "configs.json"), "utf8"));
const abiDir = path.join(repoRoot, "abi", "c");
const cDir = path.join(benchDir, "modules", "c");

/** Ordinary release flags for hand-written modules: only the hooks exported, bound at load. */
const C_FLAGS = ["-std=c11", "-O2", "-fPIC", "-fvisibility=hidden", "-Wall", "-Wextra", "-Werror"];

/** A callgrind dump's totals by event ({ Ir: ..., I1mr: ... }): its `events:` and `summary:`/`totals:` lines. */
export function readCallgrindTotals(dumpPath) {
  const dump = fs.readFileSync(dumpPath, "utf8");
  const events = /^events: (.*)$/m.exec(dump)?.[1].split(" ");
  const totals = /^(?:summary|totals): (.*)$/m.exec(dump)?.[1].split(" ").map(Number);
  if (!events || !totals) throw new Error(`no events or totals in ${dumpPath}`);
  return Object.fromEntries(events.map((event, i) => [event, totals[i] ?? 0]));
}

export function compilerCommand() {
  return process.env.CC ?? "clang";
}

/** bench/modules/c/<example>.c as <outDir>/<soName>.so (default lib<example>.so). */
export function buildCModule(example, outDir, soName = `lib${example}`) {
  const out = path.join(outDir, `${soName}.so`);
  execFileSync(compilerCommand(), [...C_FLAGS, "-I", abiDir, "-shared", "-Wl,-z,now", "-o", out, path.join(cDir, "common.c"), path.join(cDir, `${example}.c`), "-lm"], { stdio: ["ignore", "inherit", "inherit"] });
  return out;
}

/** examples/<example>.ts compiled by tsc2envoy (dist/) into <outDir>/lib<example>.so. */
export async function buildTsModule(example, outDir, options = {}) {
  const driver = path.join(repoRoot, "dist", "compiler", "driver.js");
  if (!fs.existsSync(driver)) throw new Error("dist/ is missing: run `npx tsc -p tsconfig.json` first");
  const { build } = await import(driver);
  const { soPath } = await build(path.join(repoRoot, "examples", `${example}.ts`), { outDir, ...options });
  return soPath;
}

/** The example's filter_config as a file in `dir` (undefined when it has none). */
export function writeConfig(example, dir) {
  const config = CONFIGS[example];
  if (config === null) return undefined;
  const file = path.join(dir, `${example}.config.json`);
  // A string is the filter_config as it is (a StringValue, as bench.py hands it to Envoy), anything else its JSON.
  fs.writeFileSync(file, typeof config === "string" ? config : JSON.stringify(config));
  return file;
}

const wasmDir = path.join(benchDir, "modules", "wasm");

/** bench/modules/wasm/<example>.ts compiled by AssemblyScript into <outDir>/<example>.wasm. */
export function buildWasmModule(example, outDir) {
  if (!fs.existsSync(path.join(wasmDir, "node_modules", ".bin", "asc"))) {
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: wasmDir, stdio: ["ignore", "ignore", "inherit"] });
  }
  const out = path.join(outDir, `${example}.wasm`);
  // --use abort=...: the SDK's abort handler, as its README says.
  const result = spawnSync(path.join(wasmDir, "node_modules", ".bin", "asc"), [`${example}.ts`, "-b", out, "--use", "abort=abort_proc_exit", "-O3"], { cwd: wasmDir, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`AssemblyScript failed on bench/modules/wasm/${example}.ts:\n${result.stdout}${result.stderr}`);
  return out;
}
