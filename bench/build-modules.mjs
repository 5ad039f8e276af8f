#!/usr/bin/env node
/**
 * Builds what bench/envoy/bench.py loads into Envoy: <outDir>/ts/lib<example>.so (examples/*.ts
 * compiled by tsc2envoy, dist/), <outDir>/c/lib<example>.so (bench/modules/c) and, unless --no-wasm,
 * <outDir>/wasm/<example>.wasm (bench/modules/wasm) for each example; the body examples
 * (BODY_EXAMPLES) in TypeScript and C only, the async ones (ASYNC_EXAMPLES) in TypeScript only.
 *
 *   node bench/build-modules.mjs <outDir> [--no-wasm]
 */
import fs from "node:fs";
import path from "node:path";

import { ASYNC_EXAMPLES, BODY_EXAMPLES, buildCModule, buildTsModule, buildWasmModule, EXAMPLES } from "./lib/modules.mjs";

export async function buildModules(outDir, { wasm = true } = {}) {
  for (const variant of ["ts", "c", ...(wasm ? ["wasm"] : [])]) fs.mkdirSync(path.join(outDir, variant), { recursive: true });
  for (const example of EXAMPLES) {
    await buildTsModule(example, path.join(outDir, "ts"));
    buildCModule(example, path.join(outDir, "c"));
    if (wasm) buildWasmModule(example, path.join(outDir, "wasm"));
  }
  for (const example of BODY_EXAMPLES) {
    await buildTsModule(example, path.join(outDir, "ts"));
    buildCModule(example, path.join(outDir, "c"));
  }
  for (const example of ASYNC_EXAMPLES) await buildTsModule(example, path.join(outDir, "ts"));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error("usage: node bench/build-modules.mjs <outDir> [--no-wasm]");
    process.exit(2);
  }
  const wasm = !process.argv.includes("--no-wasm");
  await buildModules(path.resolve(outDir), { wasm });
  console.log(`built ${EXAMPLES.length * (wasm ? 3 : 2) + BODY_EXAMPLES.length * 2 + ASYNC_EXAMPLES.length} modules in ${outDir}`);
}
