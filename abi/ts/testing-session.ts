/**
 * What every driver of `tsc2envoy/testing` shares (testing.ts for HTTP filters, testing-network.ts
 * for network and listener filters): analyzing the entry once per content, building its .so once
 * per process, and starting the host of either mode on it, with the filter of the kind asked for.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { findToolchain, linkSharedObject } from "../../compiler/cc.js";
import { CompileError } from "../../compiler/diagnostics.js";
import { Analysis, analyze, CompileOptions } from "../../compiler/driver.js";
import { emitModule } from "../../compiler/emit/c-module.js";
import type { FilterKindName } from "../../compiler/ir/index.js";
import { transpileForNode } from "../../compiler/reference/transpile.js";
import { nativeHost, NativeSession, withPrivateDir } from "./host/native.js";
import { TranscriptLine } from "./host/protocol.js";
import { ReferenceHost } from "./host/reference.js";

export interface HostSession {
  run(lines: string): Promise<string>;
  close(): Promise<void>;
}

/** The options every driver takes (testing.ts LoadOptions documents them). */
export interface HostOptions {
  filter?: string;
  native?: boolean;
  maxStreamMemory?: number;
  cpuBudget?: number;
}

/** Analyses by entry: reused while every file of the program is unchanged (the checker is most of a load's time). */
const analyses = new Map<string, Analysis>();

function analyzeCached(entry: string, options: CompileOptions): Analysis {
  const key = JSON.stringify([entry, options]);
  const cached = analyses.get(key);
  const unchanged = cached?.filterProgram?.userFiles.every((file) => fs.existsSync(file.fileName) && fs.readFileSync(file.fileName, "utf8") === file.text);
  if (cached && unchanged) return cached;
  const analysis = analyze(entry, options);
  if (analysis.module) analyses.set(key, analysis);
  return analysis;
}

/** Compiled modules (their bytes) by their C: built once per process. */
const modules = new Map<string, Promise<Buffer>>();

function compiledModule(cSource: string): Promise<Buffer> {
  const key = crypto.createHash("sha256").update(cSource).digest("hex");
  let built = modules.get(key);
  if (!built) {
    built = (async () => linkSharedObject(await findToolchain(), cSource))();
    modules.set(key, built);
  }
  return built;
}

let loads = 0;

/**
 * Analyzes `entry` (a path relative to the working directory, or a file URL), picks the filter of
 * `kind` (undefined: HTTP) named `options.filter` (or the only one), and starts the host of the
 * mode asked for. Throws the compiler's diagnostics when the filter does not compile.
 */
export async function startHost(entry: string | URL, options: HostOptions, kind: Exclude<FilterKindName, "http"> | undefined, register: string) {
  const entryPath = entry instanceof URL || entry.startsWith("file:") ? fileURLToPath(entry) : path.resolve(entry);
  const native = options.native ?? process.env.TSC2ENVOY_TEST_NATIVE === "1";
  const compileOptions: CompileOptions = native ? { streamMemoryLimit: options.maxStreamMemory, cpuBudget: options.cpuBudget } : {};
  const { module, filterProgram, jsonParses, diagnostics } = analyzeCached(entryPath, compileOptions);
  if (!module || !filterProgram) throw new CompileError(diagnostics);

  const names = module.filters.filter((f) => f.kind === kind).map((f) => f.name);
  const name = options.filter ?? (names.length === 1 ? names[0]! : undefined);
  if (name === undefined || !names.includes(name)) {
    const which = options.filter === undefined ? "pass the filter option to choose one" : `it has no filter named '${options.filter}'`;
    throw new Error(`${path.basename(entryPath)} registers ${names.map((n) => `'${n}'`).join(", ") || `no filters with ${register}`}: ${which}`);
  }

  let session: HostSession;
  let loaded: string;
  if (native) {
    const started = await NativeSession.start(await nativeHost(), await compiledModule(emitModule(module, path.basename(entryPath))));
    session = started.session;
    loaded = started.transcript;
  } else {
    // Compiled modules run in UTC (Date's local time is UTC): so does Node's Date in this process,
    // whatever the machine's zone, so `toString()` and the like give the same text in both modes.
    process.env.TZ = "UTC";
    const instance = `testing-${++loads}-${process.pid}`;
    // Once imported, the program's JavaScript is not read again (source maps are registered as text).
    const started = await withPrivateDir((dir) => {
      const reference = transpileForNode(filterProgram, module, jsonParses ?? new Map(), dir, instance);
      return ReferenceHost.load(reference.sdkUrl, pathToFileURL(reference.entry).href, module.name);
    });
    session = { run: async (lines) => started.host.run(lines), close: async () => {} };
    loaded = started.transcript;
  }
  return { session, name, loaded, native };
}

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "critical";

export interface LogLine {
  level: LogLevel;
  message: string;
  /** The TypeScript file (relative to the entry's directory) and line of the log call. */
  file: string;
  line: number;
}

/** A transcript's `log` line, after its first word. */
export function readLogLine(line: TranscriptLine): LogLine {
  const level = line.word() as LogLevel;
  const file = line.string();
  line.expect(":");
  const lineNumber = Number(line.word());
  return { level, file, line: lineNumber, message: line.string() };
}

/** A transcript's `counter` (or `gauge`) line, after its first word, added into `into` by name (tag values summed). */
export function readMetricLine(line: TranscriptLine, into: Record<string, number>): void {
  const name = line.string();
  if (line.text.startsWith(" [", line.position)) line.headerList();
  const op = line.word();
  const value = Number(line.word());
  into[name] = op === "=" ? value : (into[name] ?? 0) + (op === "-=" ? -value : value);
}
