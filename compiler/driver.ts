/**
 * The driver: runs the stages in order (frontend, subset check, lowering, C emission, C toolchain)
 * and stops at the first stage that reports diagnostics.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { CompilerCommand, ENVOY_ABI_VERSION, envoyReleaseRange, EnvoyVersion, findToolchain, HOST_TARGET, linkSharedObject, SHARED_OBJECT_MODE, Target, Toolchain, warnOnStderr } from "./cc.js";
import { CompileError, Diagnostic, sortDiagnostics, UsageError } from "./diagnostics.js";
import { diag } from "./diagnostics/catalogue.js";
import { emitModule } from "./emit/c-module.js";
import { FilterProgram, loadFilterProgram } from "./frontend.js";
import { IrModule, printModule, validateModule } from "./ir/index.js";
import type { Project, ts } from "./ts-morph.js";
import { JsonParseTarget, lowerModule } from "./lower/module.js";
import { buildManifest } from "./manifest/manifest.js";
import { ensureOutputDirectory, writeFileAtomic } from "./output.js";
import { packageVersion } from "./paths.js";
import type { RegexStore } from "./regex/compile-regex.js";
import { buildCacheRegexStore } from "./regex-cache.js";
import { checkSubset } from "./subset.js";
import { timed } from "./timings.js";
import { withoutDuplicatesOfOurs } from "./typescript-hints.js";

export const DEFAULT_STREAM_MEMORY_LIMIT = 4 * 1024 * 1024;
export const MIN_STREAM_MEMORY_LIMIT = 64 * 1024;
/** One stream's arena; beyond this a single request could exhaust the host. Also keeps the C constant far inside size_t. */
export const MAX_STREAM_MEMORY_LIMIT = 1024 * 1024 * 1024;
/** Steps per hook call (docs/runtime.md: about 10 ms of an empty loop, far more than header work needs). */
export const DEFAULT_CPU_BUDGET = 10_000_000;

export interface CompileOptions {
  /** Module name: the output is lib<name>.so, and Envoy's dynamic_module_config.name. */
  name?: string;
  streamMemoryLimit?: number;
  /** Steps one hook call may take; 0 turns the budget off. */
  cpuBudget?: number;
  /** Check the IR's invariants after lowering (ir/validate.ts); default: when TSC2ENVOY_VALIDATE_IR=1 (the tests set it). */
  validateIr?: boolean;
  /** The Envoy release to build for; default ENVOY_ABI_VERSION (cc.ts). Kinds a release cannot load are refused (TSE3021). */
  envoyVersion?: EnvoyVersion;
  /** Regular expressions compiled before; `build`'s default is the build cache's (regex-cache.ts), others compile afresh. */
  regexStore?: RegexStore;
}

export interface BuildOptions extends CompileOptions {
  outDir: string;
  /** The C compiler: a command, or a command with arguments before ours. */
  cc?: string | CompilerCommand;
  /** Also write the generated C next to the .so. */
  emitC?: boolean;
  /** Also write the IR as text (<name>.ir) next to the .so. */
  dumpIr?: boolean;
  /** The machine to build for; default the host (cc.ts TARGETS). */
  target?: Target;
  /** Name the output lib<name>-<first 8 hex of its sha256>.so, so each version is a new module for Envoy. */
  contentName?: boolean;
  /** Also write lib<name>.manifest.json: sha256, filters, Envoy releases, config schemas (compiler/manifest/). */
  manifest?: boolean;
  /** Problems that did not stop the build; default: printed to stderr. */
  warn?: (message: string) => void;
}

export interface BuildResult {
  soPath: string;
  /** What Envoy's dynamic_module_config.name must say to load soPath. */
  moduleName: string;
  cPath?: string;
  irPath?: string;
  manifestPath?: string;
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

function requireStreamMemoryLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < MIN_STREAM_MEMORY_LIMIT || limit > MAX_STREAM_MEMORY_LIMIT) {
    throw new UsageError(`the stream memory limit must be a whole number of bytes from 64k to 1g, got ${limit}`);
  }
}

/** `project`: a ts-morph project holding the files' current text (the editor plugin's); default: read from disk. */
export function analyze(entry: string, options: CompileOptions = {}, project?: Project): Analysis {
  requireEntry(entry);
  if (options.streamMemoryLimit !== undefined) requireStreamMemoryLimit(options.streamMemoryLimit);
  const name = moduleNameFor(entry, options.name);
  const { filterProgram, diagnostics } = timed("frontend (TypeScript program and its errors)", () => loadFilterProgram(entry, project));
  if (!filterProgram) return { diagnostics };
  const subset = timed("subset check", () => checkSubset(filterProgram));
  // TypeScript errors and subset errors are independent; show both before giving up.
  if (diagnostics.length > 0 || subset.length > 0) return { diagnostics: sortDiagnostics([...withoutDuplicatesOfOurs(diagnostics, subset), ...subset]) };
  const lowered = timed("lowering", () => lowerModule(filterProgram, { moduleName: name, streamMemoryLimit: options.streamMemoryLimit ?? DEFAULT_STREAM_MEMORY_LIMIT, cpuBudget: options.cpuBudget ?? DEFAULT_CPU_BUDGET, envoyVersion: options.envoyVersion ?? ENVOY_ABI_VERSION, regexStore: options.regexStore }));
  if (lowered.diagnostics.length > 0) return { diagnostics: sortDiagnostics(lowered.diagnostics) };
  if (options.validateIr ?? process.env.TSC2ENVOY_VALIDATE_IR === "1") validateModule(lowered.module);
  return { module: lowered.module, filterProgram, jsonParses: lowered.jsonParses, diagnostics: [] };
}

/** Stages 1-3: the module's IR. `project`: as for analyze (build --watch keeps one between builds). */
export function compileToIr(entry: string, options: CompileOptions = {}, project?: Project): IrModule {
  const { module, diagnostics } = analyze(entry, options, project);
  if (!module) throw new CompileError(diagnostics);
  return module;
}

/** Stages 1-4: the C source of the module. */
export function compileToC(entry: string, options: CompileOptions = {}): string {
  return emitModule(compileToIr(entry, options), path.basename(entry));
}

/** The code lowering reports for an entry that registers no filter. */
const NO_FILTER_CODE = diag.TSE3001;

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** The file registers no filter: a helper module that filters import, which only `build` refuses. */
  helperModule: boolean;
}

/** Stages 1-3 for `tsc2envoy check`, which accepts helper modules as well as entries. */
export function checkModule(entry: string, options: CompileOptions = {}, project?: Project): CheckResult {
  const { diagnostics } = analyze(entry, options, project);
  const helperModule = diagnostics.some((d) => d.code === NO_FILTER_CODE);
  return { diagnostics: diagnostics.filter((d) => d.code !== NO_FILTER_CODE), helperModule };
}

export function check(entry: string, options: CompileOptions = {}): Diagnostic[] {
  return analyze(entry, options).diagnostics;
}

/** `options` with the build cache's regex store unless they bring one (build --watch and run keep one for their builds). */
export function withBuildCacheRegexes<T extends CompileOptions & { warn?: (message: string) => void }>(options: T): T {
  return options.regexStore ? options : { ...options, regexStore: buildCacheRegexStore(options.warn ?? warnOnStderr) };
}

/**
 * Stages 1-5 into options.outDir. `toolchain`: one found before (build --watch finds it once);
 * `project`: one kept between builds, whose files the caller refreshes (build --watch).
 */
export async function build(entry: string, options: BuildOptions, toolchain?: Toolchain, project?: Project): Promise<BuildResult> {
  const name = moduleNameFor(entry, options.name);
  // The compiler's --version runs while TypeScript checks the program (about 25 ms of a warm
  // build, docs/benchmarks.md#build-speed); a missing compiler is still reported first.
  const finding = toolchain ? Promise.resolve(toolchain) : findToolchain(options.cc, options.target);
  finding.catch(() => undefined);
  let module: IrModule;
  try {
    module = compileToIr(entry, withBuildCacheRegexes(options), project);
  } catch (error) {
    await finding;
    throw error;
  }
  return writeModule(name, module, entry, await finding, options);
}

/** Stage 5 for a module already analyzed (tsc2envoy run analyzes first to learn what to watch). */
export async function buildAnalyzed(entry: string, module: IrModule, options: BuildOptions): Promise<BuildResult> {
  return writeModule(module.name, module, entry, await findToolchain(options.cc, options.target), options);
}

async function writeModule(name: string, module: IrModule, entry: string, toolchain: Toolchain, options: BuildOptions): Promise<BuildResult> {
  const cSource = timed("C emission", () => emitModule(module, path.basename(entry)));
  ensureOutputDirectory(options.outDir);
  let irPath: string | undefined;
  if (options.dumpIr) {
    irPath = path.resolve(options.outDir, `${name}.ir`);
    writeFileAtomic(irPath, printModule(module));
  }
  let cPath: string | undefined;
  if (options.emitC) {
    cPath = path.resolve(options.outDir, `${name}.c`);
    writeFileAtomic(cPath, cSource);
  }
  const bytes = await timed("C compiler (runtime objects, module.c, link)", () => linkSharedObject(toolchain, cSource, { warn: options.warn, envoyVersion: options.envoyVersion, target: options.target }));
  const moduleName = options.contentName ? `${name}-${crypto.createHash("sha256").update(bytes).digest("hex").slice(0, 8)}` : name;
  const soPath = path.resolve(options.outDir, `lib${moduleName}.so`);
  // Never in place: Envoy may have the old file mapped (see docs/runtime.md, deploying).
  writeFileAtomic(soPath, bytes, SHARED_OBJECT_MODE);
  let manifestPath: string | undefined;
  if (options.manifest) {
    const envoyAbi = options.envoyVersion ?? ENVOY_ABI_VERSION;
    const manifest = buildManifest({
      module,
      moduleName,
      soFile: path.basename(soPath),
      bytes,
      envoy: { abi: envoyAbi, ...envoyReleaseRange(envoyAbi) },
      target: options.target ?? HOST_TARGET,
      compilerVersion: packageVersion,
      source: path.basename(entry),
    });
    manifestPath = path.resolve(options.outDir, `lib${moduleName}.manifest.json`);
    writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return { soPath, moduleName, cPath, irPath, manifestPath, toolchain };
}
