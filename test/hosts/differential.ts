/**
 * The correctness oracle: a filter's TypeScript run in Node (reference SDK) and compiled to a .so
 * (native host) must print the same transcript for the same vector.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";

import { analyze, CompileOptions } from "../../compiler/driver.js";
import { emitModule } from "../../compiler/emit/c-module.js";
import { CompileError } from "../../compiler/diagnostics.js";
import { compileSharedObject, findToolchain, Toolchain } from "../../compiler/cc.js";
import { transpileForNode } from "../../compiler/reference/transpile.js";
import { scratchDir } from "../helpers/paths.js";
import { runNative, SANITIZE_FLAGS } from "./native/run.js";
import { ReferenceHost } from "../../abi/ts/host/reference.js";
import { NetworkVector, Vector, vectorLines } from "./vectors.js";

export interface BuiltFilter {
  moduleName: string;
  soPath: string;
  jsEntry: string;
  sdkUrl: string;
}

let instances = 0;

/** Compiles the filter both ways from one analysis; the C compiler is clang (else cc) unless given. */
export async function buildBoth(entry: string, toolchain?: Toolchain, options: CompileOptions = {}): Promise<BuiltFilter> {
  const { module, filterProgram, jsonParses, diagnostics } = analyze(entry, options);
  if (!module || !filterProgram) throw new CompileError(diagnostics);
  const dir = scratchDir(path.basename(entry, ".ts"));
  const soPath = path.join(dir, `lib${module.name}.so`);
  await compileSharedObject(toolchain ?? (await findToolchain()), emitModule(module, path.basename(entry)), soPath, toolchain ? [] : SANITIZE_FLAGS);
  const reference = transpileForNode(filterProgram, module, jsonParses ?? new Map(), path.join(dir, "js"), `${module.name}-${++instances}-${process.pid}`);
  return { moduleName: module.name, soPath, jsEntry: reference.entry, sdkUrl: reference.sdkUrl };
}

export async function transcripts(built: BuiltFilter, vector: Vector | NetworkVector): Promise<{ native: string; reference: string }> {
  const native = await runNative(built.soPath, vector);
  const { host, transcript } = await ReferenceHost.load(built.sdkUrl, pathToFileURL(built.jsEntry).href, built.moduleName);
  return { native, reference: transcript + (await host.run(vectorLines(vector))) };
}
