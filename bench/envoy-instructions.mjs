#!/usr/bin/env node
/**
 * `npm run bench:envoy-instructions`: instructions the whole Envoy process executes per request,
 * and estimated cycles (simulated caches and branch predictor) per variant (no filter, hand-written C,
 * compiled TS, Lua, Envoy's C++ header_mutation), under
 * valgrind's callgrind (bench/envoy/instructions.py): deterministic where wall-clock CPU per request
 * is noise. Builds the TS and C modules (bench/build-modules.mjs) first.
 *
 *   node bench/envoy-instructions.mjs [--out FILE] [instructions.py options, e.g. --long 200]
 *
 * Default output: bench/results/envoy-instructions-local.json. About 11 minutes on 2 cores
 * (--no-simulate: instructions only, about 6).
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
const out = outIndex >= 0 ? path.resolve(args.splice(outIndex, 2)[1]) : path.join(benchDir, "results", "envoy-instructions-local.json");
const envoy = envoyBinary();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-envoy-instructions-"));
try {
  await buildModules(path.join(scratch, "modules"), { wasm: false });
  const command = [path.join(benchDir, "envoy", "instructions.py"), "--modules", path.join(scratch, "modules"), "--envoy", envoy, "--out", out, ...args];
  const result = spawnSync(process.env.PYTHON ?? "python3", command, { stdio: "inherit" });
  if (result.status !== 0) process.exitCode = result.status ?? 1;
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
