/**
 * Stage 5, the C toolchain: finds clang (else cc) and links the emitted C with runtime-c into
 * lib<name>.so. Builds happen in a private scratch directory (mkdtemp: mode 0700) with relative
 * paths only, so the output depends on the sources alone (reproducible). Runtime objects come from
 * the verified per-user cache (object-cache.ts) or are compiled in the scratch directory.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";

import { UsageError } from "./diagnostics.js";
import { ObjectCache } from "./object-cache.js";
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

async function probe({ command, args = [] }: CompilerCommand): Promise<Toolchain | undefined> {
  try {
    const { stdout } = await execa(command, [...args, "--version"], { timeout: 10_000 });
    return { command, args, version: stdout.split("\n")[0] ?? command };
  } catch {
    return undefined;
  }
}

/** The explicit compiler if given (a string is one command, no arguments), else clang, else cc. */
export async function findToolchain(explicit?: string | CompilerCommand): Promise<Toolchain> {
  if (explicit) {
    const compiler = typeof explicit === "string" ? { command: explicit } : explicit;
    const found = await probe(compiler);
    const shown = [compiler.command, ...(compiler.args ?? [])].join(" ");
    if (!found) throw new UsageError(`C compiler '${shown}' (from --cc) did not run`);
    return found;
  }
  for (const candidate of ["clang", "cc"]) {
    const found = await probe({ command: candidate });
    if (found) return found;
  }
  throw new UsageError("no C compiler found: install clang (apt-get install clang) or any cc, or pass --cc <command>");
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
  "-fPIC",
  "-fvisibility=hidden",
  "-fno-strict-aliasing",
  "-fno-semantic-interposition",
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

/** The runtime linked into every module, in link order. */
export const RUNTIME_SOURCES = ["arena.c", "error.c", "string.c", "number.c", "values.c", "arrays.c", "frozen.c", "collections.c", "json.c", "json_write.c", "js_string.c", "js_number.c", "js_math.c", "unicode_case.c", "regex.c", "bytes.c", "envoy_api.c", "http_filter.c", "regex_dynamic.c"];

/**
 * Vendored C (runtime-c/vendor/<name>/, each with its LICENSE and README): QuickJS's regex engine
 * for `new RegExp`. Linked into every module like the runtime; --gc-sections keeps it only in
 * modules that call tse_regexp_compile.
 */
export const VENDOR_SOURCES = ["quickjs-libregexp/cutils.c", "quickjs-libregexp/libregexp.c", "quickjs-libregexp/libunicode.c"];
const VENDOR_DIRS = [...new Set(VENDOR_SOURCES.map((source) => path.dirname(source)))];

/** Copies the runtime and ABI headers into `scratch` (relative paths keep the output path-free). */
function stageRuntime(scratch: string): void {
  fs.mkdirSync(path.join(scratch, "runtime"));
  for (const file of fs.readdirSync(runtimeDir).filter((f) => /\.[ch]$/.test(f)).sort()) {
    fs.copyFileSync(path.join(runtimeDir, file), path.join(scratch, "runtime", file));
  }
  for (const dir of VENDOR_DIRS) {
    fs.mkdirSync(path.join(scratch, "runtime", "vendor", dir), { recursive: true });
    for (const file of fs.readdirSync(path.join(runtimeDir, "vendor", dir)).filter((f) => /\.[ch]$/.test(f)).sort()) {
      fs.copyFileSync(path.join(runtimeDir, "vendor", dir, file), path.join(scratch, "runtime", "vendor", dir, file));
    }
  }
  fs.mkdirSync(path.join(scratch, "abi"));
  fs.copyFileSync(path.join(abiHeaderDir, "envoy_abi.h"), path.join(scratch, "abi", "envoy_abi.h"));
}

async function run(toolchain: Toolchain, args: string[], cwd: string): Promise<void> {
  const result = await execa(toolchain.command, [...(toolchain.args ?? []), ...args], { cwd, reject: false, timeout: 300_000 });
  if (result.exitCode !== 0) {
    throw new UsageError(
      `the C compiler (${toolchain.command}) failed with exit code ${result.exitCode}:\n${result.stderr}\n` +
        "if this toolchain builds other C code, this is a tsc2envoy bug: please report it with the filter source",
    );
  }
}

/**
 * The runtime's object files, compiled once per toolchain, flags and sources and then reused:
 * object files hold no paths, so a cached object links to the same bytes as a fresh one.
 */
async function runtimeObjects(toolchain: Toolchain, scratch: string, flags: string[], warn: (message: string) => void): Promise<string[]> {
  const hash = crypto.createHash("sha256").update(toolchain.command).update(toolchain.args?.length ? JSON.stringify(toolchain.args) : "").update(toolchain.version).update(flags.join(" "));
  const files = [...fs.readdirSync(path.join(scratch, "runtime")).filter((f) => f !== "vendor"), ...VENDOR_DIRS.flatMap((dir) => fs.readdirSync(path.join(scratch, "runtime", "vendor", dir)).map((f) => `vendor/${dir}/${f}`))];
  for (const file of files.sort()) {
    hash.update(file).update(fs.readFileSync(path.join(scratch, "runtime", file)));
  }
  hash.update(fs.readFileSync(path.join(scratch, "abi", "envoy_abi.h")));
  const key = hash.digest("hex").slice(0, 32);
  const names = [...RUNTIME_SOURCES, ...VENDOR_SOURCES].map((source) => path.basename(source).replace(/\.c$/, ".o"));
  const cache = ObjectCache.open(warn);
  const cached = cache?.lookup(key, names);
  if (cached) {
    // The verified bytes themselves go to the private scratch directory: nothing is re-read from the cache.
    for (const [name, bytes] of cached) fs.writeFileSync(path.join(scratch, name), bytes);
  } else {
    await run(toolchain, [...flags, "-Iruntime", "-Iabi", "-c", ...RUNTIME_SOURCES.map((f) => `runtime/${f}`)], scratch);
    await run(toolchain, [...flags, "-c", ...VENDOR_SOURCES.map((f) => `runtime/vendor/${f}`)], scratch);
    cache?.publish(key, new Map(names.map((name) => [name, fs.readFileSync(path.join(scratch, name))])));
  }
  return names;
}

export interface LinkOptions {
  /** For tests only (sanitizers): they go to compiling and linking. */
  extraFlags?: string[];
  /** Problems that did not stop the build (an unusable cache); default: printed to stderr. */
  warn?: (message: string) => void;
  /** The Envoy release the module is for; default ENVOY_ABI_VERSION. */
  envoyVersion?: EnvoyVersion;
}

/** Compiles and links the module; returns the bytes of lib<name>.so. */
export async function linkSharedObject(toolchain: Toolchain, cSource: string, options: LinkOptions = {}): Promise<Buffer> {
  const warn = options.warn ?? ((message: string) => process.stderr.write(`tsc2envoy: warning: ${message}\n`));
  const extraFlags = options.extraFlags ?? [];
  let scratch: string;
  try {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-"));
  } catch (error) {
    throw fileSystemError(`create a build directory in ${os.tmpdir()}`, error);
  }
  const flags = [...CFLAGS, ...envoyVersionFlags(options.envoyVersion ?? ENVOY_ABI_VERSION), ...extraFlags];
  try {
    stageRuntime(scratch);
    fs.writeFileSync(path.join(scratch, "module.c"), cSource);
    const objects = await runtimeObjects(toolchain, scratch, flags, warn);
    await run(toolchain, [...flags, "-Iruntime", "-Iabi", "-c", "module.c"], scratch);
    await run(toolchain, ["-o", "module.so", "module.o", ...objects, ...LDFLAGS, ...extraFlags], scratch);
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
