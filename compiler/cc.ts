/**
 * Stage 5, the C toolchain: finds clang (else cc) and links the emitted C with runtime-c into
 * lib<name>.so. Builds happen in a private scratch directory (mkdtemp: mode 0700) with relative
 * paths only, so the output depends on the sources alone (reproducible). Runtime objects come from
 * the verified per-user cache (object-cache.ts) or are compiled in the scratch directory.
 */
import { FILTER_KINDS } from "./api/kinds.js";
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { UsageError } from "./diagnostics.js";
import { cacheDirectory, ObjectCache } from "./object-cache.js";
import { fileSystemError, writeFileAtomic } from "./output.js";
import { abiDir, abiHeaderDir, runtimeDir } from "./paths.js";

/** A C compiler as a command and the arguments that come before ours (`--cc "ccache clang"`). */
export interface CompilerCommand {
  /** The command run, e.g. "clang" or "/usr/bin/cc". */
  command: string;
  args?: string[];
}

export interface Toolchain extends CompilerCommand {
  /** First line of `--version`. */
  version: string;
}

interface CommandResult {
  /** Undefined when the command did not start or was killed (a timeout). */
  exitCode?: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a compiler to completion. node:child_process rather than execa, which tsc2envoy uses
 * elsewhere: loading execa (about 120 modules) was 60 ms of every build's start-up
 * (docs/benchmarks.md#build-speed). Output as execa gives it: the final newline stripped.
 */
function runCommand(command: string, args: string[], options: { cwd?: string; timeout: number }): Promise<CommandResult> {
  const trim = (text: string) => text.replace(/\r?\n$/, "");
  return new Promise((resolve) => {
    execFile(command, args, { ...options, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === "number" ? error.code : undefined;
      resolve({ exitCode, stdout: trim(stdout), stderr: trim(stderr || (exitCode === undefined && error ? error.message : "")) });
    });
  });
}

/**
 * A generous limit: `build` probes while TypeScript checks the program, which blocks the event
 * loop, and a timeout that fires then kills a probe whose output has not been read yet.
 */
const PROBE_TIMEOUT_MS = 120_000;

async function probe({ command, args = [] }: CompilerCommand): Promise<Toolchain | undefined> {
  const { exitCode, stdout } = await runCommand(command, [...args, "--version"], { timeout: PROBE_TIMEOUT_MS });
  return exitCode === 0 ? { command, args, version: stdout.split("\n")[0] ?? command } : undefined;
}

/** The machines a module can be built for, as target triples (`--target`). */
export const TARGETS = ["x86_64-linux-gnu", "aarch64-linux-gnu"] as const;
export type Target = (typeof TARGETS)[number];

/** The machine tsc2envoy runs on; modules are built for it unless `--target` says otherwise. */
export const HOST_TARGET: Target = process.arch === "arm64" ? "aarch64-linux-gnu" : "x86_64-linux-gnu";

/** Other names users give a target (Docker's and Kubernetes' `arm64`, `amd64`; the bare CPU). */
const TARGET_ALIASES: Record<string, Target> = { arm64: "aarch64-linux-gnu", aarch64: "aarch64-linux-gnu", amd64: "x86_64-linux-gnu", x86_64: "x86_64-linux-gnu", "x86-64": "x86_64-linux-gnu" };

/** The target a `--target` value names, or undefined. */
export function parseTarget(value: string): Target | undefined {
  return (TARGETS as readonly string[]).includes(value) ? (value as Target) : TARGET_ALIASES[value];
}

/** Debian's name for a target's cross gcc package (x86_64 is x86-64 there). */
const crossGccPackage = (target: Target) => `gcc-${target.replace(/_/g, "-")}`;

/** How to get a toolchain that builds for `target`, for error messages and docs/cli.md. */
export function crossToolchainHint(target: Target): string {
  return `install zig (pip install ziglang: run as python3 -m ziglang cc; or a zig on PATH) or the target's gcc (apt-get install ${crossGccPackage(target)}), or pass --cc "<command>"`;
}

/**
 * The flag that makes `toolchain` build for `target`: none for the host or for a cross gcc named
 * after the target (`aarch64-linux-gnu-gcc`, also behind a wrapper such as ccache), else clang's
 * `--target=`, which zig cc also reads.
 */
export function targetFlags(toolchain: CompilerCommand, target: Target): string[] {
  if (target === HOST_TARGET || [toolchain.command, ...(toolchain.args ?? [])].some((word) => path.basename(word).startsWith(`${target}-`))) return [];
  return [`--target=${target}`];
}

/** Whether `toolchain` links a shared object for `target` (a clang without the target's libc does not): undefined if so, else why not. */
async function linkFailure(toolchain: Toolchain, target: Target): Promise<string | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-probe-"));
  try {
    fs.writeFileSync(path.join(dir, "probe.c"), "#include <string.h>\nint tse_probe(const char* s) { return (int)strlen(s); }\n");
    const args = [...(toolchain.args ?? []), ...targetFlags(toolchain, target), "-fPIC", "-shared", "-o", "probe.so", "probe.c"];
    const result = await runCommand(toolchain.command, args, { cwd: dir, timeout: 120_000 });
    return result.exitCode === 0 ? undefined : (result.stderr || result.stdout || `exit code ${result.exitCode}`).split("\n").slice(0, 3).join("\n");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The compilers tried for another machine, in order: zig cc (a zig install, or PyPI's ziglang), the target's gcc, clang. */
function crossCandidates(target: Target): CompilerCommand[] {
  const pythons = [...new Set([process.env.PYTHON, "python3"].filter((p): p is string => !!p))];
  return [{ command: "zig", args: ["cc"] }, ...pythons.map((python) => ({ command: python, args: ["-m", "ziglang", "cc"] })), { command: `${target}-gcc` }, { command: "clang" }];
}

/** Cross toolchains found in this process (the search links a probe with each candidate), by target and PATH. */
const crossFound = new Map<string, Promise<Toolchain>>();

async function findCrossToolchain(target: Target): Promise<Toolchain> {
  for (const candidate of crossCandidates(target)) {
    const found = await probe(candidate);
    if (found && (await linkFailure(found, target)) === undefined) return found;
  }
  throw new UsageError(`no C compiler that builds for ${target} found: ${crossToolchainHint(target)}`);
}

/**
 * The explicit compiler if given (a string is one command, no arguments), else clang, else cc.
 * For another machine (`--target`): the first of crossCandidates that links a shared object for it.
 */
export async function findToolchain(explicit?: string | CompilerCommand, target: Target = HOST_TARGET): Promise<Toolchain> {
  if (explicit) {
    const given = typeof explicit === "string" ? { command: explicit } : explicit;
    // Compilers run in a scratch directory: a relative path is the caller's.
    const compiler = given.command.includes("/") ? { ...given, command: path.resolve(given.command) } : given;
    const found = await probe(compiler);
    const shown = [given.command, ...(given.args ?? [])].join(" ");
    if (!found) throw new UsageError(`C compiler '${shown}' (from --cc) did not run`);
    const failure = target === HOST_TARGET ? undefined : await linkFailure(found, target);
    if (failure !== undefined) throw new UsageError(`C compiler '${shown}' (from --cc) cannot link a shared object for ${target}:\n${failure}\n${crossToolchainHint(target)}`);
    return found;
  }
  if (target === HOST_TARGET) {
    for (const candidate of ["clang", "cc"]) {
      const found = await probe({ command: candidate });
      if (found) return found;
    }
    throw new UsageError("no C compiler found: install clang (apt-get install clang) or any cc, or pass --cc <command>");
  }
  const key = JSON.stringify([target, process.env.PATH, process.env.PYTHON]);
  let search = crossFound.get(key);
  if (!search) {
    search = findCrossToolchain(target);
    // A failed search is not kept: a toolchain installed later is found.
    search.catch(() => crossFound.delete(key));
    crossFound.set(key, search);
  }
  return search;
}

/** The Envoy releases modules can target (abi/c/envoy_abi.h declares each; docs/envoy-versions.md). */
export const ENVOY_VERSIONS = ["1.38", "1.39", "1.40"] as const;
export type EnvoyVersion = (typeof ENVOY_VERSIONS)[number];
/** The default target, and the release `tsc2envoy run` and the tests use. */
export const ENVOY_ABI_VERSION: EnvoyVersion = "1.40";

/**
 * The Envoy releases a module built for `version` is known to load in: from the release's first
 * patch (the ABI is fixed within a release) to the newest binary the tests load such modules in —
 * the next release's, which Envoy promises loads them (test/e2e/envoy-versions.test.ts), when
 * this compiler supports it, else the release's own (abi/c/envoy-v<x.y>/hooks.json).
 */
export function envoyReleaseRange(version: EnvoyVersion): { minVersion: string; maxVersion: string } {
  const index = ENVOY_VERSIONS.indexOf(version);
  const newest = ENVOY_VERSIONS[index + 1] ?? version;
  const facts = JSON.parse(fs.readFileSync(path.join(abiDir(newest), "hooks.json"), "utf8")) as { envoyVersion: string };
  return { minVersion: `${version}.0`, maxVersion: facts.envoyVersion };
}

/** Selects the release's declarations in envoy_abi.h. */
function envoyVersionFlags(version: EnvoyVersion): string[] {
  return [`-DTSE_ENVOY_MINOR=${version.split(".")[1]}`];
}

/** Flags for every module: position independent, only the ABI hooks visible (TSE_EXPORT). */
export const CFLAGS = [
  "-std=c11",
  "-O2",
  // No debug information (zig cc adds it unless told): a module is shipped as built.
  "-g0",
  "-fPIC",
  "-fvisibility=hidden",
  "-fno-strict-aliasing",
  "-fno-semantic-interposition",
  // Size: unrolled and vectorized loops made route_rules' .so 3.5 KB larger for 0.3% fewer
  // instructions a stream (docs/benchmarks.md, module size). gcc's spellings, which clang and zig cc
  // also read.
  "-fno-unroll-loops",
  "-fno-tree-vectorize",
  "-fno-tree-slp-vectorize",
  // No .comment section naming the compiler.
  "-fno-ident",
  // One section per function and object, so the linker drops the runtime a module does not use.
  "-ffunction-sections",
  "-fdata-sections",
  // JavaScript rounds after every operation: fused multiply-adds would change results.
  "-ffp-contract=off",
  // Recursion must grow the stack until the entry check throws RangeError, as in Node: a tail call
  // turned into a jump (or a loop) would recurse forever instead.
  "-fno-optimize-sibling-calls",
  "-Werror=implicit-function-declaration",
  "-Werror=incompatible-pointer-types",
  "-Werror=int-conversion",
  "-Werror=return-type",
];
export const LDFLAGS = ["-shared", "-Wl,--gc-sections", "-Wl,--build-id=sha1", "-Wl,-z,now", "-lm"];

/**
 * What makes a module small, for a plain build: no symbol tables beyond the dynamic one (Envoy
 * resolves hooks through it), and code and data sharing pages instead of each segment padded to its
 * own (GNU ld's `-z separate-code`, ~12 KB a module). Tests passing flags of their own (sanitizers,
 * symbols for a debugger) keep the full image; zig's linker (lld) has no page padding to drop.
 */
export function sizeFlags(toolchain: CompilerCommand, extraFlags: string[]): string[] {
  if (extraFlags.length > 0) return [];
  const zig = [toolchain.command, ...(toolchain.args ?? [])].some((word) => /(^|\/)zig$|ziglang/.test(word));
  // Only the GNU hash table (every glibc since 2.5 reads it), not the SysV one beside it. No C
  // start files: the loader runs a module's constructors and destructors from .init_array and
  // .fini_array, and crtbegin's C++ and transactional-memory support (its sections, symbols and
  // .comment) is of no use to C (336 bytes of route_rules, 5 sections fewer).
  const common = ["-Wl,--strip-all", "-Wl,--hash-style=gnu", "-nostartfiles"];
  return zig ? common : [...common, "-Wl,-z,noseparate-code"];
}

/**
 * Runtime files no filter code recurses through, compiled with tail calls as jumps: a hook with
 * nothing to run returns at once instead of building a stack frame around its out-of-line call,
 * and an EnvoyHttpFilter method whose checks pass jumps straight to Envoy's callback.
 */
const SIBLING_CALL_SOURCES = ["http_filter.c", "envoy_api.c"];

/**
 * Runtime files compiled for size (-Os): code that runs when a config is created or a regex is
 * compiled, or when a stream fails, not per request in the benchmarks (docs/benchmarks.md, module
 * size). json.c also serves JSON.parse and libregexp.c runs `new RegExp` patterns: the WAF's
 * instructions per stream did not grow under -Os (measured there). js_number.c (number formatting
 * and parsing, mostly shortest round-trip doubles) saves a 4 KB step in route_rules for the same
 * instructions per stream. The rest stays -O2.
 */
export const SIZE_OPTIMIZED_SOURCES = ["json.c", "json_write.c", "error.c", "js_number.c", "quickjs-libregexp/cutils.c", "quickjs-libregexp/libunicode.c", "quickjs-libregexp/libregexp.c"];

/** Flags one runtime file adds to CFLAGS (later flags win, so -Os overrides -O2). */
function perFileFlags(source: string): string[] {
  return [...(SIBLING_CALL_SOURCES.includes(source) ? ["-foptimize-sibling-calls"] : []), ...(SIZE_OPTIMIZED_SOURCES.includes(source) ? ["-Os"] : [])];
}

/** The runtime linked into every module, in link order. */
export const RUNTIME_SOURCES = ["arena.c", "error.c", "string.c", "number.c", "values.c", "arrays.c", "frozen.c", "collections.c", "dict.c", "json.c", "json_write.c", "js_string.c", "js_number.c", "js_math.c", "unicode_case.c", "regex.c", "bytes.c", "date.c", "envoy_api.c", "http_filter.c", "failed_streams.c", "log_writer.c", "regex_dynamic.c", "async.c", "async_stream.c", "snapshot.c", "snapshot_api.c", "background.c", "background_api.c"];

/** The runtime files that speak to Envoy (include envoy_abi.h), or build on one that does (background.c on async.c); the rest is the JavaScript library, which test harnesses link alone. */
export const ENVOY_GLUE_SOURCES = ["envoy_api.c", "http_filter.c", "async.c", "async_stream.c", "snapshot_api.c", "background.c", "background_api.c"];
export const LIBRARY_SOURCES = RUNTIME_SOURCES.filter((file) => !ENVOY_GLUE_SOURCES.includes(file));

/**
 * Vendored C (runtime-c/vendor/<name>/, each with its LICENSE and README): QuickJS's regex engine
 * for `new RegExp`. Linked into every module like the runtime; --gc-sections keeps it only in
 * modules that call tse_regexp_compile.
 */
/**
 * The glue of the other kinds (compiler/api/kinds.ts runtimeSource, and kind_glue.c): compiled
 * with the runtime, linked only into modules whose C defines that kind's table (they register
 * one), so other modules export none of its hooks.
 */
export const KIND_SOURCES = ["kind_glue.c", ...FILTER_KINDS.flatMap((kind) => (kind.runtimeSource ? [kind.runtimeSource] : []))];

/** The kinds' runtime objects a module's C needs (and kind_glue.c, what they share, with any of them). */
function kindObjects(cSource: string): Set<string> {
  const kinds = FILTER_KINDS.flatMap((kind) => (kind.runtimeSource && cSource.includes(` ${kind.cTable}[] = {`) ? [kind.runtimeSource.replace(/\.c$/, ".o")] : []));
  return new Set(kinds.length ? ["kind_glue.o", ...kinds] : []);
}

/**
 * Library files linked only into modules whose C calls them (the .so stays smaller without):
 * date.c when the module uses Date beyond Date.now() (bytes.c's clock); snapshot.c and background.c
 * when it has a config-level snapshot or background task.
 */
const ON_DEMAND_SOURCES: { object: string; used: RegExp }[] = [
  { object: "date.o", used: /\btse_(type_date\b|date_(?!now\b))/ },
  // background.c gives a run's snapshot reads back, with or without snapshots of the module's own.
  { object: "snapshot.o", used: /\btse_(snapshot|background)_/ },
  { object: "snapshot_api.o", used: /\btse_snapshot_/ },
  { object: "background.o", used: /\btse_background_/ },
  { object: "background_api.o", used: /\btse_background_/ },
];

export function onDemandUnused(cSource: string): Set<string> {
  return new Set(ON_DEMAND_SOURCES.filter((source) => !source.used.test(cSource)).map((source) => source.object));
}

/**
 * Runtime files also compiled a second time with `flags` into `object`, which a module links in
 * place of `replaces` when its C does not match `needsFull`: http_filter.c without the path that
 * resumes suspended hooks, for modules without async hooks (3 KB less).
 */
const VARIANT_OBJECTS: { object: string; source: string; flags: string[]; replaces: string; needsFull: RegExp }[] = [
  { object: "http_filter_sync.o", source: "http_filter.c", flags: ["-DTSE_HTTP_SYNC"], replaces: "http_filter.o", needsFull: /\btse_module_async_ops\(void\)/ },
];

/** The runtime objects a module links, variants chosen for its C. */
export function chooseVariants(objects: string[], cSource: string): string[] {
  const variants = new Map(VARIANT_OBJECTS.map((variant) => [variant.object, variant]));
  const replaced = new Map(VARIANT_OBJECTS.filter((variant) => !variant.needsFull.test(cSource)).map((variant) => [variant.replaces, variant.object]));
  return objects.flatMap((name) => (variants.has(name) ? [] : [replaced.get(name) ?? name]));
}

export const VENDOR_SOURCES = ["quickjs-libregexp/cutils.c", "quickjs-libregexp/libregexp.c", "quickjs-libregexp/libunicode.c"];
const VENDOR_DIRS = [...new Set(VENDOR_SOURCES.map((source) => path.dirname(source)))];

/** The runtime's C files (relative to runtimeDir, vendored ones under vendor/), sorted: what the cache key hashes. */
function runtimeFiles(): string[] {
  const isC = (file: string) => /\.[ch]$/.test(file);
  return [...fs.readdirSync(runtimeDir).filter(isC), ...VENDOR_DIRS.flatMap((dir) => fs.readdirSync(path.join(runtimeDir, "vendor", dir)).filter(isC).map((file) => `vendor/${dir}/${file}`))].sort();
}

/**
 * Copies `files` of the runtime and the ABI header into `scratch` (relative paths keep the output
 * path-free). With cached runtime objects only the headers module.c includes are copied: copying
 * (and removing) the whole runtime was 40 ms of a warm build (docs/benchmarks.md#build-speed).
 */
function stageRuntime(scratch: string, files: readonly string[]): void {
  for (const dir of ["runtime", ...VENDOR_DIRS.map((dir) => path.join("runtime", "vendor", dir)), "abi"]) fs.mkdirSync(path.join(scratch, dir), { recursive: true });
  for (const file of files) fs.copyFileSync(path.join(runtimeDir, file), path.join(scratch, "runtime", file));
  fs.copyFileSync(path.join(abiHeaderDir, "envoy_abi.h"), path.join(scratch, "abi", "envoy_abi.h"));
}

async function run(toolchain: Toolchain, args: string[], cwd: string): Promise<void> {
  const result = await runCommand(toolchain.command, [...(toolchain.args ?? []), ...args], { cwd, timeout: 300_000 });
  if (result.exitCode !== 0) {
    throw new UsageError(
      `the C compiler (${toolchain.command}) failed with exit code ${result.exitCode}:\n${result.stderr}\n` +
        "if this toolchain builds other C code, this is a tsc2envoy bug: please report it with the filter source",
    );
  }
}

/**
 * Runtime objects this process compiled or read (verified) from the cache, by cache directory and
 * key: later builds in the process (build --watch, several entries) skip re-reading and re-hashing
 * them. Another cache directory (TSC2ENVOY_CACHE_DIR changed) starts afresh, as a new process would.
 */
const builtThisProcess = new Map<string, ReadonlyMap<string, Buffer>>();
const processKey = (key: string) => `${cacheDirectory()}\0${key}`;
/**
 * The runtime's cache key by toolchain and flags: hashing the runtime's 1.2 MB of sources took
 * about 8 ms of each rebuild in build --watch. The sources are the installed compiler's, which a
 * running process does not see change.
 */
const keysThisProcess = new Map<string, string>();

function runtimeKey(toolchain: Toolchain, flags: string[], names: string[]): string {
  const id = JSON.stringify([toolchain.command, toolchain.args ?? [], toolchain.version, flags]);
  const known = keysThisProcess.get(id);
  if (known) return known;
  const hash = crypto.createHash("sha256").update(toolchain.command).update(toolchain.args?.length ? JSON.stringify(toolchain.args) : "").update(toolchain.version).update(flags.join(" "));
  for (const file of runtimeFiles()) {
    hash.update(file).update(fs.readFileSync(path.join(runtimeDir, file)));
  }
  hash.update(fs.readFileSync(path.join(abiHeaderDir, "envoy_abi.h")));
  // The objects an entry holds: a source added to the lists makes a new entry; so do per-file flags.
  hash.update(names.join(",")).update(JSON.stringify([...[...RUNTIME_SOURCES, ...KIND_SOURCES, ...VENDOR_SOURCES].map(perFileFlags), ...VARIANT_OBJECTS.map((variant) => variant.flags)]));
  const key = hash.digest("hex").slice(0, 32);
  keysThisProcess.set(id, key);
  return key;
}

/**
 * The runtime's object files by name, compiled once per toolchain, flags and sources and then
 * reused: object files hold no paths, so a cached object links to the same bytes as a fresh one.
 * The caller writes the ones it links into `scratch`.
 */
async function runtimeObjects(toolchain: Toolchain, scratch: string, flags: string[], warn: (message: string) => void): Promise<ReadonlyMap<string, Buffer>> {
  const names = [...[...RUNTIME_SOURCES, ...KIND_SOURCES, ...VENDOR_SOURCES].map((source) => path.basename(source).replace(/\.c$/, ".o")), ...VARIANT_OBJECTS.map((variant) => variant.object)];
  const key = runtimeKey(toolchain, flags, names);
  const held = builtThisProcess.get(processKey(key));
  if (held) return held;
  const cache = ObjectCache.open(warn);
  const cached = cache?.lookup(key, names);
  if (cached) {
    builtThisProcess.set(processKey(key), cached);
    return cached;
  }
  stageRuntime(scratch, runtimeFiles());
  // One compiler call per file (zig cc compiles only the first of several -c files), a few at a time.
  const pending = [
    ...[...RUNTIME_SOURCES, ...KIND_SOURCES].map((source) => ({ source, args: [...perFileFlags(source), "-Iruntime", "-Iabi", "-c", `runtime/${source}`] })),
    ...VENDOR_SOURCES.map((source) => ({ source, args: [...perFileFlags(source), "-c", `runtime/vendor/${source}`] })),
  ].map((job) => ({ ...job, object: path.basename(job.source).replace(/\.c$/, ".o") }));
  for (const variant of VARIANT_OBJECTS) pending.push({ source: variant.source, object: variant.object, args: [...perFileFlags(variant.source), ...variant.flags, "-Iruntime", "-Iabi", "-c", `runtime/${variant.source}`] });
  const worker = async () => {
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
      await run(toolchain, [...flags, ...next.args, "-o", next.object], scratch);
    }
  };
  await Promise.all(Array.from({ length: Math.min(os.availableParallelism(), 4) }, worker));
  const objects = new Map(names.map((name) => [name, fs.readFileSync(path.join(scratch, name))]));
  builtThisProcess.set(processKey(key), objects);
  cache?.publish(key, objects);
  return objects;
}

/** Where a build's warnings go unless its caller takes them. */
export const warnOnStderr = (message: string) => void process.stderr.write(`tsc2envoy: warning: ${message}\n`);

export interface LinkOptions {
  /** For tests only (sanitizers): they go to compiling and linking. */
  extraFlags?: string[];
  /** Problems that did not stop the build (an unusable cache); default: printed to stderr. */
  warn?: (message: string) => void;
  /** The Envoy release the module is for; default ENVOY_ABI_VERSION. */
  envoyVersion?: EnvoyVersion;
  /** The machine the module is for; default the host. */
  target?: Target;
}

/** Compiles and links the module; returns the bytes of lib<name>.so. */
export async function linkSharedObject(toolchain: Toolchain, cSource: string, options: LinkOptions = {}): Promise<Buffer> {
  const warn = options.warn ?? warnOnStderr;
  const extraFlags = options.extraFlags ?? [];
  let scratch: string;
  try {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-"));
  } catch (error) {
    throw fileSystemError(`create a build directory in ${os.tmpdir()}`, error);
  }
  const machine = targetFlags(toolchain, options.target ?? HOST_TARGET);
  const flags = [...machine, ...CFLAGS, ...envoyVersionFlags(options.envoyVersion ?? ENVOY_ABI_VERSION), ...extraFlags];
  try {
    stageRuntime(scratch, runtimeFiles().filter((file) => file.endsWith(".h") && !file.startsWith("vendor/")));
    fs.writeFileSync(path.join(scratch, "module.c"), cSource);
    const needed = kindObjects(cSource);
    const unused = onDemandUnused(cSource);
    const runtime = await runtimeObjects(toolchain, scratch, flags, warn);
    const objects = chooseVariants([...runtime.keys()], cSource).filter((name) => (!KIND_SOURCES.includes(name.replace(/\.o$/, ".c")) || needed.has(name)) && !unused.has(name));
    // Only what is linked goes to the private scratch directory: the verified bytes themselves,
    // nothing re-read from the cache (about half of the 43 objects; writing and removing the rest
    // was 5-10 ms a build).
    for (const name of objects) fs.writeFileSync(path.join(scratch, name), runtime.get(name)!);
    // Compiled and linked in one call (the same bytes as two): each process Node starts forks its
    // heap, about 15 ms in a build --watch process holding a program (docs/benchmarks.md#build-speed).
    await run(toolchain, [...flags, "-Iruntime", "-Iabi", "-o", "module.so", "module.c", ...objects, ...LDFLAGS, ...sizeFlags(toolchain, extraFlags)], scratch);
    return fs.readFileSync(path.join(scratch, "module.so"));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** What the linker gives a shared object (less the umask). */
export const SHARED_OBJECT_MODE = 0o755;

/** Builds lib<name>.so at `outputPath`, replacing any file there atomically. `extraFlags`: see LinkOptions. */
export async function compileSharedObject(toolchain: Toolchain, cSource: string, outputPath: string, extraFlags: string[] = []): Promise<void> {
  writeFileAtomic(outputPath, await linkSharedObject(toolchain, cSource, { extraFlags }), SHARED_OBJECT_MODE);
}
