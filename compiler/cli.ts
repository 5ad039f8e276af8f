#!/usr/bin/env node
/**
 * The command line: `tsc2envoy build`, `warm`, `check`, `cache`, `init`, `run` and `deploy-config`.
 * Exit codes: 0 success, 1 diagnostics in the filter (or Envoy refusing it in `run`), 2 usage or
 * environment error, 3 internal error (a bug in tsc2envoy).
 */
// First: the modules imported after it load with the code cache in place.
import "./cli-code-cache.js";
import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { parseArgsStringToArgv } from "string-argv";

import { CompilerCommand, ENVOY_ABI_VERSION, ENVOY_VERSIONS, EnvoyVersion, HOST_TARGET, parseTarget, Target, TARGETS } from "./cc.js";
import { CompileError, Diagnostic, UsageError } from "./diagnostics.js";
import { describeBuildCache, MAX_AGE_MS, pruneBuildCache, pruneBuildCacheIfDue } from "./cache-prune.js";
import { build, BuildOptions, BuildResult, checkModule, DEFAULT_CPU_BUDGET, DEFAULT_STREAM_MEMORY_LIMIT, moduleNameFor, MAX_STREAM_MEMORY_LIMIT, MIN_STREAM_MEMORY_LIMIT, withBuildCacheRegexes } from "./driver.js";
import { DEFAULT_PORT, initProject } from "./init.js";
import { cacheDirectory, untrusted } from "./object-cache.js";
import { packageVersion } from "./paths.js";
import { colorEnabled, EntryReport, OUTPUT_FORMATS, OutputFormat, renderJson, renderText } from "./render-diagnostics.js";
import { sinceStart } from "./timings.js";

// Each command's own modules are imported when it runs: a build does not load what `run` (Envoy),
// `deploy-config` (a JSON Schema validator, YAML) or `--watch` (a file watcher) need
// (docs/benchmarks.md#build-speed).

const EXIT_DIAGNOSTICS = 1;
const EXIT_USAGE = 2;
const EXIT_INTERNAL = 3;

/** Diagnostics go to stderr: pretty (colour, code frames) on a terminal, plain lines otherwise. */
function printDiagnostics(diagnostics: Diagnostic[], color?: boolean): void {
  process.stderr.write(renderText(diagnostics, { pretty: colorEnabled(color, process.stderr.isTTY) }));
}

const byteUnits: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

function parseBytes(value: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(value);
  if (!match) throw new InvalidArgumentError("expected bytes, e.g. 4194304, 512k, 4m or 1g");
  const bytes = Number(match[1]) * byteUnits[match[2]!.toLowerCase()]!;
  if (bytes < MIN_STREAM_MEMORY_LIMIT) throw new InvalidArgumentError("must be at least 64k");
  if (bytes > MAX_STREAM_MEMORY_LIMIT) throw new InvalidArgumentError("must be at most 1g (one stream's memory; Envoy runs many streams at once)");
  return bytes;
}

/** Steps: a count, with k (thousand) or m (million); `off` is 0, no budget. */
function parseSteps(value: string): number {
  if (value === "off") return 0;
  const match = /^(\d+)([kKmM]?)$/.exec(value);
  if (!match) throw new InvalidArgumentError("expected a number of steps, e.g. 10000000, 500k or 10m, or off");
  const steps = Number(match[1]) * (match[2] === "" ? 1 : /k/i.test(match[2]!) ? 1e3 : 1e6);
  if (steps < 1000 || steps > 1e15) throw new InvalidArgumentError("must be from 1k to 1e15 steps, or off");
  return steps;
}

/** `--cc "ccache clang"`: a command and its arguments, split as a shell would (quotes group words). */
function parseCompiler(value: string): CompilerCommand {
  const [command, ...args] = parseArgsStringToArgv(value);
  if (!command) throw new InvalidArgumentError("expected a C compiler command, e.g. clang or \"ccache clang\"");
  return { command, args };
}

function parseTargetOption(value: string): Target {
  const target = parseTarget(value);
  if (!target) throw new InvalidArgumentError(`expected one of ${TARGETS.join(", ")} (or arm64, amd64)`);
  return target;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError("expected a port from 0 to 65535 (0: any free port)");
  return port;
}

const version = packageVersion;

const program = new Command()
  .name("tsc2envoy")
  .description("Compile TypeScript HTTP filters into Envoy dynamic modules (lib<name>.so)")
  .version(version, "-V, --version", "print the version")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const compilerOption = () => new Option("--cc <command>", 'C compiler to use, with any arguments it needs (e.g. "ccache clang"; default: clang, else cc)').argParser(parseCompiler);
const streamMemoryOption = () =>
  new Option("--max-stream-memory <bytes>", "memory one stream may use before it fails closed").argParser(parseBytes).default(DEFAULT_STREAM_MEMORY_LIMIT, "4m");
const envoyVersionOption = () =>
  new Option("--envoy-version <x.y>", "the Envoy release the module is for (docs/envoy-versions.md)").choices(ENVOY_VERSIONS).default(ENVOY_ABI_VERSION);
const cpuBudgetOption = () =>
  new Option("--cpu-budget <steps>", "loop iterations and function calls one hook call may make before it fails closed, or off").argParser(parseSteps).default(DEFAULT_CPU_BUDGET, "10m");

interface CompileFlags {
  cc?: CompilerCommand;
  maxStreamMemory: number;
  cpuBudget: number;
}

const formatOption = () =>
  new Option("--format <format>", "how to print diagnostics: text, or json (one JSON document on stdout, nothing else there)").choices(OUTPUT_FORMATS).default("text");

interface OutputFlags {
  format: OutputFormat;
  /** --color / --no-color; undefined: decided by NO_COLOR, FORCE_COLOR and whether stderr is a terminal. */
  color?: boolean;
}

/** Every entry's diagnostics at once, sorted by place across entries; the exit code says whether there were any. */
function report(diagnostics: Diagnostic[], entries: EntryReport[], flags: OutputFlags): void {
  if (flags.format === "json") process.stdout.write(renderJson(diagnostics, entries));
  else if (diagnostics.length > 0) printDiagnostics(diagnostics, flags.color);
  if (entries.some((e) => !e.ok)) process.exitCode = EXIT_DIAGNOSTICS;
}

program
  .command("build")
  .description("compile filters to lib<name>.so, one module per entry file")
  .argument("<entry.ts...>", "the filter's entry file (it calls registerHttpFilter); several build one after another")
  .option("-o, --out-dir <dir>", "where to write lib<name>.so", ".")
  .option("--name <module>", "module name: output lib<module>.so (default: entry file name; one entry only)")
  .addOption(compilerOption())
  .option("--emit-c", "also write the generated <module>.c")
  .option("--dump-ir", "also write the compiler's intermediate representation as text, <module>.ir")
  .option("--content-name", "name the output lib<module>-<sha8>.so after its content, so a new version is a new module for Envoy")
  .option("--manifest", "also write lib<module>.manifest.json: sha256, filters, Envoy releases and a JSON Schema of each filter's config")
  .addOption(streamMemoryOption())
  .addOption(cpuBudgetOption())
  .addOption(envoyVersionOption())
  .addOption(new Option("--target <triple>", `the machine the module is for: ${TARGETS.join(" or ")} (docs/cli.md#other-machines)`).argParser(parseTargetOption).default(HOST_TARGET))
  .addOption(formatOption())
  .option("--color", "colour and code frames in diagnostics, even when stderr is not a terminal")
  .option("--no-color", "plain diagnostics, even on a terminal")
  .option("-w, --watch", "after building, rebuild an entry whenever a file of its program changes (Ctrl-C stops)")
  .action(async (entries: string[], options: CompileFlags & OutputFlags & { outDir: string; name?: string; emitC?: boolean; dumpIr?: boolean; contentName?: boolean; manifest?: boolean; envoyVersion: EnvoyVersion; target: Target; watch?: boolean }) => {
    sinceStart("start-up (Node and loading the compiler)");
    if (options.name !== undefined && entries.length > 1) throw new UsageError("--name names one module: build one entry at a time with it");
    if (options.watch && options.format === "json") throw new UsageError("--watch prints text as it rebuilds: leave out --format json");
    const modules = new Map<string, string>();
    for (const entry of entries) {
      const name = moduleNameFor(entry, options.name);
      const other = modules.get(name);
      if (other !== undefined) throw new UsageError(`${other} and ${entry} would both be written as lib${name}.so; build them into different directories (-o)`);
      modules.set(name, entry);
    }
    const diagnostics: Diagnostic[] = [];
    const reports: EntryReport[] = [];
    const buildOptions: BuildOptions = {
      outDir: options.outDir,
      name: options.name,
      cc: options.cc,
      emitC: options.emitC,
      dumpIr: options.dumpIr,
      contentName: options.contentName,
      manifest: options.manifest,
      envoyVersion: options.envoyVersion,
      target: options.target,
      streamMemoryLimit: options.maxStreamMemory,
      cpuBudget: options.cpuBudget,
    };
    const writtenBy = (result: BuildResult) => [result.soPath, result.cPath, result.irPath, result.manifestPath].filter((p) => p !== undefined);
    /** What a build wrote, on stdout; a rebuild also says how long it took from the change. */
    const sayWritten = (result: BuildResult, rebuildMs?: number) => {
      const written = writtenBy(result);
      const list = written.length === 1 ? written[0] : `${written.slice(0, -1).join(", ")} and ${written[written.length - 1]}`;
      // A cross build says which compiler it found (the search tries several) and for what.
      const compiler = options.target === HOST_TARGET ? result.toolchain.version : `${options.target}: ${[result.toolchain.command, ...(result.toolchain.args ?? [])].join(" ")}, ${result.toolchain.version}`;
      process.stdout.write(`wrote ${list} (${compiler})${rebuildMs === undefined ? "" : ` in ${rebuildMs.toFixed(0)} ms`}\n`);
      if (options.contentName) process.stdout.write(`dynamic_module_config.name: ${result.moduleName}\n`);
    };
    if (options.watch) {
      let stop!: () => void;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      process.once("SIGINT", stop).once("SIGTERM", stop);
      const say = (message: string) => process.stderr.write(`tsc2envoy: ${message}\n`);
      const { watchBuilds } = await import("./build-watch.js");
      await watchBuilds(entries, buildOptions, { built: (_entry, result, ms) => sayWritten(result, ms), failed: (_entry, found) => printDiagnostics(found, options.color), say }, stopped);
      say("stopped");
      pruneBuildCacheIfDue();
      return;
    }
    for (const entry of entries) {
      try {
        const result = await build(entry, buildOptions);
        reports.push({ entry, ok: true, errorCount: 0, wrote: writtenBy(result), ...(options.contentName ? { moduleName: result.moduleName } : {}) });
        if (options.format !== "json") sayWritten(result);
      } catch (error) {
        // One filter's errors do not keep the others from building; the exit code reports them.
        if (!(error instanceof CompileError)) throw error;
        diagnostics.push(...error.diagnostics);
        reports.push({ entry, ok: false, errorCount: error.diagnostics.length });
      }
    }
    report(diagnostics, reports, options);
    // After the output is written; at most once a day (cache-prune.ts).
    pruneBuildCacheIfDue();
  });

program
  .command("warm")
  .description("compile the C runtime into the build cache now, so that the first build compiles only the filter (npm install runs this)")
  .addOption(compilerOption())
  .addOption(envoyVersionOption())
  .addOption(new Option("--target <triple>", `the machine modules are for: ${TARGETS.join(" or ")}`).argParser(parseTargetOption).default(HOST_TARGET))
  .action(async (options: { cc?: CompilerCommand; envoyVersion: EnvoyVersion; target: Target }) => {
    const { warmBuildCache } = await import("./warm.js");
    const { cacheDir, toolchain } = await warmBuildCache(options);
    process.stdout.write(`the build cache ${cacheDir} holds the runtime for ${options.target}, Envoy ${options.envoyVersion} (${toolchain.version})\n`);
    pruneBuildCacheIfDue();
  });

program
  .command("check")
  .description("type-check filters and helper modules and report unsupported TypeScript, without compiling")
  .argument("<file.ts...>", "a filter's entry file, or a helper module filters import; several are checked one after another")
  .addOption(formatOption())
  .option("--color", "colour and code frames in diagnostics, even when stderr is not a terminal")
  .option("--no-color", "plain diagnostics, even on a terminal")
  .action((entries: string[], options: OutputFlags) => {
    const diagnostics: Diagnostic[] = [];
    const reports: EntryReport[] = [];
    // Lowering compiles regular expressions as build does: the same build-cache store.
    const compileOptions = withBuildCacheRegexes({});
    for (const entry of entries) {
      const result = checkModule(entry, compileOptions);
      diagnostics.push(...result.diagnostics);
      reports.push({ entry, ok: result.diagnostics.length === 0, errorCount: result.diagnostics.length, ...(result.helperModule ? { helperModule: true } : {}) });
      if (options.format === "text" && result.diagnostics.length === 0) {
        process.stdout.write(`${entry}: ok${result.helperModule ? " (registers no filter: checked as a helper module)" : ""}\n`);
      }
    }
    report(diagnostics, reports, options);
    pruneBuildCacheIfDue();
  });

program
  .command("cache")
  .description(`show what the build cache holds; --prune removes now what builds remove once a day (entries not used for ${MAX_AGE_MS / 86_400_000} days), --clear removes every entry`)
  .addOption(new Option("--prune", "remove entries not used lately, and the least recently used beyond each kind's cap").conflicts("clear"))
  .option("--clear", "remove every entry (the next build compiles the runtime again)")
  .action((options: { prune?: boolean; clear?: boolean }) => {
    const dir = cacheDirectory();
    const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
    const problem = stat && untrusted(stat, "directory");
    // Not ours alone: builds do not use it, and removing from it could remove another user's files.
    if (problem) throw new UsageError(`the build cache ${dir} is not used by builds (${problem}), so it was left as it is`);
    if (options.prune || options.clear) {
      const removed = [...pruneBuildCache({ all: options.clear }).values()].reduce((sum, result) => sum + result.removed, 0);
      process.stdout.write(`removed ${removed} ${removed === 1 ? "entry" : "entries"}\n`);
    }
    const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
    const held = describeBuildCache().map(({ kind, entries, bytes }) => `${entries} ${kind.noun}${entries === 1 ? "" : "s"} (${size(bytes)})`);
    process.stdout.write(`the build cache ${dir} holds ${held.join(", ")}\n`);
  });

program
  .command("init")
  .description("set up a filter project: a filter, its unit test, config, envoy.yaml, tsconfig.json, CI workflow")
  .argument("[dir]", "the project directory", ".")
  .option("--force", "overwrite files that exist")
  .option("--no-install", "do not run npm install afterwards")
  .action(async (dir: string, options: { force?: boolean; install: boolean }) => {
    await initProject({ dir, force: options.force ?? false, install: options.install, print: (message) => process.stdout.write(`${message}\n`) });
  });

program
  .command("run")
  .description("build the filter and run it in a local Envoy in front of an echo upstream; prints the URL and Envoy's log")
  .argument("<entry.ts>", "the filter's entry file")
  .option("-c, --config <file>", "the filter_config (JSON for a typed config), read from a file")
  .option("--filter <name>", "which registered filter to run, when the file registers several")
  .addOption(new Option("-p, --port <port>", "the listener's port on 127.0.0.1 (0: any free port)").argParser(parsePort).default(DEFAULT_PORT))
  .option("--upstream <host:port>", "send requests to this upstream instead of the built-in echo server")
  .option("-w, --watch", "rebuild and restart Envoy when the filter's files or the config change")
  .option("--log-level <level>", "Envoy's log level for the filter's lines (dynamic_modules): trace, debug, info, warn, error, critical, off", "debug")
  .addOption(compilerOption())
  .addOption(streamMemoryOption())
  .addOption(cpuBudgetOption())
  .action(async (entry: string, options: CompileFlags & { config?: string; filter?: string; port: number; upstream?: string; watch?: boolean; logLevel: string }) => {
    const { runFilter } = await import("./run.js");
    process.exitCode = await runFilter(entry, {
      config: options.config,
      filter: options.filter,
      port: options.port,
      upstream: options.upstream,
      watch: options.watch ?? false,
      logLevel: options.logLevel,
      cc: options.cc,
      streamMemoryLimit: options.maxStreamMemory,
      cpuBudget: options.cpuBudget,
      print: (message) => process.stdout.write(`${message}\n`),
      printDiagnostics: (diagnostics) => printDiagnostics(diagnostics),
    });
  });

program
  .command("deploy-config")
  .description("print what loads a built module in a fleet: Envoy's HTTP filter entry, or Envoy Gateway's EnvoyProxy and EnvoyExtensionPolicy")
  .argument("<manifest>", "lib<module>.manifest.json, written by build --manifest")
  .option("--filter <name>", "which of the module's filters (needed when it registers several)")
  .option("-c, --config <file>", "the filter_config (JSON for a typed config), checked against the manifest's schema")
  .option("--url <url>", "where proxies fetch the .so (http or https); Envoy checks it against the manifest's sha256")
  .option("--cluster <name>", "Envoy: the cluster that reaches --url", "module_server")
  .option("--gateway [name]", "print Envoy Gateway resources attaching the filter to this Gateway (default eg)")
  .option("--path <path>", "Envoy Gateway: the module's absolute path on the proxy, instead of --url")
  .option("-n, --namespace <namespace>", "Envoy Gateway: the resources' namespace")
  .action(async (manifestFile: string, options: { filter?: string; config?: string; url?: string; cluster: string; gateway?: string | true; path?: string; namespace?: string }) => {
    const { envoyFilterConfig, gatewayResources, parseManifest } = await import("./manifest/deploy-config.js");
    if (!fs.existsSync(manifestFile)) throw new UsageError(`no such file: ${manifestFile}`);
    const manifest = parseManifest(fs.readFileSync(manifestFile, "utf8"), manifestFile);
    if (options.url !== undefined && !/^https?:\/\/[^/?#]+/.test(options.url)) throw new UsageError(`--url must be an http or https URL, got ${options.url}`);
    let config: unknown;
    if (options.config !== undefined) {
      if (!fs.existsSync(options.config)) throw new UsageError(`no such file: ${options.config}`);
      const text = fs.readFileSync(options.config, "utf8");
      const stringConfig = manifest.filters.find((f) => f.name === (options.filter ?? manifest.filters[0]?.name))?.configSchema.type === "string";
      try {
        config = stringConfig ? text : JSON.parse(text);
      } catch (error) {
        throw new UsageError(`${options.config} is not JSON: ${(error as Error).message}`);
      }
    }
    const deploy = { filter: options.filter, config, url: options.url, cluster: options.cluster, path: options.path, namespace: options.namespace, gateway: typeof options.gateway === "string" ? options.gateway : undefined };
    process.stdout.write(options.gateway !== undefined ? gatewayResources(manifest, deploy) : envoyFilterConfig(manifest, deploy));
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (error instanceof CompileError) {
    printDiagnostics(error.diagnostics);
    process.exitCode = EXIT_DIAGNOSTICS;
  } else if (error instanceof UsageError) {
    process.stderr.write(`tsc2envoy: ${error.message}\n`);
    process.exitCode = EXIT_USAGE;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tsc2envoy: internal error: ${message}\n(this is a bug in tsc2envoy ${version}: please report it with the filter source; TSC2ENVOY_DEBUG=1 shows where it happened)\n`);
    if (process.env.TSC2ENVOY_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = EXIT_INTERNAL;
  }
}
