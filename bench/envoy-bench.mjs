#!/usr/bin/env node
/**
 * `npm run bench:envoy`: builds every module (bench/build-modules.mjs) and runs the Envoy side-by-side
 * benchmark (bench/envoy/bench.py) with the Envoy of the tests (ENVOY_BIN, or .venv-envoy from
 * test/envoy/install.sh) and wrk (WRK, or wrk on PATH: apt-get install wrk).
 *
 *   node bench/envoy-bench.mjs [--out FILE] [bench.py options, e.g. --concurrency 2 --rounds 8]
 *
 * Default output: bench/results/envoy-local.json. Then `node bench/report.mjs` for the tables.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { buildModules } from "./build-modules.mjs";
import { envoyBinary } from "./lib/envoy.mjs";
import { benchDir } from "./lib/modules.mjs";

const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const out = outIndex >= 0 ? path.resolve(args.splice(outIndex, 2)[1]) : path.join(benchDir, "results", "envoy-local.json");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-envoy-bench-"));
try {
  await buildModules(path.join(scratch, "modules"));
  const python = process.env.PYTHON ?? "python3";
  const command = [path.join(benchDir, "envoy", "bench.py"), "--modules", path.join(scratch, "modules"), "--envoy", envoyBinary(), "--wrk", process.env.WRK ?? "wrk", "--out", out, ...args];
  const result = spawnSync(python, command, { stdio: "inherit" });
  if (result.status !== 0) process.exitCode = result.status ?? 1;
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
