/**
 * The driver: runs the stages in order (frontend, subset check, lowering, C emission, C toolchain)
 * and stops at the first stage that reports diagnostics.
 */
import fs from "node:fs";
import path from "node:path";

import { compileSharedObject, findToolchain, Toolchain } from "./cc.js";
import { CompileError, Diagnostic, UsageError } from "./diagnostics.js";
import { emitModule } from "./emit/c-module.js";
import { FilterProgram, loadFilterProgram } from "./frontend.js";
import { IrModule } from "./ir.js";
import type { ts } from "ts-morph";
import { JsonParseTarget, lowerModule } from "./lower/module.js";
import { checkSubset } from "./subset.js";

export const DEFAULT_STREAM_MEMORY_LIMIT = 4 * 1024 * 1024;

export interface CompileOptions {
  /** Module name: the output is lib<name>.so, and Envoy's dynamic_module_config.name. */
  name?: string;
  streamMemoryLimit?: number;
}

export interface BuildOptions extends CompileOptions {
  outDir: string;
  cc?: string;
  /** Also write the generated C next to the .so. */
  emitC?: boolean;
}

export interface BuildResult {
  soPath: string;
  cPath?: string;
  toolchain: Toolchain;
}

export function moduleNameFor(entry: string, explicit?: string): string {
  const name = explicit ?? path.basename(entry).replace(/\.[cm]?tsx?$/, "");
  if (!/^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(name)) {
    throw new UsageError(`module name '${name}' must be letters, digits, '_' and '-' (it becomes lib${name}.so); pass --name`);
  }
  return name;
}

function requireEntry(entry: string): void {
  if (!fs.existsSync(entry)) throw new UsageError(`no such file: ${entry}`);
  if (!/\.ts$/.test(entry)) throw new UsageError(`the entry must be a .ts file: ${entry}`);
}

/** Stages 1-3: everything that can find errors in the filter. */
export interface Analysis {
  module?: IrModule;
  filterProgram?: FilterProgram;
  /** JSON.parse calls and the types they decode into. */
  jsonParses?: ReadonlyMap<ts.Node, JsonParseTarget>;
  diagnostics: Diagnostic[];
}

export function analyze(entry: string, options: CompileOptions = {}): Analysis {
  requireEntry(entry);
  const name = moduleNameFor(entry, options.name);
  const { filterProgram, diagnostics } = loadFilterProgram(entry);
  if (!filterProgram) return { diagnostics };
  const subset = checkSubset(filterProgram);
  // TypeScript errors and subset errors are independent; show both before giving up.
  if (diagnostics.length > 0 || subset.length > 0) return { diagnostics: [...diagnostics, ...subset] };
  const lowered = lowerModule(filterProgram, { moduleName: name, streamMemoryLimit: options.streamMemoryLimit ?? DEFAULT_STREAM_MEMORY_LIMIT });
  if (lowered.diagnostics.length > 0) return { diagnostics: lowered.diagnostics };
  return { module: lowered.module, filterProgram, jsonParses: lowered.jsonParses, diagnostics: [] };
}

/** Stages 1-4: the C source of the module. */
export function compileToC(entry: string, options: CompileOptions = {}): string {
  const { module, diagnostics } = analyze(entry, options);
  if (!module) throw new CompileError(diagnostics);
  return emitModule(module, path.basename(entry));
}

export function check(entry: string, options: CompileOptions = {}): Diagnostic[] {
  return analyze(entry, options).diagnostics;
}

export async function build(entry: string, options: BuildOptions): Promise<BuildResult> {
  const name = moduleNameFor(entry, options.name);
  const toolchain = await findToolchain(options.cc);
  const cSource = compileToC(entry, options);
  const soPath = path.resolve(options.outDir, `lib${name}.so`);
  fs.mkdirSync(options.outDir, { recursive: true });
  let cPath: string | undefined;
  if (options.emitC) {
    cPath = path.resolve(options.outDir, `${name}.c`);
    fs.writeFileSync(cPath, cSource);
  }
  await compileSharedObject(toolchain, cSource, soPath);
  return { soPath, cPath, toolchain };
}
